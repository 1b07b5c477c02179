import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { REDACTED, redactSecrets } from '../../src/core/redact';
import { createRedactingLogger } from '../../src/core/logger';
import type { Logger } from '../../src/core/logger';

describe('redactSecrets', () => {
  const cases: Array<[string, string, string]> = [
    ['Authorization header', 'Authorization: Bearer abc.def-123456789', 'abc.def-123456789'],
    ['lower-case json header', '{"authorization":"Bearer tok_0123456789abcdef"}', 'tok_0123456789abcdef'],
    ['bare bearer', 'curl -H "Bearer zzzzzzzzzzzzzzzz"', 'zzzzzzzzzzzzzzzz'],
    ['OpenRouter key', 'key sk-or-v1-0123456789abcdef0123456789abcdef rejected', 'sk-or-v1-0123456789abcdef0123456789abcdef'],
    ['Anthropic key', 'using sk-ant-api03-AbCdEf0123456789_-xyz', 'sk-ant-api03-AbCdEf0123456789_-xyz'],
    ['OpenAI project key', 'sk-proj-ABCDEFGH12345678', 'sk-proj-ABCDEFGH12345678'],
    ['legacy sk key', 'OPENAI_API_KEY=sk-ABCDEFGHIJKLMNOPQRSTUV', 'sk-ABCDEFGHIJKLMNOPQRSTUV'],
    ['AWS access key id', 'aws AKIAIOSFODNN7EXAMPLE here', 'AKIAIOSFODNN7EXAMPLE'],
    ['x-api-key header', 'x-api-key: local-secret-value', 'local-secret-value'],
    ['api_key field', '{"api_key": "whatever-it-is"}', 'whatever-it-is'],
  ];
  for (const [name, text, secret] of cases) {
    it(`masks ${name}`, () => {
      const out = redactSecrets(text);
      assert.ok(!out.includes(secret), out);
      assert.ok(out.includes(REDACTED), out);
    });
  }

  it('masks explicitly known keys of any shape, wherever they appear', () => {
    const out = redactSecrets('token=plainKEY_42xyz in url ?k=plainKEY_42xyz', ['plainKEY_42xyz']);
    assert.equal(out.includes('plainKEY_42xyz'), false);
    assert.equal(out.split(REDACTED).length - 1, 2);
  });

  it('masks a very short known secret where it stands alone, never inside a longer word', () => {
    assert.equal(redactSecrets('the model x and xylophone', ['x']), 'the model [REDACTED] and xylophone');
  });

  it('leaves ordinary text alone', () => {
    const text = 'Generated docs for src/core/cost.ts using openai/gpt-oss-20b:free in 1234 ms (task-runner)';
    assert.equal(redactSecrets(text), text);
  });
});

describe('createRedactingLogger', () => {
  it('redacts messages and structured arguments before the sink sees them', () => {
    const lines: string[] = [];
    const sink: Logger = {
      trace: (m, ...a) => lines.push(`${m} ${JSON.stringify(a)}`),
      debug: (m, ...a) => lines.push(`${m} ${JSON.stringify(a)}`),
      info: (m, ...a) => lines.push(`${m} ${JSON.stringify(a)}`),
      warn: (m, ...a) => lines.push(`${m} ${JSON.stringify(a)}`),
      error: (m, ...a) => lines.push(`${String(m)} ${JSON.stringify(a)}`),
    };
    const stored = 'my-custom-stored-key-123';
    const log = createRedactingLogger(sink, () => [stored]);
    log.info(`request with ${stored}`, { headers: { Authorization: 'Bearer abcdefghijklmnop', other: 'fine' } });
    log.warn('sent', ['x-api-key: sk-ant-api03-zzzzzzzzzzzz']);
    log.error(new Error(`failed with key ${stored}`));
    log.debug('nested', { deep: { list: [`v=${stored}`] } });
    const all = lines.join('\n');
    assert.ok(!all.includes(stored), all);
    assert.ok(!all.includes('abcdefghijklmnop'), all);
    assert.ok(!all.includes('sk-ant-api03-zzzzzzzzzzzz'), all);
    assert.ok(all.includes('fine'), 'harmless values pass through');
    assert.equal(lines.length, 4);
  });
});
