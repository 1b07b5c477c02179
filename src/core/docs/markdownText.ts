/**
 * Which parts of a page are code (fenced and indented blocks, inline code spans) and must be left
 * alone, and which are prose where citations live — as markdown-it, the parser of VS Code's
 * preview, reads the page.
 */
import { readMarkdown, type MarkdownCode } from './markdownSource';

export interface MarkdownSegment {
  kind: 'text' | 'fence' | 'code';
  text: string;
}

/** Splits Markdown into prose, code blocks and inline code spans, in order. */
export function segmentMarkdown(markdown: string | MarkdownCode): MarkdownSegment[] {
  const source = typeof markdown === 'string' ? readMarkdown(markdown) : markdown;
  const code = [
    ...source.codeBlocks.map((r) => ({ ...r, kind: 'fence' as const })),
    ...source.codeSpans.map((r) => ({ start: r.start, end: r.end, kind: 'code' as const })),
  ].sort((a, b) => a.start - b.start);
  const out: MarkdownSegment[] = [];
  let at = 0;
  for (const c of code) {
    if (c.start < at) continue;
    if (c.start > at) out.push({ kind: 'text', text: source.text.slice(at, c.start) });
    out.push({ kind: c.kind, text: source.text.slice(c.start, c.end) });
    at = c.end;
  }
  if (at < source.text.length) out.push({ kind: 'text', text: source.text.slice(at) });
  return out;
}

/** Applies `fn` to every prose segment and joins the page back together. */
export function mapProse(markdown: string, fn: (prose: string) => string): string {
  return segmentMarkdown(markdown)
    .map((s) => (s.kind === 'text' ? fn(s.text) : s.text))
    .join('');
}
