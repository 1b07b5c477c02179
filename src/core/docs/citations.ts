/**
 * The one citation form Docsmith writes, `[path/to/file.ts:12-30](../relative/link#L12-L30)`:
 * recognising what a model wrote (with or without a link, `L` prefixes, en dashes, one line) and
 * rendering it back with a link computed by us, never by the model.
 */
import type { Citation } from './types';
import { mapProse } from './markdownText';

/**
 * `[path:12-30]`, `[path:12]`, `[path:L12-L30]`, each optionally followed by `(link)`. Paths may
 * hold parentheses (`open(paren.ts`): our links encode them, and such a citation must be checked.
 */
const CITATION = /\[([^\s[\]`]+?):L?(\d+)(?:\s*[-–]\s*L?(\d+))?\](\([^()\s]*\))?/g;

export interface CitationMatch extends Citation {
  /** The text as it appeared in the page. */
  raw: string;
}

/** Citations in the prose of a page (code blocks and inline code are not looked at). */
export function findCitations(markdown: string): CitationMatch[] {
  const found: CitationMatch[] = [];
  mapProse(markdown, (prose) => {
    for (const m of prose.matchAll(CITATION)) found.push(toMatch(m));
    return prose;
  });
  return found;
}

/** Replaces every citation in the prose with what `fn` returns for it. */
export function replaceCitations(markdown: string, fn: (c: CitationMatch) => string): string {
  return mapProse(markdown, (prose) => prose.replace(CITATION, (...args: unknown[]) => fn(toMatch(args as unknown as RegExpMatchArray))));
}

/** `[path:12-30](link#L12-L30)` — `sourceLink` is the relative link from the page to the file. */
export function formatCitation(c: Citation, sourceLink: string): string {
  return `[${c.path}:${c.startLine}-${c.endLine}](${sourceLink}#L${c.startLine}-L${c.endLine})`;
}

/** `path:12-30` or `path:12` (as used in structured `citations` arrays) → a citation. */
export function parseCitationRef(ref: string): Citation | undefined {
  const m = /^\s*(.+?):L?(\d+)(?:\s*[-–]\s*L?(\d+))?\s*$/.exec(ref);
  if (!m) return undefined;
  const startLine = Number(m[2]);
  return { path: m[1], startLine, endLine: m[3] ? Number(m[3]) : startLine };
}

function toMatch(m: RegExpMatchArray): CitationMatch {
  const startLine = Number(m[2]);
  return { raw: m[0], path: m[1], startLine, endLine: m[3] !== undefined ? Number(m[3]) : startLine };
}
