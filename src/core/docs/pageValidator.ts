/**
 * Checks a page the model wrote before it is written, and makes it safe:
 * - citations: the path must be a scanned workspace file (not ignored, not secret, not outside)
 *   and the span within the file. An invalid citation is repaired once, deterministically and
 *   without another model call: a path that is a unique suffix of one scanned file (`cost.ts` for
 *   `src/core/cost.ts`) is completed, a reversed span is swapped, a span running past the end is
 *   clamped to the last line. Anything else (missing file, span starting past the end, absolute
 *   or `..` paths) is removed. Every repair and removal is listed;
 * - links: kept when they resolve to a planned page or a workspace file (rewritten to the right
 *   relative form), `http(s)`/`mailto` kept, everything else (broken targets, `command:`,
 *   `javascript:`, `file:` …) turned back into plain text;
 * - raw HTML outside code is made inert except a few harmless tags;
 * - identifiers in inline code are looked up, case-sensitively, in the symbol table and file list;
 *   the unresolved ones are reported, not changed.
 */
import * as path from 'node:path';
import { findCitations, formatCitation, replaceCitations, type CitationMatch } from './citations';
import { inlineCodeSpans, mapProse } from './markdownText';
import { decodeLinkPath, folderPagePath, normaliseRelativePath, pageToPageLink, parentFolder } from './pagePaths';
import { isWellKnownName } from './wellKnownNames';

export interface ValidationContext {
  /** Output-relative path of the page being checked. */
  pagePath: string;
  /** Scanned (documentable) workspace files → their line counts. */
  files: ReadonlyMap<string, number>;
  /** Every page of the plan (output-relative). */
  pages: ReadonlySet<string>;
  /** Non-root workspace folders that have a page. */
  folders: ReadonlySet<string>;
  /** Names known in the workspace: symbols, containers, parameters, modules, file names. */
  identifiers: ReadonlySet<string>;
  /** Relative link from the page to a workspace file. */
  sourceLink: (sourcePath: string) => string;
  /** Source file the page documents, used to resolve links relative to it. */
  subjectFile?: string;
}

export type CitationProblem = 'missingFile' | 'unsafePath' | 'lineOutOfRange' | 'badSpan';

export interface CitationIssue {
  page: string;
  cited: string;
  problem: CitationProblem;
  action: 'repaired' | 'removed';
  /** The citation as written after repair. */
  repairedTo?: string;
}

export interface CitationCounts {
  /** Citations the model wrote. */
  total: number;
  /** Written correctly by the model. */
  valid: number;
  /** Wrong as written (= repaired + removed). */
  invalid: number;
  repaired: number;
  removed: number;
}

export interface LinkCounts {
  total: number;
  kept: number;
  rewritten: number;
  removed: number;
}

export interface PageValidation {
  markdown: string;
  citations: CitationCounts;
  issues: CitationIssue[];
  links: LinkCounts;
  unresolvedIdentifiers: string[];
}

/** Marks a removed citation until the surrounding whitespace is tidied. */
const REMOVED = '\uE000';

export function emptyCitationCounts(): CitationCounts {
  return { total: 0, valid: 0, invalid: 0, repaired: 0, removed: 0 };
}

/** Validates and repairs a page's Markdown. Pure: the same input always gives the same output. */
export function validatePage(markdown: string, ctx: ValidationContext): PageValidation {
  const links: LinkCounts = { total: 0, kept: 0, rewritten: 0, removed: 0 };
  let text = mapProse(markdown, (prose) => neutraliseHtml(rewriteLinks(prose, ctx, links)));

  const citations = emptyCitationCounts();
  const issues: CitationIssue[] = [];
  text = replaceCitations(text, (c) => {
    if (c.path.includes('://')) return c.raw; // a URL with a port, not a citation
    citations.total++;
    const checked = checkCitation(c, ctx);
    if (checked.problem === undefined) {
      citations.valid++;
      return formatCitation(checked.citation!, ctx.sourceLink(checked.citation!.path));
    }
    citations.invalid++;
    if (checked.citation) {
      citations.repaired++;
      const rendered = formatCitation(checked.citation, ctx.sourceLink(checked.citation.path));
      issues.push({ page: ctx.pagePath, cited: c.raw, problem: checked.problem, action: 'repaired', repairedTo: `${checked.citation.path}:${checked.citation.startLine}-${checked.citation.endLine}` });
      return rendered;
    }
    citations.removed++;
    issues.push({ page: ctx.pagePath, cited: c.raw, problem: checked.problem, action: 'removed' });
    return REMOVED;
  });
  if (citations.removed > 0) text = mapProse(text, (prose) => prose.replace(/ ?\((?:see\s*)?(?:\uE000[\s,;]*)+\)/g, '').replace(/[ \t]*\uE000/g, ''));

  return { markdown: text, citations, issues, links, unresolvedIdentifiers: unresolvedIdentifiers(text, ctx) };
}

