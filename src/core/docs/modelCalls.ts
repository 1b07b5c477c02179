/**
 * Every model request of a documentation run goes through here: the spend cap is checked first, the
 * request is retried per the one retry policy, and every billed attempt — successful, retried or
 * failed after billing — is recorded in the cost ledger exactly once. Run totals are kept here.
 */
import { withRetry, type RetryOptions } from '../retry';
import { ProviderError, type ChatMessage, type ChatRequest, type ChatResult, type ModelPricing, type ProviderId, type RequestPurpose } from '../providers/types';
import { cacheMultipliersFor, cacheSavingsNanos, isZeroCost, worstCaseCostNanos } from '../cost/pricing';
import { checkSpendCap } from '../cost/spendCap';
import { NANOS_PER_USD } from '../cost/money';
import type { CostRecord } from '../cost/types';
import { recordCostNanos } from '../cost/costTotals';
import { cacheKey, type ResponseCache } from '../cache/responseCache';
import { failureSamples, sampleOfResult, type SpeedSample } from '../cost/speedStats';
import { FallbackLog, fallbackMayCure, fallbackWhy, modelsToTry, servedByOpenRouterFallback } from './modelFallback';

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

/** The response cache and the scope (server) its keys are made in. */
export interface ResponseCacheUse {
  cache: Pick<ResponseCache, 'get' | 'put'>;
  /** What else decides an answer besides the request: the provider's base URL. */
  scope?: string;
}

export interface CallRequest {
  messages: ChatMessage[];
  jsonSchema?: ChatRequest['jsonSchema'];
  /** Tools the model may call (a guide's exploration); the answer's calls come back in `result.toolCalls`. */
  tools?: ChatRequest['tools'];
  toolChoice?: ChatRequest['toolChoice'];
  purpose: RequestPurpose;
  signal?: AbortSignal;
  onToken?: (delta: string) => void;
}

/** Requests in a row that get no answer at all before the run stops sending to that server. */
export const SILENT_ATTEMPTS_TO_STOP = 2;

