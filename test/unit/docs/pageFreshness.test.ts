import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { docsInputs, needsOwnershipCheck, pageFreshness, refreshDocsInputs } from '../../../src/core/docs/pageFreshness';
import type { ManifestPage } from '../../../src/core/docs/manifest';
import type { ParsedFile, SourceSymbol } from '../../../src/core/docs/types';

function fn(name: string, exported = true): SourceSymbol {
  return { name, kind: 'function', startLine: 1, endLine: 2, exported, parameters: [] };
}

function file(path: string, imports: string[], exports: string[]): ParsedFile {
  return { path, language: 'typescript', symbols: exports.map((e) => fn(e)), imports: imports.map((i, n) => ({ specifier: `./${i}`, resolved: i, line: n + 1 })), lineCount: 10 };
}

/** A small tree: a/x imports a/y, b/z imports a/x, c/deep/w imports nothing. */
function project(): { parsed: Map<string, ParsedFile>; hashes: Map<string, string> } {
  const files = [file('a/y.ts', [], ['y']), file('a/x.ts', ['a/y.ts'], ['x']), file('b/z.ts', ['a/x.ts'], ['z']), file('c/deep/w.ts', [], ['w']), file('main.ts', ['b/z.ts'], [])];
  return { parsed: new Map(files.map((f) => [f.path, f])), hashes: new Map(files.map((f) => [f.path, `h-${f.path}`])) };
}

function inputsOf(p: { parsed: Map<string, ParsedFile>; hashes: Map<string, string> }) {
  const files = [...p.hashes].map(([path, hash]) => ({ path, hash })).sort((a, b) => (a.path < b.path ? -1 : 1));
  return docsInputs({ files, parsed: p.parsed, skipped: [], project: { title: 'demo', manifests: [], declaredEntryPoints: [] }, notCode: [] });
}

test('a body edit: the refresh gives the same hashes as computing everything again, and only the pages above the file change', () => {
  const p = project();
  const before = inputsOf(p);
  const old = p.parsed.get('c/deep/w.ts');
  p.hashes.set('c/deep/w.ts', 'h-changed');
  const refreshed = refreshDocsInputs(before, new Map([['c/deep/w.ts', { hash: 'h-changed', before: old }]]));
  assert.ok(refreshed);
  assert.deepEqual([...refreshed.expected], [...inputsOf(p).expected]);
  const changed = [...refreshed.expected].filter(([page, hash]) => before.expected.get(page) !== hash).map(([page]) => page).sort();
  assert.deepEqual(changed, ['ARCHITECTURE.md', 'README.md', 'c/README.md', 'c/deep/README.md', 'c/deep/w.ts.md']);
});

test('an export change refreshes the importers too, still equal to the whole computation', () => {
  const p = project();
  const before = inputsOf(p);
  const old = p.parsed.get('a/x.ts');
  p.parsed.set('a/x.ts', file('a/x.ts', ['a/y.ts'], ['x', 'extra']));
  p.hashes.set('a/x.ts', 'h-x2');
  const refreshed = refreshDocsInputs(before, new Map([['a/x.ts', { hash: 'h-x2', before: old }]]));
  assert.ok(refreshed);
  assert.deepEqual([...refreshed.expected], [...inputsOf(p).expected]);
  assert.notEqual(refreshed.expected.get('b/z.ts.md'), before.expected.get('b/z.ts.md'), 'the importer b/z.ts is stale');
  assert.equal(refreshed.expected.get('main.ts.md'), before.expected.get('main.ts.md'), 'an importer of the importer is not');
});

test('an added or removed import may change the plan: the refresh declines and the whole computation runs', () => {
  const p = project();
  const before = inputsOf(p);
  const old = p.parsed.get('main.ts');
  p.parsed.set('main.ts', file('main.ts', ['b/z.ts', 'a/y.ts'], []));
  assert.equal(refreshDocsInputs(before, new Map([['main.ts', { hash: 'h-m2', before: old }]])), undefined);
  assert.equal(refreshDocsInputs(before, new Map([['new.ts', { hash: 'h', before: undefined }]])), undefined, 'a file the plan does not have');
});

test('freshness: fresh only with an entry, the page file and the expected hash; only a file with the marker is Docsmith’s', () => {
  const entry = { inputsHash: 'h1' } as ManifestPage;
  assert.equal(pageFreshness(entry, 'h1', 'file', false), 'fresh', 'the manifest vouches for a fresh page');
  assert.equal(pageFreshness(entry, 'h2', 'file', true), 'stale');
  assert.equal(pageFreshness(entry, 'h2', 'file', false), 'notOwned', 'a stale entry does not claim a file without the marker');
  assert.equal(pageFreshness(entry, 'h1', 'absent', true), 'missing', 'deleted by hand');
  assert.equal(pageFreshness(undefined, 'h1', 'absent', true), 'missing');
  assert.equal(pageFreshness(undefined, 'h1', 'file', false), 'notOwned');
  assert.equal(pageFreshness(undefined, 'h1', 'file', true), 'missing', 'a generated page the manifest lost is written again');
  assert.equal(pageFreshness(entry, 'h1', 'other', true), 'notOwned', 'a folder or symlink in the way');
  assert.equal(pageFreshness(entry, 'h1', 'outside', true), 'notOwned');
  assert.equal(needsOwnershipCheck(entry, 'h1', 'file'), false);
  assert.equal(needsOwnershipCheck(entry, 'h2', 'file'), true);
  assert.equal(needsOwnershipCheck(undefined, 'h1', 'absent'), false);
});
