import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isDocumentedByDefault, selectPageSet } from '../../../src/core/docs/pageSet';
import { languageForPath, languageFromShebang } from '../../../src/core/docs/fileLanguage';

const file = (p: string, language = languageForPath(p)): { path: string; language: string } => ({ path: p, language });

test('by default only source code gets a page: prose, licence, changelog, manifest, lock, ignore and data files do not', () => {
  const code = ['index.js', 'lib/router/index.js', 'src/app.ts', 'src/view.tsx', 'pkg/main.go', 'tool/cli.py', 'src/lib.rs', 'Main.java', 'Program.cs', 'build.sh', 'Dockerfile', 'Makefile', 'styles/site.css'];
  const notCode = ['README.md', 'Readme.md', 'History.md', 'CHANGELOG.md', 'LICENSE', 'COPYING', 'package.json', 'tsconfig.json', 'pyproject.toml', 'Cargo.toml', 'go.mod', 'yarn.lock', '.gitignore', '.npmignore', '.editorconfig', 'docs/guide.rst', 'data/prices.csv', '.github/workflows/ci.yml', 'notes.txt'];
  for (const p of code) assert.equal(isDocumentedByDefault(p), true, p);
  for (const p of notCode) assert.equal(isDocumentedByDefault(p), false, p);
  const set = selectPageSet([...code, ...notCode].map((p) => file(p)));
  assert.deepEqual(set.documented.map((f) => f.path), code);
  assert.deepEqual(set.notCode.map((f) => f.path), notCode);
});

test('docsmith.include opts files in by full-path glob, and leaves the rest of the default alone', () => {
  const files = ['README.md', 'docs/guide.md', 'docs/api/intro.md', 'package.json', 'src/a.ts'].map((p) => file(p));
  const set = selectPageSet(files, ['docs/**/*.md', './package.json', '  ']);
  assert.deepEqual(set.documented.map((f) => f.path), ['docs/guide.md', 'docs/api/intro.md', 'package.json', 'src/a.ts']);
  assert.deepEqual(set.notCode.map((f) => f.path), ['README.md'], 'a glob without ** matches from the root only');
  assert.deepEqual(selectPageSet([file('.github/ci.yml')], ['**/*.yml']).documented.map((f) => f.path), ['.github/ci.yml'], 'dot folders match');
});

test('a script without an extension is code when its #! line names an interpreter', () => {
  assert.equal(languageFromShebang('#!/usr/bin/env node\nrequire("x")'), 'javascript');
  assert.equal(languageFromShebang('#!/usr/bin/env -S node --no-warnings\n'), 'javascript');
  assert.equal(languageFromShebang('#!/usr/bin/python3 -u\n'), 'python');
  assert.equal(languageFromShebang('#!/bin/bash\n'), 'shellscript');
  assert.equal(languageFromShebang('#!/usr/bin/env perl\n'), undefined);
  assert.equal(languageFromShebang('no shebang'), undefined);
  assert.equal(isDocumentedByDefault('bin/serve', 'javascript'), true);
  assert.equal(isDocumentedByDefault('bin/serve', 'text'), false);
});
