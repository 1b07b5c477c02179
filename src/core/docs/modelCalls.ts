/**
 * Every model request of a documentation run goes through here: the spend cap is checked first, the
 * request is retried per the one retry policy, and every billed attempt — successful, retried or
 * failed after billing — is recorded in the cost ledger exactly once. Run totals are kept here.
 */
import { withRetry, type RetryOptions } from '../retry';
import { ProviderError, type ChatRequest, type ChatResult, type ModelPricing, type ProviderId, type RequestPurpose } from '../providers/types';
import { isZeroCost, worstCaseCostNanos } from '../cost/pricing';
import { checkSpendCap } from '../cost/spendCap';
import { NANOS_PER_USD } from '../cost/money';
import type { CostRecord } from '../cost/types';
import { recordCostNanos } from '../cost/costTotals';
import { failureSamples, sampleOfResult, type SpeedSample } from '../cost/speedStats';
import { FallbackLog, fallbackMayCure, fallbackWhy, modelAskedFor, modelsToTry, servedByOpenRouterFallback } from './modelFallback';
import { addReportedCost, addUsage, emptyCallTotals, type CallTotals } from './callTotals';
import { answerHash, cachedAnswer, responseCacheKey, type CacheKeyRequest, type ResponseCacheUse, type UsedAnswer } from './modelCallCache';
import { isCacheable } from '../cache/responseCache';
import { RequestSender, type CallRequest } from './modelRequest';

/** The part of `CostLedger` model calls use. */
export interface RequestLedger {
  record(request: { provider: ProviderId; model: string; result: Partial<ChatResult>; purpose?: RequestPurpose; failed?: boolean; fallbackFor?: string }): Promise<CostRecord | undefined>;
  recordFailure(provider: ProviderId, model: string, error: unknown, purpose?: RequestPurpose): Promise<CostRecord[]>;
  recordFailedAttempts(provider: ProviderId, model: string, failures: readonly unknown[], purpose?: RequestPurpose): Promise<CostRecord[]>;
}

/** `docsmith.maxCostPerRun` and the model prices it (and the estimate) need. */
export interface SpendCap {
  /** USD per run; 0 or less means no cap. */
  maxCostUsd: number;
  /** Model prices; without them the cap cannot be enforced and is reported as such. */
  pricing?: ModelPricing;
  isFree?: boolean;
  /** Prices of another model of the provider (a fallback that may serve); undefined when not known. */
  pricesOf?: (model: string) => { pricing: ModelPricing; isFree: boolean } | undefined;
}

/** The next request could take the run over `docsmith.maxCostPerRun`. */
export class SpendCapReachedError extends Error {
  constructor(
    readonly capUsd: number,
    readonly spentUsd: number,
  ) {
    super(`Stopped before a request that could take this run over its cost cap of $${capUsd.toFixed(2)} (spent so far $${spentUsd.toFixed(4)}).`);
    this.name = 'SpendCapReachedError';
  }
}

export interface CallResult {
  result: ChatResult;
  /** USD of this call (all attempts); undefined when any part is unknown. */
  costUsd: number | undefined;
  attempts: number;
}

export interface ModelCallerOptions {
  provider: ProviderId;
  model: string;
  chat: (request: ChatRequest) => Promise<ChatResult>;
  maxTokens: number;
  temperature: number;
  ledger?: RequestLedger;
  retry?: RetryOptions;
  spendCap?: SpendCap;
  runId?: string;
  /** `docsmith.fallbackModels`, as ids of this provider. */
  fallbackModels?: readonly string[];
  responseCache?: ResponseCacheUse;
}

/** Everything a request sends as prompt: messages, the arguments of earlier tool calls, and the tool definitions. */
export function promptTextOf(req: Pick<CallRequest, 'messages' | 'tools'>): string {
  const parts = req.messages.map((m) => (m.role === 'assistant' && m.toolCalls ? `${m.content}\n${m.toolCalls.map((c) => `${c.name}(${c.arguments})`).join('\n')}` : m.content));
  if (req.tools) parts.push(JSON.stringify(req.tools));
  return parts.join('\n');
}

