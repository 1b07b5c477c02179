/**
 * The fake server stops an answer at its output limit as the real providers do, and each provider
 * reads that stop: OpenRouter and OpenAI `finish_reason: "length"`, Anthropic
 * `stop_reason: "max_tokens"`, with the limit billed as the output tokens, streamed or whole.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createProvider } from '../../../src/core/providers/providerFactory';
import type { HttpProviderId } from '../../../src/core/providers/providerInfo';
import { chatRequest, testContext, withFakeLlm } from './providerTestContext';

const LONG = Array.from({ length: 100 }, (_, i) => `Sentence ${String(i).padStart(3, '0')} of a long answer.`).join(' ');

const WIRES: { provider: HttpProviderId; model: string; reason: string; base: 'openRouterBaseUrl' | 'openAiBaseUrl' | 'anthropicBaseUrl' }[] = [
  { provider: 'openrouter', model: 'openai/gpt-4o-mini', reason: 'length', base: 'openRouterBaseUrl' },
  { provider: 'openai', model: 'gpt-4o-mini', reason: 'length', base: 'openAiBaseUrl' },
  { provider: 'anthropic', model: 'claude-haiku-4-5', reason: 'max_tokens', base: 'anthropicBaseUrl' },
];

describe('an answer cut at max_tokens on each wire', () => {
  const fake = withFakeLlm({ honourMaxTokens: true });

  for (const wire of WIRES) {
    it(`${wire.provider}: the text stops at the limit, finish reason ${wire.reason}, the limit billed as output`, async () => {
      fake.responder = () => ({ text: LONG });
      const provider = createProvider(wire.provider, testContext(fake[wire.base]));
      const result = await provider.chat(chatRequest({ model: wire.model, maxTokens: 50, onToken: () => undefined }));
      assert.equal(result.text, LONG.slice(0, 200));
      assert.equal(result.finishReason, wire.reason);
      assert.equal(result.usage?.completionTokens, 50);

      // An answer that fits is whole, with the ordinary finish reason.
      fake.responder = () => ({ text: 'Short.' });
      const whole = await provider.chat(chatRequest({ model: wire.model, maxTokens: 50 }));
      assert.equal(whole.text, 'Short.');
      assert.equal(whole.finishReason, wire.provider === 'anthropic' ? 'end_turn' : 'stop');
    });
  }

  it('a scenario sets its own limit, and the whole (non-streamed) answer is cut the same way', async () => {
    fake.enqueue({ kind: 'stream', text: LONG, outputLimit: 10, wholeAnswer: true });
    const provider = createProvider('openrouter', testContext(fake.openRouterBaseUrl));
    const result = await provider.chat(chatRequest({ model: 'openai/gpt-4o-mini', maxTokens: 4096 }));
    assert.equal(result.text, LONG.slice(0, 40));
    assert.equal(result.finishReason, 'length');
    assert.equal(result.usage?.completionTokens, 10);
  });
});
