import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import nodeFs, { promises as fs, mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { scanWorkspace } from '../../../src/core/docs/scan';
import type { ScanResult } from '../../../src/core/docs/types';
import { prepareFixture, type PreparedFixture } from '../../fixtures/workspaces/prepare';

let tmp: string;
let ts: PreparedFixture;
let py: PreparedFixture;

before(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'docsmith-scan-'));
  ts = await prepareFixture('ts-sample', path.join(tmp, 'ts'));
  py = await prepareFixture('py-sample', path.join(tmp, 'py'));
});

after(() => rmSync(tmp, { recursive: true, force: true }));

function paths(result: ScanResult): string[] {
  return result.files.map((f) => f.path);
}

function reasonOf(result: ScanResult, file: string): string | undefined {
  return result.skipped.find((s) => s.path === file)?.reason;
}

test('ts-sample: every source file is found and gitignored files are absent', async () => {
  const result = await scanWorkspace({ root: ts.root });
  const found = paths(result);
  const sources = found.filter((p) => p.startsWith('src/') && p.endsWith('.ts'));
  assert.equal(sources.length, 20, `19 committed .ts files + the generated large one, got ${sources.join(', ')}`);
  for (const expected of ['src/app.ts', 'src/models/index.ts', 'src/services/storage/fileStore.ts', 'src/cli/commands/report.ts', 'package.json', 'README.md', '.gitignore']) {
    assert.ok(found.includes(expected), `${expected} missing`);
  }
  assert.ok(!found.includes('build/bundle.js'), 'build/ is gitignored');
  assert.ok(!found.includes('debug.log'), '*.log is gitignored');
  assert.ok(!found.includes('src/services/storage/cache.tmp'), 'nested .gitignore hides *.tmp');
  assert.equal(result.skipped.find((s) => s.path.startsWith('build/') || s.path.endsWith('.log')), undefined, 'ignored files are not listed as skipped');
  assert.deepEqual([...found].sort(), found, 'sorted by path');
});

test('ts-sample: binary skipped as binary, .env skipped as secret, large file flagged not dropped', async () => {
  const result = await scanWorkspace({ root: ts.root });
  assert.equal(reasonOf(result, ts.binaryFile), 'binary');
  assert.equal(reasonOf(result, '.env'), 'secret');
  assert.ok(!paths(result).includes('.env'));
  const large = result.files.find((f) => f.path === ts.largeFile);
  assert.ok(large, 'large file is listed');
  assert.equal(large.large, true);
  assert.ok(large.size > 256 * 1024);
  assert.equal(result.files.find((f) => f.path === 'src/app.ts')?.large, undefined, 'small files are not flagged');
  const raised = await scanWorkspace({ root: ts.root, maxFileSizeKB: 1024 });
  assert.equal(raised.files.find((f) => f.path === ts.largeFile)?.large, undefined, 'threshold follows maxFileSizeKB');
});

test('secret files are never opened and the canary never appears in the result', async () => {
  const original = fs.readFile;
  const originalSync = nodeFs.openSync;
  const originalReadSync = nodeFs.readFileSync;
  const opened: string[] = [];
  nodeFs.readFileSync = ((file: Parameters<typeof nodeFs.readFileSync>[0], ...rest: unknown[]) => {
    opened.push(String(file));
    return (originalReadSync as (...args: unknown[]) => unknown).call(nodeFs, file, ...rest);
  }) as typeof nodeFs.readFileSync;
  fs.readFile = ((file: Parameters<typeof fs.readFile>[0], ...rest: unknown[]) => {
    opened.push(String(file));
    return (original as (...args: unknown[]) => unknown).call(fs, file, ...rest);
  }) as typeof fs.readFile;
  nodeFs.openSync = ((file: Parameters<typeof nodeFs.openSync>[0], ...rest: unknown[]) => {
    opened.push(String(file));
    return (originalSync as (...args: unknown[]) => unknown).call(nodeFs, file, ...rest);
  }) as typeof nodeFs.openSync;
  let result: ScanResult;
  try {
    await fs.writeFile(path.join(ts.root, 'server.pem'), '-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----\n');
    await fs.writeFile(path.join(ts.root, 'src', 'prod.secret.json'), '{"token":"canary-never-send"}');
    result = await scanWorkspace({ root: ts.root, neverSend: ['src/*.secret.json'] });
  } finally {
    fs.readFile = original;
    nodeFs.openSync = originalSync;
    nodeFs.readFileSync = originalReadSync;
    await fs.rm(path.join(ts.root, 'server.pem'));
    await fs.rm(path.join(ts.root, 'src', 'prod.secret.json'));
  }
  assert.ok(opened.length > 20, 'the spy saw the scan read files');
  assert.deepEqual(opened.filter((f) => /\.env$|\.pem$|secret\.json$/.test(f)), []);
  assert.equal(reasonOf(result, 'server.pem'), 'secret');
  assert.equal(reasonOf(result, 'src/prod.secret.json'), 'secret', 'neverSend globs are honoured');
  assert.ok(!JSON.stringify(result).includes(ts.envCanary));
});

