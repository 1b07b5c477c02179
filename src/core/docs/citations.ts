/**
 * The one citation form Docsmith writes, `[path/to/file.ts:12-30](../relative/link#L12-L30)` and, for
 * one line, `[path/to/file.ts:16](../relative/link#L16)`: recognising what a model wrote (with or
 * without a link, `L` prefixes, en dashes, one line or a range) and rendering it back with a link
 * computed by us, never by the model.
 */
import type { Citation } from './types';
import { segmentMarkdown } from './markdownText';
import type { MarkdownCode } from './markdownSource';
import { escapeControlCharacters, escapeMarkdownPunctuation } from './markdownEscape';

/**
 * `[path:12-30]`, `[path:12]`, `[path:L12-L30]`, each optionally followed by `(link)`. Paths may
 * hold parentheses (`open(paren.ts`): our links encode them, and such a citation must be checked.
 * A path holds no whitespace, and a bracket or backtick only backslash-escaped (`c\[d.ts`), as
 * {@link formatCitation} writes it.
 */
const CITATION_SOURCE = String.raw`\[((?:\\[!-/:-@[-` + '`' + String.raw`{-~]|[^\s[\]` + '`' + String.raw`])+?):L?(\d+)(?:\s*[-–]\s*L?(\d+))?\](\([^()\s]*\))?`;

/** A fresh global matcher of citations (groups: path, first line, last line, link). */
export function citationPattern(): RegExp {
  return new RegExp(CITATION_SOURCE, 'g');
}

/** A link text that is a citation (`src/a.ts:3-9`, `a.ts:L4`), read as one. */
export function parseCitationLabel(label: string): Citation | undefined {
  if (label.includes('://')) return undefined;
  const m = new RegExp(`^${CITATION_SOURCE}$`).exec(`[${label}]`);
  return m ? citationOfMatch(m) : undefined;
}

export interface CitationMatch extends Citation {
  /** The text as it appeared in the page. */
  raw: string;
}

/** Citations in the prose of a page (code blocks and inline code are not looked at). */
export function findCitations(markdown: string | MarkdownCode): CitationMatch[] {
  const found: CitationMatch[] = [];
  for (const segment of segmentMarkdown(markdown)) {
    if (segment.kind !== 'text') continue;
    for (const m of segment.text.matchAll(citationPattern())) found.push({ raw: m[0], ...citationOfMatch(m) });
  }
  return found;
}

/** `path:12-30`, or `path:16` for one line. */
export function citationRef(c: Citation): string {
  return c.startLine === c.endLine ? `${c.path}:${c.startLine}` : `${c.path}:${c.startLine}-${c.endLine}`;
}

/**
 * `[path:12-30](link#L12-L30)`, or `[path:16](link#L16)` — `sourceLink` is the relative link from
 * the page to the file. The path is escaped as link text, so any file name reads as itself:
 * Markdown punctuation backslash-escaped, control characters as `\n`, `\t`, `\u001b`.
 */
export function formatCitation(c: Citation, sourceLink: string): string {
  const anchor = c.startLine === c.endLine ? `#L${c.startLine}` : `#L${c.startLine}-L${c.endLine}`;
  return `[${citationRef({ ...c, path: escapeControlCharacters(escapeMarkdownPunctuation(c.path)) })}](${sourceLink}${anchor})`;
}

const CONTROL_ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t' };

/** The path of a citation as {@link formatCitation} wrote it (a lone backslash is itself). */
function decodeCitationPath(written: string): string {
  return written.replace(/\\(?:([!-/:-@[-`{-~])|([nrt])|u([0-9a-f]{4}))/g, (_whole: string, punct?: string, control?: string, hex?: string) =>
    punct ?? (control ? CONTROL_ESCAPES[control] : String.fromCharCode(parseInt(hex!, 16))),
  );
}

/** `path:12-30` or `path:12` (as used in structured `citations` arrays) → a citation. */
export function parseCitationRef(ref: string): Citation | undefined {
  const m = /^\s*(.+?):L?(\d+)(?:\s*[-–]\s*L?(\d+))?\s*$/.exec(ref);
  if (!m) return undefined;
  const startLine = Number(m[2]);
  return { path: m[1], startLine, endLine: m[3] ? Number(m[3]) : startLine };
}

/** The citation a match of {@link citationPattern} stands for, its path unescaped. */
export function citationOfMatch(m: RegExpMatchArray): Citation {
  const startLine = Number(m[2]);
  return { path: decodeCitationPath(m[1]), startLine, endLine: m[3] !== undefined ? Number(m[3]) : startLine };
}
