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
  private readonly waits: number[] = [];
  private readonly pageMs: number[] = [];
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
    this.waits.push(ttftMs);
    this.pageMs.push((latencyMs - ttftMs) / pages);
    const perPage = median(this.pageMs);
    const learned = perPage > 0 ? Math.min(MAX_WAIT_PAGES, median(this.waits) / perPage) : MAX_WAIT_PAGES;
    if (Math.abs(learned - this.waitPages) > RERANK_SHARE * this.waitPages) {
      this.waitPages = learned;
      this.revision++;
    }
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
