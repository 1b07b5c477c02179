/**
 * How long a request of a run is expected to take, for the scheduler's priorities: the wait for
 * the first token plus the time to stream each page it writes, in units of one page. The ratio of
 * the two depends on the provider and model (a hosted model streams a page in seconds after a
 * short wait; a local server may wait long on a large prompt), so it is learned from the answers
 * the run has had so far: the median time to the first token over the median time per page after
 * it. Until an answer has said otherwise, the wait counts as one page.
 */

/** The wait for the first token, in pages, before any answer has come. */
const PRIOR_WAIT_PAGES = 1;
/** Bounds of the learned wait, in pages: a stalled first token or a page streamed in no time says little. */
const MAX_WAIT_PAGES = 20;
/** A new ratio that moves less than this share from the one in use does not re-rank the run. */
const RERANK_SHARE = 0.1;

export interface AnswerTiming {
  /** Pages the answer wrote (a batch's files; 1 for any other request). */
  pages: number;
  /** Request sent → last byte, ms. */
  latencyMs: number;
  /** Request sent → first token, ms (unknown for some providers). */
  ttftMs?: number;
}

export class RequestTimes {
  private readonly waits = new RunningMedian();
  private readonly pageMs = new RunningMedian();
  private waitPages = PRIOR_WAIT_PAGES;
  private revision = 0;

  /** Changes whenever the weights changed enough to rank the run's requests again. */
  get version(): number {
    return this.revision;
  }

  /** The wait for the first token in use, in pages. */
  get waitInPages(): number {
    return this.waitPages;
  }

  /** Expected duration of a request that writes `pages` pages, in pages. */
  weight(pages: number): number {
    return this.waitPages + pages;
  }

  /** Learns from one answer that came over the wire (not from the response cache). */
  observe(answer: AnswerTiming): void {
    const { pages, latencyMs, ttftMs } = answer;
    if (!(pages > 0) || !(latencyMs > 0) || ttftMs === undefined || !(ttftMs >= 0) || ttftMs > latencyMs) return;
    this.waits.add(ttftMs);
    this.pageMs.add((latencyMs - ttftMs) / pages);
    const perPage = this.pageMs.median();
    const learned = perPage > 0 ? Math.min(MAX_WAIT_PAGES, this.waits.median() / perPage) : MAX_WAIT_PAGES;
    if (Math.abs(learned - this.waitPages) > RERANK_SHARE * this.waitPages) {
      this.waitPages = learned;
      this.revision++;
    }
  }
}

/**
 * The median of the values added so far, kept up to date as each comes: the lower half in a max-heap,
 * the upper half in a min-heap. Adding costs O(log n) and reading the median O(1), so a run of
 * thousands of answers does not sort every earlier answer again after each new one.
 */
export class RunningMedian {
  /** Lower half, largest first; holds the extra value when the count is odd. */
  private readonly low = new NumberHeap((a, b) => a > b);
  /** Upper half, smallest first. */
  private readonly high = new NumberHeap((a, b) => a < b);

  get size(): number {
    return this.low.size + this.high.size;
  }

  add(value: number): void {
    if (this.low.size === 0 || value <= this.low.peek()) this.low.push(value);
    else this.high.push(value);
    if (this.low.size > this.high.size + 1) this.high.push(this.low.pop());
    else if (this.high.size > this.low.size) this.low.push(this.high.pop());
  }

  /** NaN before any value. */
  median(): number {
    if (this.size === 0) return Number.NaN;
    return this.low.size > this.high.size ? this.low.peek() : (this.low.peek() + this.high.peek()) / 2;
  }
}

/** Binary heap of numbers; `before(a, b)` is true when `a` belongs nearer the top. */
class NumberHeap {
  private readonly items: number[] = [];
  constructor(private readonly before: (a: number, b: number) => boolean) {}

  get size(): number {
    return this.items.length;
  }

  peek(): number {
    return this.items[0];
  }

  push(value: number): void {
    const a = this.items;
    a.push(value);
    for (let i = a.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (!this.before(a[i], a[parent])) break;
      [a[i], a[parent]] = [a[parent], a[i]];
      i = parent;
    }
  }

  pop(): number {
    const a = this.items;
    const top = a[0];
    const last = a.pop()!;
    if (a.length > 0) {
      a[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && this.before(a[l], a[m])) m = l;
        if (r < a.length && this.before(a[r], a[m])) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m], a[i]];
        i = m;
      }
    }
    return top;
  }
}
