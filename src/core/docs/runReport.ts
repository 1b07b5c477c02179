/** The CLI's two renderings of a run summary: `--json` for CI, and a short text for people. */
import type { DocRunSummary } from './runSummary';
import { escapeControlCharacters } from '../printableText';
import { describeFallback } from './modelFallback';
import { describeModelSpeed, type ModelSpeed } from '../cost/speedStats';
import { PROVIDERS } from '../providers/providerInfo';

export interface JsonSummary {
  ok: boolean;
  /** Pages written by this run (output-relative). */
  pages: string[];
  unchanged: string[];
  removed: string[];
  /** Planned pages occupied by files Docsmith does not own (left alone). */
  not_owned: string[];
  /** Pages not generated because the run was cancelled or hit the cost cap. */
  not_started: string[];
  skipped: { path: string; reason: string }[];
  /** Files without a page because they are not source code (`--include` adds them). */
  not_code: string[];
  failed: { page: string; source?: string; reason: string; message: string }[];
  citations: {
    /** Citations in the pages written. */
    total: number;
    valid: number;
    invalid: number;
    /** What the model wrote before validation. */
    model_total: number;
    repaired: number;
    removed: number;
  };
  unresolved_identifiers: number;
  requests: number;
  cost: {
    /** Null when some request's cost is unknown. */
    total_cost_usd: number | null;
    known_cost_usd: number;
    estimate_usd: number | null;
    total_tokens: number;
    prompt_tokens: number;
    completion_tokens: number;
    /** Prompt tokens the provider read from its prompt cache (part of `prompt_tokens`). */
    cached_prompt_tokens: number;
    /** Prompt tokens written to the provider's prompt cache (part of `prompt_tokens`). */
    cache_write_tokens: number;
    /** What prompt caching saved against the input price (negative when writes cost more); null when prices are unknown. */
    cache_saved_usd: number | null;
    provider: string;
    model: string;
  };
  output_directory: string;
  duration_ms: number;
  cancelled: boolean;
  stopped_by_cap: boolean;
  /** Answers from the response cache (no request, $0) and the tokens they saved. */
  cache: { hits: number; saved_tokens: number };
  /** Requests a model of `--fallback-models` served instead of the chosen one. */
  fallbacks: { model: string; fallback_for: string; why: string; requests: number; pages: string[] }[];
  /** How fast each model answered, per provider and model that served (cached answers left out). */
  speed: JsonModelSpeed[];
  fatal: { reason: string; message: string } | null;
  warnings: string[];
}

export interface JsonModelSpeed {
  provider: string;
  model: string;
  /** Requests sent, failed ones included. */
  requests: number;
  errors: number;
  /** errors / requests, 0–1. */
  error_rate: number;
  /** Null when no answered request measured it. */
  p50_latency_ms: number | null;
  p95_latency_ms: number | null;
  p50_ttft_ms: number | null;
  /** Median output tokens per second after the first token. */
  tokens_per_sec: number | null;
}

function jsonSpeed(m: ModelSpeed): JsonModelSpeed {
  const ms = (v: number | undefined): number | null => (v === undefined ? null : Math.round(v));
  return {
    provider: m.provider,
    model: m.model,
    requests: m.requests,
    errors: m.errors,
    error_rate: Math.round(m.errorRate * 10_000) / 10_000,
    p50_latency_ms: ms(m.p50LatencyMs),
    p95_latency_ms: ms(m.p95LatencyMs),
    p50_ttft_ms: ms(m.p50TtftMs),
    tokens_per_sec: m.tokensPerSec === undefined ? null : Math.round(m.tokensPerSec * 10) / 10,
  };
}

export function toJsonSummary(s: DocRunSummary): JsonSummary {
  return {
    ok: s.ok,
    pages: s.pages.written,
    unchanged: s.pages.unchanged,
    removed: s.pages.removed,
    not_owned: s.pages.notOwned,
    not_started: s.pages.notStarted,
    skipped: s.skipped.map((x) => ({ path: x.path, reason: x.reason })),
    not_code: s.notCode,
    failed: s.failed,
    citations: {
      total: s.citations.onDisk.total,
      valid: s.citations.onDisk.total - s.citations.onDisk.invalid,
      invalid: s.citations.onDisk.invalid,
      model_total: s.citations.total,
      repaired: s.citations.repaired,
      removed: s.citations.removed,
    },
    unresolved_identifiers: s.unresolvedIdentifiers.reduce((n, u) => n + u.names.length, 0),
    requests: s.requests,
    cost: {
      total_cost_usd: s.cost.actualUsd ?? null,
      known_cost_usd: s.cost.knownUsd,
      estimate_usd: s.cost.estimateUsd ?? null,
      total_tokens: s.tokens.total,
      prompt_tokens: s.tokens.prompt,
      completion_tokens: s.tokens.completion,
      cached_prompt_tokens: s.tokens.cached,
      cache_write_tokens: s.tokens.cacheWrite,
      cache_saved_usd: s.cost.cacheSavedUsd ?? null,
      provider: s.provider,
      model: s.model,
    },
    output_directory: s.outputDirectory,
    duration_ms: s.durations.totalMs,
    cancelled: s.cancelled,
    stopped_by_cap: s.stoppedByCap,
    cache: { hits: s.cache.hits, saved_tokens: s.cache.savedTokens },
    fallbacks: s.fallbacks.map((f) => ({ model: f.model, fallback_for: f.fallbackFor, why: f.why, requests: f.requests, pages: f.pages })),
    speed: s.speed.map(jsonSpeed),
    fatal: s.fatal ?? null,
    warnings: s.warnings,
  };
}

