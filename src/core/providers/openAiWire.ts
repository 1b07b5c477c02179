/**
 * Chat Completions over the `openai` SDK, shared by OpenRouter, OpenAI and OpenAI-compatible
 * servers. Each provider passes a {@link OpenAiWireConfig} saying what differs (headers, the
 * token-limit field, extra body fields, whether `usage.cost` is read).
 *
 * Stream handling:
 * - comment lines / `:` pings are skipped by the SDK; the usage-only final chunk (`choices: []`)
 *   is read without indexing `choices[0]`;
 * - text deltas and `delta.tool_calls` fragments are collected; a turn that made tool calls
 *   reports `finishReason: "tool_calls"` whatever the server called it;
 * - an error chunk on HTTP 200 makes the SDK throw `APIError` with status undefined; it is mapped
 *   by `error.code` / `metadata.error_type`; `choices[0].error` / `finish_reason: "error"` too;
 * - a chunk that is not JSON is a broken stream: a retryable `badResponse`, like a reset;
 * - a server answering with one JSON completion instead of a stream is read the same way; one
 *   with no choice at all is a retryable `badResponse`;
 * - after the loop: a limit of the request control fired (idle, deadline, size) → its error; the
 *   caller aborted → `cancelled` (the SDK swallows mid-stream aborts); no `finish_reason` seen →
 *   the stream was cut short: `network` (retryable; a clean close before the end is what a dropped
 *   proxy connection looks like).
 * Every failure after the headers carries `details.partial` (generation id, served model, text and
 * tool calls so far, usage/cost if they arrived) so the cost ledger can count a billed failure.
 */
import type OpenAI from 'openai';
import type { ChatCompletionChunk, ChatCompletionCreateParamsStreaming } from 'openai/resources/chat/completions';
import { openAiSdk } from './sdkModules';
import { ProviderError, type ChatRequest, type ChatResult, type ProviderContext, type ProviderId, type TokenUsage } from './types';
import { asToolsUnsupported, errorFromResponse, toProviderError, withDetails, withKeyRedacted } from './providerErrors';
import { requireApiKey } from './providerKeys';
import { createRequestControl, DEFAULT_REQUEST_TIMEOUT_MS, limitError, requestLimits, type RequestControl, type RequestLimits } from './streamWatchdog';
import { readWholeCompletion, ToolCallAssembler, toolFields, toWireMessages } from './openAiTurns';
import { cacheBreakpoints } from './promptCaching';

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
  /** Extra body fields when a JSON schema or tools are asked for (OpenRouter: route only to endpoints that honour them). */
  routingBody?: Record<string, unknown>;
  /** The deadline of a whole request when the context sets none. */
  defaultDeadlineMs?: number;
  /** Read OpenRouter's `usage.cost` / `is_byok` / `cost_details`. */
  readsCost: boolean;
  /** Send `ChatRequest.fallbackModels` as OpenRouter's `models` list (the server falls back in that order). */
  sendsFallbackModels?: boolean;
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
    messages: toWireMessages(request.messages, cacheBreakpoints(config.provider, request)),
    stream: true,
    stream_options: { include_usage: true },
    [config.tokenLimitField]: request.maxTokens,
    ...config.extraBody,
    ...toolFields(request),
  };
  if (config.sendsTemperature?.(request.model) ?? true) body.temperature = request.temperature;
  if (config.sendsFallbackModels && request.fallbackModels?.length) body.models = [request.model, ...request.fallbackModels];
  if (request.jsonSchema) {
    body.response_format = {
      type: 'json_schema',
      json_schema: { name: request.jsonSchema.name, schema: request.jsonSchema.schema, strict: true },
    };
  }
  // Route only to endpoints that honour what was asked for (a schema, tools) instead of ignoring it.
  if (request.jsonSchema || request.tools?.length) Object.assign(body, config.routingBody);
  return body as unknown as ChatCompletionCreateParamsStreaming;
}

