/**
 * `docsmith.maxCostPerRun`: before each request, would its worst case cross the cap?
 *
 * Worst case = prompt tokens at the dearer of the input and cache-write prices + `max_tokens` at
 * the output price (+ any per-request price). With concurrent requests, what is in flight counts
 * too: the caller passes its recorded spend plus the worst cases of its requests still in flight
 * (`ModelCaller` in docs/modelCalls.ts holds those reservations).
 * A zero-cost model never trips the cap; a cap of 0 means no cap. When the price is unknown the
 * worst case cannot be known: the request may start while the run's recorded spend is below the cap.
 */
import type { ModelPricing, ProviderId } from '../providers/types';
import { usdToNanos } from './money';
import { cacheMultipliersFor, isZeroCost, worstCaseCostNanos } from './pricing';

export interface CapRequest {
  provider: ProviderId;
  model: string;
  promptTokens: number;
  maxOutputTokens: number;
  pricing?: ModelPricing;
  isFree?: boolean;
}

export type SpendCapDecision =
  | { allowed: true; reason: 'noCap' | 'zeroCost' | 'withinCap' | 'unknownPrice'; worstCaseNanos?: number }
  | {
      allowed: false;
      reason: 'wouldExceed' | 'capReached';
      /** Undefined when the price is unknown and the run already reached the cap. */
      worstCaseNanos?: number;
      /** Recorded spend of the run plus in-flight reservations. */
      committedNanos: number;
      capNanos: number;
    };

/** The decision for one request, given what the run has spent or reserved so far (nano-dollars). */
export function checkSpendCap(capUsd: number, committedNanos: number, request: CapRequest): SpendCapDecision {
  if (!Number.isFinite(capUsd) || capUsd <= 0) return { allowed: true, reason: 'noCap' };
  if (request.provider === 'vscodeLm' || isZeroCost(request.pricing, request.isFree)) return { allowed: true, reason: 'zeroCost', worstCaseNanos: 0 };
  const capNanos = usdToNanos(capUsd);
  const worstCaseNanos = request.pricing
    ? worstCaseCostNanos(request.promptTokens, request.maxOutputTokens, request.pricing, cacheMultipliersFor(request.provider, request.model))
    : undefined;
  if (worstCaseNanos === undefined) {
    return committedNanos < capNanos
      ? { allowed: true, reason: 'unknownPrice' }
      : { allowed: false, reason: 'capReached', committedNanos, capNanos };
  }
  if (committedNanos + worstCaseNanos > capNanos) {
    return { allowed: false, reason: committedNanos >= capNanos ? 'capReached' : 'wouldExceed', worstCaseNanos, committedNanos, capNanos };
  }
  return { allowed: true, reason: 'withinCap', worstCaseNanos };
}
