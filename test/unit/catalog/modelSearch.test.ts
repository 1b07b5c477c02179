import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findModel, groupModelsByVendor, searchModels } from '../../../src/core/catalog/modelSearch';
import { parseOpenRouterModels } from '../../../src/core/providers/openRouterModels';
import { buildOpenRouterModelsPayload } from '../../fixtures/catalog/openRouterModelsPayload';

const models = parseOpenRouterModels(buildOpenRouterModelsPayload());

test('search matches id, name and vendor, every word, case-insensitive', () => {
  const byName = searchModels(models, 'Sonnet');
  assert.ok(byName.length >= 5);
  assert.ok(byName.every((m) => /sonnet/i.test(m.id + m.name)));
  const byVendor = searchModels(models, 'meta-llama');
  assert.ok(byVendor.length > 10);
  assert.ok(byVendor.every((m) => m.vendor === 'meta-llama' || m.id.includes('meta-llama')));
  const words = searchModels(models, 'llama 70b free');
  assert.ok(words.length > 0);
  assert.ok(words.every((m) => /llama/i.test(m.id + m.name) && /70b/i.test(m.id + m.name) && /free/i.test(m.id + m.name)));
  assert.deepEqual(searchModels(models, 'zzz-no-such-model'), []);
  assert.equal(searchModels(models, '  ').length, models.length);
});

test('search ranks the exact id first, then the id without vendor, then prefixes', () => {
  assert.equal(searchModels(models, 'openai/gpt-4o-mini')[0].id, 'openai/gpt-4o-mini');
  assert.equal(searchModels(models, 'gpt-4o-mini')[0].id, 'openai/gpt-4o-mini');
  const prefix = searchModels(models, 'gpt-4o');
  assert.equal(prefix[0].id, 'openai/gpt-4o');
  assert.ok(prefix.slice(0, 5).every((m) => m.id.startsWith('openai/gpt-4o')));
});

test('findModel resolves case and dynamic variants only', () => {
  assert.equal(findModel(models, 'deepseek/deepseek-r1:floor')?.id, 'deepseek/deepseek-r1');
  assert.equal(findModel(models, 'deepseek/deepseek-r1:free')?.id, 'deepseek/deepseek-r1:free');
  assert.equal(findModel(models, 'openai/gpt-4o:free'), undefined, ':free is a listed variant, not a dynamic one');
});

test('groups come newest first, vendors by their newest model, and cover every model once', () => {
  const groups = groupModelsByVendor(models);
  const vendors = groups.map((g) => g.vendor);
  const newest = groups.map((g) => Math.max(...g.models.map((m) => m.created ?? 0)));
  assert.deepEqual(newest, [...newest].sort((a, b) => b - a), 'vendors by their newest model');
  for (const group of groups) {
    const dates = group.models.map((m) => m.created ?? 0);
    assert.deepEqual(dates, [...dates].sort((a, b) => b - a), `${group.vendor}: newest first`);
  }
  assert.equal(new Set(vendors).size, vendors.length);
  assert.equal(groups.flatMap((g) => g.models).length, models.length);
  for (const group of groups) assert.ok(group.models.every((m) => m.vendor === group.vendor));
  for (const vendor of ['openai', 'anthropic', 'google', 'meta-llama', 'mistralai', 'qwen', 'deepseek', 'x-ai']) {
    assert.ok(vendors.includes(vendor), vendor);
  }
});
