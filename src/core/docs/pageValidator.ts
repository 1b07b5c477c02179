/**
 * Checks a page the model wrote before it is written, and makes it safe. The page is read with
 * markdown-it, the parser of VS Code's Markdown preview, so what counts as code, a link or HTML
 * here is what counts there:
 * - citations: the path must be a scanned workspace file (not ignored, not secret, not outside)
 *   and the span within the file. An invalid citation is repaired once, deterministically and
 *   without another model call: a path that is a unique suffix of one scanned file (`cost.ts` for
 *   `src/core/cost.ts`) is completed, a reversed span is swapped, a span running past the end is
 *   clamped to the last line. Anything else (missing file, span starting past the end, absolute
 *   or `..` paths) is removed. Every repair and removal is listed;
 * - links, images and autolinks: what may stay and where it points is decided by
 *   {@link linkOutcome}; a link that may not stay becomes its text; reference-style links are
 *   written inline and every link reference definition is made plain text;
 * - raw HTML outside code is escaped, so it reads as the text it is;
 * - the page is read again after every change, until nothing changes (a removed link can expose
 *   another), and the result is checked for anything active before it is returned;
 * - identifiers in inline code are looked up, case-sensitively, in the symbol table and file list;
 *   the unresolved ones are reported, not changed.
 */
import { citationOfMatch, citationPattern, citationRef, findCitations, formatCitation, parseCitationLabel } from './citations';
import { readMarkdown, normaliseMarkdown, type LinkSpan, type MarkdownCode, type MarkdownSource, type SourceRange } from './markdownSource';
import { findActiveContent } from './activeContent';
import { formatDestination, linkOutcome, stripRoot, type LinkContext } from './pageLinks';
import { applyEdits, outermostEdits, type SourceEdit } from './sourceEdits';
import { escapeMarkdownText } from './markdownEscape';
import { normaliseRelativePath } from './pagePaths';
import { isWellKnownName } from './wellKnownNames';
import type { Citation } from './types';

export interface ValidationContext extends LinkContext {
  /** Names known in the workspace: symbols, containers, parameters, modules, file names. */
  identifiers: ReadonlySet<string>;
  /**
   * When set, only these lines may be cited (a guide cites only what its tools read): returns the
   * part of a span that may be cited, or undefined when none of it may. A span cut down counts as
   * repaired; a span with nothing citable is removed.
   */
  citable?: (path: string, startLine: number, endLine: number) => { startLine: number; endLine: number } | undefined;
}

export type CitationProblem = 'missingFile' | 'unsafePath' | 'lineOutOfRange' | 'badSpan' | 'notRead';

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

/** Passes over the page before it is declared unsettled and made inert wholesale. */
const MAX_PASSES = 24;

export function emptyCitationCounts(): CitationCounts {
  return { total: 0, valid: 0, invalid: 0, repaired: 0, removed: 0 };
}

/** One thing a pass found: the change it asks for (if any) and what it counts once it is made. */
interface Finding {
  edit?: SourceEdit;
  tally?: () => void;
}

interface PassState {
  ctx: ValidationContext;
  links: LinkCounts;
  citations: CitationCounts;
  issues: CitationIssue[];
}