interface StreamState {
  text: string;
  calls: ToolCallAssembler;
  usage?: TokenUsage;
  cost?: number;
  generationId?: string;
  servedModel?: string;
  finishReason?: string;
  /** `Date.now()` when the first text or tool call arrived. */
  firstContentAt?: number;
}

function readUsage(config: OpenAiWireConfig, state: StreamState, usage: WireUsage | null | undefined): void {
  if (!usage) return;
  state.usage = parseWireUsage(usage);
  if (config.readsCost) state.cost = parseWireCost(usage);
}

/** Folds one chunk into the state; throws the error a chunk carries. */
function readChunk(config: OpenAiWireConfig, request: ChatRequest, state: StreamState, chunk: ChatCompletionChunk, headers: Headers): void {
  state.generationId ??= chunk.id || undefined;
  if (chunk.model) state.servedModel = chunk.model;
  readUsage(config, state, (chunk as { usage?: WireUsage | null }).usage);
  const choice = chunk.choices?.[0] as WireChoice | undefined;
  if (!choice) return;
  const delta = choice.delta?.content;
  if (delta || choice.delta?.tool_calls?.length) state.firstContentAt ??= Date.now();
  if (delta) {
    state.text += delta;
    request.onToken?.(delta);
  }
  state.calls.add(choice.delta?.tool_calls);
  if (choice.finish_reason) state.finishReason = choice.finish_reason;
  if (choice.error !== undefined || (choice.finish_reason as string | null) === 'error') {
    throw errorFromResponse({ provider: config.provider, model: request.model }, undefined, headers, { error: choice.error ?? {} });
  }
}

/**
 * A server that answered the streaming request with one JSON completion: read like a stream.
 * A body without any choice (and no error) is a broken answer a retry may cure.
 */
function readJsonAnswer(config: OpenAiWireConfig, request: ChatRequest, state: StreamState, jsonText: string, response: Response): void {
  let parsed: unknown;
  try {
    parsed = JSON.parse(jsonText);
  } catch (err) {
    throw new ProviderError('badResponse', `${config.provider} answered with JSON that does not parse`, { status: response.status, retryable: true, cause: err });
  }
  const whole = readWholeCompletion(parsed);
  if (!whole) throw new ProviderError('badResponse', `${config.provider} answered with JSON that is not a completion`, { status: response.status });
  state.generationId ??= whole.id;
  if (whole.model) state.servedModel = whole.model;
  readUsage(config, state, whole.usage as WireUsage | undefined);
  if (whole.error !== undefined && whole.error !== null) {
    throw errorFromResponse({ provider: config.provider, model: request.model }, undefined, response.headers, { error: whole.error });
  }
  if (whole.noChoices) throw new ProviderError('badResponse', `${config.provider} answered with no choices`, { status: response.status, retryable: true });
  state.text = whole.text;
  if (whole.text || whole.toolCalls?.length) state.firstContentAt ??= Date.now();
  if (whole.text) request.onToken?.(whole.text);
  state.calls.add(whole.toolCalls?.map((c, index) => ({ index, id: c.id, function: { name: c.name, arguments: c.arguments } })));
  state.finishReason = whole.finishReason ?? 'stop';
}

