import { test } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fork } from 'node:child_process';
import { cacheKey, ResponseCache, type CacheKeyParts } from '../../../src/core/cache/responseCache';
import type { ChatResult } from '../../../src/core/providers/types';

async function tempDir(): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), 'docsmith-cache-'));
}

const base: CacheKeyParts = {
  provider: 'openrouter',
  scope: 'https://openrouter.ai/api/v1',
  request: { model: 'openai/gpt-4o', messages: [{ role: 'system', content: 'rules' }, { role: 'user', content: 'file a.ts' }], maxTokens: 4096, temperature: 0.1 },
};

function answer(text: string, finishReason = 'stop'): ChatResult {
  return { text, finishReason, servedModel: 'openai/gpt-4o', latencyMs: 5, usage: { promptTokens: 100, completionTokens: 20, cachedTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 } };
}

test('a stored answer is a hit for the same request, with the tokens it saves', async () => {
  const cache = new ResponseCache({ dir: await tempDir() });
  const key = cacheKey(base);
  assert.equal(await cache.get(key), undefined);
  await cache.put(key, answer('the page'));
  const hit = await cache.get(key);
  assert.equal(hit?.text, 'the page');
  assert.equal(hit?.usage?.promptTokens, 100);
  assert.equal(hit?.servedModel, 'openai/gpt-4o');
});

test('any change of provider, server, model, fallbacks, parameter, schema, tools or message is a miss', () => {
  const key = cacheKey(base);
  const variants: CacheKeyParts[] = [
    { ...base, provider: 'openai' },
    { ...base, scope: 'http://localhost:11434/v1' },
    { ...base, request: { ...base.request, model: 'openai/gpt-4o-mini' } },
    { ...base, request: { ...base.request, fallbackModels: ['x/y'] } },
    { ...base, request: { ...base.request, maxTokens: 4095 } },
    { ...base, request: { ...base.request, temperature: 0.2 } },
    { ...base, request: { ...base.request, jsonSchema: { name: 'page', schema: {} } } },
    { ...base, request: { ...base.request, tools: [{ name: 'read', description: '', parameters: {} }] } },
    { ...base, request: { ...base.request, toolChoice: 'required' } },
    { ...base, request: { ...base.request, messages: [{ role: 'system', content: 'rules' }, { role: 'user', content: 'file a.ts ' }] } },
  ];
  const keys = new Set([key, ...variants.map(cacheKey)]);
  assert.equal(keys.size, variants.length + 1);
  assert.equal(cacheKey(structuredClone(base)), key, 'the same request gives the same key');
});

test('failed, cut-off and empty answers are never stored', async () => {
  const cache = new ResponseCache({ dir: await tempDir() });
  const unfinished = answer('no finish');
  delete unfinished.finishReason;
  for (const [i, result] of [answer('cut', 'length'), answer('broken', 'error'), unfinished, answer('   ')].entries()) {
    const key = cacheKey({ ...base, request: { ...base.request, maxTokens: i } });
    await cache.put(key, result);
    assert.equal(await cache.get(key), undefined, `stored: ${result.text}`);
  }
});

test('a corrupt or foreign entry is ignored and removed', async () => {
  const dir = await tempDir();
  const cache = new ResponseCache({ dir });
  const key = cacheKey(base);
  await cache.put(key, answer('good'));
  const file = path.join(dir, key.slice(0, 2), `${key}.json`);
  for (const bad of ['{"format":1,"key":"', JSON.stringify({ format: 1, key: 'other', savedAt: '', answer: { text: 'x', servedModel: 'm' } }), 'null']) {
    await fs.writeFile(file, bad);
    assert.equal(await cache.get(key), undefined);
    await assert.rejects(fs.stat(file), 'removed');
  }
});

test('past its bound the least recently used entries are evicted; a read keeps an entry', async () => {
  const dir = await tempDir();
  let clock = Date.parse('2026-01-01T00:00:00Z');
  const cache = new ResponseCache({ dir, maxBytes: 4000, now: () => new Date((clock += 1000)) });
  const keys = Array.from({ length: 12 }, (_, i) => cacheKey({ ...base, request: { ...base.request, maxTokens: i } }));
  for (const [i, key] of keys.entries()) {
    await cache.put(key, answer(`answer ${i} `.padEnd(200, '.')));
    // Writes get the real clock's time: set each entry's time so the order is known.
    const t = new Date((clock += 1000));
    await fs.utimes(path.join(dir, key.slice(0, 2), `${key}.json`), t, t);
    if (i >= 1) assert.ok(await cache.get(keys[0]), 'the first entry is read after every write, so it stays recent');
  }
  const left = await Promise.all(keys.map((k) => cache.get(k)));
  assert.ok(left[0], 'recently read: kept');
  assert.equal(left[1], undefined, 'least recently used: evicted');
  assert.ok(left[11], 'newest: kept');
  let bytes = 0;
  for (const shard of await fs.readdir(dir)) for (const f of await fs.readdir(path.join(dir, shard))) bytes += (await fs.stat(path.join(dir, shard, f))).size;
  assert.ok(bytes <= 4000, `${bytes} bytes on disk`);
});

test('two processes writing the same answers at once leave whole entries that read back', async () => {
  const dir = await tempDir();
  const script = path.join(__dirname, 'cacheWriter.js');
  const run = (): Promise<number | null> => new Promise((resolve) => fork(script, [dir]).on('exit', resolve));
  assert.deepEqual(await Promise.all([run(), run()]), [0, 0]);
  const cache = new ResponseCache({ dir });
  for (let i = 0; i < 50; i++) assert.equal((await cache.get(cacheKey({ ...base, request: { ...base.request, maxTokens: i } })))?.text, `answer ${i}`);
  const leftovers = (await fs.readdir(dir, { recursive: true })).filter((f) => String(f).endsWith('.docsmith-tmp'));
  assert.deepEqual(leftovers, []);
});

async function* chunksOf(parts: readonly string[], failAfter = Infinity): AsyncGenerator<string> {
  for (const [i, part] of parts.entries()) {
    if (i >= failAfter) throw new Error('a page changed on disk');
    yield part;
  }
}

test('a run replay is stored from its chunks and read back whole; one whose chunks fail part way leaves no replay, nor the one stored before', async () => {
  const dir = await tempDir();
  const cache = new ResponseCache({ dir });
  const key = 'ab'.repeat(32);
  assert.equal(await cache.getReplay(key), undefined);
  await cache.putReplay(key, chunksOf(['{"header":1}\n', '{"page":1}\n', '{"page":2}\n']));
  assert.equal((await cache.getReplay(key))?.toString('utf8'), '{"header":1}\n{"page":1}\n{"page":2}\n');

  await cache.putReplay(key, chunksOf(['{"header":2}\n', '{"page":1}\n', '{"page":2}\n'], 2));
  assert.equal(await cache.getReplay(key), undefined);
  const left = await fs.readdir(path.join(dir, 'replay'));
  assert.deepEqual(left, [], 'no replay and no temp file');
});