/** Validates and repairs a page's Markdown. Pure: the same input always gives the same output. */
export function validatePage(markdown: string, ctx: ValidationContext): PageValidation {
  const state: PassState = { ctx, links: { total: 0, kept: 0, rewritten: 0, removed: 0 }, citations: emptyCitationCounts(), issues: [] };
  let text = normaliseMarkdown(markdown).split(REMOVED).join('');
  let settled: MarkdownSource | undefined;
  for (let pass = 1; pass <= MAX_PASSES && !settled; pass++) {
    const source = readMarkdown(text);
    const findings = [...structureFindings(source), ...linkFindings(source, state), ...bareCitationFindings(source, state)];
    const edits = outermostEdits(findings.filter((f): f is Finding & { edit: SourceEdit } => f.edit !== undefined));
    // What needs no change is counted on the first pass; a change is counted when it is made.
    for (const f of pass === 1 ? findings.filter((x) => x.edit === undefined) : []) f.tally?.();
    for (const f of edits) f.tally?.();
    if (edits.length === 0) settled = source;
    else text = tidyRemoved(applyEdits(text, edits.map((f) => f.edit)));
  }
  if (!settled) {
    // Never seen: the passes did not settle. Nothing in the page may open a link or a tag then.
    text = inertText(text);
    settled = readMarkdown(text);
    const active = findActiveContent(settled);
    if (active.length > 0) throw new Error(`internal: active ${active[0].kind} survived validation in ${ctx.pagePath}: ${active[0].detail}`);
  }
  // A settled pass found nothing to change: no HTML, no definition, no link or image that may
  // not stay. Closing a fence left open at the end cannot change that.
  text = closeOpenFence(settled, text);
  return { markdown: text, citations: state.citations, issues: state.issues, links: state.links, unresolvedIdentifiers: unresolvedIdentifiers(settled, ctx) };
}

/** Counts citations of a final page that are not valid — 0 for anything {@link validatePage} produced. */
export function countInvalidCitations(markdown: string | MarkdownCode, files: ReadonlyMap<string, number>): { total: number; invalid: number } {
  let invalid = 0;
  const found = findCitations(markdown).filter((c) => !c.path.includes('://'));
  for (const c of found) {
    const lines = files.get(c.path);
    if (lines === undefined || c.startLine < 1 || c.endLine < c.startLine || c.endLine > lines) invalid++;
  }
  return { total: found.length, invalid };
}

/** Link reference definitions become text; raw HTML is escaped; unreadable blocks are made inert. */
function structureFindings(source: MarkdownSource): Finding[] {
  const out: Finding[] = [];
  for (const at of source.definitions) out.push({ edit: { start: at, end: at, text: '\\' } });
  for (const r of [...source.htmlBlocks, ...source.inlineHtml]) out.push({ edit: { ...r, text: escapeHtml(source.text.slice(r.start, r.end)) } });
  for (const r of source.unmapped) out.push({ edit: { ...r, text: inertText(source.text.slice(r.start, r.end)) } });
  return out;
}

function linkFindings(source: MarkdownSource, state: PassState): Finding[] {
  return source.links.map((span) => {
    const whole = source.text.slice(span.start, span.end);
    const label = span.label ? source.text.slice(span.label.start, span.label.end) : '';
    const cited = span.kind === 'link' ? parseCitationLabel(label) : undefined;
    if (cited) return checkedCitation(whole, cited, span, state);
    return linkFinding(span, whole, label, state);
  });
}

function linkFinding(span: LinkSpan, whole: string, label: string, state: PassState): Finding {
  const counts = state.links;
  const outcome = linkOutcome(span.href, span.kind === 'image' ? 'image' : 'link', state.ctx);
  if (outcome.action === 'drop') {
    // An autolink's text is its URL; written as plain text it can no longer be followed.
    const text = span.kind === 'autolink' ? escapeMarkdownText(whole.slice(1, -1)) : label;
    return {
      edit: { start: span.start, end: span.end, text },
      tally: () => {
        counts.total++;
        counts.removed++;
      },
    };
  }
  if (outcome.action === 'cite') {
    const text = `[${citationRef(outcome)}]`;
    return { edit: { start: span.start, end: span.end, text }, tally: () => void counts.total++ };
  }
  const rewritten = outcome.href !== span.href;
  const text = span.kind === 'autolink' && !rewritten ? whole : `${span.kind === 'image' ? '!' : ''}[${label}](${formatDestination(outcome.href)})`;
  return {
    edit: text === whole ? undefined : { start: span.start, end: span.end, text },
    tally: () => {
      counts.total++;
      if (rewritten) counts.rewritten++;
      else counts.kept++;
    },
  };
}

