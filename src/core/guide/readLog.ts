/**
 * What a guide's agent read through its tools: per file, the merged line ranges `read_file`
 * returned and the sha256 of the file content they came from. It decides what the guide may cite,
 * what its Sources list shows and which hashes make the guide stale.
 */

export interface LineRange {
  startLine: number;
  endLine: number;
}

export interface SourceRange extends LineRange {
  path: string;
}

/** Sorted, non-overlapping ranges; touching ranges (`1-10`, `11-20`) are joined. */
export function mergeRanges(ranges: readonly LineRange[]): LineRange[] {
  const sorted = [...ranges].sort((a, b) => a.startLine - b.startLine || a.endLine - b.endLine);
  const out: LineRange[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r.startLine <= last.endLine + 1) last.endLine = Math.max(last.endLine, r.endLine);
    else out.push({ startLine: r.startLine, endLine: r.endLine });
  }
  return out;
}

/** The part of `want` inside `ranges`: the first read range it overlaps, cut to the overlap. */
export function citableSpan(ranges: readonly LineRange[], startLine: number, endLine: number): LineRange | undefined {
  for (const r of ranges) {
    const s = Math.max(startLine, r.startLine);
    const e = Math.min(endLine, r.endLine);
    if (s <= e) return { startLine: s, endLine: e };
  }
  return undefined;
}

export class ReadLog {
  private readonly ranges = new Map<string, LineRange[]>();
  private readonly hashes = new Map<string, string>();
  private readonly lineCounts = new Map<string, number>();

  /** Records that lines `startLine-endLine` of `path` (content hash `hash`, `lineCount` lines) were shown. */
  add(path: string, range: LineRange, hash: string, lineCount: number): void {
    this.ranges.set(path, mergeRanges([...(this.ranges.get(path) ?? []), range]));
    this.hashes.set(path, hash);
    this.lineCounts.set(path, lineCount);
  }

  /** Files read, sorted. */
  get files(): string[] {
    return [...this.ranges.keys()].sort();
  }

  rangesOf(path: string): readonly LineRange[] {
    return this.ranges.get(path) ?? [];
  }

  /** Every range read, by file then line. */
  all(): SourceRange[] {
    return this.files.flatMap((path) => this.rangesOf(path).map((r) => ({ path, ...r })));
  }

  /** File → sha256 of the content read (for freshness). */
  sourceHashes(): Record<string, string> {
    return Object.fromEntries(this.files.map((f) => [f, this.hashes.get(f)!]));
  }

  lineCountOf(path: string): number | undefined {
    return this.lineCounts.get(path);
  }

  /** True when every line of the span was read. */
  covers(path: string, startLine: number, endLine: number): boolean {
    return this.rangesOf(path).some((r) => r.startLine <= startLine && r.endLine >= endLine);
  }

  /** The validator's `citable` restriction: only lines that were read. */
  citable = (path: string, startLine: number, endLine: number): LineRange | undefined => citableSpan(this.rangesOf(path), startLine, endLine);
}
