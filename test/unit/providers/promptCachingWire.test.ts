/**
 * Cache breakpoints on the wire: Anthropic direct and Anthropic models through OpenRouter get
 * `cache_control` where each API accepts it (the system block, a user text, a tool result) and only
 * when the marked prefix is long enough for the model; every other vendor gets plain strings.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createAnthropicProvider } from '../../../src/core/providers/anthropicProvider';
import { createOpenRouterProvider } from '../../../src/core/providers/openRouterProvider';
import { createOpenAiProvider } from '../../../src/core/providers/openAiProvider';
import { anthropicMinPrefixTokens, cacheBreakpoints, marksCacheBreakpoints } from '../../../src/core/providers/promptCaching';
import type { ChatMessage, ChatRequest } from '../../../src/core/providers/types';
import { chatRequest, testContext, withFakeLlm } from './providerTestContext';

type Json = Record<string, unknown>;
const EPHEMERAL = { type: 'ephemeral' };

/** Rules long enough for any model's minimum (about 5,000 tokens by the 4-characters rule). */
const LONG_RULES = 'Describe only what the code shows; cite every statement. '.repeat(350);

function conversation(rules: string): ChatMessage[] {
  return [
    { role: 'system', content: rules, cacheBreakpoint: true },
    { role: 'user', content: 'Question: how is a page written?', cacheBreakpoint: true },
    { role: 'assistant', content: '', toolCalls: [{ id: 'toolu_1', name: 'read_file', arguments: '{"path":"src/a.ts"}' }] },
    { role: 'tool', toolCallId: 'toolu_1', name: 'read_file', content: '1|export const a = 1;', cacheBreakpoint: true },
  ];
}

describe('which cache breakpoints are sent', () => {
  it('marks only for Anthropic, directly or through OpenRouter', () => {
    assert.equal(marksCacheBreakpoints('anthropic', 'claude-sonnet-4-5'), true);
    assert.equal(marksCacheBreakpoints('openrouter', 'anthropic/claude-sonnet-4.5'), true);
    assert.equal(marksCacheBreakpoints('openrouter', 'openai/gpt-4o-mini'), false);
    assert.equal(marksCacheBreakpoints('openrouter', 'google/gemini-2.5-pro'), false);
    assert.equal(marksCacheBreakpoints('openai', 'gpt-4o'), false);
    assert.equal(marksCacheBreakpoints('openaiCompatible', 'claude-sonnet-4-5'), false);
  });

  it("knows each model family's minimum cacheable prefix", () => {
    assert.equal(anthropicMinPrefixTokens('claude-sonnet-4-5-20250929'), 1024);
    assert.equal(anthropicMinPrefixTokens('anthropic/claude-sonnet-4.5'), 1024);
    assert.equal(anthropicMinPrefixTokens('claude-haiku-4-5'), 4096);
    assert.equal(anthropicMinPrefixTokens('anthropic/claude-3.5-haiku'), 2048);
    assert.equal(anthropicMinPrefixTokens('claude-opus-4-5'), 4096);
    assert.equal(anthropicMinPrefixTokens('claude-opus-4-7'), 2048);
    assert.equal(anthropicMinPrefixTokens('claude-opus-5'), 512);
  });

  it('drops a breakpoint whose prefix is shorter than the minimum and keeps the later ones that reach it', () => {
    const request: Pick<ChatRequest, 'model' | 'messages'> = { model: 'claude-sonnet-4-5', messages: conversation('Short rules.') };
    assert.deepEqual([...cacheBreakpoints('anthropic', request)], []);
    const longTool = conversation('Short rules.');
    longTool[3] = { ...(longTool[3] as Extract<ChatMessage, { role: 'tool' }>), content: 'x'.repeat(4200 * 4) };
    assert.deepEqual([...cacheBreakpoints('anthropic', { model: 'claude-sonnet-4-5', messages: longTool })], [3]);
    // Haiku 4.5 needs 4,096 tokens: the same prefix (about 4,200) reaches it, a shorter one does not.
    longTool[3] = { ...(longTool[3] as Extract<ChatMessage, { role: 'tool' }>), content: 'x'.repeat(3000 * 4) };
    assert.deepEqual([...cacheBreakpoints('anthropic', { model: 'claude-haiku-4-5', messages: longTool })], []);
    assert.deepEqual([...cacheBreakpoints('anthropic', { model: 'claude-sonnet-4-5', messages: longTool })], [3]);
  });

  it('counts the tool definitions into the prefix and sends at most four marks, the last ones', () => {
    const tools = [{ name: 'read_file', description: 'd'.repeat(4100 * 4), parameters: { type: 'object' } }];
    const messages: ChatMessage[] = [{ role: 'system', content: 'Short.', cacheBreakpoint: true }];
    for (let i = 1; i <= 6; i++) messages.push({ role: 'user', content: `turn ${i}`, cacheBreakpoint: true }, { role: 'assistant', content: 'ok' });
    assert.deepEqual([...cacheBreakpoints('anthropic', { model: 'claude-sonnet-4-5', messages, tools })], [5, 7, 9, 11]);
  });
});