/** Citations written as text (`[a.ts:3-9]`), wherever the page is prose. */
function bareCitationFindings(source: MarkdownSource, state: PassState): Finding[] {
  const excluded = new Uint8Array(source.text.length);
  const exclude = (r: SourceRange): void => void excluded.fill(1, r.start, r.end);
  [...source.codeSpans, ...source.codeBlocks, ...source.htmlBlocks, ...source.inlineHtml].forEach(exclude);
  for (const l of source.links) {
    if (l.kind !== 'link' || !l.label) exclude(l);
    else {
      exclude({ start: l.start, end: l.label.start });
      exclude({ start: l.label.end, end: l.end });
    }
  }
  const out: Finding[] = [];
  for (const m of source.text.matchAll(citationPattern())) {
    const range = { start: m.index!, end: m.index! + m[0].length };
    if (excluded.subarray(range.start, range.end).includes(1)) continue;
    if (m[1].includes('://')) continue; // a URL with a port, not a citation
    out.push(checkedCitation(m[0], citationOfMatch(m), range, state));
  }
  return out;
}

type Cited = Citation;

function checkedCitation(raw: string, cited: Cited, range: SourceRange, state: PassState): Finding {
  const { ctx, citations, issues } = state;
  const checked = checkCitation(cited, ctx);
  const text = checked.citation ? formatCitation(checked.citation, ctx.sourceLink(checked.citation.path)) : REMOVED;
  const edit = text === raw ? undefined : { ...range, text };
  if (checked.problem === undefined) {
    return { edit, tally: () => ((citations.total++, citations.valid++)) };
  }
  const problem = checked.problem;
  return {
    edit,
    tally: () => {
      citations.total++;
      citations.invalid++;
      if (checked.citation) {
        citations.repaired++;
        issues.push({ page: ctx.pagePath, cited: raw, problem, action: 'repaired', repairedTo: citationRef(checked.citation) });
      } else {
        citations.removed++;
        issues.push({ page: ctx.pagePath, cited: raw, problem, action: 'removed' });
      }
    },
  };
}

interface CheckedCitation {
  citation?: Cited;
  problem?: CitationProblem;
}

function checkCitation(c: Cited, ctx: ValidationContext): CheckedCitation {
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
  if (ctx.citable) {
    const allowed = ctx.citable(resolved, start, end);
    if (!allowed) return { problem: 'notRead' };
    if (allowed.startLine !== start || allowed.endLine !== end) problem ??= 'notRead';
    ({ startLine: start, endLine: end } = allowed);
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

/**
 * A fenced block the model never closed runs to the end of its answer, and in the page would
 * swallow what Docsmith writes after it (the symbol list): it is closed at the end.
 */
function closeOpenFence(source: MarkdownSource, text: string): string {
  const last = source.tokens[source.tokens.length - 1];
  if (last?.type !== 'fence' || last.level !== 0 || !last.map) return text;
  const lines = text.replace(/\n$/, '').split('\n');
  if (last.map[1] < lines.length) return text;
  const fenceChar = last.markup[0];
  const closing = new RegExp(`^ {0,3}\\${fenceChar}{${last.markup.length},}[ \\t]*$`);
  if (last.map[1] - last.map[0] > 1 && closing.test(lines[lines.length - 1])) return text;
  return `${text.replace(/\n*$/, '')}\n${last.markup}`;
}

/** Removed citations leave no `( )`, `(see )` or doubled spaces behind. */
function tidyRemoved(text: string): string {
  if (!text.includes(REMOVED)) return text;
  return text.replace(/ ?\((?:see\s*)?(?:\uE000[\s,;]*)+\)/g, '').replace(/[ \t]*\uE000/g, '');
}

/** Only `<` is escaped: a `>` may be a block quote's marker on a line the HTML spans. */
function escapeHtml(html: string): string {
  return html.replace(/</g, '&lt;');
}

/** Text in which nothing can open a link, an image, an autolink or an HTML tag. */
function inertText(text: string): string {
  return text.replace(/\[/g, '&#91;').replace(/</g, '&lt;');
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*(?:(?:\.|::|->)[A-Za-z_$][\w$]*)*(?:\(\))?$/;

function unresolvedIdentifiers(source: MarkdownSource, ctx: ValidationContext): string[] {
  const out = new Set<string>();
  for (const span of source.codeSpans) {
    const s = span.content.trim();
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
