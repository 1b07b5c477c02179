/**
 * A page read the way VS Code's Markdown preview reads it: markdown-it (CommonMark with tables and
 * strikethrough, raw HTML on), plus the source position of every construct the page checks act
 * on — links, images, autolinks, raw HTML, code spans, code blocks and link reference definitions
 * — so that a check can change exactly those characters and nothing else.
 *
 * markdown-it gives block tokens line ranges but inline tokens no positions. The inline rules
 * that matter are wrapped to record where each construct starts and ends in its inline content,
 * and the content is mapped back to the page: a paragraph line is the tail of its source line
 * (container markers and indentation come before it), a heading's text sits after its `#` run, a
 * table cell is found in its row with escaped pipes restored.
 */
import MarkdownIt from 'markdown-it';

type Markdown = MarkdownIt.MarkdownIt;
type Token = MarkdownIt.Token;
type StateInline = MarkdownIt.StateInline;
type StateBlock = MarkdownIt.StateBlock;

export interface SourceRange {
  start: number;
  end: number;
}

export interface LinkSpan extends SourceRange {
  kind: 'link' | 'image' | 'autolink';
  /** The destination as markdown-it resolved it: escapes and entities decoded, not URL-encoded. */
  href: string;
  /** Where the link text (or an image's alt text) is; autolinks have none. */
  label?: SourceRange;
}

export interface CodeSpan extends SourceRange {
  /** The code as rendered (markdown-it's content of the span). */
  content: string;
}

export interface MarkdownSource {
  /** The text the positions refer to: line endings normalised to `\n`, NUL as U+FFFD. */
  text: string;
  tokens: Token[];
  links: LinkSpan[];
  inlineHtml: SourceRange[];
  /** Raw HTML blocks, whole lines. */
  htmlBlocks: SourceRange[];
  /** Fenced and indented code blocks, whole lines. */
  codeBlocks: SourceRange[];
  codeSpans: CodeSpan[];
  /** Offset of the `[` that opens each link reference definition. */
  definitions: number[];
  /**
   * Lines of inline content that could not be mapped back to the page (should not happen); a
   * check must treat everything in them as suspect.
   */
  unmapped: SourceRange[];
}

/** A page read for the last checks before it is written: its tokens and where its code is. */
export type MarkdownCode = Pick<MarkdownSource, 'text' | 'tokens' | 'codeBlocks' | 'codeSpans'>;

/** Line endings and NUL characters as markdown-it normalises them, so positions line up. */
export function normaliseMarkdown(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(/\0/g, '\uFFFD');
}

interface RecordedSpan {
  kind: 'link' | 'image' | 'autolink' | 'html' | 'code';
  token: Token;
  start: number;
  end: number;
  labelStart?: number;
  labelEnd?: number;
}

interface Capture {
  /** The kinds of inline construct to record. */
  records: ReadonlySet<RecordedSpan['kind']>;
  /** Nesting of inline parses: 1 is a block's content, 2+ an image's alt text. */
  depth: number;
  /** Spans recorded for each block's inline content, keyed by its children array. */
  spans: Map<Token[], RecordedSpan[]>;
  current?: RecordedSpan[];
  definitions: number[];
}

const CAPTURE = Symbol('docsmith.capture');

interface RegisteredRule<F> {
  name: string;
  fn: F;
  alt: string[];
}

type Rule<Args extends unknown[]> = (...args: Args) => boolean;

/**
 * Replaces the rule registered under `name` with `wrap(original)`, keeping the chains it also
 * belongs to (markdown-it keeps its rules in `__rules__`).
 */
function wrapRule<Args extends unknown[]>(ruler: MarkdownIt.Ruler<Args, boolean>, name: string, wrap: (original: Rule<Args>) => Rule<Args>): void {
  const rules = (ruler as unknown as { __rules__?: Array<RegisteredRule<Rule<Args>>> }).__rules__;
  const found = rules?.find((r) => r.name === name);
  if (!found) throw new Error(`markdown-it has no rule ${name}`);
  ruler.at(name, wrap(found.fn), { alt: [...found.alt] });
}

