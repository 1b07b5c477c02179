import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import { PageWriter } from '../../../src/core/docs/pageWriter';
import { TEMP_SUFFIX } from '../../../src/core/atomicFile';
import { ManifestStore, MANIFEST_FILE, emptyManifest, readManifest, type ManifestPage } from '../../../src/core/docs/manifest';
import { RunLockedError, acquireRunLock, LOCK_FILE } from '../../../src/core/docs/runLock';
import { UnsafePathError, resolveInsideOutput } from '../../../src/core/docs/pagePaths';

async function tempDir(): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), 'docsmith-store-'));
}

function entry(i: number): ManifestPage {
  return {
    kind: 'file',
    inputsHash: `h${i}`,
    sources: { [`f${i}.ts`]: `s${i}` },
    summary: `page ${i}`,
    contentHash: `c${i}`,
    provider: 'openrouter',
    model: 'm',
    tokens: { prompt: 1, completion: 2, cached: 0, total: 3 },
    costUsd: null,
    requests: 1,
    generatedAt: new Date(0).toISOString(),
    durationMs: 1,
    citations: { total: 0, repaired: 0, removed: 0 },
  };
}

test('page paths that leave the output folder are refused', () => {
  for (const bad of ['../x.md', 'a/../../x.md', '/etc/passwd', 'C:\\Windows\\x.md', 'c:/x.md', '', 'a/\0.md', 'file:///etc/x']) {
    assert.throws(() => resolveInsideOutput('/out', bad), UnsafePathError, bad);
  }
  assert.equal(resolveInsideOutput('/out', './a//b.md'), path.resolve('/out/a/b.md'));
  assert.equal(resolveInsideOutput('/out', 'a\\b.md'), path.resolve('/out/a/b.md'));
});

test('the writer writes atomically inside the output folder and leaves no temp files', async () => {
  const dir = await tempDir();
  const w = new PageWriter(dir);
  const hash = await w.write('src/core/a.ts.md', '# A\n');
  assert.equal(await fs.readFile(path.join(dir, 'src/core/a.ts.md'), 'utf8'), '# A\n');
  assert.equal(hash, (await w.ownership('src/core/a.ts.md'))?.hash);
  await w.write('src/core/a.ts.md', '# A2\n');
  const names = await fs.readdir(path.join(dir, 'src/core'));
  assert.deepEqual(names, ['a.ts.md']);
  await assert.rejects(w.write('../escape.md', 'x'), UnsafePathError);
  await assert.rejects(fs.stat(path.join(dir, '..', 'escape.md')));
});

test('the writer will not write through a symlinked folder pointing outside', async () => {
  const dir = await tempDir();
  const outside = await tempDir();
  await fs.symlink(outside, path.join(dir, 'link'));
  const w = new PageWriter(dir);
  await assert.rejects(w.write('link/x.md', 'x'), UnsafePathError);
  await assert.rejects(w.write('link/deeper/x.md', 'x'), UnsafePathError);
  assert.deepEqual(await fs.readdir(outside), []);
});

test('a folder checked once still refuses a symlink made below it later, and pages of folders not created yet are absent', async () => {
  const dir = await tempDir();
  const outside = await tempDir();
  const w = new PageWriter(dir);
  assert.equal(await w.state('src/a/b/x.md'), 'absent');
  assert.equal(await w.state('src/a/c/y.md'), 'absent');
  await w.write('src/a/b/x.md', '# X\n');
  assert.equal(await w.state('src/a/b/x.md'), 'file');
  // src/a was found inside while writing; a symlink appearing in it afterwards is resolved, not trusted.
  await fs.symlink(outside, path.join(dir, 'src', 'a', 'link'));
  assert.equal(await w.state('src/a/link/z.md'), 'outside');
  await assert.rejects(w.write('src/a/link/z.md', 'z'), UnsafePathError);
  await assert.rejects(w.write('src/a/link/deeper/z.md', 'z'), UnsafePathError);
  // A plain folder made beside it is inside.
  await fs.mkdir(path.join(dir, 'src', 'a', 'plain'));
  await w.write('src/a/plain/p.md', '# P\n');
  await Promise.all(['src/n/1.md', 'src/n/2.md', 'src/n/3.md'].map((p) => w.write(p, p)));
  assert.deepEqual((await fs.readdir(path.join(dir, 'src', 'n'))).sort(), ['1.md', '2.md', '3.md']);
  assert.deepEqual(await fs.readdir(outside), []);
});

