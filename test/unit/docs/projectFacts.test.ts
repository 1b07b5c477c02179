import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildImportGraph } from '../../../src/core/docs/importGraph';
import { buildProjectFacts, entryPointLines, findEntryPoints, folderDependencies, mostImportedFiles } from '../../../src/core/docs/projectFacts';
import { readManifest, withoutExportSubpaths } from '../../../src/core/docs/projectContext';
import type { ParsedFile, SourceSymbol } from '../../../src/core/docs/types';

const sym = (name: string, kind: SourceSymbol['kind'], exported: boolean, container?: string, params: string[] = []): SourceSymbol => ({
  name, kind, exported, container, startLine: 1, endLine: 2, parameters: params.map((p) => ({ name: p })),
});

function parsed(path: string, imports: string[], symbols: SourceSymbol[] = []): ParsedFile {
  return { path, language: 'javascript', lineCount: 10, symbols, imports: imports.map((to) => ({ specifier: to, resolved: to, line: 1 })) };
}

test('entry points: declared ones resolved to documented files (extension, index, built output under src/), then conventional names', () => {
  const documented = ['index.js', 'bin/tool', 'src/cli.ts', 'src/server/index.ts', 'inventory/__main__.py', 'inventory/report.py', 'cmd/api/main.go', 'src/main.rs'];
  const found = findEntryPoints(
    documented,
    [
      { target: 'dist/cli.js', source: 'package.json "main"', form: 'file' },
      { target: 'bin/tool', source: 'package.json "bin" (tool)', form: 'file' },
      { target: 'src/server', source: 'package.json "exports" (./server)', form: 'file' },
      { target: 'missing/file.js', source: 'package.json "exports" (./gone)', form: 'file' },
      { target: 'inventory.report', source: 'pyproject.toml [project.scripts] (report)', form: 'module' },
    ],
    true,
  );
  assert.deepEqual(found.entries.map((e) => `${e.path}: ${e.why}`), [
    'src/cli.ts: package.json "main", built from it (`dist/cli.js`)',
    'bin/tool: package.json "bin" (tool)',
    'src/server/index.ts: package.json "exports" (./server)',
    'inventory/report.py: pyproject.toml [project.scripts] (report)',
    'inventory/__main__.py: `python -m` entry (`__main__.py`)',
    'cmd/api/main.go: Go `main.go`',
    'src/main.rs: Rust binary',
  ]);
  assert.ok(!found.entries.some((e) => e.path === 'index.js'), 'a declared "main" replaces the index.js default');
  const subpaths = findEntryPoints(['lib/http.js'], [
    { target: 'lib/http.js', source: 'package.json "exports" (./lib/http.js)', form: 'file' },
    { target: 'lib/http.js', source: 'package.json "exports" (./unsafe/http.js)', form: 'file' },
    { target: 'lib/http.js', source: 'package.json "main"', form: 'file' },
  ], true);
  assert.deepEqual(subpaths.entries, [{ path: 'lib/http.js', why: 'package.json "exports" (./lib/http.js, ./unsafe/http.js); package.json "main"' }], 'subpaths of one field named once');
  assert.deepEqual(subpaths.subpaths, [], 'declared without their subpath, none is known to be named');
  const express = findEntryPoints(['index.js', 'lib/express.js'], [], true);
  assert.deepEqual(express.entries, [{ path: 'index.js', why: 'package.json default "main" (`index.js`)' }]);
  assert.deepEqual(findEntryPoints(['index.js'], [], false).entries, [], 'without a package.json index.js is just a file');
  const capped = findEntryPoints(Array.from({ length: 25 }, (_, i) => `cmd/t${i}/main.go`), [], false, 20);
  assert.deepEqual([capped.entries.length, capped.more], [20, 5]);
});