/** Longest answer read from a stream, in characters (the page keeps at most `MAX_REPLY_CHARS` of it). */
export const MAX_STREAMED_CHARS = 1_000_000;

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
  readonly totals: CallTotals = { requests: 0, promptTokens: 0, completionTokens: 0, cachedTokens: 0, cacheWriteTokens: 0, cacheSavedNanos: 0, costNanos: 0, unknownCostRequests: 0, cacheHits: 0, savedTokens: 0 };
  /** Requests a fallback model served. */
  readonly fallbacks = new FallbackLog();
  /** Every request sent, answered or failed, for the speed figures per model. */
  readonly speed: SpeedSample[] = [];
  private reservedNanos = 0;
  /** Requests in a row the server did not answer at all (see `attempt`). */
  private silentInARow = 0;
  /** Set once the server is taken not to answer: from then on no request of this run is sent. */
  private silence: ProviderError | undefined;

  constructor(readonly options: ModelCallerOptions) {}

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

  async call(req: CallRequest): Promise<CallResult> {
    const purpose: RequestPurpose = { runId: this.options.runId, ...req.purpose };
    const key = this.options.responseCache ? this.cacheKeyOf(req) : undefined;
    const hit = key ? await this.fromCache(key, req, purpose) : undefined;
    if (hit) return hit;
    const promptText = promptTextOf(req);
    const reserve = this.checkCap(approxTokens(promptText));
    this.reservedNanos += reserve;
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
    const fallbacks = this.options.fallbackModels ?? [];
    const models = modelsToTry(this.options.provider, this.options.model, fallbacks);
    let failure: ProviderError | undefined;
    try {
      for (let i = 0; ; i++) {
        const model = models[i];
        try {
          const outcome = await withRetry(() => this.attempt(req, purpose, model), { ...this.options.retry, signal: req.signal });
          const result = outcome.value;
          const fallbackFor = i > 0 || servedByOpenRouterFallback(model, result.servedModel, fallbacks) ? this.options.model : undefined;
          if (fallbackFor) this.fallbacks.note(result.servedModel || model, fallbackFor, fallbackWhy(failure), purpose.file);
          this.addUsage(result);
          for (const f of outcome.failedAttempts) if (f.details.partial) this.addUsage(f.details.partial);
          this.speed.push(...failureSamples(this.options.provider, model, outcome.failedAttempts), sampleOfResult(this.options.provider, model, result));
          if (this.options.ledger) {
            account(await this.options.ledger.recordFailedAttempts(this.options.provider, model, outcome.failedAttempts, purpose));
            account([await this.options.ledger.record({ provider: this.options.provider, model, result, purpose, fallbackFor })]);
          } else {
            costKnown = this.addReported(result) && costKnown;
            costNanos += Math.round((result.reportedCostUsd ?? 0) * NANOS_PER_USD);
          }
          if (key) await this.options.responseCache?.cache.put(key, result);
          return { result, costUsd: costKnown ? costNanos / NANOS_PER_USD : undefined, attempts: outcome.attempts };
        } catch (error) {
          if (error instanceof ProviderError) {
            for (const f of [...(error.details.earlierFailures ?? []), error]) if (f.details.partial) this.addUsage(f.details.partial);
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

  private cacheKeyOf(req: CallRequest): string {
    return cacheKey({
      provider: this.options.provider,
      scope: this.options.responseCache?.scope,
      request: { model: this.options.model, fallbackModels: this.options.fallbackModels ? [...this.options.fallbackModels] : undefined, messages: req.messages, maxTokens: this.options.maxTokens, temperature: this.options.temperature, jsonSchema: req.jsonSchema, tools: req.tools, toolChoice: req.toolChoice },
    });
  }

  /** The cached answer of an identical earlier request, recorded at $0 with the tokens it saved; undefined on a miss. */
  private async fromCache(key: string, req: CallRequest, purpose: RequestPurpose): Promise<CallResult | undefined> {
    const answer = await this.options.responseCache?.cache.get(key);
    if (!answer) return undefined;
    const result: ChatResult = { ...answer, latencyMs: 0, reportedCostUsd: 0, fromCache: true };
    this.totals.cacheHits++;
    this.totals.savedTokens += (answer.usage?.promptTokens ?? 0) + (answer.usage?.completionTokens ?? 0);
    req.onToken?.(answer.text);
    await this.options.ledger?.record({ provider: this.options.provider, model: this.options.model, result, purpose });
    return { result, costUsd: 0, attempts: 0 };
  }

  /**
   * One HTTP request of a call. A server that takes requests and answers nothing (no headers or no
   * byte before the timeout, or only keep-alives until the deadline) is a server that does not
   * answer once this happens twice in a row with no answer to any request of the run in between
   * (once could be a slow moment; retries cover that). Then that request fails as `noAnswer`, not
   * retried, and every later request of the run fails the same way without being sent, instead of
   * each waiting out its own timeouts and retries.
   */
  private async attempt(req: CallRequest, purpose: RequestPurpose, model: string): Promise<ChatResult> {
    if (this.silence) {
      throw new ProviderError('noAnswer', `${this.provider} does not answer: earlier requests of this run got no answer, so this one was not sent`, {
        provider: this.provider,
        model: this.model,
        retryable: false,
        notSent: true,
        cause: this.silence,
      });
    }
    this.totals.requests++;
    try {
      const result = await this.chatBounded(req, purpose, model);
      this.silentInARow = 0;
      return result;
    } catch (error) {
      if (!(error instanceof ProviderError) || req.signal?.aborted) throw error;
      if (error.reason !== 'timeout' || error.details.serverSilent !== true) {
        // The server said something (a status, part of an answer): it is there.
        if (error.details.status !== undefined || error.details.partial !== undefined) this.silentInARow = 0;
        throw error;
      }
      if (++this.silentInARow < SILENT_ATTEMPTS_TO_STOP) throw error;
      this.silence ??= error;
      // Same details (a billed partial stays with it, recorded once), but final.
      const noAnswer = new ProviderError('noAnswer', `${this.provider} does not answer (${error.message}); the run's other requests to it are not sent`, {
        ...error.details,
        retryable: false,
        cause: error,
      });
      noAnswer.stack = error.stack;
      throw noAnswer;
    }
  }

  /**
   * One request that stops reading once the answer passes {@link MAX_STREAMED_CHARS} (a server
   * ignoring `max_tokens`, a model looping): what arrived is kept as an answer cut for length,
   * so the run neither hangs on an endless stream nor holds megabytes it will not use.
   */
  private async chatBounded(req: CallRequest, purpose: RequestPurpose, model: string): Promise<ChatResult> {
    const guard = new AbortController();
    let received = 0;
    try {
      return await this.options.chat({
        model,
        // OpenRouter falls back itself, server-side, through this list.
        fallbackModels: this.options.provider === 'openrouter' && this.options.fallbackModels?.length ? this.options.fallbackModels.filter((m) => m !== model) : undefined,
        messages: req.messages,
        maxTokens: this.options.maxTokens,
        temperature: this.options.temperature,
        jsonSchema: req.jsonSchema,
        tools: req.tools,
        toolChoice: req.toolChoice,
        signal: req.signal ? AbortSignal.any([req.signal, guard.signal]) : guard.signal,
        onToken: (delta) => {
          received += delta.length;
          if (received > MAX_STREAMED_CHARS) guard.abort();
          req.onToken?.(delta);
        },
        purpose,
      });
    } catch (error) {
      const partial = error instanceof ProviderError ? error.details.partial : undefined;
      if (!guard.signal.aborted || req.signal?.aborted || !partial?.text) throw error;
      return {
        text: partial.text,
        usage: partial.usage,
        reportedCostUsd: partial.reportedCostUsd,
        generationId: partial.generationId,
        servedModel: partial.servedModel ?? model,
        finishReason: 'length',
        latencyMs: partial.latencyMs ?? 0,
      };
    }
  }

  /** Throws {@link SpendCapReachedError} when the worst case of the next request could cross the cap; returns the reservation. */
  private checkCap(promptTokens: number): number {
    const cap = this.options.spendCap;
    if (!cap) return 0;
    const decision = checkSpendCap(cap.maxCostUsd, this.totals.costNanos + this.reservedNanos, {
      provider: this.options.provider,
      model: this.options.model,
      promptTokens,
      maxOutputTokens: this.options.maxTokens,
      pricing: cap.pricing,
      isFree: cap.isFree,
    });
    if (!decision.allowed) throw new SpendCapReachedError(cap.maxCostUsd, this.totals.costNanos / NANOS_PER_USD);
    return decision.worstCaseNanos ?? 0;
  }

  private addUsage(r: Partial<ChatResult>): void {
    if (!r.usage) return;
    this.totals.promptTokens += r.usage.promptTokens;
    this.totals.completionTokens += r.usage.completionTokens;
    this.totals.cachedTokens += r.usage.cachedTokens;
    this.totals.cacheWriteTokens += r.usage.cacheWriteTokens;
    const pricing = this.options.spendCap?.pricing;
    const saved = pricing ? cacheSavingsNanos(r.usage, pricing, cacheMultipliersFor(this.provider, this.model)) : r.usage.cachedTokens + r.usage.cacheWriteTokens > 0 ? undefined : 0;
    this.totals.cacheSavedNanos = this.totals.cacheSavedNanos === undefined || saved === undefined ? undefined : this.totals.cacheSavedNanos + saved;
  }

  private addReported(r: ChatResult): boolean {
    if (r.reportedCostUsd === undefined) {
      this.totals.unknownCostRequests++;
      return false;
    }
    this.totals.costNanos += Math.round(r.reportedCostUsd * NANOS_PER_USD);
    return true;
  }
}