test('hashes are sha256 of the bytes, stable across scans, and change only for the edited file', async () => {
  const first = await scanWorkspace({ root: ts.root });
  const appBytes = await fs.readFile(path.join(ts.root, 'src/app.ts'));
  assert.equal(first.files.find((f) => f.path === 'src/app.ts')?.hash, createHash('sha256').update(appBytes).digest('hex'));
  for (const size of [65535, 65536, 65537, 200_000]) {
    await fs.writeFile(path.join(ts.root, `src/size${size}.txt`), Buffer.alloc(size, 'abcdefgh\n'));
  }
  const sized = await scanWorkspace({ root: ts.root });
  for (const file of [ts.largeFile, 'src/size65535.txt', 'src/size65536.txt', 'src/size65537.txt', 'src/size200000.txt']) {
    const bytes = await fs.readFile(path.join(ts.root, file));
    const scanned = sized.files.find((f) => f.path === file);
    assert.equal(scanned?.size, bytes.length, file);
    assert.equal(scanned?.hash, createHash('sha256').update(bytes).digest('hex'), file);
  }
  for (const size of [65535, 65536, 65537, 200_000]) await fs.rm(path.join(ts.root, `src/size${size}.txt`));
  const second = await scanWorkspace({ root: ts.root });
  assert.deepEqual(second.files, first.files);
  const target = path.join(ts.root, 'src/util/dates.ts');
  const before = await fs.readFile(target, 'utf8');
  await fs.writeFile(target, `${before}\n// edited\n`);
  try {
    const third = await scanWorkspace({ root: ts.root });
    const changed = third.files.filter((f, i) => f.hash !== first.files[i].hash).map((f) => f.path);
    assert.deepEqual(changed, ['src/util/dates.ts']);
  } finally {
    await fs.writeFile(target, before);
  }
});

test('languages come from file extensions', async () => {
  const result = await scanWorkspace({ root: ts.root });
  const lang = (p: string) => result.files.find((f) => f.path === p)?.language;
  assert.equal(lang('src/app.ts'), 'typescript');
  assert.equal(lang('README.md'), 'markdown');
  assert.equal(lang('package.json'), 'json');
  assert.equal(lang('.gitignore'), 'text');
});

test('py-sample: package files found, ignored and special files handled', async () => {
  const result = await scanWorkspace({ root: py.root });
  const found = paths(result);
  const sources = found.filter((p) => p.endsWith('.py'));
  assert.equal(sources.length, 16, `14 committed + the large file + its package __init__, got ${sources.join(', ')}`);
  for (const expected of ['inventory/__init__.py', 'inventory/services/reports/summary.py', 'inventory/services/__init__.py', 'pyproject.toml']) {
    assert.ok(found.includes(expected), `${expected} missing`);
  }
  assert.ok(!found.includes('build/generated.py'));
  assert.ok(!found.includes('run.log'));
  assert.equal(reasonOf(result, '.env'), 'secret');
  assert.equal(reasonOf(result, py.binaryFile), 'binary');
  assert.equal(result.files.find((f) => f.path === py.largeFile)?.large, true);
  assert.equal(result.files.find((f) => f.path === 'inventory/main.py')?.language, 'python');
  const empty = result.files.find((f) => f.path === 'inventory/services/__init__.py');
  assert.equal(empty?.size, 0, 'empty files are kept');
});
