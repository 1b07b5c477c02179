/**
 * Where pages live in the output folder and how they link to each other and to the sources.
 * Every path handled here is relative with `/` separators; {@link resolveInsideOutput} is the one
 * gate between a page path and the file system, and it refuses anything that would escape.
 */
import * as path from 'node:path';

export const OVERVIEW_PAGE = 'README.md';
export const ARCHITECTURE_PAGE = 'ARCHITECTURE.md';
/** Folder inside the output directory that holds the manifest, lock and caches. */
export const STATE_DIR = '.docsmith';

/** Thrown when a path would reach outside the output folder. */
export class UnsafePathError extends Error {
  constructor(readonly requested: string) {
    super(`Refusing to use the path "${requested}": it leaves the output folder.`);
    this.name = 'UnsafePathError';
  }
}

/** `src/core/cost.ts` → `src/core/cost.ts.md`. */
export function filePagePath(sourcePath: string): string {
  return `${sourcePath}.md`;
}

/** Lines 43-60 of `lib/router/index.js` → `lib/router/index.js.lines-43-60.md`, beside the file's own page. */
export function selectionPagePath(sourcePath: string, lines: { startLine: number; endLine: number }): string {
  return `${sourcePath}.lines-${lines.startLine}-${lines.endLine}.md`;
}

/** `src/core` → `src/core/README.md`; the workspace root's page is the overview. */
export function folderPagePath(folder: string): string {
  return folder === '' ? OVERVIEW_PAGE : `${folder}/README.md`;
}

/** Parent folder of a workspace-relative path (`''` for the root). */
export function parentFolder(relPath: string): string {
  const i = relPath.lastIndexOf('/');
  return i < 0 ? '' : relPath.slice(0, i);
}

/** Depth of a folder: `''` → 0, `src` → 1, `src/core` → 2. */
export function folderDepth(folder: string): number {
  return folder === '' ? 0 : folder.split('/').length;
}

/**
 * Normalises a relative path a model or a user wrote: backslashes become `/`, `./` and duplicate
 * slashes go. Returns undefined for anything absolute, with a drive letter, a `..` segment or a NUL.
 */
export function normaliseRelativePath(raw: string): string | undefined {
  const p = raw.trim().replace(/\\/g, '/');
  if (p === '' || p.includes('\0')) return undefined;
  if (p.startsWith('/') || /^[a-zA-Z]:/.test(p) || /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.test(p)) return undefined;
  const parts: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') return undefined;
    parts.push(part);
  }
  return parts.length === 0 ? undefined : parts.join('/');
}

/**
 * True when `rel` (a `path.relative` result) leaves its base: `..`, `../x`, or another drive.
 * A name that merely starts with two dots (`..md`, `..config.js`) stays inside.
 */
export function leavesBase(rel: string): boolean {
  return rel === '..' || rel.startsWith(`..${path.sep}`) || rel.startsWith('../') || path.isAbsolute(rel);
}

/** True when the absolute `target` is `base` itself or inside it. */
export function isInside(base: string, target: string): boolean {
  return !leavesBase(path.relative(base, target));
}

/**
 * Absolute file-system path of `relPath` inside `outputDirAbs`; throws {@link UnsafePathError}
 * when the path is absolute, has a drive letter or `..`, or otherwise resolves outside.
 */
export function resolveInsideOutput(outputDirAbs: string, relPath: string): string {
  const clean = normaliseRelativePath(relPath);
  if (clean === undefined) throw new UnsafePathError(relPath);
  const root = path.resolve(outputDirAbs);
  const abs = path.resolve(root, ...clean.split('/'));
  const rel = path.relative(root, abs);
  if (rel === '' || leavesBase(rel)) throw new UnsafePathError(relPath);
  return abs;
}

/** Relative link from one page to another, both output-relative (`a/b.md` → `../c.md`). */
export function pageToPageLink(fromPage: string, toPage: string): string {
  const folder = parentFolder(fromPage);
  // A page in the same folder or below it (a folder's contents, the overview's index) is the
  // rest of its path, when that is already normal: no need to resolve both against the cwd.
  const below = folder === '' ? toPage : toPage.startsWith(`${folder}/`) ? toPage.slice(folder.length + 1) : undefined;
  if (below !== undefined && !NOT_NORMAL_SEGMENT.test(below)) return encodeLinkPath(below);
  const rel = path.posix.relative(folder || '.', toPage);
  return encodeLinkPath(rel === '' ? toPage.split('/').pop() ?? toPage : rel);
}

/** An empty, `.` or `..` segment (or an empty path): a path `path.posix.relative` would normalise. */
const NOT_NORMAL_SEGMENT = /(?:^|\/)(?:\.\.?)?(?:\/|$)/;

/**
 * Relative link from a page in the output folder to a workspace file.
 * `outputRel` is the output folder relative to the workspace root (may contain `..` when the user
 * chose a folder outside the workspace; the link is then computed through the file system).
 */
export function pageToSourceLink(fromPage: string, sourcePath: string, workspaceRootAbs: string, outputDirAbs: string): string {
  const pageDirAbs = path.resolve(outputDirAbs, ...parentFolder(fromPage).split('/').filter(Boolean));
  const targetAbs = path.resolve(workspaceRootAbs, ...sourcePath.split('/'));
  const rel = path.relative(pageDirAbs, targetAbs).split(path.sep).join('/');
  return encodeLinkPath(rel);
}

/**
 * Percent-encodes characters that would break a Markdown link target, keeping `/`. Parentheses
 * too: `encodeURIComponent` keeps them, and an unbalanced one (`a(b.ts`) ends the link early.
 */
export function encodeLinkPath(p: string): string {
  if (NOTHING_TO_ENCODE.test(p)) return p;
  return p
    .split('/')
    .map((seg) => encodeURIComponent(seg).replace(/%40/g, '@').replace(/\(/g, '%28').replace(/\)/g, '%29'))
    .join('/');
}

/** Characters `encodeURIComponent` keeps as they are, less the parentheses, plus `@` and `/`. */
const NOTHING_TO_ENCODE = /^[A-Za-z0-9_.!~*'@/-]*$/;

/** Inverse of {@link encodeLinkPath}; returns the input unchanged if it is not valid encoding. */
export function decodeLinkPath(p: string): string {
  try {
    return decodeURIComponent(p);
  } catch {
    return p;
  }
}
