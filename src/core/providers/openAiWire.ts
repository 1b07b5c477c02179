/**
 * Chat Completions over the `openai` SDK, shared by OpenRouter, OpenAI and OpenAI-compatible
 * servers. Each provider passes a {@link OpenAiWireConfig} saying what differs (headers, the
 * token-limit field, extra body fields, whether `usage.cost` is read).
 *
 * Stream handling (LLM-WIRE §2.5, §4.6, §4.7):
 * - comment lines / `:` pings are skipped by the SDK; the usage-only final chunk (`choices: []`)
 *   is read without indexing `choices[0]`;
 * - an error chunk on HTTP 200 makes the SDK throw `APIError` with status undefined; it is mapped
 *   by `error.code` / `metadata.error_type`; `choices[0].error` / `finish_reason: "error"` too;
 * - after the loop: the watchdog fired → `timeout`; the caller aborted → `cancelled` (the SDK
 *   swallows mid-stream aborts); no `finish_reason` seen → the stream was cut short: `network`
 *   (retryable; a clean close before the end is what a dropped proxy connection looks like).
 * Every failure after the headers carries `details.partial` (generation id, served model, text so
 * far, usage/cost if they arrived) so the cost ledger can count a billed failure.
 */
import type OpenAI from 'openai';
import type { ChatCompletionChunk, ChatCompletionCreateParamsStreaming } from 'openai/resources/chat/completions';
import { openAiSdk } from './sdkModules';
import { ProviderError, type ChatRequest, type ChatResult, type ProviderContext, type ProviderId, type TokenUsage } from './types';
import { errorFromResponse, toProviderError, withDetails, withKeyRedacted } from './providerErrors';
import { requireApiKey } from './providerKeys';
import { createRequestControl, DEFAULT_IDLE_TIMEOUT_MS, DEFAULT_REQUEST_TIMEOUT_MS } from './streamWatchdog';

export interface OpenAiWireConfig {
  provider: ProviderId;
  ctx: ProviderContext;
  /** Headers on every request (OpenRouter attribution). */
  defaultHeaders?: Record<string, string>;
  /** Used when no key is stored; undefined means a missing key is an error. */
  fallbackApiKey?: string;
  /** OpenAI direct takes `max_completion_tokens`; OpenRouter and local servers `max_tokens`. */
  tokenLimitField: 'max_tokens' | 'max_completion_tokens';
  /** Return false to leave `temperature` out (models that reject it). */
  sendsTemperature?: (model: string) => boolean;
  /** Provider-specific body fields merged into every chat request. */
  extraBody?: Record<string, unknown>;
  /** Extra body fields only when a JSON schema is requested (OpenRouter: route only to endpoints that honour it). */
  structuredOutputBody?: Record<string, unknown>;
  /** Read OpenRouter's `usage.cost` / `is_byok` / `cost_details`. */
  readsCost: boolean;
}

/** Usage as OpenAI-wire servers send it, including OpenRouter's extras. */
interface WireUsage {
  prompt_tokens?: number | null;
  completion_tokens?: number | null;
  prompt_tokens_details?: { cached_tokens?: number | null; cache_write_tokens?: number | null } | null;
  completion_tokens_details?: { reasoning_tokens?: number | null } | null;
  cost?: number | null;
  is_byok?: boolean | null;
  cost_details?: { upstream_inference_cost?: number | null } | null;
}

type WireChoice = ChatCompletionChunk.Choice & { error?: unknown };

function count(value: number | null | undefined): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

export function parseWireUsage(usage: WireUsage): TokenUsage {
  return {
    promptTokens: count(usage.prompt_tokens),
    completionTokens: count(usage.completion_tokens),
    cachedTokens: count(usage.prompt_tokens_details?.cached_tokens),
    cacheWriteTokens: count(usage.prompt_tokens_details?.cache_write_tokens),
    reasoningTokens: count(usage.completion_tokens_details?.reasoning_tokens),
  };
}

/** `usage.cost`, plus `cost_details.upstream_inference_cost` only when the key is BYOK. */
export function parseWireCost(usage: WireUsage): number | undefined {
  if (typeof usage.cost !== 'number' || !Number.isFinite(usage.cost)) return undefined;
  const upstream = usage.cost_details?.upstream_inference_cost;
  return usage.is_byok === true && typeof upstream === 'number' && Number.isFinite(upstream) ? usage.cost + upstream : usage.cost;
}

/** An SDK client with our policy: explicit base URL, no SDK retries, no org/project headers. */
export async function createOpenAiClient(config: OpenAiWireConfig, fetchImpl?: typeof fetch): Promise<OpenAI> {
  const OpenAiClient = openAiSdk();
  return new OpenAiClient({
    apiKey: await requireApiKey(config.ctx, config.provider, config.fallbackApiKey),
    baseURL: config.ctx.baseUrl,
    organization: null,
    project: null,
    maxRetries: 0,
    timeout: config.ctx.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
    defaultHeaders: config.defaultHeaders,
    fetch: fetchImpl ?? config.ctx.fetch,
    logLevel: 'off',
  });
}

