/**
 * The estimate shown before a workspace run: how many requests, how many prompt tokens (counted
 * with the model's tokenizer, see tokenCount.ts), a range of output tokens and a cost range.
 *
 * Output bounds per request:
 *  - high: `maxOutputTokens` (the model can never write more), lowered to twice the past average
 *    or the past maximum of the same phase, whichever is larger, when history has that phase;
 *    A batch's high also holds each of its pages asked for again alone at the high bound (an answer
 *    cut off in its first page), though not its request count.
 *  - low: the past average of the phase when known; otherwise, for file pages, a quarter of the
 *    prompt kept between 256 and 1,024 tokens (a documented guess: a page is shorter than its
 *    source, and models seldom write more than ~1k tokens for one file or part); for summary
 *    pages, whose prompts are short lists but whose answers are whole pages, a fixed expected
 *    length (folder 384, overview 768, architecture 1,024). Always at most `maxOutputTokens`.
 *    Calibrated with `bench/estimateAccuracy.ts` (ESTIMATES.md).
 * Cost: low = prompt at the input price + low output; high = the spend cap's worst case (prompt at
 * the dearer of input and cache-write prices) + high output. Unknown prices → unknown cost;
 * free models → 0; `vscodeLm` → included.
 */
import type { ModelPricing, ProviderId } from '../providers/types';
import { cacheMultipliersFor, computeCostNanos, isZeroCost, worstCaseCostNanos } from './pricing';
import { nanosToUsd } from './money';
import { createTokenCounter, REQUEST_OVERHEAD_TOKENS, type TokenCounter, type TokenizerName } from './tokenCount';
import type { CostRecord } from './types';

export interface PlannedRequest {
  /** `file`, `folder`, `architecture`, `overview`, `repair`, … */
  phase: string;
  /** The whole prompt text (system + user), counted with the tokenizer. */
  promptText?: string;
  /** Already counted prompt tokens; used as is when given. */
  promptTokens?: number;
  maxOutputTokens: number;
  /** Pages one answer holds (sibling folders asked for together): the expected output is one page's for each. */
  pages?: number;
  /**
   * A batch's pages as each would be asked for alone, which happens to those an answer cut off at
   * the output limit did not bring whole. The worst case (the cut in the first page) adds each at
   * the high bound; the expected figures do not (batches are sized to fill half the limit).
   */
  askedAgainIfCut?: readonly string[];
}

export interface PhaseOutputStats {
  samples: number;
  averageOutputTokens: number;
  maxOutputTokens: number;
}

export type EstimateCostKind = 'known' | 'free' | 'unknown' | 'included';

export interface PhaseEstimate {
  requests: number;
  promptTokens: number;
  outputTokensLow: number;
  outputTokensHigh: number;
}

export interface CostEstimate extends PhaseEstimate {
  /** Undefined when the cost cannot be known (unknown prices, or included in a subscription). */
  costLowUsd?: number;
  costHighUsd?: number;
  costLowNanos?: number;
  costHighNanos?: number;
  costKind: EstimateCostKind;
  tokenizer: TokenizerName;
  /** False when prompt tokens are an approximation (non-OpenAI tokenizer). */
  exactTokenCount: boolean;
  byPhase: Record<string, PhaseEstimate>;
}

export interface EstimateOptions {
  provider: ProviderId;
  model: string;
  /** The model's prices; undefined = unknown. */
  pricing?: ModelPricing;
  isFree?: boolean;
  /** Output statistics of past runs, by phase (see {@link outputStatsByPhase}). */
  pastOutput?: Record<string, PhaseOutputStats>;
}

const MIN_DEFAULT_OUTPUT = 256;
const MAX_DEFAULT_FILE_OUTPUT = 1024;
const DEFAULT_OUTPUT_RATIO = 0.25;
/** Expected output of summary pages without history: their prompt length says little about their answer. */
export const DEFAULT_SUMMARY_OUTPUT: Readonly<Record<string, number>> = { folder: 384, overview: 768, architecture: 1024 };

/** Average and largest completion per phase over successful past requests (optionally one model's). */
export function outputStatsByPhase(records: Iterable<CostRecord>, model?: string): Record<string, PhaseOutputStats> {
  const sums = new Map<string, { samples: number; total: number; max: number }>();
  for (const record of records) {
    const phase = record.purpose.phase;
    if (!phase || record.failed || record.completionTokens <= 0) continue;
    if (model !== undefined && record.model !== model) continue;
    const entry = sums.get(phase) ?? { samples: 0, total: 0, max: 0 };
    entry.samples += 1;
    entry.total += record.completionTokens;
    entry.max = Math.max(entry.max, record.completionTokens);
    sums.set(phase, entry);
  }
  const stats: Record<string, PhaseOutputStats> = {};
  for (const [phase, entry] of sums) {
    stats[phase] = { samples: entry.samples, averageOutputTokens: Math.round(entry.total / entry.samples), maxOutputTokens: entry.max };
  }
  return stats;
}

