import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { runDocs } from '../../../src/core/docs/docRun';
import { ResponseCache } from '../../../src/core/cache/responseCache';
import type { ResponseCacheUse } from '../../../src/core/docs/modelCallCache';
import { MANIFEST_FILE } from '../../../src/core/docs/manifest';
import type { FakeChatRequest } from '../../fixtures/fakeLlm/scenarios';
import { setUpDocRun, wrongCitationResponder, type DocRunFixture } from './docRunHarness';
import { cachedAnswerFiles } from '../cache/cacheFiles';
import { parseReplay } from '../../../src/core/docs/replayFile';

const CITING = 'src/util/format.ts';
const CITED = 'src/models/order.ts';

/**
 * The format.ts page also cites order.ts at lines 50-52: past its end (44 lines) at first, so
 * validation drops the citation; once order.ts grows, the same answer's citation is kept.
 */
function citingResponder(request: FakeChatRequest): ReturnType<typeof wrongCitationResponder> {
  const answer = wrongCitationResponder(request);
  const user = request.messages.filter((m) => m.role === 'user').pop()?.content ?? '';
  if (!user.includes(`the file \`${CITING}\``)) return answer;
  return { ...answer, text: `${answer.text}\n\nOrders are described at [${CITED}:50-52].` };
}

interface Counted {
  use: ResponseCacheUse;
  /** Replays read (found) and recorded in this run. */
  replays: { found: number; recorded: number };
}

/** The response cache in `dir`, with replays (`withReplay`) or as a cache without them, so every page is built the slow way. */
function cacheIn(e: DocRunFixture, dir: string, withReplay: boolean): Counted {
  const cache = new ResponseCache({ dir });
  const replays = { found: 0, recorded: 0 };
  const use: ResponseCacheUse = {
    scope: e.fake.openRouterBaseUrl,
    cache: withReplay
      ? {
          get: (k) => cache.get(k),
          put: (k, r) => cache.put(k, r),
          getReplay: async (k) => {
            const text = await cache.getReplay(k);
            if (text !== undefined) replays.found++;
            return text;
          },
          putReplay: async (k, chunks) => {
            replays.recorded++;
            await cache.putReplay(k, chunks);
          },
        }
      : { get: (k) => cache.get(k), put: (k, r) => cache.put(k, r) },
  };
  return { use, replays };
}

/** The output folder deleted, then a run: its requests, cache hits and pages (the manifest without the times it records). */
async function rebuild(e: DocRunFixture, cache: Counted): Promise<{ sent: number; hits: number; pages: Record<string, string>; manifest: unknown; lastProgress: string }> {
  await fs.rm(e.outputDir, { recursive: true, force: true });
  const before = e.fake.chatRequests.length;
  let lastProgress = '';
  const summary = await runDocs(e.options, { ...e.services, responseCache: cache.use }, { onProgress: (p) => (lastProgress = p.phase === 'generate' ? `${p.pagesDone}/${p.pagesTotal}` : lastProgress) });
  assert.deepEqual(summary.failed, []);
  const pages: Record<string, string> = {};
  for (const page of summary.pages.written) pages[page] = await fs.readFile(path.join(e.outputDir, ...page.split('/')), 'utf8');
  const manifest = JSON.parse(await fs.readFile(path.join(e.outputDir, ...MANIFEST_FILE.split('/')), 'utf8')) as { pages: Record<string, Record<string, unknown>> };
  for (const entry of Object.values(manifest.pages)) {
    delete entry.generatedAt;
    delete entry.durationMs;
  }
  return { sent: e.fake.chatRequests.length - before, hits: summary.cache.hits, pages, manifest: manifest.pages, lastProgress };
}

/** A test on a copy of the TypeScript sample, with a response cache folder beside it. */
function testInSample(name: string, body: (e: DocRunFixture, dir: string) => Promise<void>): void {
  test(name, async () => {
    const e = await setUpDocRun('ts-sample', { batchSmallFiles: false });
    try {
      await body(e, path.join(path.dirname(e.fixture.root), 'responses'));
    } finally {
      await e.close();
    }
  });
}

