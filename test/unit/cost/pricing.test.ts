import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ANTHROPIC_CACHE_MULTIPLIERS,
  cacheMultipliersFor,
  computeCostNanos,
  isZeroCost,
  worstCaseCostNanos,
} from '../../../src/core/cost/pricing';
import { directPricing, findPriceRow, PRICE_TABLE, rowPricing } from '../../../src/core/cost/priceTable';
import { parseOpenRouterModels } from '../../../src/core/providers/openRouterModels';
import { buildOpenRouterModelsPayload } from '../../fixtures/catalog/openRouterModelsPayload';
import type { TokenUsage } from '../../../src/core/providers/types';

function usage(partial: Partial<TokenUsage>): TokenUsage {
  return { promptTokens: 0, completionTokens: 0, cachedTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0, ...partial };
}

const sonnet = { prompt: 0.000003, completion: 0.000015 }; // $3 / $15 per 1M, no explicit cache prices

test('plain usage: prompt and completion at their prices, exactly', () => {
  // 1000 × $3/M + 500 × $15/M = $0.003 + $0.0075
  assert.equal(computeCostNanos(usage({ promptTokens: 1000, completionTokens: 500 }), sonnet), 10_500_000);
  // reasoning tokens are part of completion tokens: not charged twice
  assert.equal(computeCostNanos(usage({ promptTokens: 1000, completionTokens: 500, reasoningTokens: 400 }), sonnet), 10_500_000);
  // cheap models keep sub-micro precision: 7 × $0.015/M = 105 nano-dollars
  assert.equal(computeCostNanos(usage({ promptTokens: 7 }), { prompt: 1.5e-8, completion: 2e-8 }), 105);
});

test('cached tokens are priced at the cache-read price, written tokens at the cache-write price', () => {
  const explicit = { prompt: 0.000003, completion: 0.000015, cacheRead: 0.0000003, cacheWrite: 0.00000375 };
  // prompt 10000 = 2000 uncached + 6000 read + 2000 written
  const u = usage({ promptTokens: 10_000, cachedTokens: 6000, cacheWriteTokens: 2000, completionTokens: 100 });
  const expected = 2000 * 3000 + 6000 * 300 + 2000 * 3750 + 100 * 15000; // nano-dollars
  assert.equal(computeCostNanos(u, explicit), expected);
  const asFresh = computeCostNanos(usage({ promptTokens: 10_000, completionTokens: 100 }), explicit)!;
  assert.ok(computeCostNanos(u, explicit)! < asFresh, 'caching makes it cheaper than pricing every token as fresh');
});

test('Anthropic multipliers apply when no explicit cache prices are listed', () => {
  assert.deepEqual(cacheMultipliersFor('anthropic', 'claude-sonnet-4-5'), ANTHROPIC_CACHE_MULTIPLIERS);
  assert.deepEqual(cacheMultipliersFor('openrouter', 'anthropic/claude-sonnet-4.5'), ANTHROPIC_CACHE_MULTIPLIERS);
  assert.equal(cacheMultipliersFor('openai', 'gpt-4o'), undefined);
  const u = usage({ promptTokens: 3000, cachedTokens: 1000, cacheWriteTokens: 1000, completionTokens: 0 });
  // 1000 × $3/M + 1000 × $0.30/M (0.1×) + 1000 × $3.75/M (1.25×)
  assert.equal(computeCostNanos(u, sonnet, ANTHROPIC_CACHE_MULTIPLIERS), 3_000_000 + 300_000 + 3_750_000);
  // Without multipliers or cache prices, cached tokens cost the input price.
  assert.equal(computeCostNanos(u, sonnet), 9_000_000);
  // Explicit cache prices win over multipliers.
  assert.equal(computeCostNanos(u, { ...sonnet, cacheRead: 0.000001 }, ANTHROPIC_CACHE_MULTIPLIERS), 3_000_000 + 1_000_000 + 3_750_000);
});