function captureOf(env: unknown): Capture | undefined {
  return (env as { [CAPTURE]?: Capture })[CAPTURE];
}

/** Wraps an inline rule so that, in a block's own content, each construct it makes is recorded. */
function recordInline(md: Markdown, name: string, kind: RecordedSpan['kind'], tokenType: string): void {
  wrapRule(md.inline.ruler, name, (rule) => (state: StateInline, silent: boolean) => {
    const capture = captureOf(state.env);
    // What a reading does not record costs nothing more than markdown-it's own rule.
    if (silent || capture?.depth !== 1 || !capture.records.has(kind)) return rule(state, silent);
    const start = state.pos;
    const before = state.tokens.length;
    let labelStart: number | undefined;
    let labelEnd: number | undefined;
    const opens = kind === 'link' ? state.src[start] === '[' : kind === 'image' && state.src.startsWith('![', start);
    if (opens) {
      labelStart = start + (kind === 'image' ? 2 : 1);
      labelEnd = md.helpers.parseLinkLabel(state, labelStart - 1, kind === 'link');
    }
    const ok = rule(state, silent);
    if (ok && capture.current) {
      const token = state.tokens.slice(before).find((t) => t.type === tokenType);
      if (token) capture.current.push({ kind, token, start, end: state.pos, labelStart, labelEnd });
    }
    return ok;
  });
}

function createParser(permissiveLinks: boolean): Markdown {
  const md = new MarkdownIt('default', { html: true, linkify: false });
  if (permissiveLinks) {
    // Every link the syntax allows is a link here, whatever its scheme, and its destination is
    // kept as written (decoded, not re-encoded), so the checks see what a renderer could follow.
    md.validateLink = () => true;
    md.normalizeLink = (url: string) => url;
  }
  recordInline(md, 'link', 'link', 'link_open');
  recordInline(md, 'image', 'image', 'image');
  recordInline(md, 'autolink', 'autolink', 'link_open');
  recordInline(md, 'html_inline', 'html', 'html_inline');
  recordInline(md, 'backticks', 'code', 'code_inline');

  const parseInline = md.inline.parse.bind(md.inline);
  md.inline.parse = (str: string, inner: Markdown, env: MarkdownIt.Env, outTokens: Token[]) => {
    const capture = captureOf(env);
    if (!capture) return parseInline(str, inner, env, outTokens);
    capture.depth++;
    const outer = capture.current;
    if (capture.depth === 1) {
      capture.current = [];
      capture.spans.set(outTokens, capture.current);
    }
    try {
      parseInline(str, inner, env, outTokens);
    } finally {
      capture.depth--;
      capture.current = outer;
    }
  };

  wrapRule(md.block.ruler, 'reference', (reference) => (state: StateBlock, startLine: number, endLine: number, silent: boolean) => {
    const ok = reference(state, startLine, endLine, silent);
    if (ok && !silent) captureOf(state.env)?.definitions.push(state.bMarks[startLine] + state.tShift[startLine]);
    return ok;
  });
  return md;
}

let permissive: Markdown | undefined;
let standard: Markdown | undefined;

/**
 * markdown-it as the checks use it: every link syntax is a link, whatever its scheme
 * (`permissive`), or with markdown-it's own link validation, as a preview renders it.
 */
export function markdownParser(kind: 'permissive' | 'standard' = 'permissive'): Markdown {
  if (kind === 'permissive') return (permissive ??= createParser(true));
  return (standard ??= createParser(false));
}

const EVERY_SPAN: ReadonlySet<RecordedSpan['kind']> = new Set(['link', 'image', 'autolink', 'html', 'code']);
const CODE_SPANS: ReadonlySet<RecordedSpan['kind']> = new Set(['code']);

/** Parses `markdown` and locates the constructs the page checks act on. */
export function readMarkdown(markdown: string, kind: 'permissive' | 'standard' = 'permissive'): MarkdownSource {
  return read(markdown, kind, EVERY_SPAN);
}

