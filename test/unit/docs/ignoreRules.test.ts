import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gitignoreTestsOwnRules } from '../../../src/core/docs/ignoreRules';
import { scanWorkspace, SinglePathScanner } from '../../../src/core/docs/scan';

/** Nested `.gitignore` files with the rule shapes real repositories use. */
const TREE: Record<string, string> = {
  '.gitignore': 'dist/\n*.log\n/top-only.ts\nlib/**/gen/\n!important.log\ntmp*\n**/cache/*.ts\n!**/cache/keep.ts\n',
  'top-only.ts': 'x',
  'src/top-only.ts': 'x',
  'src/app.ts': 'x',
  'src/debug.log': 'x',
  'src/important.log': 'x',
  'src/tmpfile.ts': 'x',
  'src/cache/a.ts': 'x',
  'src/cache/keep.ts': 'x',
  'src/cache/deeper/b.ts': 'x',
  'dist/out.js': 'x',
  'src/dist/inner.js': 'x',
  'lib/a/gen/made.ts': 'x',
  'lib/a/b/gen/made.ts': 'x',
  'lib/a/hand.ts': 'x',
  'lib/gen.ts': 'x',
  'pkg/.gitignore': '*.ts\n!index.ts\nbuild\n/local/\nsub/*.md\n',
  'pkg/index.ts': 'x',
  'pkg/other.ts': 'x',
  'pkg/readme.md': 'x',
  'pkg/build/x.js': 'x',
  'pkg/deep/build': 'x',
  'pkg/local/x.js': 'x',
  'pkg/deep/local/x.js': 'x',
  'pkg/sub/notes.md': 'x',
  'pkg/sub/inner/notes.md': 'x',
  'pkg/deep/.gitignore': '!other.ts\n# a comment\n\n\\#hash.js\n',
  'pkg/deep/other.ts': 'x',
  'pkg/deep/#hash.js': 'x',
  'pkg/deep/plain.js': 'x',
  'docs/a b.md': 'x',
  'docs/.gitignore': 'a\\ b.md\n',
};

function gitLists(root: string): string[] | undefined {
  const init = spawnSync('git', ['init', '-q'], { cwd: root });
  if (init.status !== 0) return undefined;
  const listed = spawnSync('git', ['ls-files', '-z', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8' });
  if (listed.status !== 0) return undefined;
  return listed.stdout.split('\0').filter((p) => p !== '' && !p.endsWith('.gitignore')).sort();
}

test('the scan keeps exactly the files git itself does not ignore, walking or path by path', async (t) => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'docsmith-ignore-'));
  try {
    for (const [relative, content] of Object.entries(TREE)) {
      mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
      writeFileSync(path.join(root, relative), content);
    }
    const expected = gitLists(root);
    if (expected === undefined) {
      t.skip('git is not installed');
      return;
    }
    const scanned = (await scanWorkspace({ root })).files.map((f) => f.path).filter((p) => !p.endsWith('.gitignore'));
    assert.deepEqual(scanned, expected);
    // The single-path scanner (used as files are saved) agrees with the walk on every path.
    const single = new SinglePathScanner({ root });
    const kept = Object.keys(TREE).filter((p) => !p.endsWith('.gitignore') && single.scan(p).file !== undefined).sort();
    assert.deepEqual(kept, expected);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('gitignore layers test each path by its own rules, without re-testing and caching its folders', () => {
  // Fails when an `ignore` upgrade drops the rule list the scan reads directly: the verdicts stay
  // right through the public test() (the test above), but a large scan gets measurably slower.
  assert.equal(gitignoreTestsOwnRules(), true);
});

/** Names that differ from the `.gitignore` patterns only in case. */
const CASE_TREE: Record<string, string> = {
  '.gitignore': 'Build/\n*.LOG\n/Notes.md\n',
  'build/out.ts': 'x',
  'Build/out.ts': 'x',
  'debug.log': 'x',
  'trace.LOG': 'x',
  'notes.md': 'x',
  'Notes.md': 'x',
  'pkg/.gitignore': 'Secret.ts\n',
  'pkg/secret.ts': 'x',
  'pkg/Secret.ts': 'x',
  'src/app.ts': 'x',
};

test('.gitignore patterns match case-sensitively, as git does, unless the repository sets core.ignorecase', async (t) => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'docsmith-ignorecase-'));
  try {
    for (const [relative, content] of Object.entries(CASE_TREE)) {
      mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
      writeFileSync(path.join(root, relative), content);
    }
    const kept = async (): Promise<{ walked: string[]; single: string[] }> => {
      const walked = (await scanWorkspace({ root })).files.map((f) => f.path).filter((p) => !p.endsWith('.gitignore'));
      const scanner = new SinglePathScanner({ root });
      const single = Object.keys(CASE_TREE).filter((p) => !p.endsWith('.gitignore') && scanner.scan(p).file !== undefined).sort();
      return { walked, single };
    };
    const sensitive = gitLists(root);
    if (sensitive === undefined) {
      t.skip('git is not installed');
      return;
    }
    assert.equal(spawnSync('git', ['config', 'core.ignorecase', 'false'], { cwd: root }).status, 0);
    const caseSensitive = ['build/out.ts', 'debug.log', 'notes.md', 'pkg/secret.ts', 'src/app.ts'];
    assert.deepEqual(gitLists(root), caseSensitive, 'git itself keeps the names that differ in case');
    assert.deepEqual(await kept(), { walked: caseSensitive, single: caseSensitive });

    assert.equal(spawnSync('git', ['config', 'core.ignorecase', 'true'], { cwd: root }).status, 0);
    assert.deepEqual(gitLists(root), ['src/app.ts'], 'with core.ignorecase, git ignores them too');
    assert.deepEqual(await kept(), { walked: ['src/app.ts'], single: ['src/app.ts'] });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