testInSample('a rebuild from the cache with unchanged inputs replays the recorded pages: byte for byte what the slow way builds, the same manifest, no request', async (e, dir) => {
  e.fake.responder = citingResponder;
  const recording = cacheIn(e, dir, true);
  const first = await rebuild(e, recording);
  assert.ok(first.sent > 5);
  assert.equal(recording.replays.recorded, 1, 'a run that wrote every page from a fresh output folder is recorded');

  const replaying = cacheIn(e, dir, true);
  const replayed = await rebuild(e, replaying);
  assert.deepEqual([replaying.replays.found, replaying.replays.recorded], [1, 0], 'the replay was used (and so not recorded again)');
  assert.equal(replayed.sent, 0);
  assert.equal(replayed.hits, first.sent, 'every answer the recording run used counts as a cache hit');
  const total = Object.keys(first.pages).length;
  assert.equal(replayed.lastProgress, `${total}/${total}`, 'the progress the replay reports ends with every page written');

  const slow = await rebuild(e, cacheIn(e, dir, false));
  assert.equal(slow.sent, 0);
  assert.equal(slow.hits, replayed.hits);
  assert.deepEqual(replayed.pages, slow.pages, 'the replayed pages are the bytes the pages built from the cached answers have');
  assert.deepEqual(replayed.manifest, slow.manifest);
  assert.ok(!replayed.pages[`${CITING}.md`].includes(`${CITED}:50`), 'the citation past the end of order.ts was dropped');
});

