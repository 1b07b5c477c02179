import type { ProviderId, RequestPurpose, TokenUsage } from '../providers/types';

/** Where a recorded cost came from. `unknown` is never displayed as $0. */
export type CostSource = 'reported' | 'lookup' | 'computed' | 'included' | 'unknown';

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
  latencyMs: number;
  /** Cost in integer micro-dollars (1e-6 USD) so sums are exact; undefined when unknown/included. */
  costMicros?: number;
  source: CostSource;
  generationId?: string;
  /** The request failed after it was billed (e.g. mid-stream error). */
  failed?: boolean;
}