/** Counts citations of a final page that are not valid — 0 for anything {@link validatePage} produced. */
export function countInvalidCitations(markdown: string, files: ReadonlyMap<string, number>): { total: number; invalid: number } {
  let invalid = 0;
  const found = findCitations(markdown).filter((c) => !c.path.includes('://'));
  for (const c of found) {
    const lines = files.get(c.path);
    if (lines === undefined || c.startLine < 1 || c.endLine < c.startLine || c.endLine > lines) invalid++;
  }
  return { total: found.length, invalid };
}

interface CheckedCitation {
  citation?: { path: string; startLine: number; endLine: number };
  problem?: CitationProblem;
}

function checkCitation(c: CitationMatch, ctx: ValidationContext): CheckedCitation {
  let problem: CitationProblem | undefined;
  const resolved = resolveWorkspaceFile(c.path, ctx);
  if (!resolved) return { problem: normaliseRelativePath(stripRoot(c.path)) === undefined ? 'unsafePath' : 'missingFile' };
  if (resolved !== c.path) problem = 'missingFile';
  const lines = ctx.files.get(resolved)!;
  let start = c.startLine;
  let end = c.endLine;
  if (end < start) {
    [start, end] = [end, start];
    problem ??= 'badSpan';
  }
  if (start < 1) {
    start = 1;
    problem ??= 'badSpan';
  }
  if (start > lines) return { problem: 'lineOutOfRange' };
  if (end > lines) {
    end = lines;
    problem ??= 'lineOutOfRange';
  }
  return { citation: { path: resolved, startLine: start, endLine: end }, problem };
}

/** A workspace file for a path as a model wrote it: exact, or a unique suffix match. */
function resolveWorkspaceFile(raw: string, ctx: ValidationContext): string | undefined {
  const p = normaliseRelativePath(stripRoot(raw));
  if (p === undefined) return undefined;
  if (ctx.files.has(p)) return p;
  const matches = [...ctx.files.keys()].filter((f) => f.endsWith(`/${p}`));
  return matches.length === 1 ? matches[0] : undefined;
}

/** A leading `/` is read as the workspace root (`/src/a.ts`), never as the file system root. */
function stripRoot(p: string): string {
  return p.replace(/^\/+(?!\/)/, '');
}

