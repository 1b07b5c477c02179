/**
 * The session's cost ledger: one {@link CostRecord} per billed request, exact totals, and an
 * `onDidChange` event the status bar and cost view listen to (the ledger knows neither).
 *
 * Where a cost comes from, in order:
 *  1. `vscodeLm` → `included` (subscription; tokens only);
 *  2. the provider's own figure (`ChatResult.reportedCostUsd`: OpenRouter `usage.cost`, upstream
 *     cost already added by the provider only for BYOK) → `reported`;
 *  3. OpenRouter `GET /generation?id=` with a short retry, since it answers 404 at first → `lookup`;
 *  4. tokens × prices (catalog or price table, cache prices included) → `computed`;
 *  5. otherwise `unknown`, which is displayed as unknown, never as $0.
 *
 * A request that failed after being billed (`ProviderError.details.partial`) is recorded once
 * with `failed: true`; the errors of retried attempts are recorded once each, never twice. A
 * request that failed before anything was billed is kept apart (`failures`, source `unbilled`):
 * it counts in a model's error rate, never in the cost totals.
 */
import { randomUUID } from 'node:crypto';
import { Emitter, type Event } from '../events';
import { ProviderError, type ChatResult, type ModelPricing, type ProviderId, type RequestPurpose, type TokenUsage } from '../providers/types';
import type { Logger } from '../logger';
import { cacheMultipliersFor, computeCostNanos } from './pricing';
import { nanosToMicros, usdToNanos } from './money';
import { addRecord, emptyTotals, groupTotals, localDayKey, localMonthKey, totalsOf } from './costTotals';
import { outputTokensPerSec, wasSentAndFailed } from './speedStats';
import type { CostRecord, CostSource, CostTotals } from './types';

/** What the ledger needs of an OpenRouter generation record (a subset of `GenerationInfo`). */
export interface GenerationCost {
  totalCostUsd: number;
  upstreamInferenceCostUsd?: number;
  isByok: boolean;
  model?: string;
  tokensPrompt?: number;
  tokensCompletion?: number;
  nativeTokensCached?: number;
  nativeTokensReasoning?: number;
}

export interface CostLedgerOptions {
  /** Prices used to compute a cost nobody reported. */
  pricingFor?: (provider: ProviderId, model: string) => ModelPricing | undefined;
  /** `GET /generation?id=`; resolves undefined while OpenRouter has no record yet (404). */
  lookupGeneration?: (id: string, signal?: AbortSignal) => Promise<GenerationCost | undefined>;
  /** Waits before each lookup attempt. Default `[300, 700, 1500, 3000]` ms (≈ 5.5 s in all). */
  lookupDelaysMs?: readonly number[];
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Persisted history; every record is appended. */
  history?: { append(record: CostRecord): Promise<void> };
  now?: () => Date;
  newId?: () => string;
  log?: Logger;
}

export interface RecordRequest {
  provider: ProviderId;
  /** The model asked for; used when the result does not name the model that served. */
  model: string;
  /** A finished result, or the `partial` of a request that failed after being billed. */
  result: Partial<ChatResult>;
  purpose?: RequestPurpose;
  failed?: boolean;
  /** The model asked for, when a fallback model served instead. */
  fallbackFor?: string;
  signal?: AbortSignal;
}

export type LedgerChange =
  | { kind: 'record'; record: CostRecord }
  | { kind: 'reset'; sessionId: string }
  | { kind: 'history' };

const DEFAULT_LOOKUP_DELAYS = [300, 700, 1500, 3000] as const;

function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });
}

