import type { ProviderId, RequestPurpose, TokenUsage } from '../providers/types';

/**
 * Where a recorded cost came from. `unknown` is never displayed as $0. `cached`: answered by the
 * local response cache, nothing sent. `unbilled`: a request that failed before anything was billed
 * (a 5xx, a 429, a timeout), kept for the error rate only, never in the cost totals.
 */
export type CostSource = 'reported' | 'lookup' | 'computed' | 'included' | 'unknown' | 'cached' | 'unbilled';

/** One billed (or attempted-and-billed) model request. */
export interface CostRecord extends TokenUsage {
  id: string;
  sessionId: string;
  /** ISO time the request finished. */
  time: string;
  provider: ProviderId;
  /** The model that served the request. */
  model: string;
  purpose: RequestPurpose;
  /** Total time of the request, ms. */
  latencyMs: number;
  /** Time to the first token of the answer, ms; absent when unknown (older records, failures, cached answers). */
  ttftMs?: number;
  /** Output tokens per second after the first token; absent when unknown. */
  outputTokensPerSec?: number;
  /** Cost in integer micro-dollars (1e-6 USD) so sums are exact; undefined when unknown/included. */
  costMicros?: number;
  /**
   * The same cost in integer nano-dollars (1e-9 USD): the unit the ledger sums, so requests of a
   * few micro-dollars do not drift by rounding. `costMicros` is this rounded; both are set together.
   */
  costNanos?: number;
  source: CostSource;
  generationId?: string;
  /** The request failed after it was billed (e.g. mid-stream error). */
  failed?: boolean;
  /** The model asked for, when a fallback model (`model`) served instead. */
  fallbackFor?: string;
}

/** Sums over a set of records (a session, a model, a run, a day). */
export interface CostTotals {
  requests: number;
  promptTokens: number;
  completionTokens: number;
  cachedTokens: number;
  cacheWriteTokens: number;
  reasoningTokens: number;
  /** Sum of the known costs, integer nano-dollars. */
  costNanos: number;
  /** Requests whose cost is known (`reported`, `lookup`, `computed`). */
  knownCount: number;
  /** Requests whose cost is `unknown`: the total is then a lower bound, shown `$x+?`. */
  unknownCount: number;
  /** Requests billed by subscription (`included`). */
  includedCount: number;
  /** Requests that failed after being billed. */
  failedCount: number;
  /** Answers from the local response cache ($0; not in `requests` or the token counts). */
  cachedCount: number;
  /** Prompt and output tokens those answers would have cost. */
  savedTokens: number;
}