testInSample('after a file a page cites grows, the replay is not used: the page is built again from its cached answer and now keeps the citation', async (e, dir) => {
  e.fake.responder = citingResponder;
  const before = await rebuild(e, cacheIn(e, dir, true));
  const cited = path.join(e.fixture.root, ...CITED.split('/'));
  await fs.appendFile(cited, `${Array.from({ length: 16 }, (_, i) => `// note ${i + 1}`).join('\n')}\n`);

  const changed = cacheIn(e, dir, true);
  const after = await rebuild(e, changed);
  assert.equal(changed.replays.found, 0, 'no replay has these inputs');
  assert.equal(changed.replays.recorded, 1, 'this run is recorded in turn');
  assert.ok(after.sent >= 1, 'the page of the changed file is asked for again');
  const page = after.pages[`${CITING}.md`];
  assert.match(page, /order\.ts:50-52/, 'the citation is valid now, and kept');
  assert.notEqual(page, before.pages[`${CITING}.md`]);

  const slow = await rebuild(e, cacheIn(e, dir, false));
  assert.equal(slow.sent, 0);
  assert.deepEqual(after.pages, slow.pages);

  const replaying = cacheIn(e, dir, true);
  const replayed = await rebuild(e, replaying);
  assert.deepEqual([replaying.replays.found, replaying.replays.recorded, replayed.sent], [1, 0, 0]);
  assert.deepEqual(replayed.pages, slow.pages);
  assert.deepEqual(replayed.manifest, slow.manifest);
});

testInSample('an answer replaced in the response cache since the replay was recorded sends the run the slow way, with the new answer', async (e, dir) => {
  await rebuild(e, cacheIn(e, dir, true));
  // The cached answer of the format.ts page, rewritten as a forced new answer would replace it.
  let replaced = 0;
  for (const { file, entry } of await cachedAnswerFiles(dir)) {
    if (!entry.answer.text.includes(`Handles ${path.posix.basename(CITING)}`)) continue;
    entry.answer.text = entry.answer.text.replace('The file starts here', 'A newer answer: the file starts here');
    await fs.writeFile(file, JSON.stringify(entry));
    replaced++;
  }
  assert.equal(replaced, 1);
  const cache = cacheIn(e, dir, true);
  const after = await rebuild(e, cache);
  assert.deepEqual([cache.replays.found, after.sent], [1, 0], 'the replay was found, but the cache no longer holds what it was built from');
  assert.equal(cache.replays.recorded, 1, 'the slow way ran, and recorded the run again');
  assert.match(after.pages[`${CITING}.md`], /A newer answer/);
});

/** The one replay file the response cache folder holds. */
async function replayFileIn(dir: string): Promise<string> {
  const names = (await fs.readdir(path.join(dir, 'replay'))).filter((n) => n.endsWith('.json'));
  assert.equal(names.length, 1, `replay files: ${names.join(', ')}`);
  return path.join(dir, 'replay', names[0]);
}

/** A replay's pages by path (pages finish in another order from run to run). */
function pagesOf(data: Buffer, key: string): Map<string, unknown> {
  const replay = parseReplay(data, key);
  assert.ok(replay, 'a whole replay');
  return new Map(replay.pages.map((p) => [p.path, p]));
}

testInSample('a replay cut short, corrupt or of the older layout is ignored: the run takes the slow way to the same pages and records the replay again', async (e, dir) => {
  const first = await rebuild(e, cacheIn(e, dir, true));
  const file = await replayFileIn(dir);
  const whole = await fs.readFile(file);
  const key = (JSON.parse(whole.toString('utf8', 0, whole.indexOf('\n'))) as { key: string }).key;
  const recorded = pagesOf(whole, key);
  assert.deepEqual([...recorded.keys()].sort(), Object.keys(first.pages).sort());
  const text = whole.toString('utf8');
  const lastPage = text.lastIndexOf('\n{"path":');
  const damaged: Record<string, string> = {
    'cut after a whole page': text.slice(0, lastPage + 1),
    'cut inside the last page': text.slice(0, text.length - 40),
    'without its last newline': text.slice(0, -1),
    'a page longer than its size says': text.replace(/"bytes":(\d+)/, (_, n: string) => `"bytes":${Number(n) - 1}`),
    'bytes after the last page': `${text}{}\n`,
    'one JSON document, as the older layout stored it': JSON.stringify({ format: 1, key, answers: [], pages: [], report: {} }),
  };
  for (const [what, bad] of Object.entries(damaged)) {
    await fs.writeFile(file, bad);
    const cache = cacheIn(e, dir, true);
    const after = await rebuild(e, cache);
    assert.deepEqual([cache.replays.found, cache.replays.recorded, after.sent], [1, 1, 0], `${what}: read, not used, recorded again; every answer from the cache`);
    assert.deepEqual(after.pages, first.pages, what);
    assert.deepEqual(pagesOf(await fs.readFile(file), key), recorded, `${what}: the replay recorded again holds the pages recorded first`);
  }
  const replaying = cacheIn(e, dir, true);
  const replayed = await rebuild(e, replaying);
  assert.deepEqual([replaying.replays.found, replaying.replays.recorded], [1, 0], 'the replay recorded again is used');
  assert.deepEqual(replayed.pages, first.pages);
});

testInSample('a page changed on disk after the run wrote it is not recorded; the next rebuild takes the slow way and builds it again', async (e, dir) => {
  const page = path.join(e.outputDir, ...`${CITING}.md`.split('/'));
  await fs.rm(e.outputDir, { recursive: true, force: true });
  const recording = cacheIn(e, dir, true);
  // Once every page is written, before the run ends: the user edits a page.
  const onProgress = (p: { phase: string }): void => {
    if (p.phase === 'done') appendFileSync(page, '\nEdited by hand.\n');
  };
  const summary = await runDocs(e.options, { ...e.services, responseCache: recording.use }, { onProgress });
  assert.deepEqual(summary.failed, []);
  assert.match(await fs.readFile(page, 'utf8'), /Edited by hand/);
  assert.equal(recording.replays.recorded, 1, 'the recording was tried');
  assert.deepEqual(await fs.readdir(path.join(dir, 'replay')), [], 'and left no replay, nor a temp file');

  const next = cacheIn(e, dir, true);
  const rebuilt = await rebuild(e, next);
  assert.deepEqual([next.replays.found, next.replays.recorded, rebuilt.sent], [0, 1, 0]);
  assert.doesNotMatch(rebuilt.pages[`${CITING}.md`], /Edited by hand/);
  assert.equal((await fs.readdir(path.join(dir, 'replay'))).length, 1, 'recorded this time');
});