/**
 * Parses `markdown` as {@link readMarkdown} does (the same parser, the same tokens) and locates
 * only its code blocks and code spans: all that telling prose from code (for citations) and
 * reading links and HTML off the tokens (for active content) need. Links, HTML and definitions
 * are not located, which on a page of many links is most of the cost of reading it.
 */
export function readMarkdownCode(markdown: string): MarkdownCode {
  const { text, tokens, codeBlocks, codeSpans } = read(markdown, 'permissive', CODE_SPANS);
  return { text, tokens, codeBlocks, codeSpans };
}

function read(markdown: string, kind: 'permissive' | 'standard', records: ReadonlySet<RecordedSpan['kind']>): MarkdownSource {
  const text = normaliseMarkdown(markdown);
  const capture: Capture = { records, depth: 0, spans: new Map(), definitions: [] };
  const env = { [CAPTURE]: capture } as unknown as MarkdownIt.Env;
  const tokens = markdownParser(kind).parse(text, env);
  const lines = lineTable(text);
  const out: MarkdownSource = { text, tokens, links: [], inlineHtml: [], htmlBlocks: [], codeBlocks: [], codeSpans: [], definitions: capture.definitions, unmapped: [] };

  let rowLine: number | undefined;
  let cellCursor = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if ((t.type === 'fence' || t.type === 'code_block') && t.map) out.codeBlocks.push(lines.range(t.map[0], t.map[1]));
    else if (t.type === 'html_block' && t.map) out.htmlBlocks.push(lines.range(t.map[0], t.map[1]));
    else if (t.type === 'tr_open' && t.map) {
      rowLine = t.map[0];
      cellCursor = lines.start(rowLine);
    } else if (t.type === 'inline') {
      const spans = t.children ? capture.spans.get(t.children) : undefined;
      if (!spans || spans.length === 0) continue;
      const parent = tokens[i - 1];
      let map: ContentMap | undefined;
      if (parent?.type === 'th_open' || parent?.type === 'td_open') {
        map = rowLine === undefined ? undefined : cellMap(text, t.content, cellCursor, lines.end(rowLine));
        if (map) cellCursor = map.end;
      } else if (parent?.type === 'heading_open' && parent.markup.startsWith('#') && t.map) {
        map = headingMap(text, t.content, lines.start(t.map[0]), lines.end(t.map[0]));
      } else if (t.map) {
        map = paragraphMap(text, t.content, t.map[0], lines);
      }
      if (!map) {
        const line = t.map?.[0] ?? rowLine;
        if (line !== undefined) out.unmapped.push(lines.range(line, t.map?.[1] ?? line + 1));
        continue;
      }
      for (const s of spans) place(out, s, map);
    }
  }
  return out;
}

function place(out: MarkdownSource, s: RecordedSpan, map: ContentMap): void {
  const range = { start: map.toSource(s.start), end: map.toSourceEnd(s.end) };
  switch (s.kind) {
    case 'code':
      out.codeSpans.push({ ...range, content: s.token.content });
      return;
    case 'html':
      out.inlineHtml.push(range);
      return;
    case 'autolink':
      out.links.push({ ...range, kind: 'autolink', href: String(s.token.attrGet('href') ?? '') });
      return;
    case 'link':
    case 'image': {
      const href = String(s.token.attrGet(s.kind === 'image' ? 'src' : 'href') ?? '');
      const label = s.labelStart !== undefined && s.labelEnd !== undefined && s.labelEnd >= s.labelStart ? { start: map.toSource(s.labelStart), end: map.toSourceEnd(s.labelEnd) } : undefined;
      out.links.push({ ...range, kind: s.kind, href, label });
    }
  }
}

interface LineTable {
  start(line: number): number;
  /** Offset of the line's end (its `\n`, or the end of the text). */
  end(line: number): number;
  range(from: number, to: number): SourceRange;
}

function lineTable(text: string): LineTable {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  const start = (line: number): number => starts[Math.min(line, starts.length - 1)] ?? text.length;
  const end = (line: number): number => (line + 1 < starts.length ? starts[line + 1] - 1 : text.length);
  return { start, end, range: (from, to) => ({ start: start(from), end: end(Math.max(from, to - 1)) }) };
}

