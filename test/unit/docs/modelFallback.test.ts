/**
 * `docsmith.fallbackModels` over the real wire (the fake LLM server): OpenRouter gets the list as
 * its `models` field and the model that served is what is recorded; other providers try the next
 * model after the chosen one is unavailable or keeps failing; key and credit errors never fall back.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createProvider } from '../../../src/core/providers/providerFactory';
import { ModelCaller, SpendCapReachedError, type SpendCap } from '../../../src/core/docs/modelCalls';
import { cacheMultipliersFor, cacheSavingsNanos } from '../../../src/core/cost/pricing';
import { CostLedger } from '../../../src/core/cost/costLedger';
import { formatHumanSummary, toJsonSummary } from '../../../src/core/docs/runReport';
import { emptySummary } from '../../../src/core/docs/runSummary';
import { ProviderError } from '../../../src/core/providers/types';
import type { HttpProviderId } from '../../../src/core/providers/providerInfo';
import { testContext, withFakeLlm } from '../providers/providerTestContext';

const fake = withFakeLlm(undefined, { resetBeforeEach: false });

function caller(provider: HttpProviderId, model: string, fallbackModels: string[], ledger?: CostLedger, spendCap?: SpendCap): ModelCaller {
  const baseUrl = provider === 'openrouter' ? fake.openRouterBaseUrl : provider === 'anthropic' ? fake.anthropicBaseUrl : fake.openAiBaseUrl;
  const llm = createProvider(provider, testContext(baseUrl));
  return new ModelCaller({
    provider,
    model,
    chat: (r) => llm.chat(r),
    maxTokens: 256,
    temperature: 0,
    ledger,
    fallbackModels,
    spendCap,
    retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2 },
  });
}

const ask = { messages: [{ role: 'user' as const, content: 'Describe src/a.ts' }], purpose: { phase: 'file', file: 'src/a.ts.md' } };

test('OpenRouter: the fallbacks go out as its models list, and the model that served is recorded in the ledger, the page and the summary', async () => {
  fake.reset();
  fake.unavailableModels.add('openai/gpt-4o');
  const ledger = new CostLedger();
  const c = caller('openrouter', 'openai/gpt-4o', ['anthropic/claude-3-5-haiku', 'google/gemini-2.5-flash'], ledger);
  const { result } = await c.call(ask);
  assert.equal(fake.chatRequests.length, 1, 'OpenRouter falls back itself: one request');
  const body = fake.chatRequests[0].body as { model: string; models: string[] };
  assert.equal(body.model, 'openai/gpt-4o');
  assert.deepEqual(body.models, ['openai/gpt-4o', 'anthropic/claude-3-5-haiku', 'google/gemini-2.5-flash']);
  assert.equal(result.servedModel, 'anthropic/claude-3-5-haiku');
  assert.equal(ledger.records[0].model, 'anthropic/claude-3-5-haiku');
  assert.equal(ledger.records[0].fallbackFor, 'openai/gpt-4o');
  const summary = { ...emptySummary('run', 'docs', 'openrouter', 'openai/gpt-4o'), fallbacks: c.fallbacks.list() };
  assert.match(formatHumanSummary(summary), /Fallback: 1 page served by `anthropic\/claude-3-5-haiku` \(fallback for `openai\/gpt-4o`: the provider fell back\)/);
  assert.deepEqual(toJsonSummary(summary).fallbacks, [{ model: 'anthropic/claude-3-5-haiku', fallback_for: 'openai/gpt-4o', why: 'the provider fell back', requests: 1, pages: ['src/a.ts.md'] }]);
});

test('OpenRouter: when the chosen model serves, no fallback is reported', async () => {
  fake.reset();
  const c = caller('openrouter', 'openai/gpt-4o', ['anthropic/claude-3-5-haiku']);
  const { result } = await c.call(ask);
  assert.equal(result.servedModel, 'openai/gpt-4o');
  assert.deepEqual(c.fallbacks.list(), []);
});

test('other providers try the fallbacks in order, after the chosen model is not found and the next keeps failing through its retries', async () => {
  fake.reset();
  fake.unavailableModels.add('gpt-4o');
  fake.script = (request) => (request.model === 'gpt-4.1' ? { kind: 'error', status: 503, message: 'overloaded' } : undefined);
  const ledger = new CostLedger();
  const c = caller('openai', 'gpt-4o', ['gpt-4.1', 'gpt-4o-mini'], ledger);
  const { result } = await c.call(ask);
  assert.deepEqual(fake.chatRequests.map((r) => (r.body as { model: string }).model), ['gpt-4o', 'gpt-4.1', 'gpt-4.1', 'gpt-4o-mini']);
  assert.ok(fake.chatRequests.every((r) => (r.body as { models?: unknown }).models === undefined), 'only OpenRouter takes a models list');
  assert.equal(result.servedModel, 'gpt-4o-mini');
  assert.deepEqual(c.fallbacks.list(), [{ model: 'gpt-4o-mini', fallbackFor: 'gpt-4o', why: '503', requests: 1, pages: ['src/a.ts.md'] }]);
  const served = ledger.records.filter((r) => !r.failed);
  assert.equal(served.at(-1)?.model, 'gpt-4o-mini');
  assert.equal(served.at(-1)?.fallbackFor, 'gpt-4o');
});

for (const [status, reason] of [[401, 'unauthorized'], [402, 'insufficientCredits']] as const) {
  test(`a ${status} never falls back: another model does not fix a key or a balance`, async () => {
    fake.reset();
    fake.script = () => ({ kind: 'error', status, message: status === 401 ? 'Invalid API key' : 'Insufficient credits' });
    for (const provider of ['openrouter', 'openai'] as const) {
      const before = fake.chatRequests.length;
      const c = caller(provider, provider === 'openai' ? 'gpt-4o' : 'openai/gpt-4o', provider === 'openai' ? ['gpt-4o-mini'] : ['openai/gpt-4o-mini']);
      await assert.rejects(c.call(ask), (e: unknown) => e instanceof ProviderError && e.reason === reason);
      assert.equal(fake.chatRequests.length - before, 1, `${provider}: one request, no fallback`);
      assert.deepEqual(c.fallbacks.list(), []);
    }
  });
}

test('the last model failing throws its error: a fallback does not hide a failure', async () => {
  fake.reset();
  fake.unavailableModels.add('gpt-4o').add('gpt-4o-mini');
  const c = caller('openai', 'gpt-4o', ['gpt-4o-mini']);
  await assert.rejects(c.call(ask), (e: unknown) => e instanceof ProviderError && e.reason === 'modelNotFound' && e.details.model === 'gpt-4o-mini');
});

const CHEAP = { prompt: 1e-7, completion: 1e-7 };
const DEAR = { prompt: 1e-4, completion: 1e-4 };

test('the spend cap bounds a request at the prices of the models that may serve it: OpenRouter by the dearest of its list, a client-side fallback at its own', async () => {
  // 256 output tokens: the chosen model's worst case is far under $0.01, the fallback's far above.
  const cap = (pricesOf?: SpendCap['pricesOf']): SpendCap => ({ maxCostUsd: 0.01, pricing: CHEAP, pricesOf });
  const dear = (m: string) => (m.includes('claude') || m === 'gpt-4.1' ? { pricing: DEAR, isFree: false } : undefined);

  fake.reset();
  const openRouter = caller('openrouter', 'openai/gpt-4o-mini', ['anthropic/claude-3-5-haiku'], undefined, cap(dear));
  await assert.rejects(openRouter.call(ask), SpendCapReachedError);
  assert.equal(fake.chatRequests.length, 0, 'OpenRouter could serve the dear fallback: nothing sent');
  assert.deepEqual(openRouter.unpricedFallbacks, []);

  fake.unavailableModels.add('gpt-4o-mini');
  const direct = caller('openai', 'gpt-4o-mini', ['gpt-4.1'], undefined, cap(dear));
  await assert.rejects(direct.call(ask), SpendCapReachedError);
  assert.deepEqual(fake.chatRequests.map((r) => (r.body as { model: string }).model), ['gpt-4o-mini'], 'the chosen model was asked; its fallback, at its own prices, was not');

  // Prices unknown: not guessed from the chosen model's, and said so.
  fake.reset();
  const unpriced = caller('openrouter', 'openai/gpt-4o-mini', ['anthropic/claude-3-5-haiku'], undefined, cap());
  await unpriced.call(ask);
  assert.equal(fake.chatRequests.length, 1);
  assert.deepEqual(unpriced.unpricedFallbacks, ['anthropic/claude-3-5-haiku']);
});

test('prompt-cache savings are priced at the model that served, and unknown when its prices are', async () => {
  const usage = { promptTokens: 3000, cachedTokens: 2048, completionTokens: 10 };
  const served = { prompt: 3e-6, completion: 1.5e-5, cacheRead: 3e-7 };
  for (const pricesOf of [(m: string) => (m === 'gpt-4.1' ? { pricing: served, isFree: false } : undefined), undefined]) {
    fake.reset();
    fake.unavailableModels.add('gpt-4o-mini');
    fake.script = (request) => (request.model === 'gpt-4.1' ? { kind: 'stream', usage } : undefined);
    const c = caller('openai', 'gpt-4o-mini', ['gpt-4.1'], undefined, { maxCostUsd: 0, pricing: { prompt: 1.5e-7, completion: 6e-7, cacheRead: 7.5e-8 }, pricesOf });
    const { result } = await c.call(ask);
    assert.equal(result.servedModel, 'gpt-4.1');
    assert.equal(c.totals.cachedTokens, 2048);
    const expected = pricesOf ? cacheSavingsNanos(result.usage!, served, cacheMultipliersFor('openai', 'gpt-4.1')) : undefined;
    assert.equal(c.totals.cacheSavedNanos, expected);
    if (expected !== undefined) assert.equal(expected, 2048 * 2700, '2,048 tokens read at $0.30 instead of $3 per million');
  }
});
