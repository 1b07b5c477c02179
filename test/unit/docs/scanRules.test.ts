import { test, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import nodeFs, { promises as fs, mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { scanWorkspace } from '../../../src/core/docs/scan';
import type { ScanResult } from '../../../src/core/docs/types';
import { prepareFixture, type PreparedFixture } from '../../fixtures/workspaces/prepare';

let tmp: string;
let ws: PreparedFixture;

beforeEach(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'docsmith-rules-'));
  ws = await prepareFixture('ts-sample', path.join(tmp, 'ws'));
});

afterEach(() => rmSync(tmp, { recursive: true, force: true }));

const paths = (r: ScanResult): string[] => r.files.map((f) => f.path);

async function write(relative: string, content: string | Buffer): Promise<void> {
  const file = path.join(ws.root, relative);
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, content);
}

test('a nested .gitignore can re-include what the root ignores, and folders are pruned', async () => {
  await write('src/util/keep.log', 'kept');
  await write('src/util/other.log', 'dropped');
  await write('src/util/.gitignore', '!keep.log\n');
  await write('build/deep/nested.ts', 'export const x = 1;');
  const found = paths(await scanWorkspace({ root: ws.root }));
  assert.ok(found.includes('src/util/keep.log'), 'negation in a deeper .gitignore wins');
  assert.ok(!found.includes('src/util/other.log'));
  assert.ok(!found.some((p) => p.startsWith('build/')));
});

test('.git/info/exclude is honoured and .git and node_modules are never walked', async () => {
  await write('.git/info/exclude', 'src/cli/\n');
  await write('.git/HEAD', 'ref: refs/heads/main\n');
  await write('node_modules/pkg/index.js', 'module.exports = 1;');
  await write('src/node_modules/inner.js', 'module.exports = 2;');
  const found = paths(await scanWorkspace({ root: ws.root }));
  assert.ok(!found.some((p) => p.startsWith('src/cli/')));
  assert.ok(!found.some((p) => p.startsWith('.git/') || p.includes('node_modules/')));
});

test('exclude globs use full-path semantics, not base names', async () => {
  const result = await scanWorkspace({
    root: ws.root,
    exclude: ['src/cli/**', 'util/format.ts'],
    filesExclude: ['**/*.md'],
  });
  const found = paths(result);
  assert.ok(!found.some((p) => p.startsWith('src/cli/')), 'src/cli/** removes the folder');
  assert.ok(found.includes('src/util/format.ts'), '"util/format.ts" is anchored at the root and must not match src/util/format.ts');
  assert.ok(!found.some((p) => p.endsWith('.md')));
  const anchored = paths(await scanWorkspace({ root: ws.root, exclude: ['src/util/format.ts', './src/models/'] }));
  assert.ok(!anchored.includes('src/util/format.ts'));
  assert.ok(anchored.includes('src/models/user.ts'), 'a folder glob without ** matches only the folder path itself');
});

test('the output folder is never scanned', async () => {
  await write('docs/generated/README.md', '# generated');
  await write('docs/generated/src/app.ts.md', '# app');
  await write('docs/handwritten.md', '# kept');
  const found = paths(await scanWorkspace({ root: ws.root, outputDirectory: './docs/generated/' }));
  assert.ok(!found.some((p) => p.startsWith('docs/generated')));
  assert.ok(found.includes('docs/handwritten.md'));
});

test('binary content is detected without a telling extension', async () => {
  await write('data/blob.dat', Buffer.from([0x41, 0x42, 0x00, 0x43, 0x44]));
  await write('data/notes.dat', 'plain text with a tab\tand CRLF\r\n');
  const result = await scanWorkspace({ root: ws.root });
  assert.deepEqual(result.skipped.find((s) => s.path === 'data/blob.dat'), { path: 'data/blob.dat', reason: 'binary' });
  assert.ok(paths(result).includes('data/notes.dat'));
});

test('symlinks pointing outside the root are not followed; loops terminate; inside file links are read', async () => {
  const outside = path.join(tmp, 'outside');
  await fs.mkdir(outside, { recursive: true });
  await fs.writeFile(path.join(outside, 'leak.ts'), 'export const secretOutside = "outside-canary";');
  await fs.symlink(outside, path.join(ws.root, 'src/outsideDir'));
  await fs.symlink(path.join(outside, 'leak.ts'), path.join(ws.root, 'src/outsideFile.ts'));
  await fs.symlink('..', path.join(ws.root, 'src/loopToParent'));
  await fs.symlink('selfLoop', path.join(ws.root, 'src/selfLoop'));
  await fs.symlink('app.ts', path.join(ws.root, 'src/alias.ts'));
  await fs.symlink('../.env', path.join(ws.root, 'src/env.txt'));
  await fs.symlink('missing.ts', path.join(ws.root, 'src/dangling.ts'));
  const result = await scanWorkspace({ root: ws.root });
  const found = paths(result);
  const reason = (p: string) => result.skipped.find((s) => s.path === p)?.reason;
  assert.equal(reason('src/outsideDir'), 'symlinkOutside');
  assert.equal(reason('src/outsideFile.ts'), 'symlinkOutside');
  assert.ok(!JSON.stringify(result).includes('outside-canary'));
  assert.ok(!found.some((p) => p.includes('loopToParent/') || p.includes('outsideDir/')));
  assert.equal(reason('src/env.txt'), 'secret', 'a link to a secret file is a secret');
  const alias = result.files.find((f) => f.path === 'src/alias.ts');
  assert.equal(alias?.hash, result.files.find((f) => f.path === 'src/app.ts')?.hash);
  assert.ok(!found.includes('src/selfLoop') && !found.includes('src/dangling.ts'));
});

test('a file deleted during the scan is skipped, not fatal', async () => {
  const original = nodeFs.openSync;
  const victim = path.join(ws.root, 'src', 'util', 'dates.ts');
  let deleted = false;
  nodeFs.openSync = ((file: Parameters<typeof nodeFs.openSync>[0], ...rest: unknown[]) => {
    if (String(file) === victim) {
      rmSync(victim);
      deleted = true;
    }
    return (original as (...args: unknown[]) => unknown).call(nodeFs, file, ...rest);
  }) as typeof nodeFs.openSync;
  let result: ScanResult;
  try {
    result = await scanWorkspace({ root: ws.root });
  } finally {
    nodeFs.openSync = original;
  }
  assert.ok(deleted, 'the file was deleted between listing and reading');
  assert.ok(!paths(result).includes('src/util/dates.ts'));
  assert.ok(paths(result).includes('src/util/format.ts'));
  assert.equal(result.skipped.find((s) => s.path === 'src/util/dates.ts'), undefined);
});

test('an aborted signal stops the scan', async () => {
  const controller = new AbortController();
  controller.abort(new Error('user cancelled'));
  await assert.rejects(scanWorkspace({ root: ws.root, signal: controller.signal }), /user cancelled/);
});

test('an empty folder scans to nothing', async () => {
  const empty = path.join(tmp, 'empty');
  await fs.mkdir(empty);
  assert.deepEqual(await scanWorkspace({ root: empty }), { root: empty, files: [], skipped: [] });
});
