/**
 * Putting text from a repository (symbol, file and folder names, project titles) or from a model
 * (page summaries, failure reasons) into a page so that it reads as the text it is and never as
 * Markdown: no link, no HTML, no emphasis, no line break that starts a new block.
 */
import { markdownParser } from './markdownSource';

const CONTROL_NAMES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * Control characters and invisible direction overrides written as escapes (`\n`, `\u001b`,
 * `\u202e`): a name must not break a line, and must read in the order it is stored.
 */
export function escapeControlCharacters(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => CONTROL_NAMES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * `text` as an inline code span: the fence is one backtick longer than the longest backtick run
 * inside, padded with a space where the content starts or ends with a backtick or a space.
 */
export function codeSpan(text: string): string {
  const content = escapeControlCharacters(text);
  if (content === '') return '` `';
  const longest = Math.max(0, ...(content.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = /^[` ]|[` ]$/.test(content) && /[^ ]/.test(content) ? ' ' : '';
  return `${fence}${pad}${content}${pad}${fence}`;
}

export interface TextEscapeOptions {
  /** The text opens a line (a list item's text, a block quote's text): block markers are escaped too. */
  lineStart?: boolean;
  /** The text is a heading's: `#` is escaped, so no closing sequence is read. */
  heading?: boolean;
}

const WORD = /[\p{L}\p{N}]/u;

/** The characters {@link escapeMarkdownPunctuation} may escape. */
const MAY_NEED_ESCAPE = /[\\`*[\]<|~$_&#]/;

/**
 * `text` as plain Markdown text (link text, a heading, a list item): every character that could
 * start a construct is backslash-escaped, line breaks and control characters become escapes.
 * An underscore inside a word (`decode_param`) is left as it is: it cannot start emphasis.
 */
export function escapeMarkdownText(text: string, options: TextEscapeOptions = {}): string {
  const out = escapeMarkdownPunctuation(escapeControlCharacters(text), options);
  return options.lineStart ? escapeLineStart(out) : out;
}

/** The character-by-character part of {@link escapeMarkdownText}; control characters are left as they are. */
export function escapeMarkdownPunctuation(s: string, options: TextEscapeOptions = {}): string {
  // Most names (`file12.ts`) hold none of the characters escaped here: nothing to do.
  if (!MAY_NEED_ESCAPE.test(s)) return s;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if ('\\`*[]<|~$'.includes(c)) out += `\\${c}`;
    else if (c === '_') out += WORD.test(s[i - 1] ?? '') && WORD.test(s[i + 1] ?? '') ? c : '\\_';
    else if (c === '&') out += /[#\p{L}\p{N}]/u.test(s[i + 1] ?? '') ? '\\&' : c;
    else if (c === '#' && options.heading) out += '\\#';
    else out += c;
  }
  return out;
}

/**
 * Inline Markdown that opens a line, kept from opening a block: leading spaces written as
 * character references (never indented code), a leading `#`, `>`, `+`, `-`, `=` or `1.` escaped
 * (heading, quote, list, setext underline).
 */
export function escapeLineStart(markdown: string): string {
  return markdown
    .replace(/^ +/, (spaces) => '&#32;'.repeat(spaces.length))
    .replace(/^([#>+=-])/, '\\$1')
    .replace(/^(\d+)([.)])/, '$1\\$2');
}

const DEFAULT_SUMMARY_CHARS = 600;

/**
 * Summaries {@link plainSummary} produced, which it gives back unchanged. A page's summary goes
 * into its page, then into its folder page's contents and the overview's index, each time
 * through plainSummary (a summary read from a manifest is not trusted to be plain): the second
 * and later times it is found here instead of being parsed again. Bounded; emptied when full.
 */
const knownPlain = new Set<string>();
const KNOWN_PLAIN_MAX = 50_000;

const CITATION_IN_SUMMARY = /\[[^\]\s]+:L?\d+(?:\s*[-–]\s*L?\d+)?\](?:\([^)]*\))?/g;

/**
 * A model's one-line summary as safe inline Markdown: citations are dropped, links and images
 * become their text, emphasis and raw HTML become plain text, code spans stay code spans; every
 * other character is escaped. Applying it twice gives the same text, so a summary read back from
 * a manifest can be passed through it again before it goes into a page.
 */
export function plainSummary(summary: string, maxChars = DEFAULT_SUMMARY_CHARS): string {
  if (maxChars === DEFAULT_SUMMARY_CHARS && knownPlain.has(summary)) return summary;
  const plain = readPlainSummary(summary, maxChars);
  if (maxChars === DEFAULT_SUMMARY_CHARS) {
    if (knownPlain.size >= KNOWN_PLAIN_MAX) knownPlain.clear();
    knownPlain.add(plain);
  }
  return plain;
}

function readPlainSummary(summary: string, maxChars: number): string {
  const text = summary.replace(CITATION_IN_SUMMARY, '').replace(/\s+/g, ' ').trim();
  if (text === '') return '';
  const pieces: { code: boolean; raw: string }[] = [];
  const walk = (tokens: readonly { type: string; content: string; children: unknown }[]): void => {
    for (const t of tokens) {
      if (t.type === 'code_inline') pieces.push({ code: true, raw: t.content });
      else if (t.type === 'text' || t.type === 'html_inline') pieces.push({ code: false, raw: t.content });
      else if (t.type === 'softbreak' || t.type === 'hardbreak') pieces.push({ code: false, raw: ' ' });
      else if (t.type === 'image' && Array.isArray(t.children)) walk(t.children as typeof tokens);
    }
  };
  walk(markdownParser('permissive').parseInline(text, {})[0]?.children ?? []);
  // The budget counts characters as read, not escapes; a cut text ends with `…`, and a summary
  // already cut fits the budget, so a second pass leaves it as it is.
  const total = pieces.reduce((n, p) => n + p.raw.length, 0);
  let budget = total <= maxChars ? total : maxChars - 1;
  let out = '';
  for (const p of pieces) {
    if (budget <= 0) break;
    const raw = p.raw.length <= budget ? p.raw : p.code ? '' : p.raw.slice(0, budget);
    budget -= p.raw.length;
    out += p.code ? (raw ? codeSpan(raw) : '') : escapeMarkdownText(raw);
  }
  out = out.replace(/\s+/g, ' ').replace(/\s+([.,;:])/g, '$1').trim();
  return total <= maxChars ? out : `${out}…`;
}