test('most imported files come with their importer count and exported API; folder edges with counts', () => {
  const files = [
    parsed('lib/utils.js', [], [sym('etag', 'variable', true), sym('compileTrust', 'function', true, undefined, ['val']), sym('helper', 'function', false)]),
    parsed('lib/router/layer.js', [], [sym('Layer', 'function', true, undefined, ['path', 'options', 'fn']), sym('match', 'method', true, 'Layer', ['path'])]),
    parsed('lib/router/route.js', ['lib/utils.js', 'lib/router/layer.js']),
    parsed('lib/router/index.js', ['lib/router/route.js', 'lib/router/layer.js', 'lib/utils.js']),
    parsed('lib/application.js', ['lib/router/index.js', 'lib/utils.js']),
    parsed('index.js', ['lib/application.js']),
  ];
  const graph = buildImportGraph(files);
  const top = mostImportedFiles(graph, new Map(files.map((f) => [f.path, f])));
  assert.deepEqual(top, [
    { path: 'lib/utils.js', importers: 3, api: ['etag', 'compileTrust(val)'], moreApi: 0 },
    { path: 'lib/router/layer.js', importers: 2, api: ['Layer(path, options, fn)', 'Layer.match(path)'], moreApi: 0 },
  ]);
  assert.deepEqual(folderDependencies(graph), [
    { from: '.', to: 'lib', imports: 1 },
    { from: 'lib', to: 'lib/router', imports: 1 },
    { from: 'lib/router', to: 'lib', imports: 2 },
  ]);
});

test("the overview's package.json leaves out the exports subpaths its entry point lines name; a subpath whose file is not documented stays", () => {
  const pkg = readManifest('package.json', JSON.stringify({ name: 'tool', main: 'index.js', exports: { '.': './index.js', './unsafe/*': './lib/*', './unsafe/utils.js': './lib/utils.js', './gone.js': './lib/gone.js', './package.json': './package.json' } }));
  const context = { title: 'tool', manifests: [{ path: 'package.json', text: pkg.condensed }], declaredEntryPoints: pkg.entryPoints };
  const graph = buildImportGraph([parsed('index.js', []), parsed('lib/utils.js', [])]);
  const facts = buildProjectFacts(context, graph, new Map(), []);
  assert.match(pkg.condensed, /^exports: \., \.\/unsafe\/\*, \.\/unsafe\/utils\.js, \.\/gone\.js, \.\/package\.json$/m);
  assert.deepEqual(facts.entryPoints, ['- `index.js` — package.json "main"; package.json "exports" (.)', '- `lib/utils.js` — package.json "exports" (./unsafe/utils.js)']);
  const overview = facts.overviewManifests[0].text;
  assert.match(overview, /^exports: \.\/unsafe\/\*, \.\/gone\.js, \.\/package\.json$/m, overview);
  assert.equal(overview.replace(/^exports: .*$/m, ''), pkg.condensed.replace(/^exports: .*$/m, ''), 'nothing else changes');
  assert.equal(withoutExportSubpaths('name: a\nexports: .\nlicense: MIT', new Set(['.'])), 'name: a\nlicense: MIT', 'a line with nothing left goes');
});

test('entry points that one field declares under their own names share one line for that field; the others keep their own', () => {
  const lines = entryPointLines({
    entries: [
      { path: 'index.js', why: 'package.json "main"; package.json "exports" (.)' },
      { path: 'lib/a.js', why: 'package.json "exports" (./a)' },
      { path: 'bin/cli.js', why: 'package.json "bin" (cli)' },
      { path: 'lib/b.js', why: 'package.json "exports" (./b, ./unsafe/b)' },
      { path: 'src/main.rs', why: 'Rust binary' },
    ],
    more: 2,
  });
  assert.deepEqual(lines, [
    '- `index.js` — package.json "main"; package.json "exports" (.)',
    '- package.json "exports": `lib/a.js` (./a), `lib/b.js` (./b, ./unsafe/b)',
    '- `bin/cli.js` — package.json "bin" (cli)',
    '- `src/main.rs` — Rust binary',
    '- … and 2 more',
  ]);
});
