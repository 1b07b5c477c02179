/**
 * A documentation run reports what the provider's prompt cache served: cached prompt tokens, cache
 * writes and the money saved at the model's cache prices, in the summary, `--json` and the text the
 * CLI and the output channel print.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { runDocs } from '../../../src/core/docs/docRun';
import { formatHumanSummary, toJsonSummary } from '../../../src/core/docs/runReport';
import { cacheSavingsNanos } from '../../../src/core/cost/pricing';
import type { ModelPricing } from '../../../src/core/providers/types';
import { setUpDocRun } from './docRunHarness';

/** openai/gpt-4o-mini: $0.15/M input, $0.60/M output, cached input $0.075/M. */
const PRICING: ModelPricing = { prompt: 0.15e-6, completion: 0.6e-6, cacheRead: 0.075e-6 };

test('cache savings: reads at the read price, Anthropic writes at 1.25×, unknown without prices', () => {
  const usage = { promptTokens: 3000, completionTokens: 100, cachedTokens: 2000, cacheWriteTokens: 0, reasoningTokens: 0 };
  assert.equal(cacheSavingsNanos(usage, PRICING), 2000 * 75);
  const anthropic: ModelPricing = { prompt: 3e-6, completion: 15e-6, cacheRead: 0.3e-6, cacheWrite: 3.75e-6 };
  assert.equal(cacheSavingsNanos({ ...usage, cachedTokens: 0, cacheWriteTokens: 2000 }, anthropic), -2000 * 750, 'a write alone costs more');
  assert.equal(cacheSavingsNanos({ ...usage, cachedTokens: 0 }, {}), 0, 'nothing cached: nothing saved, prices or not');
  assert.equal(cacheSavingsNanos(usage, { completion: 1e-6 }), undefined);
});

test('a run whose requests the provider partly served from its cache reports the cached tokens and the money saved', async () => {
  const e = await setUpDocRun('ts-sample');
  try {
    // The provider reports 100 prompt tokens of every request as read from its cache.
    e.fake.script = () => ({ kind: 'stream', usage: { cachedTokens: 100 } });
    const summary = await runDocs(e.options, { ...e.services, spendCap: { maxCostUsd: 0, pricing: PRICING } });
    assert.ok(summary.ok && summary.requests > 5, `${summary.requests} requests`);
    assert.equal(summary.tokens.cached, 100 * summary.requests);
    assert.equal(summary.tokens.cacheWrite, 0);
    assert.ok(summary.tokens.cached < summary.tokens.prompt);
    const saved = 100 * summary.requests * (0.15e-6 - 0.075e-6);
    assert.ok(Math.abs(summary.cost.cacheSavedUsd! - saved) < 1e-12, `saved ${summary.cost.cacheSavedUsd}, expected ${saved}`);

    const json = toJsonSummary(summary).cost;
    assert.equal(json.cached_prompt_tokens, summary.tokens.cached);
    assert.equal(json.cache_write_tokens, 0);
    assert.equal(json.cache_saved_usd, summary.cost.cacheSavedUsd);
    const line = formatHumanSummary(summary).split('\n').find((l) => l.startsWith('Prompt cache:'));
    assert.equal(line, `Prompt cache: ${summary.tokens.cached.toLocaleString('en-US')} of ${summary.tokens.prompt.toLocaleString('en-US')} input tokens read from the provider's cache, saving $${saved.toFixed(4)}`);

    // Without the model's prices the tokens are still reported; the saving is unknown, not $0.
    await e.fake.reset();
    e.fake.script = () => ({ kind: 'stream', usage: { cachedTokens: 100 } });
    const again = await runDocs({ ...e.options, outputDirectory: 'docs/again' }, e.services);
    assert.ok(again.tokens.cached > 0);
    assert.equal(again.cost.cacheSavedUsd, undefined);
    assert.equal(toJsonSummary(again).cost.cache_saved_usd, null);
    assert.match(formatHumanSummary(again), /^Prompt cache: .* saving unknown \(no prices for the model\)$/m);
  } finally {
    await e.close();
  }
});

test('a run with nothing cached prints no cache line and reports zero', async () => {
  const e = await setUpDocRun('py-sample');
  try {
    const summary = await runDocs(e.options, { ...e.services, spendCap: { maxCostUsd: 0, pricing: PRICING } });
    assert.equal(summary.tokens.cached, 0);
    assert.equal(summary.cost.cacheSavedUsd, 0);
    assert.doesNotMatch(formatHumanSummary(summary), /Prompt cache/);
  } finally {
    await e.close();
  }
});