/** Output token bounds of one request of `phase` (file pages when not given). */
export function outputBounds(promptTokens: number, maxOutputTokens: number, past?: PhaseOutputStats, phase?: string): { low: number; high: number } {
  const max = Math.max(0, Math.floor(maxOutputTokens));
  if (past && past.samples > 0) {
    const high = Math.min(max, Math.max(past.maxOutputTokens, 2 * past.averageOutputTokens));
    return { low: Math.min(high, past.averageOutputTokens), high };
  }
  const summary = phase === undefined ? undefined : DEFAULT_SUMMARY_OUTPUT[phase];
  const guess = summary ?? Math.min(MAX_DEFAULT_FILE_OUTPUT, Math.max(MIN_DEFAULT_OUTPUT, Math.round(promptTokens * DEFAULT_OUTPUT_RATIO)));
  return { low: Math.min(max, guess), high: max };
}

function emptyPhase(): PhaseEstimate {
  return { requests: 0, promptTokens: 0, outputTokensLow: 0, outputTokensHigh: 0 };
}

/** The estimate with a ready token counter (synchronous; see {@link estimateRunCost}). */
export function estimateWithCounter(requests: readonly PlannedRequest[], options: EstimateOptions, counter: TokenCounter): CostEstimate {
  const total = emptyPhase();
  const byPhase: Record<string, PhaseEstimate> = {};
  const { pricing } = options;
  const multipliers = cacheMultipliersFor(options.provider, options.model);
  const free = isZeroCost(pricing, options.isFree);
  let costKind: EstimateCostKind = options.provider === 'vscodeLm' ? 'included' : free ? 'free' : 'known';
  let lowNanos = 0;
  let highNanos = 0;

  for (const request of requests) {
    const promptTokens = request.promptTokens !== undefined
      ? Math.max(0, Math.round(request.promptTokens))
      : counter.count(request.promptText ?? '') + REQUEST_OVERHEAD_TOKENS;
    const bounds = outputBounds(promptTokens, request.maxOutputTokens, options.pastOutput?.[request.phase], request.phase);
    const high = bounds.high;
    const low = Math.min(high, bounds.low * Math.max(1, request.pages ?? 1));
    const askedAgain = (request.askedAgainIfCut ?? []).map((text) => counter.count(text) + REQUEST_OVERHEAD_TOKENS);
    const phase = (byPhase[request.phase] ??= emptyPhase());
    for (const target of [phase, total]) {
      target.requests += 1;
      target.promptTokens += promptTokens;
      target.outputTokensLow += low;
      target.outputTokensHigh += high * (1 + askedAgain.length);
    }
    if (costKind !== 'known') continue;
    const usage = { promptTokens, completionTokens: low, cachedTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 };
    const lowCost = pricing ? computeCostNanos(usage, pricing, multipliers) : undefined;
    const highCost = pricing ? [promptTokens, ...askedAgain].reduce<number | undefined>((n, tokens) => (n === undefined ? undefined : addKnown(n, worstCaseCostNanos(tokens, high, pricing, multipliers))), 0) : undefined;
    if (lowCost === undefined || highCost === undefined) {
      costKind = 'unknown';
      continue;
    }
    lowNanos += lowCost;
    highNanos += highCost;
  }

  const estimate: CostEstimate = { ...total, costKind, tokenizer: counter.tokenizer, exactTokenCount: counter.exact, byPhase };
  if (costKind === 'known' || costKind === 'free') {
    const low = costKind === 'free' ? 0 : lowNanos;
    const high = costKind === 'free' ? 0 : highNanos;
    Object.assign(estimate, { costLowNanos: low, costHighNanos: high, costLowUsd: nanosToUsd(low), costHighUsd: nanosToUsd(high) });
  }
  return estimate;
}

function addKnown(sum: number, nanos: number | undefined): number | undefined {
  return nanos === undefined ? undefined : sum + nanos;
}

/** Counts every planned request's prompt with the model's tokenizer and returns the estimate. */
export async function estimateRunCost(requests: readonly PlannedRequest[], options: EstimateOptions): Promise<CostEstimate> {
  // Nothing to send (the response cache answers every request): nothing to tokenize.
  const counter = await createTokenCounter(options.provider, options.model, { countsNothing: requests.length === 0 });
  return estimateWithCounter(requests, options, counter);
}