test('leftover temp files from a killed run are removed; removing a page prunes empty folders', async () => {
  const dir = await tempDir();
  await fs.mkdir(path.join(dir, 'a/b'), { recursive: true });
  await fs.writeFile(path.join(dir, `a/b/.x.md.123.abcd${TEMP_SUFFIX}`), 'half');
  await fs.writeFile(path.join(dir, 'a/b/keep.md'), 'keep');
  const w = new PageWriter(dir);
  assert.deepEqual(await w.removeLeftoverTempFiles(), [`a/b/.x.md.123.abcd${TEMP_SUFFIX}`]);
  await w.remove('a/b/keep.md');
  await assert.rejects(fs.stat(path.join(dir, 'a')));
  await fs.stat(dir);
});

test('the manifest records every change, survives concurrent updates and compacts into manifest.json', async () => {
  const dir = await tempDir();
  const store = new ManifestStore(dir, emptyManifest());
  await Promise.all(Array.from({ length: 50 }, (_, i) => store.set(`p${i}.md`, entry(i))));
  const loaded = await readManifest(dir);
  assert.equal(Object.keys(loaded.manifest.pages).length, 50, 'journalled changes read back before compaction');
  assert.equal(loaded.manifest.pages['p7.md'].summary, 'page 7');
  // each set() resolves only once its line is on disk
  const store2 = new ManifestStore(dir, loaded.manifest);
  const writes = [store2.set('late-a.md', entry(100)), store2.set('late-b.md', entry(101))];
  await writes[1];
  assert.ok((await readManifest(dir)).manifest.pages['late-b.md']);
  await writes[0];
  await store2.remove('p3.md');
  await store2.compact();
  const files = await fs.readdir(path.join(dir, '.docsmith'));
  assert.deepEqual(files, ['manifest.json']);
  const compacted = JSON.parse(await fs.readFile(path.join(dir, MANIFEST_FILE), 'utf8')) as { pages: Record<string, unknown> };
  assert.equal(Object.keys(compacted.pages).length, 51);
  assert.equal(compacted.pages['p3.md'], undefined);
});

test('a corrupt or missing manifest reads as empty with the reason', async () => {
  const dir = await tempDir();
  assert.equal((await readManifest(dir)).problem, 'missing');
  await fs.mkdir(path.join(dir, '.docsmith'));
  await fs.writeFile(path.join(dir, MANIFEST_FILE), '{"pages": {"a.md": ');
  const r = await readManifest(dir);
  assert.equal(r.problem, 'corrupt');
  assert.deepEqual(r.manifest.pages, {});
});

test('a second run is refused while the first holds the lock; released locks can be taken again', async () => {
  const dir = await tempDir();
  const lock = await acquireRunLock(dir);
  await assert.rejects(acquireRunLock(dir), (e: unknown) => e instanceof RunLockedError && e.holderPid === process.pid && /already writing/.test(e.message));
  await lock.release();
  const again = await acquireRunLock(dir);
  await again.release();
  await assert.rejects(fs.stat(path.join(dir, LOCK_FILE)));
});

test('a lock left by a dead process is stale and taken over', async () => {
  const dir = await tempDir();
  const child = spawn(process.execPath, ['-e', '0']);
  const deadPid = child.pid!;
  await new Promise((r) => child.on('exit', r));
  await fs.mkdir(path.join(dir, '.docsmith'), { recursive: true });
  await fs.writeFile(path.join(dir, LOCK_FILE), JSON.stringify({ pid: deadPid, host: os.hostname(), startedAt: '2020-01-01T00:00:00Z', token: 'old' }));
  const lock = await acquireRunLock(dir);
  const content = JSON.parse(await fs.readFile(path.join(dir, LOCK_FILE), 'utf8')) as { pid: number };
  assert.equal(content.pid, process.pid);
  await lock.release();
});