/** Conservative token count for the cap (over-counts, so the cap errs on the safe side). */
export function approxTokens(text: string): number {
  return Math.ceil(text.length / 3);
}

/** The run settings and injected services every model-calling flow (workspace, file, doc comments) has. */
export interface ModelCallSettings {
  provider: ProviderId;
  model: string;
  /** Tried in order when the model is unavailable or keeps failing (OpenRouter: sent as its `models` list). */
  fallbackModels?: readonly string[];
  maxOutputTokens: number;
  temperature: number;
}

export interface ModelCallServices {
  chat: (request: ChatRequest) => Promise<ChatResult>;
  ledger?: RequestLedger;
  retry?: RetryOptions;
  spendCap?: SpendCap;
  responseCache?: ResponseCacheUse;
}

/** A {@link ModelCaller} for one flow, built the same way everywhere. */
export function createModelCaller(settings: ModelCallSettings, services: ModelCallServices, runId?: string): ModelCaller {
  return new ModelCaller({
    provider: settings.provider,
    model: settings.model,
    chat: services.chat,
    maxTokens: settings.maxOutputTokens,
    temperature: settings.temperature,
    ledger: services.ledger,
    retry: services.retry,
    spendCap: services.spendCap,
    runId,
    fallbackModels: settings.fallbackModels,
    responseCache: services.responseCache,
  });
}

export class ModelCaller {
  readonly totals: CallTotals = emptyCallTotals();
  /** Requests a fallback model served. */
  readonly fallbacks = new FallbackLog();
  /** Every request sent, answered or failed, for the speed figures per model. */
  readonly speed: SpeedSample[] = [];
  /** Told of each answer that came over the wire (not from the response cache), with what it was for. */
  onAnswer?: (purpose: RequestPurpose, result: ChatResult) => void;
  private reservedNanos = 0;
  private readonly sender: RequestSender;
  /** Cache keys of the requests the response cache answered. */
  private readonly answeredKeys = new Set<string>();
  /** Every answer this caller used, each as the response cache holds it (in the order used). */
  readonly answersUsed: UsedAnswer[] = [];
  /** False once an answer was used that the response cache does not hold (not cacheable, or asked with no cache). */
  private everyAnswerStored = true;

  constructor(readonly options: ModelCallerOptions) {
    this.sender = new RequestSender(options, () => this.totals.requests++);
  }

  get provider(): ProviderId {
    return this.options.provider;
  }

  get model(): string {
    return this.options.model;
  }

  /** Whether the cap can be enforced for this model (known prices, or a free model, or no cap). */
  get capEnforceable(): boolean {
    const cap = this.options.spendCap;
    if (!cap || cap.maxCostUsd <= 0 || isZeroCost(cap.pricing, cap.isFree)) return true;
    return cap.pricing !== undefined && worstCaseCostNanos(1, 1, cap.pricing) !== undefined;
  }

  /**
   * Fallback models whose prices are not known while a cap is set: a request they serve cannot be
   * bounded before it is sent (its cost is still recorded as the provider reports it, or unknown).
   */
  get unpricedFallbacks(): string[] {
    const cap = this.options.spendCap;
    if (!cap || cap.maxCostUsd <= 0) return [];
    return (this.options.fallbackModels ?? []).filter((m) => m !== this.model && this.pricesAt(m) === undefined);
  }

