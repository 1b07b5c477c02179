/** The fake server itself, as other suites (docs run, e2e) rely on it. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { withFakeLlm } from './providerTestContext';

async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

describe('fake LLM server', () => {
  const fake = withFakeLlm({ requireKey: 'test-key-123', generationNotFoundCalls: 2 });

  it('answers a non-streaming chat request with one chat.completion JSON body', async () => {
    const res = await post(`${fake.openRouterBaseUrl}/chat/completions`, { model: 'a/b', messages: [{ role: 'user', content: 'Document lib/x.py' }] }, { authorization: 'Bearer test-key-123' });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /application\/json/);
    const body = (await res.json()) as { object: string; choices: Array<{ message: { content: string } }>; usage: { cost: number } };
    assert.equal(body.object, 'chat.completion');
    assert.match(body.choices[0].message.content, /^# lib\/x\.py/, 'default answer is Markdown about the file asked for');
    assert.equal(typeof body.usage.cost, 'number');
  });

  it('default responder answers JSON matching a requested schema', async () => {
    const schema = { type: 'object', properties: { summary: { type: 'string' }, symbols: { type: 'array', items: { type: 'string' } } }, required: ['summary'] };
    const res = await post(
      `${fake.openAiBaseUrl}/chat/completions`,
      { model: 'm', messages: [{ role: 'user', content: 'x' }], response_format: { type: 'json_schema', json_schema: { name: 'doc', schema } } },
      { authorization: 'Bearer test-key-123' },
    );
    const body = (await res.json()) as { choices: Array<{ message: { content: string } }> };
    const parsed = JSON.parse(body.choices[0].message.content) as { summary: unknown; symbols: unknown };
    assert.equal(typeof parsed.summary, 'string');
    assert.ok(Array.isArray(parsed.symbols));
  });

  it('rejects chat requests without the required key with the flavour envelope', async () => {
    const res = await post(`${fake.url}/v1/messages`, { model: 'c', max_tokens: 5, messages: [] }, { 'x-api-key': 'wrong' });
    assert.equal(res.status, 401);
    const body = (await res.json()) as { type: string; error: { type: string } };
    assert.equal(body.type, 'error');
    assert.equal(body.error.type, 'authentication_error');
  });

  it('serves the models catalog without auth, paginated only when asked', async () => {
    const all = (await (await fetch(`${fake.openRouterBaseUrl}/models`)).json()) as { data: unknown[]; links: { next: null } };
    assert.ok(all.data.length >= 300);
    assert.equal(all.links.next, null);
    const page = (await (await fetch(`${fake.openRouterBaseUrl}/models?offset=0&limit=100`)).json()) as { data: unknown[]; links: { next: string } };
    assert.equal(page.data.length, 100);
    assert.match(page.links.next, /offset=100/);
  });

  it('generation records appear after N lookups; /credits is management-only; /auth/key mirrors /key', async () => {
    const auth = { authorization: 'Bearer test-key-123' };
    const stream = await post(`${fake.openRouterBaseUrl}/chat/completions`, { model: 'a/b', stream: true, messages: [{ role: 'user', content: 'hi' }] }, auth);
    const generationId = stream.headers.get('x-generation-id');
    await stream.text();
    assert.ok(generationId);
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await fetch(`${fake.openRouterBaseUrl}/generation?id=${generationId}`, { headers: auth })).status);
    assert.deepEqual(statuses, [404, 404, 200]);
    assert.equal((await fetch(`${fake.openRouterBaseUrl}/credits`, { headers: auth })).status, 403);
    const key = (await (await fetch(`${fake.openRouterBaseUrl}/auth/key`, { headers: auth })).json()) as { data: { limit: number } };
    assert.equal(key.data.limit, 10);
  });

  it('records method, path, headers and body of every request', async () => {
    await post(`${fake.openAiBaseUrl}/chat/completions`, { model: 'm', messages: [] }, { authorization: 'Bearer test-key-123', 'x-custom': 'yes' });
    const [r] = fake.requests;
    assert.equal(r.method, 'POST');
    assert.equal(r.path, '/v1/chat/completions');
    assert.equal(r.headers['x-custom'], 'yes');
    assert.deepEqual(r.body, { model: 'm', messages: [] });
    assert.equal(r.flavour, 'openai');
    assert.equal(r.completed, true);
  });
});

describe('fake LLM server standalone', () => {
  it('starts from main.js, prints its URL and serves requests until SIGTERM', async () => {
    const main = path.join(__dirname, '..', '..', 'fixtures', 'fakeLlm', 'main.js');
    const child = spawn(process.execPath, [main, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (data: Buffer) => {
          out += data.toString();
          const match = /FAKE_LLM_URL=(\S+)/.exec(out);
          if (match) resolve(match[1]);
        });
        child.once('exit', (code) => reject(new Error(`exited ${code}`)));
        setTimeout(() => reject(new Error('no URL printed')), 5000);
      });
      const res = await fetch(`${url}/api/v1/models`);
      assert.equal(res.status, 200);
      await post(`${url}/__fake/enqueue`, [{ kind: 'error', status: 503 }]);
      const chat = await post(`${url}/v1/chat/completions`, { model: 'm', stream: true, messages: [] });
      assert.equal(chat.status, 503, 'scenario queued over HTTP is used');
      const recorded = (await (await fetch(`${url}/__fake/requests`)).json()) as Array<{ path: string }>;
      assert.deepEqual(recorded.map((r) => r.path), ['/api/v1/models', '/v1/chat/completions']);
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  });
});
