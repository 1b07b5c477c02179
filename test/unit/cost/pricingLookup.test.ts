import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createPricingFor, lookupPricing, openRouterIdForDirect } from '../../../src/core/cost/pricingLookup';
import { parseOpenRouterModels } from '../../../src/core/providers/openRouterModels';
import { parseOpenAiCompatibleModels } from '../../../src/core/providers/providerModelLists';
import { findModel } from '../../../src/core/catalog/modelSearch';
import { CostLedger } from '../../../src/core/cost/costLedger';
import { buildOpenRouterModelsPayload } from '../../fixtures/catalog/openRouterModelsPayload';

const catalog = parseOpenRouterModels(buildOpenRouterModelsPayload());
const openRouter = { find: (id: string) => findModel(catalog, id) };

test('direct ids map to their OpenRouter twins', () => {
  assert.equal(openRouterIdForDirect('anthropic', 'claude-sonnet-4-5-20250929'), 'anthropic/claude-sonnet-4.5');
  assert.equal(openRouterIdForDirect('anthropic', 'claude-3-5-haiku-latest'), 'anthropic/claude-3.5-haiku');
  assert.equal(openRouterIdForDirect('openai', 'gpt-4o-2024-08-06'), 'openai/gpt-4o');
});

test('each provider gets its prices from the right place', () => {
  const local = parseOpenAiCompatibleModels({ data: [{ id: 'llama3.2:latest' }] }, { local: true });
  const sources = { openRouter, byProvider: { openaiCompatible: { find: (id: string) => findModel(local, id) } } };
  assert.equal(lookupPricing(sources, 'openrouter', 'openai/gpt-4o-mini')?.pricing.prompt, 0.00000015);
  assert.equal(lookupPricing(sources, 'openrouter', 'openai/gpt-oss-20b:free')?.isFree, true);
  assert.equal(lookupPricing(sources, 'openrouter', 'openrouter/auto')?.pricing.prompt, undefined);
  assert.equal(lookupPricing(sources, 'openai', 'gpt-4.1-mini')?.pricing.completion, 0.0000016, 'price table');
  // Not in the table, but OpenRouter lists the same model.
  assert.equal(lookupPricing(sources, 'openai', 'gpt-4o-2024-05-13')?.pricing.prompt, 0.000005);
  assert.equal(lookupPricing(sources, 'openai', 'o4-mini-high')?.pricing.prompt, 0.0000011);
  assert.equal(lookupPricing(sources, 'openai', 'gpt-oss-20b')?.isFree, false);
  assert.equal(lookupPricing(sources, 'anthropic', 'claude-haiku-4-5-20251001')?.pricing.cacheWrite, 0.00000125);
  assert.equal(lookupPricing(sources, 'anthropic', 'claude-unreleased-9'), undefined, 'unknown stays unknown, never guessed');
  assert.equal(lookupPricing(sources, 'openaiCompatible', 'llama3.2:latest')?.isFree, true);
  assert.equal(lookupPricing(sources, 'openaiCompatible', 'unlisted'), undefined);
  assert.equal(lookupPricing(sources, 'vscodeLm', 'copilot/gpt-4o'), undefined);
});

test('the ledger computes OpenAI-direct costs through the lookup', async () => {
  const ledger = new CostLedger({ pricingFor: createPricingFor({ openRouter }) });
  const record = await ledger.record({
    provider: 'openai', model: 'gpt-4o-mini',
    result: { text: '', latencyMs: 1, servedModel: 'gpt-4o-mini-2024-07-18', usage: { promptTokens: 2000, completionTokens: 1000, cachedTokens: 1000, cacheWriteTokens: 0, reasoningTokens: 0 } },
  });
  assert.equal(record!.source, 'computed');
  assert.equal(record!.costNanos, 1000 * 150 + 1000 * 75 + 1000 * 600);
});