test('unknown prices give an unknown cost, unless no token needs them', () => {
  assert.equal(computeCostNanos(usage({ promptTokens: 10 }), {}), undefined);
  assert.equal(computeCostNanos(usage({ promptTokens: 10, completionTokens: 1 }), { prompt: 0.000001 }), undefined);
  assert.equal(computeCostNanos(usage({ promptTokens: 10 }), { prompt: 0.000001 }), 10_000);
  assert.equal(computeCostNanos(usage({ promptTokens: 10, completionTokens: 5 }), { prompt: 0, completion: 0 }), 0);
  assert.equal(computeCostNanos(usage({ promptTokens: 1 }), { prompt: 0.000001, request: 0.005 }), 5_001_000, 'per-request price added');
});

test('worst case uses the dearer of input and cache-write prices', () => {
  assert.equal(worstCaseCostNanos(1000, 4096, sonnet), 1000 * 3000 + 4096 * 15000);
  assert.equal(worstCaseCostNanos(1000, 0, sonnet, ANTHROPIC_CACHE_MULTIPLIERS), 1000 * 3750);
  assert.equal(worstCaseCostNanos(1000, 10, {}), undefined);
  assert.equal(isZeroCost({ prompt: 0, completion: 0 }), true);
  assert.equal(isZeroCost(undefined, true), true);
  assert.equal(isZeroCost({}), false);
  assert.equal(isZeroCost({ prompt: 0, completion: 0.000001 }), false);
});

test('price table: direct ids and dated snapshots resolve; unknown ids do not guess', () => {
  assert.equal(findPriceRow('anthropic', 'claude-sonnet-4-5-20250929')?.openRouterId, 'anthropic/claude-sonnet-4.5');
  assert.equal(findPriceRow('openai', 'gpt-4o-mini-2024-07-18')?.openRouterId, 'openai/gpt-4o-mini');
  assert.equal(findPriceRow('openai', 'gpt-4.1-2025-04-14')?.openRouterId, 'openai/gpt-4.1');
  assert.equal(findPriceRow('openai', 'gpt-4o-audio-preview'), undefined);
  assert.equal(findPriceRow('openrouter', 'gpt-4o'), undefined);
  const haiku = directPricing('anthropic', 'claude-haiku-4-5')!;
  assert.equal(haiku.prompt, 0.000001);
  assert.equal(haiku.cacheWrite, 0.00000125);
  assert.equal(haiku.cacheRead, 0.0000001);
});

test('price table rows agree with the OpenRouter catalog entries they were seeded from', () => {
  const catalog = new Map(parseOpenRouterModels(buildOpenRouterModelsPayload(1000)).map((m) => [m.id, m]));
  let compared = 0;
  for (const row of PRICE_TABLE) {
    const entry = catalog.get(row.openRouterId);
    if (!entry) continue;
    const table = rowPricing(row);
    assert.equal(table.prompt, entry.pricing.prompt, row.openRouterId);
    assert.equal(table.completion, entry.pricing.completion, row.openRouterId);
    if (table.cacheRead !== undefined && entry.pricing.cacheRead !== undefined) assert.equal(table.cacheRead, entry.pricing.cacheRead, `${row.openRouterId} cache read`);
    if (table.cacheWrite !== undefined && entry.pricing.cacheWrite !== undefined) assert.equal(table.cacheWrite, entry.pricing.cacheWrite, `${row.openRouterId} cache write`);
    compared++;
  }
  assert.ok(compared >= 25, `compared ${compared} rows`);
  for (const row of PRICE_TABLE.filter((r) => r.provider === 'anthropic')) {
    const pricing = rowPricing(row);
    assert.equal(Math.round(pricing.cacheWrite! / pricing.prompt! * 100), 125, `${row.ids[0]} cache write is 1.25×`);
    assert.equal(Math.round(pricing.cacheRead! / pricing.prompt! * 100), 10, `${row.ids[0]} cache read is 0.1×`);
  }
});