/** Streams one chat completion; throws {@link ProviderError} only. */
export async function streamOpenAiChat(config: OpenAiWireConfig, request: ChatRequest): Promise<ChatResult> {
  const started = Date.now();
  const limits = requestLimits(config.ctx, config.defaultDeadlineMs);
  const control = createRequestControl(config.ctx.fetch, limits, request.signal);
  const state: StreamState = { text: '', calls: new ToolCallAssembler() };
  // What is known of the answer so far: the whole result once the stream ends, the billed part when it fails.
  const partial = (): ChatResult => {
    const toolCalls = state.calls.result();
    return {
      text: state.text,
      usage: state.usage,
      reportedCostUsd: state.cost,
      generationId: state.generationId,
      servedModel: state.servedModel ?? request.model,
      ...(toolCalls ? { toolCalls } : {}),
      finishReason: toolCalls && state.finishReason ? 'tool_calls' : state.finishReason,
      latencyMs: Date.now() - started,
      ...(state.firstContentAt !== undefined ? { ttftMs: state.firstContentAt - started } : {}),
    };
  };
  config.ctx.log.debug(`${config.provider}: chat ${request.model} (max ${request.maxTokens} tokens${request.tools?.length ? `, ${request.tools.length} tools` : ''})`);
  try {
    if (request.signal?.aborted) throw new ProviderError('cancelled', `${config.provider} request cancelled`);
    const client = await createOpenAiClient(config, control.fetch);
    const { data: stream, response } = await client.chat.completions
      .create(buildBody(config, request), { signal: control.signal })
      .withResponse();
    state.generationId = response.headers.get('x-generation-id') ?? undefined;
    let chunks = 0;
    for await (const chunk of stream) {
      chunks++;
      readChunk(config, request, state, chunk, response.headers);
    }
    if (control.stopped) throw limitError(config.provider, control, limits, state.text !== '' || state.calls.size > 0);
    if (request.signal?.aborted) throw new ProviderError('cancelled', `${config.provider} request cancelled`);
    if (chunks === 0 && control.jsonBody !== undefined) readJsonAnswer(config, request, state, control.jsonBody, response);
    else if (chunks === 0 && !(response.headers.get('content-type') ?? '').includes('text/event-stream')) {
      const contentType = response.headers.get('content-type');
      throw new ProviderError('badResponse', `${config.provider} answered with ${contentType || 'no content type'} instead of a stream`, { status: response.status });
    }
    if (!state.finishReason) {
      throw new ProviderError('network', `${config.provider} stream ended before the answer was complete`);
    }
    const result = partial();
    config.ctx.log.info(
      `${config.provider}: ${result.servedModel} done in ${result.latencyMs} ms` +
        (result.usage ? `, ${result.usage.promptTokens}+${result.usage.completionTokens} tokens` : ', no usage reported') +
        (result.toolCalls ? `, ${result.toolCalls.length} tool calls` : '') +
        (result.reportedCostUsd !== undefined ? `, $${result.reportedCostUsd}` : ''),
    );
    return result;
  } catch (err) {
    let error = wireFailure(config, request, control, limits, state, err);
    if (request.tools?.length) error = asToolsUnsupported(error);
    error = withDetails(error, { provider: config.provider, model: request.model, ...(control.accepted ? { partial: partial() } : {}) });
    error = await withKeyRedacted(error, config.ctx, config.provider);
    config.ctx.log[error.reason === 'cancelled' ? 'debug' : 'warn'](`${config.provider}: ${request.model} failed: ${error.reason}`, error.details.status ?? '');
    throw error;
  } finally {
    control.dispose();
  }
}

/** What went wrong, checked in order: a limit we set, a cancel, a broken chunk, then the SDK's or the server's error. */
function wireFailure(config: OpenAiWireConfig, request: ChatRequest, control: RequestControl, limits: RequestLimits, state: StreamState, err: unknown): ProviderError {
  if (err instanceof ProviderError) return err;
  if (control.stopped && !request.signal?.aborted) return limitError(config.provider, control, limits, state.text !== '' || state.calls.size > 0, err);
  if (err instanceof SyntaxError && control.accepted && !request.signal?.aborted) {
    // One chunk that is not JSON is a broken stream, as transient as a reset: retried.
    return new ProviderError('badResponse', `${config.provider} sent a stream chunk that is not valid JSON`, { retryable: true, cause: err });
  }
  const error = toProviderError(err, { provider: config.provider, model: request.model, signal: request.signal });
  // No response headers before the request timeout: the server did not answer at all.
  return error.reason === 'timeout' && !control.responded ? withDetails(error, { serverSilent: true }) : error;
}
