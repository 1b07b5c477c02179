/**
 * Splits a large file into chunks that each fit a byte budget, cutting between top-level
 * symbols (then between class members, then between lines) so no part of the file is dropped
 * and every chunk keeps its real line numbers.
 */
import type { ParsedFile, SourceSymbol } from '../types';

export interface SourceChunk {
  /** 1-based inclusive line span of the chunk in the file. */
  startLine: number;
  endLine: number;
  /** The chunk's text, exactly as in the file (line endings kept). */
  text: string;
  /** Names (`Class.method` for members) of the symbols that start inside the chunk. */
  symbols: string[];
}

interface Span {
  start: number;
  end: number;
  /** The symbol the span is built around, if any (used to split it further by members). */
  symbol?: SourceSymbol;
}

class LineTable {
  /** offsets[i] = index in text where line i+1 starts; offsets[lineCount] = text.length. */
  readonly offsets: number[] = [0];

  constructor(readonly text: string) {
    const re = /\r\n|\n|\r/g;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      if (m.index + m[0].length < text.length) this.offsets.push(m.index + m[0].length);
    }
    this.offsets.push(text.length);
  }

  get lineCount(): number {
    return this.text === '' ? 0 : this.offsets.length - 1;
  }

  slice(start: number, end: number): string {
    return this.text.slice(this.offsets[start - 1], this.offsets[end]);
  }

  bytes(start: number, end: number): number {
    return Buffer.byteLength(this.slice(start, end), 'utf8');
  }
}

const keyOf = (s: SourceSymbol): string => (s.container ? `${s.container}.${s.name}` : s.name);

/** Covers [from, to] with spans around `symbols` (sorted, non-overlapping after merging). */
function spansAround(symbols: readonly SourceSymbol[], from: number, to: number): Span[] {
  const spans: Span[] = [];
  let cursor = from;
  const sorted = [...symbols].sort((a, b) => a.startLine - b.startLine);
  for (const symbol of sorted) {
    const end = Math.min(symbol.endLine, to);
    if (end < cursor || symbol.startLine > to) continue;
    // Lines before the symbol (blank lines, its doc comment) travel with it.
    const last = spans[spans.length - 1];
    if (last && symbol.startLine <= last.end) {
      last.end = Math.max(last.end, end);
      last.symbol = undefined;
    } else spans.push({ start: cursor, end, symbol });
    cursor = Math.max(cursor, end + 1);
  }
  if (cursor <= to) spans.push({ start: cursor, end: to });
  return spans;
}

export function splitBySymbol(parsed: ParsedFile, text: string, maxBytes: number): SourceChunk[] {
  const lines = new LineTable(text);
  const total = lines.lineCount;
  if (total === 0) return [];
  const budget = Math.max(1, Math.floor(maxBytes));
  const topLevel = parsed.symbols.filter((s) => !s.container);
  const chunks: SourceChunk[] = [];
  let open: { start: number; end: number } | undefined;

  const flush = (): void => {
    if (!open) return;
    chunks.push({ startLine: open.start, endLine: open.end, text: lines.slice(open.start, open.end), symbols: [] });
    open = undefined;
  };

  const place = (span: Span): void => {
    const size = lines.bytes(span.start, span.end);
    if (open && lines.bytes(open.start, span.end) <= budget) {
      open.end = span.end;
      return;
    }
    flush();
    if (size <= budget) {
      open = { start: span.start, end: span.end };
      return;
    }
    const members = span.symbol ? parsed.symbols.filter((s) => s.container === span.symbol?.name && s.startLine >= span.start && s.endLine <= span.end) : [];
    if (members.length > 0) {
      for (const inner of spansAround(members, span.start, span.end)) place(inner);
      return;
    }
    splitLines(span);
  };

  const splitLines = (span: Span): void => {
    for (let line = span.start; line <= span.end; line++) {
      const size = lines.bytes(line, line);
      if (size <= budget) {
        place({ start: line, end: line });
        continue;
      }
      flush();
      // One line longer than the budget (minified code): cut it into pieces with the same line number.
      const whole = lines.slice(line, line);
      let piece = '';
      for (const char of whole) {
        if (Buffer.byteLength(piece + char, 'utf8') > budget && piece !== '') {
          chunks.push({ startLine: line, endLine: line, text: piece, symbols: [] });
          piece = '';
        }
        piece += char;
      }
      if (piece !== '') chunks.push({ startLine: line, endLine: line, text: piece, symbols: [] });
    }
  };

  for (const span of spansAround(topLevel, 1, total)) place(span);
  flush();

  for (const chunk of chunks) {
    chunk.symbols = parsed.symbols.filter((s) => s.startLine >= chunk.startLine && s.startLine <= chunk.endLine).map(keyOf);
  }
  return chunks;
}
