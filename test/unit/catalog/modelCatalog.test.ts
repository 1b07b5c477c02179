import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { catalogCacheFileName, ModelCatalog, type CatalogSnapshot } from '../../../src/core/catalog/modelCatalog';
import { parseOpenRouterModels } from '../../../src/core/providers/openRouterModels';
import type { ModelInfo } from '../../../src/core/providers/types';
import { buildOpenRouterModelsPayload } from '../../fixtures/catalog/openRouterModelsPayload';

const full = parseOpenRouterModels(buildOpenRouterModelsPayload());
const HOUR = 3_600_000;

/** A fetcher whose next answers are scripted: a model list, or an error to throw. */
function scriptedFetch(...answers: Array<ModelInfo[] | Error>) {
  const calls: number[] = [];
  const fetchModels = async (): Promise<ModelInfo[]> => {
    calls.push(calls.length);
    const answer = answers.length > 1 ? answers.shift()! : answers[0];
    if (answer instanceof Error) throw answer;
    return answer;
  };
  return { fetchModels, calls };
}

async function tempDir(t: { after: (fn: () => Promise<void>) => void }): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'docsmith-catalog-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

test('a fresh list is served from memory within the TTL, then refreshed in the background', async () => {
  let now = 1_000_000;
  const smaller = full.slice(0, 10);
  const fetcher = scriptedFetch(full, smaller);
  const catalog = new ModelCatalog({ fetchModels: fetcher.fetchModels, now: () => now, ttlMs: HOUR });
  const changes: CatalogSnapshot[] = [];
  catalog.onDidChange((snapshot) => changes.push(snapshot));

  const first = await catalog.getModels();
  assert.equal(first.models.length, full.length);
  assert.equal(first.stale, false);
  now += HOUR - 1;
  await catalog.getModels();
  assert.equal(fetcher.calls.length, 1, 'no fetch within the TTL');

  now += 2;
  const expired = await catalog.getModels();
  assert.equal(expired.models.length, full.length, 'the old list is returned at once');
  await catalog.whenIdle();
  assert.equal(fetcher.calls.length, 2);
  assert.equal(catalog.snapshot!.models.length, 10);
  assert.equal(changes.length, 2);
  assert.equal(changes[1].models.length, 10);
  catalog.dispose();
});

test('a failed or empty fetch is never cached and the last good list is served stale', async (t) => {
  const dir = await tempDir(t);
  let now = 0;
  const fetcher = scriptedFetch(full, new Error('offline'), [], full.slice(0, 5));
  const catalog = new ModelCatalog({ fetchModels: fetcher.fetchModels, now: () => now, storageDir: dir, cacheFileName: 'm.json', retryAfterFailureMs: 0 });
  await catalog.getModels();
  const onDisk = await readFile(path.join(dir, 'm.json'), 'utf8');

  now += 2 * HOUR;
  const offline = await catalog.refresh();
  assert.equal(offline.stale, true);
  assert.equal(offline.models.length, full.length);
  assert.equal((offline.error as Error).message, 'offline');

  const empty = await catalog.refresh();
  assert.equal(empty.stale, true, 'an empty list counts as a failure');
  assert.equal(empty.models.length, full.length);
  assert.equal(await readFile(path.join(dir, 'm.json'), 'utf8'), onDisk, 'failures leave the cache file alone');

  const recovered = await catalog.refresh();
  assert.equal(recovered.stale, false);
  assert.equal(recovered.models.length, 5);
  catalog.dispose();
});

test('with nothing cached a failed fetch throws', async () => {
  const catalog = new ModelCatalog({ fetchModels: scriptedFetch(new Error('ECONNREFUSED')).fetchModels });
  await assert.rejects(catalog.getModels(), /ECONNREFUSED/);
  const empty = new ModelCatalog({ fetchModels: scriptedFetch([]).fetchModels });
  await assert.rejects(empty.refresh(), (error: { reason?: string }) => error.reason === 'badResponse');
});

