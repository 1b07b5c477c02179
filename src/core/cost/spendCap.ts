/**
 * `docsmith.maxCostPerRun`: before each request, would its worst case cross the cap?
 *
 * Worst case = prompt tokens at the dearer of the input and cache-write prices + `max_tokens` at
 * the output price (+ any per-request price). With concurrent requests, what is in flight counts
 * too: {@link SpendCapGuard} reserves each request's worst case until its real cost is recorded.
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

export interface Reservation {
  decision: SpendCapDecision;
  /** Call once the request's real cost is in the ledger (or it failed unbilled). Idempotent. */
  release(): void;
}

/**
 * The cap for one run with concurrent requests. `spentNanos` reads the run's recorded spend
 * (e.g. `() => ledger.runTotals(runId).costNanos`); reservations cover requests in flight.
 */
export class SpendCapGuard {
  private reservedNanos = 0;

  constructor(
    private readonly capUsd: number,
    private readonly spentNanos: () => number,
  ) {}

  /** Recorded spend plus reservations of requests still running. */
  get committedNanos(): number {
    return this.spentNanos() + this.reservedNanos;
  }

  check(request: CapRequest): SpendCapDecision {
    return checkSpendCap(this.capUsd, this.committedNanos, request);
  }

  /** Decides and, when allowed, holds the worst case until `release()`. */
  reserve(request: CapRequest): Reservation {
    const decision = this.check(request);
    const held = decision.allowed ? (decision.worstCaseNanos ?? 0) : 0;
    this.reservedNanos += held;
    let released = false;
    return {
      decision,
      release: () => {
        if (released) return;
        released = true;
        this.reservedNanos -= held;
      },
    };
  }
}
