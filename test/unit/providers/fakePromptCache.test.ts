/**
 * The fake's model of provider prompt caching, read back through the real providers: cached tokens
 * in each wire's own usage fields, cache prices in the reported cost, the providers' minimums,
 * per-model entries and the TTL.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createAnthropicProvider } from '../../../src/core/providers/anthropicProvider';
import { createOpenRouterProvider } from '../../../src/core/providers/openRouterProvider';
import { createOpenAiProvider } from '../../../src/core/providers/openAiProvider';
import type { ChatMessage, ChatResult } from '../../../src/core/providers/types';
import { chatRequest, testContext, withFakeLlm } from './providerTestContext';

/** About 2,000 tokens by the fake's 4-characters rule. */
const RULES = 'Describe only what the code shows and cite every statement. '.repeat(135);

function prompt(rules: string, question: string): ChatMessage[] {
  return [
    { role: 'system', content: rules, cacheBreakpoint: true },
    { role: 'user', content: question },
  ];
}

let clock = 0;

describe('the fake caches prompt prefixes like the providers do', () => {
  const fake = withFakeLlm({ promptCache: { now: () => clock } });
  const openRouter = () => createOpenRouterProvider(testContext(fake.openRouterBaseUrl));
  const usageOf = (r: ChatResult) => ({ cached: r.usage?.cachedTokens, written: r.usage?.cacheWriteTokens });

  it('OpenRouter, non-Anthropic model: a repeated start of 1,024+ tokens is read from cache in 128-token steps, at the cache price', async () => {
    const first = await openRouter().chat(chatRequest({ model: 'openai/gpt-4o-mini', messages: prompt(RULES, 'Document a.ts') }));
    const second = await openRouter().chat(chatRequest({ model: 'openai/gpt-4o-mini', messages: prompt(RULES, 'Document b.ts') }));
    assert.deepEqual(usageOf(first), { cached: 0, written: 0 });
    const cached = second.usage!.cachedTokens;
    assert.ok(cached >= 1024 && (cached - 1024) % 128 === 0, `cached ${cached}`);
    assert.ok(cached < second.usage!.promptTokens && second.usage!.promptTokens - cached < 200, 'all but the request of its own');
    const wire = (fake.chatRequests[1].body as { model: string }).model;
    assert.equal(wire, 'openai/gpt-4o-mini');
    const u = second.usage!;
    const expected = (u.promptTokens - cached) * 0.5e-6 + cached * 0.25e-6 + u.completionTokens * 1.5e-6;
    assert.ok(Math.abs(second.reportedCostUsd! - expected) < 1e-9, `billed ${second.reportedCostUsd} for ${expected}`);
    assert.ok(second.reportedCostUsd! < first.reportedCostUsd!);
  });

  it('a prompt under 1,024 tokens is never cached, and entries are per model', async () => {
    const short = prompt('Short rules.', 'Document a.ts');
    await openRouter().chat(chatRequest({ model: 'openai/gpt-4o-mini', messages: short }));
    assert.equal((await openRouter().chat(chatRequest({ model: 'openai/gpt-4o-mini', messages: short }))).usage?.cachedTokens, 0);
    await openRouter().chat(chatRequest({ model: 'openai/gpt-4o-mini', messages: prompt(RULES, 'a') }));
    assert.equal((await openRouter().chat(chatRequest({ model: 'openai/gpt-4.1', messages: prompt(RULES, 'a') }))).usage?.cachedTokens, 0);
  });

  it('OpenAI direct reports it in prompt_tokens_details.cached_tokens; after the TTL nothing is cached', async () => {
    const openAi = createOpenAiProvider(testContext(fake.openAiBaseUrl));
    await openAi.chat(chatRequest({ model: 'gpt-4o', messages: prompt(RULES, 'a') }));
    assert.ok((await openAi.chat(chatRequest({ model: 'gpt-4o', messages: prompt(RULES, 'b') }))).usage!.cachedTokens >= 1024);
    clock += 5 * 60_000 + 1;
    assert.equal((await openAi.chat(chatRequest({ model: 'gpt-4o', messages: prompt(RULES, 'c') }))).usage!.cachedTokens, 0);
  });

  it('Anthropic writes the marked prefix once, then reads it; a longer conversation reads the old part and writes the new', async () => {
    const anthropic = createAnthropicProvider(testContext(fake.anthropicBaseUrl));
    const first = await anthropic.chat(chatRequest({ model: 'claude-sonnet-4-5', messages: prompt(RULES, 'Question one') }));
    assert.equal(first.usage!.cachedTokens, 0);
    assert.ok(first.usage!.cacheWriteTokens > 1024 && first.usage!.cacheWriteTokens < first.usage!.promptTokens, 'the rules are written');
    const second = await anthropic.chat(chatRequest({ model: 'claude-sonnet-4-5', messages: prompt(RULES, 'Question two') }));
    assert.deepEqual(usageOf(second), { cached: first.usage!.cacheWriteTokens, written: 0 });
    const longer: ChatMessage[] = [
      ...prompt(RULES, 'Question two'),
      { role: 'assistant', content: '', toolCalls: [{ id: 'toolu_1', name: 'read_file', arguments: '{"path":"a.ts"}' }] },
      { role: 'tool', toolCallId: 'toolu_1', name: 'read_file', content: '1|const a = 1;\n'.repeat(300), cacheBreakpoint: true },
    ];
    const third = await anthropic.chat(chatRequest({ model: 'claude-sonnet-4-5', messages: longer }));
    assert.equal(third.usage!.cachedTokens, first.usage!.cacheWriteTokens);
    assert.ok(third.usage!.cacheWriteTokens > 0, 'the new turns are written');
  });

  it('Anthropic caches nothing without a mark, and an anthropic/ model on OpenRouter reports cached and written tokens', async () => {
    const anthropic = createAnthropicProvider(testContext(fake.anthropicBaseUrl));
    const unmarked: ChatMessage[] = [
      { role: 'system', content: RULES },
      { role: 'user', content: 'q' },
    ];
    await anthropic.chat(chatRequest({ model: 'claude-sonnet-4-5', messages: unmarked }));
    assert.deepEqual(usageOf(await anthropic.chat(chatRequest({ model: 'claude-sonnet-4-5', messages: unmarked }))), { cached: 0, written: 0 });

    const first = await openRouter().chat(chatRequest({ model: 'anthropic/claude-sonnet-4.5', messages: prompt(RULES, 'a') }));
    const second = await openRouter().chat(chatRequest({ model: 'anthropic/claude-sonnet-4.5', messages: prompt(RULES, 'b') }));
    assert.ok(first.usage!.cacheWriteTokens > 1024);
    assert.equal(second.usage!.cachedTokens, first.usage!.cacheWriteTokens);
    const u = first.usage!;
    const expected = (u.promptTokens - u.cacheWriteTokens) * 0.5e-6 + u.cacheWriteTokens * 0.625e-6 + u.completionTokens * 1.5e-6;
    assert.ok(Math.abs(first.reportedCostUsd! - expected) < 1e-9, 'a cache write is billed at 1.25× input');
  });
});
