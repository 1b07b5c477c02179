/**
 * The requests a run is about to make, for the estimate shown before the first request. The cost
 * cost estimator turns them into dollars; this default counts tokens approximately and prices them when
 * the model's prices are known.
 */
import { estimateRunCost, type EstimateOptions } from '../cost/costEstimate';

export interface PlannedRequest {
  phase: 'file' | 'folder' | 'architecture' | 'overview';
  /** Output-relative page the request serves. */
  page: string;
  /** The prompt as it will be sent (for summary pages, with the summaries known so far). */
  promptText: string;
  /** Summary pages: children whose summaries are not known yet (each adds roughly a summary's tokens). */
  placeholderChildren?: number;
  maxOutputTokens: number;
  /** Pages the answer holds when several are asked for together (sibling folders); default one. */
  pages?: number;
  /** The response cache holds the answer: no request, no cost. */
  cached?: boolean;
  /** A batch: its pages' prompts alone, which a cut answer asks again (in the worst case only). */
  askedAgainIfCut?: readonly string[];
}

export interface RunEstimate {
  /** Requests to send (answers from the response cache not included). */
  requests: number;
  /** Answers the response cache already holds for this run: not sent, not paid. */
  cachedAnswers?: number;
  promptTokens: number;
  /** Expected output tokens (not the `max_tokens` ceiling). */
  outputTokens: number;
  /** Expected cost in USD; undefined when prices are unknown. */
  costUsd?: number;
  /** Worst case (every request writing `max_tokens`, every batch answer cut in its first page and its pages asked again alone). */
  costHighUsd?: number;
  /** Whatever the estimator adds (per-phase breakdown, worst case, …). */
  details?: unknown;
}

/** Characters a summary of a child page typically takes in a parent prompt (one or two sentences). */
export const SUMMARY_CHARS = 240;

/**
 * Stands in for the summary of a child not documented yet: ordinary prose of {@link SUMMARY_CHARS}
 * characters, so the tokenizer counts it as a summary (~45 tokens). Spaces, used before, count
 * as a handful of tokens and left summary prompts under-counted (ESTIMATES.md).
 */
export function placeholderSummaries(count: number): string {
  const sentence = 'Keeps one part of the project in one place, says what it offers and which other parts use it, and notes what a reader should know before changing it. ';
  const one = sentence.repeat(Math.ceil(SUMMARY_CHARS / sentence.length)).slice(0, SUMMARY_CHARS);
  return Array.from({ length: Math.max(0, count) }, () => one).join('\n');
}

/** The cost estimator's estimate of the planned requests, with the model's tokenizer and prices. */
export async function defaultEstimate(requests: readonly PlannedRequest[], options: EstimateOptions): Promise<RunEstimate> {
  const estimate = await estimateRunCost(
    requests.map((r) => ({ phase: r.phase, promptText: r.placeholderChildren ? `${r.promptText}\n${placeholderSummaries(r.placeholderChildren)}` : r.promptText, maxOutputTokens: r.maxOutputTokens, pages: r.pages, askedAgainIfCut: r.askedAgainIfCut })),
    options,
  );
  return {
    requests: estimate.requests,
    promptTokens: estimate.promptTokens,
    outputTokens: estimate.outputTokensLow,
    costUsd: estimate.costLowUsd,
    costHighUsd: estimate.costHighUsd,
    details: estimate,
  };
}