/** Maps offsets in a block's inline content to offsets in the page. */
interface ContentMap {
  toSource(offset: number): number;
  /** For the exclusive end of a range. */
  toSourceEnd(offset: number): number;
  /** Page offset just after the content. */
  end: number;
}

/** Pieces of content that are contiguous in the page: content [from, to) is page [at, at + to - from). */
interface Piece {
  from: number;
  to: number;
  at: number;
}

function mapFromPieces(pieces: Piece[]): ContentMap {
  // The last piece starting at or before `offset` (pieces are in content order).
  const find = (offset: number): Piece => {
    let lo = 0;
    let hi = pieces.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (pieces[mid].from <= offset) lo = mid;
      else hi = mid - 1;
    }
    return pieces[lo];
  };
  const last = pieces[pieces.length - 1];
  const toSource = (offset: number): number => {
    const p = find(offset);
    return p.at + Math.min(Math.max(offset - p.from, 0), p.to - p.from);
  };
  return {
    toSource,
    toSourceEnd: (offset) => (offset <= 0 ? pieces[0].at : toSource(offset - 1) + 1),
    end: last.at + (last.to - last.from),
  };
}

const ASCII_SPACE = /^[ \t\n\r]*/;

/**
 * A paragraph (or setext heading): content line `i` is the tail of page line `first + i`, after
 * leading whitespace that may stand for a partly used tab; the last line may have lost trailing
 * whitespace.
 */
function paragraphMap(text: string, content: string, first: number, lines: LineTable): ContentMap | undefined {
  const pieces: Piece[] = [];
  let offset = 0;
  const parts = content.split('\n');
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    const lead = ASCII_SPACE.exec(part)![0].length;
    const tail = part.slice(lead);
    const lineStart = lines.start(first + i);
    const line = text.slice(lineStart, lines.end(first + i));
    let col: number;
    if (line.endsWith(tail)) col = line.length - tail.length;
    else if (i === parts.length - 1 && line.replace(/[ \t]+$/, '').endsWith(tail)) col = line.replace(/[ \t]+$/, '').length - tail.length;
    else return undefined;
    if (lead > 0) pieces.push({ from: offset, to: offset, at: lineStart + col });
    // The content's `\n` after this line maps to the page's.
    const withBreak = i < parts.length - 1 ? 1 : 0;
    pieces.push({ from: offset + lead, to: offset + part.length + withBreak, at: lineStart + col });
    offset += part.length + 1;
  }
  return mapFromPieces(pieces);
}

/** An ATX heading: the text follows the `#` run on its line. */
function headingMap(text: string, content: string, lineStart: number, lineEnd: number): ContentMap | undefined {
  const line = text.slice(lineStart, lineEnd);
  for (let col = line.indexOf(content); col >= 0; col = line.indexOf(content, col + 1)) {
    if (/#[ \t]+$/.test(line.slice(0, col))) return mapFromPieces([{ from: 0, to: content.length, at: lineStart + col }]);
  }
  return undefined;
}

/** A table cell: its text comes next in the row, with each `|` written `\|` in the page. */
function cellMap(text: string, content: string, from: number, rowEnd: number): ContentMap | undefined {
  if (content === '') return undefined;
  const written = content.replace(/\|/g, '\\|');
  const at = text.indexOf(written, from);
  if (at < 0 || at + written.length > rowEnd) return undefined;
  const pieces: Piece[] = [];
  let offset = 0;
  let pageAt = at;
  for (const [k, part] of content.split('|').entries()) {
    if (k > 0) {
      // `\|` in the page: the content's `|` is the second character of the pair.
      pieces.push({ from: offset, to: offset + 1, at: pageAt + 1 });
      offset += 1;
      pageAt += 2;
    }
    pieces.push({ from: offset, to: offset + part.length, at: pageAt });
    offset += part.length;
    pageAt += part.length;
  }
  const map = mapFromPieces(pieces);
  return { ...map, end: at + written.length };
}