describe('cache_control on the Anthropic wire', () => {
  const fake = withFakeLlm();

  it('marks the system block, the user text and the tool result when the prefix is long enough', async () => {
    await createAnthropicProvider(testContext(fake.anthropicBaseUrl)).chat(chatRequest({ model: 'claude-sonnet-4-5', messages: conversation(LONG_RULES) }));
    const body = fake.chatRequests[0].body as Json;
    assert.deepEqual(body.system, [{ type: 'text', text: LONG_RULES, cache_control: EPHEMERAL }]);
    const turns = body.messages as Json[];
    assert.deepEqual(turns[0], { role: 'user', content: [{ type: 'text', text: 'Question: how is a page written?', cache_control: EPHEMERAL }] });
    assert.deepEqual(turns[2], { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: '1|export const a = 1;', cache_control: EPHEMERAL }] });
  });

  it('sends plain strings when the prefix is too short to be cached', async () => {
    await createAnthropicProvider(testContext(fake.anthropicBaseUrl)).chat(chatRequest({ model: 'claude-sonnet-4-5', messages: conversation('Short rules.').slice(0, 2) }));
    const body = fake.chatRequests[0].body as Json;
    assert.equal(body.system, 'Short rules.');
    assert.deepEqual(body.messages, [{ role: 'user', content: 'Question: how is a page written?' }]);
  });
});

describe('cache_control through OpenRouter and never for other vendors', () => {
  const fake = withFakeLlm();
  const messagesOf = (i: number): Json[] => (fake.chatRequests[i].body as Json).messages as Json[];

  it('an anthropic/ model gets its marked messages as text parts with cache_control', async () => {
    await createOpenRouterProvider(testContext(fake.openRouterBaseUrl)).chat(chatRequest({ model: 'anthropic/claude-sonnet-4.5', messages: conversation(LONG_RULES) }));
    const [system, user, assistant, tool] = messagesOf(0);
    assert.deepEqual(system, { role: 'system', content: [{ type: 'text', text: LONG_RULES, cache_control: EPHEMERAL }] });
    assert.deepEqual(user, { role: 'user', content: [{ type: 'text', text: 'Question: how is a page written?', cache_control: EPHEMERAL }] });
    assert.equal(assistant.content, null);
    assert.deepEqual(tool, { role: 'tool', tool_call_id: 'toolu_1', content: [{ type: 'text', text: '1|export const a = 1;', cache_control: EPHEMERAL }] });
  });

  it('other OpenRouter models and OpenAI get plain strings: their caching is automatic', async () => {
    await createOpenRouterProvider(testContext(fake.openRouterBaseUrl)).chat(chatRequest({ model: 'openai/gpt-4o-mini', messages: conversation(LONG_RULES) }));
    await createOpenAiProvider(testContext(fake.openAiBaseUrl)).chat(chatRequest({ model: 'gpt-4o', messages: conversation(LONG_RULES) }));
    for (const i of [0, 1]) {
      const sent = JSON.stringify(fake.chatRequests[i].body);
      assert.ok(!sent.includes('cache_control'), `request ${i} carries no cache_control`);
      assert.equal(messagesOf(i)[0].content, LONG_RULES);
    }
  });
});