test('the disk cache survives a restart and respects its age', async (t) => {
  const dir = await tempDir(t);
  let now = 5 * HOUR;
  const fileName = catalogCacheFileName('openrouter', 'http://127.0.0.1:4000/api/v1');
  const first = new ModelCatalog({ fetchModels: scriptedFetch(full).fetchModels, storageDir: dir, cacheFileName: fileName, now: () => now });
  await first.getModels();
  first.dispose();
  assert.deepEqual((await readdir(dir)).filter((f) => f.endsWith('.tmp')), [], 'no temporary file left behind');

  // Restart within the TTL: served from disk, no fetch at all.
  const offlineFetch = scriptedFetch(new Error('offline'));
  const second = new ModelCatalog({ fetchModels: offlineFetch.fetchModels, storageDir: dir, cacheFileName: fileName, now: () => now });
  const fromDisk = await second.getModels();
  assert.equal(offlineFetch.calls.length, 0);
  assert.deepEqual(fromDisk.models, full);
  assert.equal(fromDisk.fetchedAt, 5 * HOUR);

  // Restart after the TTL while offline: the disk list is served, then marked stale.
  now += 2 * HOUR;
  const third = new ModelCatalog({ fetchModels: offlineFetch.fetchModels, storageDir: dir, cacheFileName: fileName, now: () => now });
  const staleEvents: CatalogSnapshot[] = [];
  third.onDidChange((s) => staleEvents.push(s));
  await third.getModels();
  await third.whenIdle();
  assert.equal(offlineFetch.calls.length, 1);
  assert.equal(third.snapshot!.stale, true);
  assert.equal(third.snapshot!.models.length, full.length);
  assert.equal(staleEvents.length, 1);
  assert.equal(staleEvents[0].stale, true);
});

test('a corrupt cache file is ignored, not fatal', async (t) => {
  const dir = await tempDir(t);
  await writeFile(path.join(dir, 'models.json'), '{"version":1,"fetchedAt":', 'utf8');
  const catalog = new ModelCatalog({ fetchModels: scriptedFetch(full.slice(0, 3)).fetchModels, storageDir: dir });
  assert.equal((await catalog.getModels()).models.length, 3);
});

test('concurrent callers share one fetch; cache file names differ per base URL', async () => {
  const fetcher = scriptedFetch(full);
  const catalog = new ModelCatalog({ fetchModels: fetcher.fetchModels });
  await Promise.all([catalog.getModels(), catalog.getModels(), catalog.refresh()]);
  assert.equal(fetcher.calls.length, 1);
  assert.notEqual(catalogCacheFileName('openrouter', 'https://openrouter.ai/api/v1'), catalogCacheFileName('openrouter', 'http://127.0.0.1:9/api/v1'));
  assert.equal(catalogCacheFileName('openrouter', 'https://openrouter.ai/api/v1/'), catalogCacheFileName('openrouter', 'https://openrouter.ai/api/v1'));
});

test('find, search and groupByVendor work on the loaded list', async () => {
  const catalog = new ModelCatalog({ fetchModels: scriptedFetch(full).fetchModels });
  await catalog.getModels();
  assert.equal(catalog.find('openai/gpt-oss-20b:free')?.isFree, true);
  assert.equal(catalog.find('OpenAI/GPT-4o')?.id, 'openai/gpt-4o');
  assert.equal(catalog.find('anthropic/claude-sonnet-4.5:nitro')?.id, 'anthropic/claude-sonnet-4.5');
  assert.equal(catalog.find('nobody/nothing'), undefined);
  assert.equal(catalog.search('gpt-4o')[0].id, 'openai/gpt-4o');
  const groups = catalog.groupByVendor();
  assert.equal(groups.reduce((n, g) => n + g.models.length, 0), full.length);
  assert.ok(groups.some((g) => g.vendor === 'meta-llama'));
});