  async call(req: CallRequest): Promise<CallResult> {
    const purpose: RequestPurpose = { runId: this.options.runId, ...req.purpose };
    const key = this.options.responseCache ? this.cacheKeyOf(req) : undefined;
    const hit = key ? await this.fromCache(key, req, purpose) : undefined;
    if (hit) return hit;
    const promptTokens = approxTokens(promptTextOf(req));
    const fallbacks = this.options.fallbackModels ?? [];
    // OpenRouter may serve any model of the list: the request is bounded by the dearest of them.
    let reserve = this.reserve(promptTokens, this.options.provider === 'openrouter' ? [this.model, ...fallbacks] : [this.model]);
    let costNanos = 0;
    let costKnown = true;
    const account = (records: readonly (CostRecord | undefined)[]): void => {
      for (const r of records) {
        if (!r) continue;
        const nanos = recordCostNanos(r);
        if (nanos === undefined) {
          if (r.source !== 'included') {
            costKnown = false;
            this.totals.unknownCostRequests++;
          }
        } else {
          costNanos += nanos;
          this.totals.costNanos += nanos;
        }
      }
    };
    const models = modelsToTry(this.options.provider, this.options.model, fallbacks);
    let failure: ProviderError | undefined;
    try {
      for (let i = 0; ; i++) {
        const model = models[i];
        if (i > 0) {
          // A fallback tried here is bounded at its own prices.
          this.reservedNanos -= reserve;
          reserve = 0;
          reserve = this.reserve(promptTokens, [model]);
        }
        try {
          const outcome = await withRetry(() => this.sender.send(req, purpose, model), { ...this.options.retry, signal: req.signal });
          const result = outcome.value;
          const fallbackFor = i > 0 || servedByOpenRouterFallback(model, result.servedModel, fallbacks) ? this.options.model : undefined;
          if (fallbackFor) this.fallbacks.note(result.servedModel || model, fallbackFor, fallbackWhy(failure), purpose.file);
          this.addUsageOf(result, result.servedModel || model);
          for (const f of outcome.failedAttempts) if (f.details.partial) this.addUsageOf(f.details.partial, f.details.partial.servedModel || model);
          this.speed.push(...failureSamples(this.options.provider, model, outcome.failedAttempts), sampleOfResult(this.options.provider, model, result));
          this.onAnswer?.(purpose, result);
          if (this.options.ledger) {
            account(await this.options.ledger.recordFailedAttempts(this.options.provider, model, outcome.failedAttempts, purpose));
            account([await this.options.ledger.record({ provider: this.options.provider, model, result, purpose, fallbackFor })]);
          } else {
            costKnown = addReportedCost(this.totals, result) && costKnown;
            costNanos += Math.round((result.reportedCostUsd ?? 0) * NANOS_PER_USD);
          }
          if (key && (req.accept?.(result) ?? true) && isCacheable(result)) {
            await this.options.responseCache?.cache.put(key, result);
            this.answersUsed.push({ key, hash: answerHash(result), purpose: req.purpose ?? {} });
          } else this.everyAnswerStored = false;
          return { result, costUsd: costKnown ? costNanos / NANOS_PER_USD : undefined, attempts: outcome.attempts };
        } catch (error) {
          if (error instanceof ProviderError) {
            for (const f of [...(error.details.earlierFailures ?? []), error]) if (f.details.partial) this.addUsageOf(f.details.partial, f.details.partial.servedModel || model);
            this.speed.push(...failureSamples(this.options.provider, model, [...(error.details.earlierFailures ?? []), error]));
            if (this.options.ledger) account(await this.options.ledger.recordFailure(this.options.provider, model, error, purpose));
          }
          if (i + 1 >= models.length || !fallbackMayCure(error) || req.signal?.aborted) throw error;
          failure = error as ProviderError;
        }
      }
    } finally {
      this.reservedNanos -= reserve;
    }
  }

  /**
   * The answer the response cache holds for this request, looked at without using it: nothing is
   * counted or recorded. Undefined when the cache holds none or this caller does not read it.
   */
  async cachedAnswerFor(req: CacheKeyRequest): Promise<ChatResult | undefined> {
    const use = this.options.responseCache;
    return use ? cachedAnswer(use, this.cacheKeyOf(req)) : undefined;
  }

  /** Whether every answer this caller used is one the response cache was given or gave (so a replay can find them all again). */
  get usedOnlyStoredAnswers(): boolean {
    return this.everyAnswerStored && this.options.responseCache !== undefined && !this.options.responseCache.writeOnly;
  }

