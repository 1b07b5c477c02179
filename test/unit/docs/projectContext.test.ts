import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { boundReadme, projectContextFiles, readManifest, readProjectContext } from '../../../src/core/docs/projectContext';

test('the title comes from the manifest: package.json, pyproject.toml, Cargo.toml, go.mod', () => {
  assert.equal(readManifest('package.json', '{"name": "@acme/widgets", "version": "1.0.0"}').name, '@acme/widgets');
  assert.equal(readManifest('pyproject.toml', '[build-system]\nrequires = ["x"]\n\n[project]\nname = "requests"\nversion = "2.0"\n').name, 'requests');
  assert.equal(readManifest('pyproject.toml', "[tool.poetry]\nname = 'poetic'\n").name, 'poetic');
  assert.equal(readManifest('Cargo.toml', '[package]\nname = "ripgrep"\n\n[dependencies]\nname = "not-this"\n').name, 'ripgrep');
  assert.equal(readManifest('Cargo.toml', '[workspace]\nmembers = ["a"]\n').name, undefined, 'a workspace manifest names no package');
  assert.equal(readManifest('go.mod', 'module github.com/gin-gonic/gin\n\ngo 1.21\n').name, 'gin');
  assert.equal(readManifest('go.mod', 'module example.com/tool/v2\n').name, 'tool', 'the major-version suffix is not the name');
  assert.equal(readManifest('package.json', '{ not json').name, undefined);
});

test('the manifest declares entry points: main, module, bin, exports, Python scripts, Cargo bins', () => {
  const pkg = readManifest('package.json', JSON.stringify({ name: 'tool', main: './lib/index.js', bin: { tool: 'bin/tool.js' }, exports: { '.': { types: './x.d.ts', import: './esm/index.mjs', require: './lib/index.js' }, './extra': './lib/extra.js' } }));
  assert.deepEqual(pkg.entryPoints.map((e) => `${e.target} <- ${e.source}`), [
    'lib/index.js <- package.json "main"',
    'bin/tool.js <- package.json "bin" (tool)',
    'esm/index.mjs <- package.json "exports" (.)',
    'lib/index.js <- package.json "exports" (.)',
    'lib/extra.js <- package.json "exports" (./extra)',
  ]);
  assert.match(pkg.condensed, /^bin: \{"tool":"bin\/tool\.js"\}$/m);
  const py = readManifest('pyproject.toml', '[project]\nname = "inv"\n[project.scripts]\ninv-report = "inventory.cli:main"\n');
  assert.deepEqual(py.entryPoints, [{ target: 'inventory.cli', source: 'pyproject.toml [project.scripts] (inv-report)', form: 'module' }]);
  const cargo = readManifest('Cargo.toml', '[package]\nname = "x"\n[[bin]]\nname = "xd"\npath = "src/bin/daemon.rs"\n');
  assert.deepEqual(cargo.entryPoints.map((e) => e.target), ['src/bin/daemon.rs']);
});

test('package.json is condensed: fields a reader needs, dependency names, no contributors or funding', () => {
  const text = JSON.stringify({
    name: 'express', description: 'Fast web framework', version: '4.21.2', contributors: ['A <a@x>'], funding: { url: 'x' },
    dependencies: { accepts: '~1.3.8', debug: '2.6.9' }, devDependencies: { mocha: '10', eslint: '8' },
    scripts: { test: 'mocha --timeout 30000 test/**/*.js', 'test:ci': 'mocha --reporter dot', 'test:cov': 'nyc npm test', lint: 'eslint .', 'pre:commit': 'lint-staged' },
    exports: { '.': { types: './index.d.ts', default: './index.js' }, './unsafe/*': './lib/*' },
  });
  const condensed = readManifest('package.json', text).condensed;
  assert.match(condensed, /^name: express$/m);
  assert.match(condensed, /^dependencies: accepts, debug$/m, 'dependency names without their version ranges');
  assert.match(condensed, /^devDependencies: mocha, eslint$/m);
  assert.match(condensed, /^scripts: test, test:\*, lint, pre:commit$/m, 'script names, not their command lines; variants of one script folded');
  const many = readManifest('package.json', JSON.stringify({ name: 'x', devDependencies: Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`tool${i}`, '1'])) })).condensed;
  assert.match(many, /^devDependencies: tool0, tool1, [^\n]*tool11, … and 8 more$/m, 'a long list of development tools is cut, and says so');
  assert.match(condensed, /^exports: \., \.\/unsafe\/\*$/m, 'the subpaths offered, not the conditions behind them');
  assert.ok(!condensed.includes('contributors') && !condensed.includes('funding'));
});

test('the README is bounded at a line boundary, without badges or HTML comments, and says when it was cut', () => {
  const lines = ['# Tool', '[![Build](https://ci/badge.svg)](https://ci) [![npm](https://npm/v.svg)](https://npm)', '<!-- hidden -->', 'Tool does things.', ''];
  for (let i = 0; i < 500; i++) lines.push(`Paragraph line ${i} with some words in it.`);
  const bounded = boundReadme(lines.join('\n'), 2000);
  assert.ok(bounded.text.length <= 2000 && bounded.text.length > 1900, `${bounded.text.length}`);
  assert.ok(bounded.cut);
  assert.ok(bounded.text.startsWith('# Tool\n\nTool does things.'), bounded.text.slice(0, 60));
  assert.ok(bounded.text.endsWith('in it.'), 'cut at a line boundary');
  assert.deepEqual(boundReadme('# Short\n\nAll of it.\n', 2000), { text: '# Short\n\nAll of it.', cut: false });
});

test('readProjectContext reads only what the scan listed at the root, and falls back to the folder name', async () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'docsmith-context-'));
  try {
    writeFileSync(path.join(root, 'package.json'), '{"name":"widgets","description":"Widgets for all","main":"index.js"}');
    writeFileSync(path.join(root, 'Readme.md'), '# Widgets\n\nMakes widgets. token sk-or-v1-0123456789abcdef0123456789abcdef\n');
    writeFileSync(path.join(root, 'README.txt'), 'older readme\n');
    assert.deepEqual(projectContextFiles([{ path: 'Readme.md' }, { path: 'README.txt' }, { path: 'docs/README.md' }, { path: 'package.json' }]), { readme: 'Readme.md', manifests: ['package.json'] });
    const context = await readProjectContext(root, [{ path: 'Readme.md' }, { path: 'package.json' }], 'folder-name');
    assert.equal(context.title, 'widgets');
    assert.equal(context.titleFrom, 'package.json');
    assert.match(context.readme?.text ?? '', /^# Widgets\n\nMakes widgets\./);
    assert.ok(!context.readme?.text.includes('sk-or-v1-0123'), 'key-like strings are masked');
    const bare = await readProjectContext(root, [], 'folder-name');
    assert.deepEqual([bare.title, bare.readme, bare.manifests], ['folder-name', undefined, []], 'files the scan did not list are not read');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