function buildBody(config: OpenAiWireConfig, request: ChatRequest): ChatCompletionCreateParamsStreaming {
  const body: Record<string, unknown> = {
    model: request.model,
    messages: request.messages.map((m) => ({ role: m.role, content: m.content })),
    stream: true,
    stream_options: { include_usage: true },
    [config.tokenLimitField]: request.maxTokens,
    ...config.extraBody,
  };
  if (config.sendsTemperature?.(request.model) ?? true) body.temperature = request.temperature;
  if (request.jsonSchema) {
    body.response_format = {
      type: 'json_schema',
      json_schema: { name: request.jsonSchema.name, schema: request.jsonSchema.schema, strict: true },
    };
    Object.assign(body, config.structuredOutputBody);
  }
  return body as unknown as ChatCompletionCreateParamsStreaming;
}

/** Streams one chat completion; throws {@link ProviderError} only. */
export async function streamOpenAiChat(config: OpenAiWireConfig, request: ChatRequest): Promise<ChatResult> {
  const started = Date.now();
  const errorCtx = { provider: config.provider, model: request.model, signal: request.signal };
  const control = createRequestControl(config.ctx.fetch, config.ctx.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS, request.signal);
  const state: { text: string; usage?: TokenUsage; cost?: number; generationId?: string; servedModel?: string; finishReason?: string } = {
    text: '',
  };
  // What is known of the answer so far: the whole result once the stream ends, the billed part when it fails.
  const partial = (): ChatResult => ({
    text: state.text,
    usage: state.usage,
    reportedCostUsd: state.cost,
    generationId: state.generationId,
    servedModel: state.servedModel ?? request.model,
    finishReason: state.finishReason,
    latencyMs: Date.now() - started,
  });
  let headersReceived = false;
  config.ctx.log.debug(`${config.provider}: chat ${request.model} (max ${request.maxTokens} tokens)`);
  try {
    if (request.signal?.aborted) throw new ProviderError('cancelled', `${config.provider} request cancelled`);
    const client = await createOpenAiClient(config, control.fetch);
    const { data: stream, response } = await client.chat.completions
      .create(buildBody(config, request), { signal: control.signal })
      .withResponse();
    headersReceived = true;
    state.generationId = response.headers.get('x-generation-id') ?? undefined;
    let chunks = 0;
    for await (const chunk of stream) {
      chunks++;
      state.generationId ??= chunk.id || undefined;
      if (chunk.model) state.servedModel = chunk.model;
      const usage = (chunk as { usage?: WireUsage | null }).usage;
      if (usage) {
        state.usage = parseWireUsage(usage);
        if (config.readsCost) state.cost = parseWireCost(usage);
      }
      const choice = chunk.choices?.[0] as WireChoice | undefined;
      if (!choice) continue;
      const delta = choice.delta?.content;
      if (delta) {
        state.text += delta;
        request.onToken?.(delta);
      }
      if (choice.finish_reason) state.finishReason = choice.finish_reason;
      if (choice.error !== undefined || (choice.finish_reason as string | null) === 'error') {
        throw errorFromResponse(errorCtx, undefined, response.headers, { error: choice.error ?? {} });
      }
    }
    if (control.idleFired) {
      throw new ProviderError('timeout', `${config.provider} stream went quiet`);
    }
    if (request.signal?.aborted) throw new ProviderError('cancelled', `${config.provider} request cancelled`);
    const contentType = response.headers.get('content-type') ?? '';
    if (chunks === 0 && !contentType.includes('text/event-stream')) {
      // The SDK ends a stream silently when a server answers a streaming request with JSON (§1.4).
      throw new ProviderError('badResponse', `${config.provider} answered with ${contentType || 'no content type'} instead of a stream`, {
        status: response.status,
      });
    }
    if (!state.finishReason) {
      throw new ProviderError('network', `${config.provider} stream ended before the answer was complete`);
    }
    const result = partial();
    config.ctx.log.info(
      `${config.provider}: ${result.servedModel} done in ${result.latencyMs} ms` +
        (result.usage ? `, ${result.usage.promptTokens}+${result.usage.completionTokens} tokens` : ', no usage reported') +
        (result.reportedCostUsd !== undefined ? `, $${result.reportedCostUsd}` : ''),
    );
    return result;
  } catch (err) {
    let error =
      control.idleFired && !request.signal?.aborted
        ? new ProviderError('timeout', `${config.provider} stream went quiet`, { cause: err })
        : toProviderError(err, errorCtx);
    error = withDetails(error, {
      provider: config.provider,
      model: request.model,
      ...(headersReceived ? { partial: partial() } : {}),
    });
    error = await withKeyRedacted(error, config.ctx, config.provider);
    config.ctx.log[error.reason === 'cancelled' ? 'debug' : 'warn'](`${config.provider}: ${request.model} failed: ${error.reason}`, error.details.status ?? '');
    throw error;
  } finally {
    control.dispose();
  }
}