  /**
   * The answers `used` lists, read from the response cache, when it still holds every one of them
   * exactly as it was used (same hash); undefined otherwise. Nothing is counted or recorded.
   */
  async storedAnswers(used: readonly UsedAnswer[]): Promise<ChatResult[] | undefined> {
    const use = this.options.responseCache;
    if (!use) return undefined;
    const results = await Promise.all(used.map((u) => cachedAnswer(use, u.key)));
    return results.every((r, i): r is ChatResult => r !== undefined && answerHash(r) === used[i].hash) ? results : undefined;
  }

  /** Counts and records answers replayed from the response cache as {@link call} does a hit: at $0, with the tokens they saved. */
  async recordReplayed(used: readonly UsedAnswer[], results: readonly ChatResult[]): Promise<void> {
    for (const [i, u] of used.entries()) {
      const result = results[i];
      this.answeredKeys.add(u.key);
      this.answersUsed.push(u);
      this.totals.cacheHits++;
      this.totals.savedTokens += (result.usage?.promptTokens ?? 0) + (result.usage?.completionTokens ?? 0);
      await this.options.ledger?.record({ provider: this.options.provider, model: this.options.model, result, purpose: { runId: this.options.runId, ...u.purpose } });
    }
  }

  /** Whether the response cache answered this request in a call of this caller. */
  answeredFromCache(req: CacheKeyRequest): boolean {
    return this.answeredKeys.size > 0 && this.answeredKeys.has(this.cacheKeyOf(req));
  }

  private cacheKeyOf(req: CacheKeyRequest): string {
    return responseCacheKey(this.options, this.options.responseCache?.scope, req);
  }

  /** The cached answer of an identical earlier request, recorded at $0 with the tokens it saved; undefined on a miss. */
  private async fromCache(key: string, req: CallRequest, purpose: RequestPurpose): Promise<CallResult | undefined> {
    const result = this.options.responseCache ? await cachedAnswer(this.options.responseCache, key) : undefined;
    if (!result) return undefined;
    this.answeredKeys.add(key);
    this.answersUsed.push({ key, hash: answerHash(result), purpose: req.purpose ?? {} });
    this.totals.cacheHits++;
    this.totals.savedTokens += (result.usage?.promptTokens ?? 0) + (result.usage?.completionTokens ?? 0);
    req.onToken?.(result.text);
    await this.options.ledger?.record({ provider: this.options.provider, model: this.options.model, result, purpose });
    return { result, costUsd: 0, attempts: 0 };
  }

  /**
   * Throws {@link SpendCapReachedError} when the worst case of the next request, served by any of
   * `models`, could cross the cap; else reserves the dearest worst case and returns it.
   */
  private reserve(promptTokens: number, models: readonly string[]): number {
    const cap = this.options.spendCap;
    if (!cap) return 0;
    let worst = 0;
    for (const model of models) {
      const prices = this.pricesAt(model);
      const decision = checkSpendCap(cap.maxCostUsd, this.totals.costNanos + this.reservedNanos, {
        provider: this.options.provider,
        model,
        promptTokens,
        maxOutputTokens: this.options.maxTokens,
        pricing: prices?.pricing,
        isFree: prices?.isFree,
      });
      if (!decision.allowed) throw new SpendCapReachedError(cap.maxCostUsd, this.totals.costNanos / NANOS_PER_USD);
      worst = Math.max(worst, decision.worstCaseNanos ?? 0);
    }
    this.reservedNanos += worst;
    return worst;
  }

  /**
   * The prices of a model that may serve or served: the chosen model's for it and its versions,
   * a fallback's as the catalog has them; undefined when not known (never another model's).
   */
  private pricesAt(model: string): { pricing?: ModelPricing; isFree?: boolean } | undefined {
    const cap = this.options.spendCap;
    if (!cap) return undefined;
    const named = modelAskedFor(model, this.model, this.options.fallbackModels ?? []) ?? model;
    return named === this.model ? { pricing: cap.pricing, isFree: cap.isFree } : cap.pricesOf?.(named);
  }

  /** Adds an answer's tokens, and what prompt caching saved on it at the prices of the model that served it. */
  private addUsageOf(r: Partial<ChatResult>, served: string): void {
    addUsage(this.totals, r, this.provider, served, this.pricesAt(served)?.pricing);
  }
}
