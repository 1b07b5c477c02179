/**
 * Where a link a model wrote may point. Anchors (`#x`) and `https:` URLs are kept; a relative
 * path is kept only when it names a planned page, a documented workspace file or a folder with a
 * page, and is rewritten to the right relative link from the page; a file link with a line anchor
 * (`a.ts#L3-L9`) becomes a citation. Anything else — other schemes (`command:`, `javascript:`,
 * `http:`, `file:`, `data:`…), network paths, broken or escaping paths — is not a link.
 * Images are kept only from relative paths that resolve the same way.
 */
import * as path from 'node:path';
import { linkScheme } from './activeContent';
import { decodeLinkPath, folderPagePath, normaliseRelativePath, pageToPageLink, parentFolder } from './pagePaths';

export interface LinkContext {
  /** Output-relative path of the page being checked. */
  pagePath: string;
  /** Scanned (documentable) workspace files → their line counts. */
  files: ReadonlyMap<string, number>;
  /** Every page of the plan (output-relative). */
  pages: ReadonlySet<string>;
  /** Non-root workspace folders that have a page. */
  folders: ReadonlySet<string>;
  /** Relative link from the page to a workspace file. */
  sourceLink: (sourcePath: string) => string;
  /** Source file the page documents, used to resolve links relative to it. */
  subjectFile?: string;
}

export type LinkOutcome = { action: 'keep'; href: string } | { action: 'drop' } | { action: 'cite'; path: string; startLine: number; endLine: number };

const LINE_ANCHOR = /^L(\d+)(?:-L?(\d+))?$/;

/** What becomes of a link (or image) to `href` on the page `ctx.pagePath`. */
export function linkOutcome(href: string, kind: 'link' | 'image', ctx: LinkContext): LinkOutcome {
  if (href === '') return { action: 'drop' };
  if (href.startsWith('#')) return kind === 'link' ? { action: 'keep', href } : { action: 'drop' };
  const scheme = linkScheme(href);
  if (scheme !== undefined) return scheme === 'https' && kind === 'link' ? { action: 'keep', href } : { action: 'drop' };
  const hashAt = href.indexOf('#');
  const written = hashAt < 0 ? href : href.slice(0, hashAt);
  const rawPath = decodeLinkPath(written);
  const anchor = hashAt < 0 ? '' : href.slice(hashAt + 1);
  const resolved = ownSourceLink(written, rawPath, ctx) ?? resolveLinkTarget(rawPath, ctx);
  if (!resolved) return { action: 'drop' };
  if (resolved.kind === 'file') {
    const lines = LINE_ANCHOR.exec(anchor);
    if (lines && kind === 'link') return { action: 'cite', path: resolved.path, startLine: Number(lines[1]), endLine: Number(lines[2] ?? lines[1]) };
    return { action: 'keep', href: ctx.sourceLink(resolved.path) };
  }
  return { action: 'keep', href: pageToPageLink(ctx.pagePath, resolved.path) + (anchor ? `#${anchor}` : '') };
}

/** A link to a workspace file exactly as {@link LinkContext.sourceLink} writes it (a page checked again). */
function ownSourceLink(written: string, decoded: string, ctx: LinkContext): { kind: 'file'; path: string } | undefined {
  const candidate = decoded.replace(/^(?:\.\.\/)+/, '');
  return candidate !== decoded && ctx.files.has(candidate) && ctx.sourceLink(candidate) === written ? { kind: 'file', path: candidate } : undefined;
}

function resolveLinkTarget(raw: string, ctx: LinkContext): { kind: 'page' | 'file'; path: string } | undefined {
  const pageDir = parentFolder(ctx.pagePath);
  const asPage = path.posix.normalize(path.posix.join(pageDir || '.', raw));
  if (asPage !== '..' && !asPage.startsWith('../') && ctx.pages.has(asPage)) return { kind: 'page', path: asPage };
  const candidates: string[] = [];
  if (ctx.subjectFile) candidates.push(path.posix.normalize(path.posix.join(parentFolder(ctx.subjectFile) || '.', raw)));
  candidates.push(stripRoot(raw));
  for (const c of candidates) {
    const clean = normaliseRelativePath(c.replace(/\/+$/, ''));
    if (clean === undefined) continue;
    if (ctx.files.has(clean)) return { kind: 'file', path: clean };
    if (ctx.pages.has(clean)) return { kind: 'page', path: clean };
    if (ctx.folders.has(clean)) return { kind: 'page', path: folderPagePath(clean) };
  }
  return undefined;
}

/** A leading `/` is read as the workspace root (`/src/a.ts`), never as the file system root. */
export function stripRoot(p: string): string {
  return p.replace(/^\/+(?!\/)/, '');
}

/**
 * A destination as written between `(` and `)`: characters that would end it or change how it
 * is read (spaces, parentheses, angle brackets, backslashes, control characters) are
 * percent-encoded.
 */
export function formatDestination(href: string): string {
  // eslint-disable-next-line no-control-regex
  return href.replace(/[\u0000-\u0020\u007f()<>\\`]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}
