import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gitIgnoresCase, parseGitIgnoreCase } from '../../../src/core/docs/gitIgnoreCase';

test('core.ignorecase is read as git reads its config: sections and keys in any case, boolean words, the last one wins', () => {
  assert.equal(parseGitIgnoreCase('[core]\n\trepositoryformatversion = 0\n\tfilemode = true\n\tignorecase = true\n\tprecomposeunicode = true\n'), true);
  assert.equal(parseGitIgnoreCase('[core]\n\tfilemode = true\n\tbare = false\n'), undefined, 'Linux: git init writes no ignorecase');
  assert.equal(parseGitIgnoreCase('[CORE]\n  IgnoreCase = Yes ; set by git init\n'), true);
  assert.equal(parseGitIgnoreCase('[core]\n\tignorecase\n'), true, 'a key alone is true');
  assert.equal(parseGitIgnoreCase('[core]\nignorecase = true\n[core]\nignorecase = off\n'), false);
  assert.equal(parseGitIgnoreCase('[core] ignorecase = "1"\n'), true);
  assert.equal(parseGitIgnoreCase('[remote "origin"]\n\tignorecase = true\n[core "x"]\n\tignorecase = true\n'), undefined, 'only core counts');
  assert.equal(parseGitIgnoreCase('# [core]\n;ignorecase = true\n[user]\n\tname = core\n'), undefined);
});

test('the repository of a folder is found as git finds it: the folder, a folder above it, or a .git file naming a worktree', () => {
  const home = mkdtempSync(path.join(os.tmpdir(), 'docsmith-gitcase-'));
  try {
    const write = (relative: string, text: string): void => {
      mkdirSync(path.dirname(path.join(home, relative)), { recursive: true });
      writeFileSync(path.join(home, relative), text);
    };
    write('repo/.git/config', '[core]\n\tignorecase = true\n');
    mkdirSync(path.join(home, 'repo/packages/web'), { recursive: true });
    assert.equal(gitIgnoresCase(path.join(home, 'repo')), true);
    assert.equal(gitIgnoresCase(path.join(home, 'repo/packages/web')), true, 'a workspace folder inside the repository');
    // A linked worktree: .git is a file, the worktree's folder points at the main repository's config.
    write('repo/.git/worktrees/feature/commondir', '../..\n');
    write('feature/.git', `gitdir: ${path.join(home, 'repo/.git/worktrees/feature')}\n`);
    assert.equal(gitIgnoresCase(path.join(home, 'feature')), true);
    write('plain/.git/config', '[core]\n\tbare = false\n');
    assert.equal(gitIgnoresCase(path.join(home, 'plain')), false);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});