function usd(v: number | undefined): string {
  if (v === undefined) return 'unknown';
  return v < 1 ? `$${v.toFixed(4)}` : `$${v.toFixed(2)}`;
}

/** `Prompt cache: 41,200 of 96,000 input tokens read from the provider's cache (3,100 written), saving $0.0102`; nothing when none were. */
export function promptCacheLine(s: DocRunSummary): string | undefined {
  const { cached, cacheWrite, prompt } = s.tokens;
  if (cached === 0 && cacheWrite === 0) return undefined;
  const saved = s.cost.cacheSavedUsd;
  const money = saved === undefined ? 'saving unknown (no prices for the model)' : saved >= 0 ? `saving ${usd(saved)}` : `costing ${usd(-saved)} more (cache writes not read again yet)`;
  const written = cacheWrite > 0 ? ` (${cacheWrite.toLocaleString('en-US')} written)` : '';
  return `Prompt cache: ${cached.toLocaleString('en-US')} of ${prompt.toLocaleString('en-US')} input tokens read from the provider's cache${written}, ${money}`;
}

export function formatHumanSummary(s: DocRunSummary): string {
  const lines: string[] = [];
  const status = s.ok ? 'Done' : s.cancelled ? 'Cancelled' : s.stoppedByCap ? 'Stopped at the cost cap' : s.fatal ? 'Stopped' : 'Finished with failures';
  lines.push(`${status}: ${s.pages.written.length} page(s) written, ${s.pages.unchanged.length} unchanged, ${s.failed.length} failed, in ${(s.durations.totalMs / 1000).toFixed(1)} s → ${s.outputDirectory}`);
  if (s.fatal) lines.push(`  ${s.fatal.message}`);
  const c = s.citations;
  lines.push(`Citations: ${c.onDisk.total} in the pages, ${c.onDisk.invalid === 0 ? 'all valid' : `${c.onDisk.invalid} INVALID`} (the model wrote ${c.total}: ${c.repaired} repaired, ${c.removed} removed)`);
  const cost = s.cost.actualUsd !== undefined ? usd(s.cost.actualUsd) : `${usd(s.cost.knownUsd)}+? (${s.cost.unknownRequests} request(s) of unknown cost)`;
  lines.push(`Requests: ${s.requests}, tokens: ${s.tokens.total} (${s.tokens.prompt} in, ${s.tokens.completion} out), cost: ${cost}${s.cost.estimateUsd !== undefined ? `, estimated ${usd(s.cost.estimateUsd)}` : ''}`);
  const promptCache = promptCacheLine(s);
  if (promptCache) lines.push(promptCache);
  if (s.cache.hits > 0) lines.push(`Response cache: ${s.cache.hits} answer(s) reused at $0 (${s.cache.savedTokens} tokens not paid for again)`);
  for (const f of s.fallbacks) lines.push(`Fallback: ${describeFallback(f)}`);
  for (const m of s.speed) lines.push(`Speed: ${describeModelSpeed(m, PROVIDERS[m.provider].displayName)}`);
  if (s.pages.removed.length > 0) lines.push(`Removed (source gone): ${s.pages.removed.join(', ')}`);
  if (s.pages.notOwned.length > 0) lines.push(`Left alone (not written by Docsmith): ${s.pages.notOwned.join(', ')}`);
  if (s.pages.notStarted.length > 0) lines.push(`Not generated yet (run again to continue): ${s.pages.notStarted.length} page(s)`);
  for (const f of s.failed) lines.push(`Failed: ${f.page} — ${f.reason}: ${f.message}`);
  if (s.skipped.length > 0) lines.push(`Skipped files: ${s.skipped.map((x) => `${x.path} (${x.reason})`).join(', ')}`);
  if (s.notCode.length > 0) lines.push(`No page (not code; --include adds them): ${s.notCode.length} file(s)`);
  const unresolved = s.unresolvedIdentifiers.reduce((n, u) => n + u.names.length, 0);
  if (unresolved > 0) lines.push(`Unresolved identifiers: ${unresolved} in ${s.unresolvedIdentifiers.length} page(s)`);
  for (const w of s.warnings) lines.push(`Note: ${w}`);
  // Names come from the repository: a terminal or a log shows their control characters escaped.
  return `${lines.map(escapeControlCharacters).join('\n')}\n`;
}
