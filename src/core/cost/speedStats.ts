/**
 * How fast each model answered, to compare providers and models on the user's own work: requests,
 * latency percentiles, time to first token, output tokens per second and the share of requests
 * that failed. Answers from the local response cache are left out (nothing was sent); a failed
 * request counts in the error rate but not in the timings.
 */
import { ProviderError, type ChatResult, type ProviderId } from '../providers/types';
import type { CostRecord } from './types';

/** One request as the speed figures see it. */
export interface SpeedSample {
  provider: ProviderId;
  /** The model that served (or was asked, for a failure). */
  model: string;
  /** False when the request failed (billed or not). */
  ok: boolean;
  /** Answered from the response cache: not a request, left out of every figure. */
  cached?: boolean;
  latencyMs: number;
  ttftMs?: number;
  completionTokens: number;
}

/** The figures of one provider and model. Timings are undefined when no successful request had them. */
export interface ModelSpeed {
  provider: ProviderId;
  model: string;
  /** Requests sent, failed ones included. */
  requests: number;
  errors: number;
  /** `errors / requests`, 0–1. */
  errorRate: number;
  p50LatencyMs?: number;
  p95LatencyMs?: number;
  p50TtftMs?: number;
  /** Median output tokens per second after the first token. */
  tokensPerSec?: number;
}

/** Nearest-rank percentile (`p` in 0–100) of unsorted values; undefined for none. */
export function percentile(values: readonly number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1];
}

/**
 * Output tokens per second of one answer, over the time after its first token (the whole time when
 * that is unknown). Undefined without output tokens or time to divide by.
 */
export function outputTokensPerSec(completionTokens: number, latencyMs: number, ttftMs?: number): number | undefined {
  const generatingMs = latencyMs - (ttftMs !== undefined && ttftMs < latencyMs ? ttftMs : 0);
  if (!(completionTokens > 0) || !(generatingMs > 0)) return undefined;
  return (completionTokens * 1000) / generatingMs;
}

/** The figures per provider and model, in first-seen order. */
export function speedByModel(samples: Iterable<SpeedSample>): ModelSpeed[] {
  const groups = new Map<string, SpeedSample[]>();
  for (const s of samples) {
    if (s.cached) continue;
    const key = `${s.provider}\u0000${s.model}`;
    const group = groups.get(key) ?? [];
    group.push(s);
    groups.set(key, group);
  }
  return [...groups.values()].map((group) => {
    const answered = group.filter((s) => s.ok);
    const latencies = answered.map((s) => s.latencyMs).filter((ms) => ms > 0);
    const ttfts = answered.flatMap((s) => (s.ttftMs !== undefined ? [s.ttftMs] : []));
    const rates = answered.flatMap((s) => outputTokensPerSec(s.completionTokens, s.latencyMs, s.ttftMs) ?? []);
    const errors = group.length - answered.length;
    return {
      provider: group[0].provider,
      model: group[0].model,
      requests: group.length,
      errors,
      errorRate: errors / group.length,
      p50LatencyMs: percentile(latencies, 50),
      p95LatencyMs: percentile(latencies, 95),
      p50TtftMs: percentile(ttfts, 50),
      tokensPerSec: percentile(rates, 50),
    };
  });
}

/** A ledger record as a sample: `cached` answers are left out, `failed` and `unbilled` ones are errors. */
export function sampleOfRecord(r: CostRecord): SpeedSample {
  return {
    provider: r.provider,
    model: r.model,
    ok: !r.failed && r.source !== 'unbilled',
    cached: r.source === 'cached',
    latencyMs: r.latencyMs,
    ttftMs: r.ttftMs,
    completionTokens: r.completionTokens,
  };
}

/** A finished answer as a sample. */
export function sampleOfResult(provider: ProviderId, model: string, result: ChatResult): SpeedSample {
  return {
    provider,
    model: result.servedModel || model,
    ok: true,
    cached: result.fromCache === true,
    latencyMs: result.latencyMs,
    ttftMs: result.ttftMs,
    completionTokens: result.usage?.completionTokens ?? 0,
  };
}

/**
 * Whether a failure was a request the server saw: a cancel by the user, a missing key or a request
 * the run never sent is not one, and does not count against the model.
 */
export function wasSentAndFailed(error: unknown): error is ProviderError {
  return error instanceof ProviderError && error.reason !== 'cancelled' && error.reason !== 'missingKey' && error.details.notSent !== true;
}

/** Failure samples of an error and the earlier failed attempts it carries (each one request). */
export function failureSamples(provider: ProviderId, model: string, errors: readonly unknown[]): SpeedSample[] {
  return errors.filter(wasSentAndFailed).map((e) => ({ provider, model: e.details.model ?? model, ok: false, latencyMs: 0, completionTokens: 0 }));
}

/** `850 ms`, `1.2 s`, or `—` when unknown. */
export function formatMs(ms: number | undefined): string {
  if (ms === undefined) return '—';
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** `62 tokens/s` (one decimal under 10), or `—` when unknown. */
export function formatTokensPerSec(rate: number | undefined): string {
  if (rate === undefined) return '—';
  return `${rate < 10 ? rate.toFixed(1) : Math.round(rate)} tokens/s`;
}

/** `0%`, `4.2%`, `100%`. */
export function formatErrorRate(rate: number): string {
  const percent = rate * 100;
  return `${Number.isInteger(percent) ? percent : percent.toFixed(1)}%`;
}

/** One line for people: `openai/gpt-4o-mini (OpenRouter): 24 requests, p50 1.2 s, p95 3.4 s, first token 420 ms, 62 tokens/s, 0% errors`. */
export function describeModelSpeed(s: ModelSpeed, providerName: string): string {
  return `${s.model} (${providerName}): ${s.requests} request${s.requests === 1 ? '' : 's'}, p50 ${formatMs(s.p50LatencyMs)}, p95 ${formatMs(s.p95LatencyMs)}, first token ${formatMs(s.p50TtftMs)}, ${formatTokensPerSec(s.tokensPerSec)}, ${formatErrorRate(s.errorRate)} errors`;
}
