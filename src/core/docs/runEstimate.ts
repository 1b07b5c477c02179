/**
 * The requests a run is about to make, for the estimate shown before the first request. The cost
 * engine turns them into dollars; this default counts tokens approximately and prices them when
 * the model's prices are known.
 */
import type { ModelPricing } from '../providers/types';
import { computeCostNanos } from '../cost/pricing';
import { NANOS_PER_USD } from '../cost/money';

export interface PlannedRequest {
  phase: 'file' | 'folder' | 'architecture' | 'overview';
  /** Output-relative page the request serves. */
  page: string;
  /** The prompt as it will be sent (for summary pages, with the summaries known so far). */
  promptText: string;
  /** Summary pages: children whose summaries are not known yet (each adds roughly a summary's tokens). */
  placeholderChildren?: number;
  maxOutputTokens: number;
}

export interface RunEstimate {
  requests: number;
  promptTokens: number;
  /** Expected output tokens (not the `max_tokens` ceiling). */
  outputTokens: number;
  /** Undefined when prices are unknown. */
  costUsd?: number;
  /** Whatever the estimator adds (per-phase breakdown, worst case, …). */
  details?: unknown;
}

/** Tokens a summary of a child page typically takes in a parent prompt. */
export const SUMMARY_TOKENS = 60;
/** Output tokens expected per page when no history says better (a share of `max_tokens`). */
export const EXPECTED_OUTPUT_SHARE = 0.35;

export function approxPromptTokens(r: PlannedRequest): number {
  return Math.ceil(r.promptText.length / 4) + (r.placeholderChildren ?? 0) * SUMMARY_TOKENS;
}

export function defaultEstimate(requests: readonly PlannedRequest[], pricing?: ModelPricing): RunEstimate {
  let promptTokens = 0;
  let outputTokens = 0;
  for (const r of requests) {
    promptTokens += approxPromptTokens(r);
    outputTokens += Math.round(r.maxOutputTokens * EXPECTED_OUTPUT_SHARE);
  }
  const nanos = pricing
    ? computeCostNanos({ promptTokens, completionTokens: outputTokens, cachedTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 }, pricing)
    : undefined;
  return { requests: requests.length, promptTokens, outputTokens, costUsd: nanos === undefined ? undefined : nanos / NANOS_PER_USD };
}
