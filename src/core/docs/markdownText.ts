/**
 * Just enough Markdown structure for the validator: which parts of a page are code (fenced
 * blocks, inline code spans) and must be left alone, and which are prose where citations and
 * links live.
 */

export interface MarkdownSegment {
  kind: 'text' | 'fence' | 'code';
  text: string;
}

/** Splits Markdown into prose, fenced code blocks and inline code spans, in order. */
export function segmentMarkdown(markdown: string): MarkdownSegment[] {
  const out: MarkdownSegment[] = [];
  const lines = markdown.split(/(?<=\n)/);
  let prose = '';
  let i = 0;
  while (i < lines.length) {
    const open = /^ {0,3}(`{3,}|~{3,})/.exec(lines[i]);
    if (!open) {
      prose += lines[i++];
      continue;
    }
    if (prose) out.push(...splitInlineCode(prose));
    prose = '';
    const fenceChar = open[1][0];
    const fenceLen = open[1].length;
    let block = lines[i++];
    while (i < lines.length) {
      const line = lines[i++];
      block += line;
      const close = /^ {0,3}(`{3,}|~{3,})\s*$/.exec(line);
      if (close && close[1][0] === fenceChar && close[1].length >= fenceLen) break;
    }
    out.push({ kind: 'fence', text: block });
  }
  if (prose) out.push(...splitInlineCode(prose));
  return out;
}

function splitInlineCode(text: string): MarkdownSegment[] {
  const out: MarkdownSegment[] = [];
  let pos = 0;
  let plainStart = 0;
  while (pos < text.length) {
    const tick = text.indexOf('`', pos);
    if (tick < 0) break;
    let runEnd = tick;
    while (text[runEnd] === '`') runEnd++;
    const run = text.slice(tick, runEnd);
    const close = findClosingRun(text, runEnd, run.length);
    if (close < 0) {
      pos = runEnd;
      continue;
    }
    if (tick > plainStart) out.push({ kind: 'text', text: text.slice(plainStart, tick) });
    out.push({ kind: 'code', text: text.slice(tick, close + run.length) });
    pos = close + run.length;
    plainStart = pos;
  }
  if (plainStart < text.length) out.push({ kind: 'text', text: text.slice(plainStart) });
  return out;
}

function findClosingRun(text: string, from: number, length: number): number {
  let i = from;
  while (i < text.length) {
    const tick = text.indexOf('`', i);
    if (tick < 0) return -1;
    let end = tick;
    while (text[end] === '`') end++;
    if (end - tick === length) return tick;
    i = end;
  }
  return -1;
}

/** Applies `fn` to every prose segment and joins the page back together. */
export function mapProse(markdown: string, fn: (prose: string) => string): string {
  return segmentMarkdown(markdown)
    .map((s) => (s.kind === 'text' ? fn(s.text) : s.text))
    .join('');
}

/** Contents of the inline code spans of a page (without the backticks), in order. */
export function inlineCodeSpans(markdown: string): string[] {
  return segmentMarkdown(markdown)
    .filter((s) => s.kind === 'code')
    .map((s) => s.text.replace(/^`+\s?/, '').replace(/\s?`+$/, ''));
}
