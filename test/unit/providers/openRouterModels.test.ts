import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  fetchAllOpenRouterModels,
  isFreeModel,
  openRouterNextPageUrl,
  parseOpenRouterModels,
  parsePrice,
} from '../../../src/core/providers/openRouterModels';
import {
  buildOpenRouterModelsPayload,
  pageOpenRouterModelsPayload,
  SPECIAL_MODEL_IDS,
} from '../../fixtures/catalog/openRouterModelsPayload';

const payload = buildOpenRouterModelsPayload();
const models = parseOpenRouterModels(payload);
const byId = new Map(models.map((model) => [model.id, model]));

test('parses every model of a realistic payload of at least 300 entries', () => {
  assert.ok(payload.data.length >= 300);
  assert.equal(models.length, payload.data.length);
  assert.deepEqual(models.map((m) => m.id), payload.data.map((m) => m.id));
});

test('prices are numbers in USD per token, equal to the listed strings', () => {
  for (const raw of payload.data) {
    const model = byId.get(raw.id)!;
    const prompt = Number(raw.pricing.prompt);
    if (prompt >= 0) assert.equal(model.pricing.prompt, prompt, raw.id);
    else assert.equal(model.pricing.prompt, undefined, raw.id);
    if (raw.pricing.input_cache_read !== undefined) assert.equal(model.pricing.cacheRead, Number(raw.pricing.input_cache_read));
    else assert.equal(model.pricing.cacheRead, undefined);
    if (raw.pricing.input_cache_write !== undefined) assert.equal(model.pricing.cacheWrite, Number(raw.pricing.input_cache_write));
  }
  const sonnet = byId.get(SPECIAL_MODEL_IDS.anthropicCached)!;
  assert.ok(Math.abs(sonnet.pricing.prompt! * 1e6 - 3) < 1e-9);
  assert.ok(Math.abs(sonnet.pricing.cacheRead! * 1e6 - 0.3) < 1e-9);
  assert.ok(Math.abs(sonnet.pricing.cacheWrite! * 1e6 - 3.75) < 1e-9);
});

test('router "-1" prices become unknown, never negative', () => {
  const router = byId.get(SPECIAL_MODEL_IDS.router)!;
  assert.equal(router.pricing.prompt, undefined);
  assert.equal(router.pricing.completion, undefined);
  assert.equal(router.isFree, false);
  for (const model of models) {
    for (const value of Object.values(model.pricing)) assert.ok(value === undefined || value >= 0, model.id);
  }
});

test('free flag: :free suffix, or all prices zero; paid models are not free', () => {
  const free = byId.get(SPECIAL_MODEL_IDS.defaultFree)!;
  assert.equal(free.isFree, true);
  assert.equal(free.pricing.prompt, 0);
  assert.equal(byId.get(SPECIAL_MODEL_IDS.zeroPricedNotFree)!.isFree, true);
  assert.equal(byId.get('openai/gpt-oss-20b')!.isFree, false);
  assert.equal(byId.get(SPECIAL_MODEL_IDS.paidOpenAi)!.isFree, false);
  const freeIds = payload.data.filter((m) => m.id.endsWith(':free')).map((m) => m.id);
  assert.ok(freeIds.length >= 20);
  for (const id of freeIds) assert.equal(byId.get(id)!.isFree, true, id);
  assert.equal(isFreeModel('x/y', { prompt: 0, completion: 0, request: 0.01 }), false);
  assert.equal(isFreeModel('x/y', {}), false);
});

test('missing optional fields are tolerated', () => {
  const bare = byId.get(SPECIAL_MODEL_IDS.barePricing)!;
  assert.equal(bare.pricing.cacheRead, undefined);
  assert.equal(bare.pricing.request, undefined);
  assert.ok(bare.pricing.prompt! > 0);
  assert.equal(byId.get(SPECIAL_MODEL_IDS.noMaxCompletion)!.maxCompletionTokens, undefined);
  const sparse = parseOpenRouterModels({ data: [{ id: 'acme/tiny' }, { name: 'no id' }, null, { id: 'acme/tiny' }] });
  assert.equal(sparse.length, 1);
  assert.deepEqual(sparse[0], { id: 'acme/tiny', name: 'acme/tiny', vendor: 'acme', pricing: {}, isFree: false, supportedParameters: [] });
  assert.deepEqual(parseOpenRouterModels({}), []);
  assert.deepEqual(parseOpenRouterModels('not json'), []);
});

test('context length, max completion tokens, supported parameters and vendor are read', () => {
  const raw = payload.data.find((m) => m.id === 'openai/gpt-4o')!;
  const model = byId.get('openai/gpt-4o')!;
  assert.equal(model.contextLength, raw.context_length);
  assert.equal(model.maxCompletionTokens, raw.top_provider.max_completion_tokens);
  assert.deepEqual(model.supportedParameters, raw.supported_parameters);
  assert.ok(model.supportedParameters.includes('structured_outputs'));
  assert.equal(model.vendor, 'openai');
  assert.equal(byId.get('meta-llama/llama-3.3-70b-instruct:free')!.vendor, 'meta-llama');
  // context_length null falls back to top_provider.context_length
  const nullContext = payload.data.find((m) => m.context_length === null && m.top_provider.context_length)!;
  assert.equal(byId.get(nullContext.id)!.contextLength, nullContext.top_provider.context_length);
});

test('parsePrice rejects what is not a price', () => {
  assert.equal(parsePrice('0.000003'), 0.000003);
  assert.equal(parsePrice(0), 0);
  for (const bad of ['-1', -1, '', 'abc', 'Infinity', null, undefined, {}]) assert.equal(parsePrice(bad), undefined, String(bad));
});

test('follows links.next across pages and stops on the last page', async () => {
  const full = buildOpenRouterModelsPayload(350);
  const requested: string[] = [];
  const result = await fetchAllOpenRouterModels('http://127.0.0.1:9/api/v1/models?offset=0&limit=100', async (url) => {
    requested.push(url);
    const query = new URL(url).searchParams;
    return pageOpenRouterModelsPayload(full, Number(query.get('offset')), Number(query.get('limit')));
  });
  assert.equal(requested.length, 4);
  assert.equal(requested[1], 'http://127.0.0.1:9/api/v1/models?offset=100&limit=100');
  assert.deepEqual(result.map((m) => m.id), full.data.map((m) => m.id));
  assert.equal(openRouterNextPageUrl({ data: [], links: { next: null } }, 'http://a/models'), undefined);
});

test('a server that links a page to itself does not loop forever', async () => {
  let calls = 0;
  const result = await fetchAllOpenRouterModels('http://127.0.0.1:9/models', async () => {
    calls++;
    return { data: [{ id: 'a/b' }], links: { next: '/models' } };
  });
  assert.equal(result.length, 1);
  assert.ok(calls <= 2);
});
