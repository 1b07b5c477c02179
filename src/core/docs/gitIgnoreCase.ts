/**
 * Whether git matches `.gitignore` patterns without regard to case in a repository: only when its
 * configuration sets `core.ignorecase` (git sets it when it creates a repository on a
 * case-insensitive file system). Everywhere else `Build/` does not hide `build/`.
 */
import { readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';

/**
 * The last `core.ignorecase` in a git config file's text, or undefined when it sets none. Section
 * and key names are case-insensitive; a key with no `=` means true; `#` and `;` start comments.
 */
export function parseGitIgnoreCase(configText: string): boolean | undefined {
  let inCore = false;
  let value: boolean | undefined;
  for (const raw of configText.split(/\r?\n/)) {
    const line = raw.replace(/^\s+/, '');
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const section = /^\[\s*([^\]\s"]+)\s*(?:"[^"]*")?\s*\]/.exec(line);
    if (section) {
      // `[core "x"]` is a subsection, not core; only a bare `[core]` counts.
      inCore = section[1].toLowerCase() === 'core' && !/"/.test(section[0]);
      const rest = line.slice(section[0].length).trim();
      if (!rest || !inCore) continue;
      value = assignment(rest) ?? value;
      continue;
    }
    if (inCore) value = assignment(line) ?? value;
  }
  return value;
}

/** `ignorecase = true` (any case, optional quotes and trailing comment) → its boolean; other keys → undefined. */
function assignment(line: string): boolean | undefined {
  const match = /^ignorecase\s*(?:=\s*(.*))?$/i.exec(line.trim());
  if (!match) return undefined;
  if (match[1] === undefined) return true;
  const text = match[1].replace(/\s*[#;].*$/, '').trim().replace(/^"(.*)"$/, '$1').toLowerCase();
  if (['true', 'yes', 'on', '1'].includes(text)) return true;
  if (['false', 'no', 'off', '0', ''].includes(text)) return false;
  return undefined;
}

/**
 * True when the git repository holding `root` (found as git finds it: `root` or the nearest folder
 * above it with a `.git` folder, or a `.git` file naming the repository, as worktrees and
 * submodules have) sets `core.ignorecase`. False outside a repository or when it cannot be read.
 */
export function gitIgnoresCase(root: string): boolean {
  for (let dir = path.resolve(root); ; dir = path.dirname(dir)) {
    const gitDir = repositoryDir(path.join(dir, '.git'));
    if (gitDir !== undefined) return configOf(gitDir);
    if (path.dirname(dir) === dir) return false;
  }
}

/** The git folder `.git` stands for: itself, or the folder a `gitdir:` file names; undefined when there is none. */
function repositoryDir(dotGit: string): string | undefined {
  try {
    if (statSync(dotGit).isDirectory()) return dotGit;
    const named = /^gitdir:\s*(.+?)\s*$/m.exec(readFileSync(dotGit, 'utf8'));
    return named ? path.resolve(path.dirname(dotGit), named[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** `core.ignorecase` of a git folder; a worktree's settings are in the main repository's config. */
function configOf(gitDir: string): boolean {
  let common = gitDir;
  try {
    common = path.resolve(gitDir, readFileSync(path.join(gitDir, 'commondir'), 'utf8').trim());
  } catch {
    // not a linked worktree
  }
  try {
    return parseGitIgnoreCase(readFileSync(path.join(common, 'config'), 'utf8')) ?? false;
  } catch {
    return false;
  }
}
