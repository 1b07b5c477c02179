/** The totals of every model call of one run or flow: requests, tokens, known cost and what caching saved. */
import type { ChatResult, ModelPricing, ProviderId } from '../providers/types';
import { cacheMultipliersFor, cacheSavingsNanos } from '../cost/pricing';
import { NANOS_PER_USD } from '../cost/money';

export interface CallTotals {
  /** HTTP requests made, retries included. */
  requests: number;
  promptTokens: number;
  completionTokens: number;
  /** Prompt tokens the provider read from its prompt cache. */
  cachedTokens: number;
  /** Prompt tokens written to the provider's prompt cache (Anthropic bills them above the input price). */
  cacheWriteTokens: number;
  /**
   * What prompt caching saved against the same tokens at the input price, in nano-dollars (negative
   * when writes cost more than reads saved); undefined when the model's prices are not known.
   */
  cacheSavedNanos: number | undefined;
  /** Sum of known costs, in nano-dollars. */
  costNanos: number;
  /** Billed requests whose cost is unknown. */
  unknownCostRequests: number;
  /** Calls answered from the response cache (not in `requests`). */
  cacheHits: number;
  /** Prompt and output tokens those answers would have cost. */
  savedTokens: number;
}

export function emptyCallTotals(): CallTotals {
  return { requests: 0, promptTokens: 0, completionTokens: 0, cachedTokens: 0, cacheWriteTokens: 0, cacheSavedNanos: 0, costNanos: 0, unknownCostRequests: 0, cacheHits: 0, savedTokens: 0 };
}

/** Adds an answer's tokens, and what prompt caching saved on it at `pricing` (unknown without prices once anything was cached). */
export function addUsage(totals: CallTotals, r: Partial<ChatResult>, provider: ProviderId, model: string, pricing: ModelPricing | undefined): void {
  if (!r.usage) return;
  totals.promptTokens += r.usage.promptTokens;
  totals.completionTokens += r.usage.completionTokens;
  totals.cachedTokens += r.usage.cachedTokens;
  totals.cacheWriteTokens += r.usage.cacheWriteTokens;
  const saved = pricing ? cacheSavingsNanos(r.usage, pricing, cacheMultipliersFor(provider, model)) : r.usage.cachedTokens + r.usage.cacheWriteTokens > 0 ? undefined : 0;
  totals.cacheSavedNanos = totals.cacheSavedNanos === undefined || saved === undefined ? undefined : totals.cacheSavedNanos + saved;
}

/** Adds the cost the provider reported (used without a ledger); false when it reported none. */
export function addReportedCost(totals: CallTotals, r: ChatResult): boolean {
  if (r.reportedCostUsd === undefined) {
    totals.unknownCostRequests++;
    return false;
  }
  totals.costNanos += Math.round(r.reportedCostUsd * NANOS_PER_USD);
  return true;
}
