/**
 * Time to first token over the real wire: the fake LLM server answers headers, keep-alives and a
 * role-only chunk at once, then keeps quiet before the first content. TTFT must be measured from
 * that first content, not from the headers; the rest of the stream is the generation time.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createOpenRouterProvider } from '../../../src/core/providers/openRouterProvider';
import { createAnthropicProvider } from '../../../src/core/providers/anthropicProvider';
import { createOpenAiCompatibleProvider } from '../../../src/core/providers/openAiCompatibleProvider';
import { chatRequest, testContext, withFakeLlm } from './providerTestContext';
import { toolRequest } from './toolLoop';

const QUIET_MS = 300;
const TOKEN_DELAY_MS = 25;

describe('time to first token on the wire', () => {
  const fake = withFakeLlm();
  // 40 characters in chunks of 4: ten content chunks, 25 ms apart, after a 300 ms quiet spell.
  const slowStart = { kind: 'stream' as const, text: 'x'.repeat(40), chunkChars: 4, tokenDelayMs: TOKEN_DELAY_MS, quietPause: { afterChunks: 0, ms: QUIET_MS, pingEveryMs: 50 } };

  it('OpenRouter: counted from the first content chunk, past the headers, keep-alives and the role chunk', async () => {
    fake.enqueue(slowStart);
    const result = await createOpenRouterProvider(testContext(fake.openRouterBaseUrl)).chat(chatRequest());
    assert.ok(result.ttftMs !== undefined && result.ttftMs >= QUIET_MS - 20, `ttft ${result.ttftMs} ms`);
    assert.ok(result.latencyMs - result.ttftMs >= 9 * TOKEN_DELAY_MS * 0.8, `generation ${result.latencyMs - result.ttftMs} ms for ten chunks`);
  });

  it('Anthropic: counted from the first text delta, past message_start and ping events', async () => {
    fake.enqueue(slowStart);
    const result = await createAnthropicProvider(testContext(fake.anthropicBaseUrl)).chat(chatRequest({ model: 'claude-haiku-4-5-20251001' }));
    assert.ok(result.ttftMs !== undefined && result.ttftMs >= QUIET_MS - 20, `ttft ${result.ttftMs} ms`);
    assert.ok(result.latencyMs - result.ttftMs >= 9 * TOKEN_DELAY_MS * 0.8, `generation ${result.latencyMs - result.ttftMs} ms`);
  });

  it('a turn of tool calls only has a first token too; a server that answers one whole JSON body has it at the end', async () => {
    fake.enqueue({ kind: 'stream', text: '', toolCalls: [{ id: 'call_1', name: 'search', arguments: { query: 'router' } }], firstByteDelayMs: 200 });
    const tools = await createOpenRouterProvider(testContext(fake.openRouterBaseUrl)).chat(toolRequest());
    assert.equal(tools.toolCalls?.length, 1);
    assert.ok(tools.ttftMs !== undefined && tools.ttftMs >= 180 && tools.ttftMs <= tools.latencyMs, `ttft ${tools.ttftMs} of ${tools.latencyMs} ms`);

    fake.enqueue({ kind: 'stream', wholeAnswer: true, text: 'all at once', firstByteDelayMs: 200 });
    const whole = await createOpenAiCompatibleProvider(testContext(fake.openAiBaseUrl)).chat(chatRequest({ model: 'llama3' }));
    assert.ok(whole.ttftMs !== undefined && whole.ttftMs >= 180 && whole.ttftMs <= whole.latencyMs, `ttft ${whole.ttftMs} of ${whole.latencyMs} ms`);
  });

  it('an answer with no content has no first token', async () => {
    fake.enqueue({ kind: 'stream', text: '' });
    const empty = await createOpenRouterProvider(testContext(fake.openRouterBaseUrl)).chat(chatRequest());
    assert.equal(empty.ttftMs, undefined);
  });
});