function finiteNonNegative(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

function zeroUsage(): TokenUsage {
  return { promptTokens: 0, completionTokens: 0, cachedTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 };
}

export class CostLedger {
  private readonly changes = new Emitter<LedgerChange>();
  /** Fires after each record, reset and history load. */
  readonly onDidChange: Event<LedgerChange> = this.changes.event;

  private currentSessionId: string;
  private sessionRecords: CostRecord[] = [];
  private sessionFailures: CostRecord[] = [];
  private readonly daily = new Map<string, CostTotals>();
  private readonly countedInDaily = new Set<string>();
  private readonly recordedObjects = new WeakSet<object>();
  private readonly recordedGenerations = new Set<string>();
  private readonly pending = new Set<Promise<unknown>>();
  private readonly now: () => Date;
  private readonly newId: () => string;

  constructor(private readonly options: CostLedgerOptions = {}) {
    this.now = options.now ?? (() => new Date());
    this.newId = options.newId ?? randomUUID;
    this.currentSessionId = this.newId();
  }

  get sessionId(): string {
    return this.currentSessionId;
  }

  /** This session's records, oldest first. */
  get records(): readonly CostRecord[] {
    return this.sessionRecords;
  }

  /** This session's requests that failed before anything was billed (source `unbilled`), oldest first. */
  get failures(): readonly CostRecord[] {
    return this.sessionFailures;
  }

  /**
   * Records one request and resolves with its record once the cost is resolved (a generation
   * lookup can take a few seconds). Resolves undefined when this result, or its generation id,
   * was already recorded.
   */
  record(request: RecordRequest): Promise<CostRecord | undefined> {
    const { result } = request;
    if (this.recordedObjects.has(result)) return Promise.resolve(undefined);
    if (result.generationId && this.recordedGenerations.has(result.generationId)) return Promise.resolve(undefined);
    this.recordedObjects.add(result);
    if (result.generationId) this.recordedGenerations.add(result.generationId);
    const promise = this.resolveAndAdd(request, this.currentSessionId);
    this.pending.add(promise);
    return promise.finally(() => this.pending.delete(promise));
  }

  /**
   * Records what a failed request was billed: the error's own `partial` and those of the earlier
   * attempts it carries (`details.earlierFailures`). Errors without a partial were not billed.
   * Each error is recorded at most once, however often it is passed in.
   */
  async recordFailure(provider: ProviderId, model: string, error: unknown, purpose?: RequestPurpose, signal?: AbortSignal): Promise<CostRecord[]> {
    if (!(error instanceof ProviderError)) return [];
    const errors = [...(error.details.earlierFailures ?? []), error];
    const records: CostRecord[] = [];
    for (const failure of errors) {
      if (this.recordedObjects.has(failure)) continue;
      this.recordedObjects.add(failure);
      const partial = failure.details.partial;
      if (!partial) {
        if (wasSentAndFailed(failure)) this.addUnbilled(provider, failure.details.model ?? model, purpose);
        continue;
      }
      const record = await this.record({ provider, model: failure.details.model ?? model, result: partial, purpose, failed: true, signal });
      if (record) records.push(record);
    }
    return records;
  }

  /** Records the billed partials of attempts that failed before a retry succeeded. */
  async recordFailedAttempts(provider: ProviderId, model: string, failures: readonly unknown[], purpose?: RequestPurpose): Promise<CostRecord[]> {
    const records: CostRecord[] = [];
    for (const failure of failures) records.push(...(await this.recordFailure(provider, model, failure, purpose)));
    return records;
  }

  /** Resolves when every record in progress (generation lookups, history appends) is done. */
  async whenSettled(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  /** Starts a new session (`Reset Session Cost`). History and day/month totals are kept. */
  reset(): void {
    this.currentSessionId = this.newId();
    this.sessionRecords = [];
    this.sessionFailures = [];
    this.changes.fire({ kind: 'reset', sessionId: this.currentSessionId });
  }

  sessionTotals(): CostTotals {
    return totalsOf(this.sessionRecords);
  }

  /** Session totals per model that served, in first-use order. */
  totalsByModel(): Map<string, CostTotals> {
    return groupTotals(this.sessionRecords, (record) => record.model);
  }

  /** Session totals per run id, in first-use order (requests outside a run are left out). */
  totalsByRun(): Map<string, CostTotals> {
    return groupTotals(this.sessionRecords, (record) => record.purpose.runId);
  }

  /** Adds persisted records (from {@link CostHistory.load}) to the day and month totals, once each. */
  loadHistory(records: Iterable<CostRecord>): void {
    for (const record of records) this.countInDaily(record);
    this.changes.fire({ kind: 'history' });
  }

  /** Totals of a local calendar day across sessions (default today). */
  dayTotals(day: Date = this.now()): CostTotals {
    return { ...(this.daily.get(localDayKey(day)) ?? emptyTotals()) };
  }

  /** Totals of a local calendar month across sessions (default this month). */
  monthTotals(month: Date = this.now()): CostTotals {
    const key = localMonthKey(month);
    const totals = emptyTotals();
    for (const [day, dayTotals] of this.daily) {
      if (day.startsWith(key)) for (const field of Object.keys(totals) as Array<keyof CostTotals>) totals[field] += dayTotals[field];
    }
    return totals;
  }

  /** Every day with spending, oldest first (for the cost view's chart). */
  dailyTotals(): Array<{ day: string; totals: CostTotals }> {
    return [...this.daily.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([day, totals]) => ({ day, totals: { ...totals } }));
  }

  dispose(): void {
    this.changes.dispose();
  }

  private countInDaily(record: CostRecord): void {
    if (this.countedInDaily.has(record.id)) return;
    this.countedInDaily.add(record.id);
    const key = localDayKey(record.time);
    let totals = this.daily.get(key);
    if (!totals) {
      totals = emptyTotals();
      this.daily.set(key, totals);
    }
    addRecord(totals, record);
  }

  private async resolveAndAdd(request: RecordRequest, sessionId: string): Promise<CostRecord> {
    const { result, provider } = request;
    let usage: TokenUsage = result.usage ? { ...result.usage } : zeroUsage();
    let model = result.servedModel || request.model;
    let source: CostSource = 'unknown';
    let costNanos: number | undefined;

    if (result.fromCache) {
      source = 'cached';
      costNanos = 0;
    } else if (provider === 'vscodeLm') {
      source = 'included';
    } else if (finiteNonNegative(result.reportedCostUsd)) {
      source = 'reported';
      costNanos = usdToNanos(result.reportedCostUsd);
    } else {
      const generation = provider === 'openrouter' && result.generationId ? await this.lookup(result.generationId, request.signal) : undefined;
      if (generation) {
        source = 'lookup';
        const upstream = generation.isByok && finiteNonNegative(generation.upstreamInferenceCostUsd) ? generation.upstreamInferenceCostUsd : 0;
        costNanos = usdToNanos(generation.totalCostUsd) + usdToNanos(upstream);
        if (!result.usage) usage = this.usageFromGeneration(generation);
        if (!result.servedModel && generation.model) model = generation.model;
      } else if (result.usage) {
        // A version of the model asked for (`x/y-2024-07-18` for `x/y`) costs what it does; another model (a fallback) is never priced as it.
        const pricing = this.options.pricingFor?.(provider, model) ?? (model !== request.model && model.startsWith(request.model) ? this.options.pricingFor?.(provider, request.model) : undefined);
        const computed = pricing ? computeCostNanos(usage, pricing, cacheMultipliersFor(provider, model)) : undefined;
        if (computed !== undefined) {
          source = 'computed';
          costNanos = computed;
        }
      }
    }

    const record: CostRecord = {
      id: this.newId(),
      sessionId,
      time: this.now().toISOString(),
      provider,
      model,
      purpose: { ...(request.purpose ?? {}) },
      latencyMs: finiteNonNegative(result.latencyMs) ? result.latencyMs : 0,
      ...usage,
      source,
    };
    if (!request.failed && source !== 'cached') this.addSpeed(record, result.ttftMs);
    if (costNanos !== undefined) {
      record.costNanos = costNanos;
      record.costMicros = nanosToMicros(costNanos);
    }
    if (result.generationId) record.generationId = result.generationId;
    if (request.failed) record.failed = true;
    if (request.fallbackFor) record.fallbackFor = request.fallbackFor;
    this.add(record);
    return record;
  }

  /** Time to first token and output tokens per second of an answered request, when measurable. */
  private addSpeed(record: CostRecord, ttftMs: number | undefined): void {
    if (finiteNonNegative(ttftMs) && ttftMs <= record.latencyMs) record.ttftMs = ttftMs;
    const rate = outputTokensPerSec(record.completionTokens, record.latencyMs, record.ttftMs);
    if (rate !== undefined) record.outputTokensPerSec = Math.round(rate * 10) / 10;
  }

  /** A request that failed before it was billed: kept for the error rate and the history, at no cost. */
  private addUnbilled(provider: ProviderId, model: string, purpose: RequestPurpose | undefined): void {
    const record: CostRecord = {
      id: this.newId(),
      sessionId: this.currentSessionId,
      time: this.now().toISOString(),
      provider,
      model,
      purpose: { ...(purpose ?? {}) },
      latencyMs: 0,
      ...zeroUsage(),
      source: 'unbilled',
      failed: true,
    };
    this.sessionFailures.push(record);
    this.appendToHistory(record);
    this.changes.fire({ kind: 'record', record });
  }

  private usageFromGeneration(generation: GenerationCost): TokenUsage {
    return {
      promptTokens: generation.tokensPrompt ?? 0,
      completionTokens: generation.tokensCompletion ?? 0,
      cachedTokens: generation.nativeTokensCached ?? 0,
      cacheWriteTokens: 0,
      reasoningTokens: generation.nativeTokensReasoning ?? 0,
    };
  }

  private async lookup(id: string, signal?: AbortSignal): Promise<GenerationCost | undefined> {
    const lookupGeneration = this.options.lookupGeneration;
    if (!lookupGeneration) return undefined;
    const sleep = this.options.sleep ?? defaultSleep;
    for (const delay of this.options.lookupDelaysMs ?? DEFAULT_LOOKUP_DELAYS) {
      await sleep(delay, signal);
      if (signal?.aborted) return undefined;
      try {
        const generation = await lookupGeneration(id, signal);
        if (generation && finiteNonNegative(generation.totalCostUsd)) return generation;
      } catch (error) {
        // Anything but "not yet" (which resolves undefined) ends the lookup: fall back to prices.
        this.options.log?.warn(`Generation lookup for ${id} failed`, error);
        return undefined;
      }
    }
    return undefined;
  }

  private add(record: CostRecord): void {
    if (record.sessionId === this.currentSessionId) this.sessionRecords.push(record);
    this.countInDaily(record);
    this.appendToHistory(record);
    this.changes.fire({ kind: 'record', record });
  }

  private appendToHistory(record: CostRecord): void {
    const appended = this.options.history?.append(record).catch((error: unknown) => this.options.log?.warn('Could not append to the cost history', error));
    if (appended) {
      this.pending.add(appended);
      void appended.finally(() => this.pending.delete(appended));
    }
  }
}
