/** Anthropic Messages provider against the fake's Anthropic dialect (`event:` lines). */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ANTHROPIC_API_VERSION, createAnthropicProvider } from '../../../src/core/providers/anthropicProvider';
import { toAnthropicMessages } from '../../../src/core/providers/anthropicTurns';
import { CANARY_KEYS, chatRequest, testContext, failure, withFakeLlm } from './providerTestContext';

const MODEL = 'claude-haiku-4-5';

const fake = withFakeLlm();
const provider = () => createAnthropicProvider(testContext(fake.anthropicBaseUrl));

describe('Anthropic provider against the fake server: answers and requests', () => {
  it('streams text and reports whole-prompt usage with cache reads and writes', async () => {
    fake.enqueue({
      kind: 'stream',
      text: 'Claude says hello in pieces.',
      usage: { promptTokens: 1000, completionTokens: 50, cachedTokens: 600, cacheWriteTokens: 100, reasoningTokens: 20 },
      model: 'claude-haiku-4-5-20251001',
    });
    const tokens: string[] = [];
    const result = await provider().chat(chatRequest({ model: MODEL, onToken: (t) => tokens.push(t) }));
    assert.equal(result.text, 'Claude says hello in pieces.');
    assert.equal(tokens.join(''), result.text);
    assert.deepEqual(result.usage, { promptTokens: 1000, completionTokens: 50, cachedTokens: 600, cacheWriteTokens: 100, reasoningTokens: 20 });
    assert.equal(result.servedModel, 'claude-haiku-4-5-20251001');
    assert.equal(result.finishReason, 'end_turn');
    assert.ok(result.generationId?.startsWith('msg_'));
  });

  it('sends x-api-key and anthropic-version, separates the system prompt, always sends max_tokens', async () => {
    await provider().chat(chatRequest({ model: MODEL }));
    const [sent] = fake.chatRequests;
    assert.equal(sent.path, '/v1/messages');
    assert.equal(sent.headers['x-api-key'], CANARY_KEYS.anthropic);
    assert.equal(sent.headers['anthropic-version'], ANTHROPIC_API_VERSION);
    assert.equal(sent.headers.authorization, undefined);
    const body = sent.body as Record<string, unknown>;
    assert.equal(body.system, 'You write documentation.');
    assert.deepEqual(body.messages, [{ role: 'user', content: 'Document src/core/cost.ts please.' }]);
    assert.equal(body.max_tokens, 321);
    assert.equal(body.temperature, 0.1);
    assert.equal(body.stream, true);
  });

  it('merges consecutive same-role turns', () => {
    const { system, messages } = toAnthropicMessages([
      { role: 'user', content: 'a' },
      { role: 'user', content: 'b' },
      { role: 'assistant', content: 'c' },
    ]);
    assert.equal(system, undefined);
    assert.deepEqual(messages, [
      { role: 'user', content: 'a\n\nb' },
      { role: 'assistant', content: 'c' },
    ]);
  });
});

describe('Anthropic provider against the fake server: failures, cancellation and the model list', () => {
  it('an `event: error` overloaded_error mid-stream is a retryable serverError with the partial', async () => {
    fake.enqueue({ kind: 'stream', text: 'abcdefghijkl', chunkChars: 4, interrupt: { kind: 'errorChunk', afterChunks: 2 } });
    const err = await failure(provider().chat(chatRequest({ model: MODEL })));
    assert.equal(err.reason, 'serverError');
    assert.equal(err.retryable, true);
    assert.equal(err.details.partial?.text, 'abcdefgh');
    assert.ok(err.details.partial?.usage, 'input usage from message_start is kept for the ledger');
  });

  it('a 529 overloaded_error before the stream is a serverError', async () => {
    fake.enqueue({ kind: 'error', status: 529 });
    const err = await failure(provider().chat(chatRequest({ model: MODEL })));
    assert.equal(err.reason, 'serverError');
    assert.equal(err.details.status, 529);
  });

  it('cancelling mid-stream closes the connection', async () => {
    fake.enqueue({ kind: 'stream', text: 'y'.repeat(300), chunkChars: 3, tokenDelayMs: 10 });
    const controller = new AbortController();
    let count = 0;
    const err = await failure(
      provider().chat(
        chatRequest({
          model: MODEL,
          signal: controller.signal,
          onToken: () => {
            if (++count === 2) controller.abort();
          },
        }),
      ),
    );
    assert.equal(err.reason, 'cancelled');
    await fake.waitFor((reqs) => reqs[0]?.clientClosedEarly === true);
    assert.ok(fake.chatRequests[0].chunksSent < 100);
    assert.equal(count, 2);
  });

  it('the idle watchdog fires on a stalled stream', async () => {
    fake.enqueue({ kind: 'stream', text: 'zzzzzzzz', chunkChars: 4, keepAlive: false, interrupt: { kind: 'stall', afterChunks: 1 } });
    const p = createAnthropicProvider(testContext(fake.anthropicBaseUrl, { idleTimeoutMs: 150 }));
    const err = await failure(p.chat(chatRequest({ model: MODEL })));
    assert.equal(err.reason, 'timeout');
  });

  it('ping events during a long silence keep the stream alive', async () => {
    const p = createAnthropicProvider(testContext(fake.anthropicBaseUrl, { idleTimeoutMs: 200 }));
    fake.enqueue({ kind: 'stream', text: 'ping kept me', chunkChars: 4, quietPause: { afterChunks: 1, ms: 600, pingEveryMs: 50 } });
    assert.equal((await p.chat(chatRequest({ model: MODEL }))).text, 'ping kept me');
  });

  it('lists models from /v1/models with the Anthropic headers', async () => {
    const models = await provider().listModels();
    assert.deepEqual(
      models.map((m) => m.id),
      ['claude-sonnet-4-5-20250929', 'claude-haiku-4-5-20251001', 'claude-opus-4-1-20250805'],
    );
    assert.equal(models[0].name, 'Claude Sonnet 4.5');
    assert.equal(fake.requests[0].headers['x-api-key'], CANARY_KEYS.anthropic);
    assert.equal(fake.requests[0].headers['anthropic-version'], ANTHROPIC_API_VERSION);
  });

  it('accepts a base URL typed with /v1', async () => {
    const p = createAnthropicProvider(testContext(`${fake.anthropicBaseUrl}/v1/`));
    await p.chat(chatRequest({ model: MODEL }));
    assert.equal(fake.chatRequests[0].path, '/v1/messages');
  });

  it('a missing key is missingKey with no request', async () => {
    const p = createAnthropicProvider(testContext(fake.anthropicBaseUrl, { keys: { anthropic: undefined } }));
    const err = await failure(p.chat(chatRequest({ model: MODEL })));
    assert.equal(err.reason, 'missingKey');
    assert.equal(fake.requests.length, 0);
  });
});