const LINK = /(!?)\[((?:[^[\]]|\[[^[\]]*\])*)\]\(\s*<?([^()\s<>]*(?:\([^()\s]*\)[^()\s<>]*)*)>?(?:\s+(?:"[^"]*"|'[^']*'))?\s*\)/g;
const SAFE_SCHEME = /^(https?:|mailto:)/i;
const ANY_SCHEME = /^[a-zA-Z][a-zA-Z0-9+.-]*:/;
const LINE_ANCHOR = /^L(\d+)(?:-L?(\d+))?$/;

function rewriteLinks(prose: string, ctx: ValidationContext, counts: LinkCounts): string {
  return prose.replace(LINK, (whole: string, bang: string, label: string, target: string) => {
    // A citation; checked next. A label with `://` is a URL (`[file:///x:1](file:///x)`), never a
    // citation, so its target goes through the checks below instead of surviving untouched.
    if (!label.includes('://') && /^[^\s[\]`]+?:L?\d+(?:\s*[-–]\s*L?\d+)?$/.test(label)) return whole;
    counts.total++;
    const plain = bang ? label : label;
    if (target === '') {
      counts.removed++;
      return plain;
    }
    if (SAFE_SCHEME.test(target)) {
      counts.kept++;
      return whole;
    }
    if (ANY_SCHEME.test(target) || target.startsWith('//')) {
      counts.removed++;
      return plain;
    }
    if (target.startsWith('#')) {
      counts.kept++;
      return whole;
    }
    const hashAt = target.indexOf('#');
    const rawPath = decodeLinkPath(hashAt < 0 ? target : target.slice(0, hashAt));
    const anchor = hashAt < 0 ? '' : target.slice(hashAt + 1);
    const resolved = resolveLinkTarget(rawPath, ctx);
    if (!resolved) {
      counts.removed++;
      return plain;
    }
    if (resolved.kind === 'file') {
      const lines = LINE_ANCHOR.exec(anchor);
      if (lines) return `[${resolved.path}:${lines[1]}-${lines[2] ?? lines[1]}]`; // becomes a checked citation
      const link = ctx.sourceLink(resolved.path);
      counts.rewritten++;
      return `${bang}[${label}](${link})`;
    }
    const link = pageToPageLink(ctx.pagePath, resolved.path) + (anchor ? `#${anchor}` : '');
    if (link === target) counts.kept++;
    else counts.rewritten++;
    return `${bang}[${label}](${link})`;
  });
}

function resolveLinkTarget(raw: string, ctx: ValidationContext): { kind: 'page' | 'file'; path: string } | undefined {
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

const SAFE_TAGS = new Set(['br', 'details', 'summary', 'sub', 'sup', 'kbd', 'b', 'i', 'em', 'strong']);

/** Escapes raw HTML tags in prose except a few harmless ones, which lose their attributes. */
function neutraliseHtml(prose: string): string {
  return prose.replace(/<(\/?)([a-zA-Z][a-zA-Z0-9-]*)([^<>]*)>|<(?=[a-zA-Z!?/])/g, (whole: string, slash?: string, tag?: string) => {
    if (tag && SAFE_TAGS.has(tag.toLowerCase())) return `<${slash ?? ''}${tag.toLowerCase()}>`;
    return whole.replace(/</g, '&lt;').replace(/>/g, '&gt;');
  });
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*(?:(?:\.|::|->)[A-Za-z_$][\w$]*)*(?:\(\))?$/;

function unresolvedIdentifiers(markdown: string, ctx: ValidationContext): string[] {
  const out = new Set<string>();
  for (const span of inlineCodeSpans(markdown)) {
    const s = span.trim();
    if (looksLikePath(s)) {
      const p = normaliseRelativePath(stripRoot(s.replace(/\/+$/, '')));
      if (p !== undefined && (ctx.files.has(p) || ctx.folders.has(p) || [...ctx.files.keys()].some((f) => f.endsWith(`/${p}`)))) continue;
      if (p !== undefined && ctx.identifiers.has(p.split('/').pop()!)) continue;
      out.add(s);
      continue;
    }
    if (!IDENTIFIER.test(s)) continue;
    const name = s.replace(/\(\)$/, '');
    const parts = name.split(/\.|::|->/);
    if (ctx.identifiers.has(name) || isWellKnownName(parts[0]) || isWellKnownName(name)) continue;
    if (parts.every((p) => ctx.identifiers.has(p) || isWellKnownName(p))) continue;
    if (parts.length > 1 && ctx.identifiers.has(parts[parts.length - 1]) && ctx.identifiers.has(parts[0])) continue;
    out.add(s);
  }
  return [...out].sort();
}

function looksLikePath(s: string): boolean {
  return /^[\w.@-]+(\/[\w.@-]+)+\/?$/.test(s) || /^[\w@-]+(\.[\w-]+)*\.(ts|tsx|js|jsx|mjs|cjs|py|go|rs|java|cs|json|md|toml|yaml|yml)$/.test(s);
}

