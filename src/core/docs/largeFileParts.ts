/**
 * Splits a file too large for one prompt into consecutive line ranges, cutting between top-level
 * symbols where possible, so each part is one request and no line is dropped or sent twice.
 */
import type { SourceSymbol } from './types';

export interface LinePart {
  /** 1-based inclusive. */
  startLine: number;
  endLine: number;
}

/**
 * Consecutive parts covering lines 1..lines.length, each at most `maxBytes` (UTF-8, counting
 * line breaks) unless a single line is larger. Cuts fall before a top-level symbol when one is
 * in the second half of the budget, otherwise at the last line that fits.
 */
export function splitIntoParts(lines: readonly string[], symbols: readonly SourceSymbol[], maxBytes: number): LinePart[] {
  const n = lines.length;
  if (n === 0) return [{ startLine: 1, endLine: 1 }];
  const prefix = new Array<number>(n + 1);
  prefix[0] = 0;
  for (let i = 0; i < n; i++) prefix[i + 1] = prefix[i] + Buffer.byteLength(lines[i], 'utf8') + 1;
  const boundaries = [...new Set(symbols.filter((s) => !s.container).map((s) => s.startLine))].filter((l) => l > 1 && l <= n).sort((a, b) => a - b);

  const parts: LinePart[] = [];
  let start = 1;
  while (start <= n) {
    // Largest end with bytes(start..end) <= maxBytes (at least one line).
    let lo = start;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (prefix[mid] - prefix[start - 1] <= maxBytes) lo = mid;
      else hi = mid - 1;
    }
    let end = lo;
    if (end < n) {
      const b = largestAtMost(boundaries, end + 1);
      if (b !== undefined && b - 1 >= start && prefix[b - 1] - prefix[start - 1] >= maxBytes / 2) end = b - 1;
    }
    parts.push({ startLine: start, endLine: end });
    start = end + 1;
  }
  return parts;
}

function largestAtMost(sorted: readonly number[], limit: number): number | undefined {
  let lo = 0;
  let hi = sorted.length - 1;
  let found: number | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] <= limit) {
      found = sorted[mid];
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}
