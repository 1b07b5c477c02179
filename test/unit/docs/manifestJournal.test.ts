/**
 * The manifest's journal: recording a page costs one line whatever the manifest's size, a reader
 * sees `manifest.json` plus the journal, and a process killed at any moment leaves a manifest that
 * reads back whole (every page it holds complete, none missing before the last one recorded).
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ManifestStore, MANIFEST_FILE, MANIFEST_JOURNAL, emptyManifest, readManifest } from '../../../src/core/docs/manifest';
import { seededRandom } from '../../fixtures/badInput/seededRandom';
import { sampleEntry } from './manifestSamples';

async function tempDir(): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), 'docsmith-journal-'));
}

async function size(file: string): Promise<number> {
  return (await fs.stat(file)).size;
}

test('recording a page appends one line: the bytes written per page do not grow with the manifest', async () => {
  const dir = await tempDir();
  const store = new ManifestStore(dir, emptyManifest());
  const journal = path.join(dir, MANIFEST_JOURNAL);
  const perPage: number[] = [];
  for (let i = 0; i < 2000; i++) {
    const before = i === 0 ? 0 : await size(journal);
    await store.set(`pkg/p${i}.md`, sampleEntry(i));
    if (i % 500 === 0 || i === 1999) perPage.push((await size(journal)) - before);
  }
  assert.ok(Math.max(...perPage) < 1024, `bytes appended per page: ${perPage.join(', ')}`);
  assert.ok(Math.max(...perPage) - Math.min(...perPage) < 16, `the 2000th page costs what the first did: ${perPage.join(', ')}`);
  await assert.rejects(fs.stat(path.join(dir, MANIFEST_FILE)), 'manifest.json waits for the compaction');
  await store.compact();
  assert.equal(Object.keys((await readManifest(dir)).manifest.pages).length, 2000);
  await assert.rejects(fs.stat(journal));
});

test('a line cut short by a kill is ignored, and the next run starts its lines on a line of their own', async () => {
  const dir = await tempDir();
  const first = new ManifestStore(dir, emptyManifest());
  await first.set('a.md', sampleEntry(1));
  await first.compact();
  const second = new ManifestStore(dir, (await readManifest(dir)).manifest);
  await second.set('b.md', sampleEntry(2));
  await fs.appendFile(path.join(dir, MANIFEST_JOURNAL), '{"set":"c.md","entry":{"kind":"fi'); // the kill
  const afterKill = await readManifest(dir);
  assert.equal(afterKill.problem, undefined);
  assert.deepEqual(Object.keys(afterKill.manifest.pages).sort(), ['a.md', 'b.md']);
  const third = new ManifestStore(dir, afterKill.manifest);
  await third.set('d.md', sampleEntry(4));
  await third.remove('a.md');
  assert.deepEqual(Object.keys((await readManifest(dir)).manifest.pages).sort(), ['b.md', 'd.md']);
  await third.compact();
  assert.deepEqual(Object.keys((await readManifest(dir)).manifest.pages).sort(), ['b.md', 'd.md']);
});

test('killed with SIGKILL at random moments while recording and compacting, the manifest always reads back whole', async () => {
  const rng = seededRandom(11);
  const problems: string[] = [];
  for (let trial = 0; trial < 8; trial++) {
    const dir = await tempDir();
    const child = spawn(process.execPath, [path.join(__dirname, 'manifestWriter.js'), dir, '100000', String(rng.int(50, 400))], { stdio: ['ignore', 'pipe', 'inherit'] });
    let confirmed = -1;
    let buffered = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      buffered += d;
      for (const m of buffered.matchAll(/set (\d+)\n/g)) confirmed = Number(m[1]);
      buffered = buffered.slice(buffered.lastIndexOf('\n') + 1);
    });
    const killAfter = rng.int(200, 1500);
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        if (confirmed >= killAfter) {
          clearInterval(timer);
          child.kill('SIGKILL');
        }
      }, 1);
      child.on('exit', () => {
        clearInterval(timer);
        resolve();
      });
    });
    const loaded = await readManifest(dir);
    const pages = Object.keys(loaded.manifest.pages);
    const missing = Array.from({ length: confirmed + 1 }, (_, i) => `pkg/p${i}.md`).filter((p) => !loaded.manifest.pages[p]);
    if (loaded.problem === 'corrupt') problems.push(`trial ${trial}: corrupt`);
    if (missing.length > 0) problems.push(`trial ${trial}: ${missing.length} confirmed page(s) missing, e.g. ${missing[0]}`);
    // Pages are recorded one after another: what is there is p0…pk, each entry whole.
    const gaps = pages.filter((p) => Number(/p(\d+)\.md$/.exec(p)?.[1]) >= pages.length);
    if (gaps.length > 0) problems.push(`trial ${trial}: not a prefix, e.g. ${gaps[0]}`);
    if (pages.some((p) => loaded.manifest.pages[p].summary !== sampleEntry(Number(/p(\d+)\.md$/.exec(p)?.[1])).summary)) problems.push(`trial ${trial}: an entry read back changed`);
    await fs.rm(dir, { recursive: true, force: true });
  }
  assert.deepEqual(problems, []);
});

test('a reader that a compaction overtakes between its two reads still sees every page', async () => {
  const dir = await tempDir();
  const readFile = fs.readFile;
  try {
    const first = new ManifestStore(dir, emptyManifest());
    for (let i = 0; i < 3; i++) await first.set(`p${i}.md`, sampleEntry(i));
    await first.compact();
    // A guide written after the run: its lines wait in the journal until something folds them.
    const later = new ManifestStore(dir, (await readManifest(dir)).manifest);
    for (let i = 3; i < 5; i++) await later.set(`p${i}.md`, sampleEntry(i));
    // The fold happens right after the reader's first read, whichever file that is.
    let overtaken = false;
    fs.readFile = (async (...args: Parameters<typeof readFile>) => {
      const text = await readFile(...args).catch((error: unknown) => error);
      if (!overtaken) {
        overtaken = true;
        await later.compact();
      }
      if (text instanceof Error) throw text;
      return text;
    }) as typeof readFile;
    const read = await readManifest(dir);
    fs.readFile = readFile;
    assert.ok(overtaken);
    assert.deepEqual(Object.keys(read.manifest.pages).sort(), ['p0.md', 'p1.md', 'p2.md', 'p3.md', 'p4.md']);
  } finally {
    fs.readFile = readFile;
    await fs.rm(dir, { recursive: true, force: true });
  }
});
