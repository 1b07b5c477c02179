/**
 * The scan on the bad-input corpus: every odd file is documented, skipped with its reason, or
 * (loops, dangling links, FIFOs, vanished files) quietly absent — and nothing outside the
 * workspace or in a secret file is ever opened.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import nodeFs, { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { scanWorkspace } from '../../../src/core/docs/scan';
import type { ScanResult } from '../../../src/core/docs/types';
import { buildBadInputCorpus, buildEmptyWorkspace, deepFolder, deleteWhenOpened, type BadInputCorpus } from '../../fixtures/badInput/badInputCorpus';

let tmp: string;
let corpus: BadInputCorpus;
let result: ScanResult;
let opened: string[];
let vanishedDuringScan: boolean;
let scanMs: number;

before(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'docsmith-badinput-'));
  corpus = await buildBadInputCorpus(tmp);
  opened = [];
  const originalOpenSync = nodeFs.openSync;
  const hook = deleteWhenOpened(path.join(corpus.root, ...corpus.vanishingFile.split('/')));
  const hookedOpenSync = nodeFs.openSync;
  nodeFs.openSync = ((file: unknown, ...rest: unknown[]) => {
    opened.push(String(file));
    return (hookedOpenSync as (...args: unknown[]) => number).call(nodeFs, file, ...rest);
  }) as typeof nodeFs.openSync;
  const started = performance.now();
  try {
    result = await scanWorkspace({ root: corpus.root });
  } finally {
    nodeFs.openSync = originalOpenSync;
    hook.restore();
  }
  scanMs = performance.now() - started;
  vanishedDuringScan = hook.fired;
});

after(() => rmSync(tmp, { recursive: true, force: true }));

test('every corpus case is documented, skipped with its reason, or absent, as expected', () => {
  const files = new Set(result.files.map((f) => f.path));
  const skipped = new Map(result.skipped.map((s) => [s.path, s.reason]));
  const wrong: string[] = [];
  for (const c of corpus.cases) {
    const got = files.has(c.path) ? 'documented' : (skipped.get(c.path) ?? 'absent');
    if (got !== c.expect) wrong.push(`${c.id} (${JSON.stringify(c.path)}): expected ${c.expect}, got ${got}`);
  }
  assert.deepEqual(wrong, []);
  assert.ok(corpus.cases.length >= 30, `corpus has ${corpus.cases.length} cases`);
});

test('nothing outside the workspace and no secret file is ever opened; no canary reaches the result', () => {
  const outsideReal = nodeFs.realpathSync(corpus.outsideDir);
  const leaked = opened.filter((f) => f.startsWith(corpus.outsideDir) || f.startsWith(outsideReal) || f.endsWith(`${path.sep}.env`));
  assert.deepEqual(leaked, []);
  const text = JSON.stringify(result);
  assert.ok(!text.includes(corpus.outsideCanary));
  assert.ok(!text.includes(corpus.envCanary));
  assert.ok(!result.files.some((f) => f.path.startsWith('links/outside/')), 'the outside folder is not walked through the link');
});

test('the 20 MB file is listed, flagged large and hashed over all its bytes', () => {
  const huge = result.files.find((f) => f.path === 'data/huge.csv');
  assert.ok(huge, 'huge file listed');
  assert.equal(huge.large, true);
  assert.ok(huge.size >= corpus.hugeBytes, `size ${huge.size}`);
  const bytes = readFileSync(path.join(corpus.root, 'data', 'huge.csv'));
  assert.equal(huge.hash, createHash('sha256').update(bytes).digest('hex'));
});

test('invalid UTF-8, CRLF, mixed endings and empty files are hashed as raw bytes, not as decoded text', () => {
  for (const rel of ['src/latin1.ts', 'src/crlf.ts', 'src/mixed.ts', 'src/empty.ts', 'src/noNewline.ts']) {
    const file = result.files.find((f) => f.path === rel);
    assert.ok(file, `${rel} listed`);
    const bytes = readFileSync(path.join(corpus.root, ...rel.split('/')));
    assert.equal(file.hash, createHash('sha256').update(bytes).digest('hex'), rel);
    assert.equal(file.size, bytes.length, rel);
  }
  assert.equal(result.files.find((f) => f.path === 'src/empty.ts')?.size, 0);
});

test('odd names keep their exact spelling in the result', () => {
  const names = result.files.map((f) => f.path);
  for (const expected of ['src/odd names/with space.ts', 'src/ünïcødé/名前.ts', 'src/hash#tag.ts', 'src/100%.ts', 'src/%2e%2e%2fup.ts', 'src/-rf.ts', 'src/--help.ts', 'src/[id](x).ts', 'src/<img src=x onerror=alert(1)>.ts', 'src/new\nline.ts']) {
    assert.ok(names.includes(expected), `${JSON.stringify(expected)} missing`);
  }
  assert.ok(names.includes(`deep/${deepFolder()}/leaf.ts`), '200-deep file found');
});

test('the file deleted while the scan read it is neither listed nor fatal, and the scan never blocks on a FIFO', () => {
  assert.ok(vanishedDuringScan, 'the hook deleted the file during the scan');
  assert.ok(!result.files.some((f) => f.path === corpus.vanishingFile));
  assert.ok(scanMs < 60_000, `scan took ${Math.round(scanMs)} ms`);
  assert.ok(!opened.some((f) => f.endsWith(`${path.sep}pipe.ts`)), 'the FIFO is never opened');
});

test('an empty workspace scans to nothing', async () => {
  const root = await buildEmptyWorkspace(tmp);
  const empty = await scanWorkspace({ root });
  assert.deepEqual(empty.files, []);
  assert.deepEqual(empty.skipped, []);
});

test('the corpus is the same for the same build (hashes are stable)', async () => {
  const again = await buildBadInputCorpus(path.join(tmp, 'again'), { hugeBytes: corpus.hugeBytes, fifo: false });
  const second = await scanWorkspace({ root: again.root });
  const hashes = (r: ScanResult): Record<string, string> => Object.fromEntries(r.files.filter((f) => f.path !== corpus.vanishingFile).map((f) => [f.path, f.hash]));
  assert.deepEqual(hashes(second), hashes(result));
});
