/**
 * Anthropic Messages API over `@anthropic-ai/sdk`, streaming.
 *
 * - Explicit `baseURL` (no `/v1`: the SDK adds it), `apiKey` and `authToken: null`, so neither
 *   `ANTHROPIC_BASE_URL` nor `ANTHROPIC_AUTH_TOKEN` in the environment redirect or re-key us;
 *   `maxRetries: 0` (our retry wrapper owns retries). The SDK sends `x-api-key` and
 *   `anthropic-version`.
 * - The conversation, tools and tool calls are mapped in anthropicTurns.ts; a turn that ends in
 *   `tool_use` reports `finishReason: "tool_calls"` like the other providers.
 * - Usage: `message_start` gives input and cache counts, `message_delta` gives cumulative counts
 *   (never summed with the start's output count). `promptTokens` = input + cache read + cache write;
 *   `reasoningTokens` from `output_tokens_details.thinking_tokens` (already inside output tokens).
 * - `event: error` mid-stream (e.g. `overloaded_error`) → SDK APIError with status undefined,
 *   mapped by `error.type`; 529 before the stream → serverError (retryable); an event that is not
 *   JSON → retryable badResponse; the request control's limits (idle, deadline, size) as for the
 *   OpenAI wire.
 * - Structured output (`jsonSchema`) is not requested here: the prompt asks for JSON instead.
 * - Prompt caching: a message marked as the end of the stable prefix gets `cache_control` when the
 *   prefix is long enough for the model (promptCaching.ts).
 */
import type Anthropic from '@anthropic-ai/sdk';
import type { MessageCreateParamsStreaming, RawMessageStreamEvent } from '@anthropic-ai/sdk/resources/messages';
import { anthropicSdk } from './sdkModules';
import { ProviderError, type ChatRequest, type ChatResult, type LlmProvider, type ModelInfo, type ProviderContext, type TokenUsage } from './types';
import { asToolsUnsupported, errorFromResponse, toProviderError, withDetails, withKeyRedacted } from './providerErrors';
import { createRequestControl, DEFAULT_REQUEST_TIMEOUT_MS, limitError, requestLimits, type RequestControl, type RequestLimits } from './streamWatchdog';
import { anthropicToolFields, readWholeMessage, toAnthropicMessages, ToolUseAssembler } from './anthropicTurns';
import { cacheBreakpoints } from './promptCaching';
import { requireApiKey } from './providerKeys';
import { getJson, joinUrl } from './httpJson';
import { anthropicNextPageQuery, parseAnthropicModels, type ModelListOptions } from './providerModelLists';

export const ANTHROPIC_API_VERSION = '2023-06-01';

interface UsageCounts {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
  thinking: number;
}

function toTokenUsage(counts: UsageCounts): TokenUsage {
  return {
    promptTokens: counts.input + counts.cacheRead + counts.cacheWrite,
    completionTokens: counts.output,
    cachedTokens: counts.cacheRead,
    cacheWriteTokens: counts.cacheWrite,
    reasoningTokens: counts.thinking,
  };
}

function setIfNumber(counts: UsageCounts, key: keyof UsageCounts, value: number | null | undefined): void {
  if (typeof value === 'number' && Number.isFinite(value)) counts[key] = value;
}

interface StreamState {
  text: string;
  tools: ToolUseAssembler;
  counts: UsageCounts;
  sawUsage: boolean;
  id?: string;
  model?: string;
  stopReason?: string;
  /** `Date.now()` when the first text or tool use arrived. */
  firstContentAt?: number;
}

function readStartUsage(counts: UsageCounts, u: Record<string, unknown>): void {
  const n = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
  setIfNumber(counts, 'input', n(u.input_tokens));
  setIfNumber(counts, 'output', n(u.output_tokens));
  setIfNumber(counts, 'cacheRead', n(u.cache_read_input_tokens));
  setIfNumber(counts, 'cacheWrite', n(u.cache_creation_input_tokens));
}

/** Folds one stream event into the state. */
function readEvent(request: ChatRequest, state: StreamState, event: RawMessageStreamEvent): void {
  if (event.type === 'message_start') {
    state.id = event.message.id;
    state.model = event.message.model;
    readStartUsage(state.counts, event.message.usage as unknown as Record<string, unknown>);
    state.sawUsage = true;
  } else if (event.type === 'content_block_start' && event.content_block.type === 'tool_use') {
    state.firstContentAt ??= Date.now();
    state.tools.start(event.index, event.content_block);
  } else if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') {
    if (event.delta.text) state.firstContentAt ??= Date.now();
    state.text += event.delta.text;
    request.onToken?.(event.delta.text);
  } else if (event.type === 'content_block_delta' && event.delta.type === 'input_json_delta') {
    state.tools.piece(event.index, event.delta.partial_json);
  } else if (event.type === 'message_delta') {
    // Cumulative: replace, never add.
    setIfNumber(state.counts, 'output', event.usage.output_tokens);
    setIfNumber(state.counts, 'input', event.usage.input_tokens);
    setIfNumber(state.counts, 'cacheRead', event.usage.cache_read_input_tokens);
    setIfNumber(state.counts, 'cacheWrite', event.usage.cache_creation_input_tokens);
    setIfNumber(state.counts, 'thinking', event.usage.output_tokens_details?.thinking_tokens);
    if (event.delta.stop_reason) state.stopReason = event.delta.stop_reason;
  }
}

/** A server that answered the streaming request with one whole `Message`: read like a stream. */
function readJsonAnswer(request: ChatRequest, state: StreamState, jsonText: string, response: Response): void {
  let parsed: unknown;
  try {
    parsed = JSON.parse(jsonText);
  } catch (err) {
    throw new ProviderError('badResponse', 'anthropic answered with JSON that does not parse', { status: response.status, retryable: true, cause: err });
  }
  const whole = readWholeMessage(parsed);
  if (!whole) throw new ProviderError('badResponse', 'anthropic answered with JSON that is not a message', { status: response.status });
  if (whole.error !== undefined) throw errorFromResponse({ provider: 'anthropic', model: request.model }, undefined, response.headers, whole.error);
  state.id = whole.id;
  state.model = whole.model;
  if (whole.usage) {
    readStartUsage(state.counts, whole.usage);
    state.sawUsage = true;
  }
  state.text = whole.text;
  if (whole.text || whole.toolCalls?.length) state.firstContentAt ??= Date.now();
  if (whole.text) request.onToken?.(whole.text);
  whole.toolCalls?.forEach((c, index) => state.tools.start(index, { id: c.id, name: c.name, input: JSON.parse(c.arguments) }));
  state.stopReason = whole.stopReason ?? 'end_turn';
}

/** What went wrong, checked in order: a limit we set, a cancel, a broken event, then the SDK's or the server's error. */
function anthropicFailure(request: ChatRequest, control: RequestControl, limits: RequestLimits, state: StreamState, err: unknown): ProviderError {
  if (err instanceof ProviderError) return err;
  if (control.stopped && !request.signal?.aborted) return limitError('anthropic', control, limits, state.text !== '' || state.tools.size > 0, err);
  if (err instanceof SyntaxError && control.accepted && !request.signal?.aborted) {
    // One event that is not JSON is a broken stream, as transient as a reset: retried.
    return new ProviderError('badResponse', 'anthropic sent a stream event that is not valid JSON', { retryable: true, cause: err });
  }
  const error = toProviderError(err, { provider: 'anthropic', model: request.model, signal: request.signal });
  return error.reason === 'timeout' && !control.responded ? withDetails(error, { serverSilent: true }) : error;
}

/** The SDK adds `/v1` itself, so a base URL typed with `/v1` would call `/v1/v1/messages`. */
export function anthropicRootUrl(baseUrl: string): string {
  return baseUrl.trim().replace(/\/+$/, '').replace(/\/v1$/, '');
}

export function createAnthropicProvider(ctx: ProviderContext, listOptions: ModelListOptions = {}): LlmProvider {
  const rootUrl = anthropicRootUrl(ctx.baseUrl);
  async function client(fetchImpl: typeof fetch): Promise<Anthropic> {
    const AnthropicClient = anthropicSdk();
    return new AnthropicClient({
      apiKey: await requireApiKey(ctx, 'anthropic'),
      authToken: null,
      baseURL: rootUrl,
      maxRetries: 0,
      timeout: ctx.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
      fetch: fetchImpl,
      logLevel: 'off',
    });
  }

  async function chat(request: ChatRequest): Promise<ChatResult> {
    const started = Date.now();
    const limits = requestLimits(ctx);
    const control = createRequestControl(ctx.fetch, limits, request.signal);
    const state: StreamState = { text: '', tools: new ToolUseAssembler(), counts: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0, thinking: 0 }, sawUsage: false };
    const partial = (): ChatResult => {
      const toolCalls = state.tools.result();
      return {
        text: state.text,
        usage: state.sawUsage ? toTokenUsage(state.counts) : undefined,
        generationId: state.id,
        servedModel: state.model ?? request.model,
        ...(toolCalls ? { toolCalls } : {}),
        finishReason: state.stopReason === 'tool_use' || (toolCalls && state.stopReason) ? 'tool_calls' : state.stopReason,
        latencyMs: Date.now() - started,
        ...(state.firstContentAt !== undefined ? { ttftMs: state.firstContentAt - started } : {}),
      };
    };
    ctx.log.debug(`anthropic: chat ${request.model} (max ${request.maxTokens} tokens${request.tools?.length ? `, ${request.tools.length} tools` : ''})`);
    try {
      if (request.signal?.aborted) throw new ProviderError('cancelled', 'anthropic request cancelled');
      const { system, messages } = toAnthropicMessages(request.messages, cacheBreakpoints('anthropic', request));
      const body: MessageCreateParamsStreaming = {
        model: request.model,
        max_tokens: request.maxTokens,
        temperature: request.temperature,
        messages,
        stream: true,
        ...(system !== undefined ? { system } : {}),
        ...anthropicToolFields(request),
      };
      const sdk = await client(control.fetch);
      const { data: stream, response } = await sdk.messages.create(body, { signal: control.signal }).withResponse();
        let events = 0;
      for await (const event of stream as AsyncIterable<RawMessageStreamEvent>) {
        events++;
        readEvent(request, state, event);
      }
      if (control.stopped) throw limitError('anthropic', control, limits, state.text !== '' || state.tools.size > 0);
      if (request.signal?.aborted) throw new ProviderError('cancelled', 'anthropic request cancelled');
      if (events === 0 && control.jsonBody !== undefined) readJsonAnswer(request, state, control.jsonBody, response);
      if (!state.stopReason) throw new ProviderError('network', 'anthropic stream ended before the answer was complete');
      const result = { ...partial(), usage: toTokenUsage(state.counts) };
      ctx.log.info(
        `anthropic: ${result.servedModel} done in ${result.latencyMs} ms, ${state.counts.input}+${state.counts.output} tokens` +
          (result.toolCalls ? `, ${result.toolCalls.length} tool calls` : ''),
      );
      return result;
    } catch (err) {
      let error = anthropicFailure(request, control, limits, state, err);
      if (request.tools?.length) error = asToolsUnsupported(error);
      error = withDetails(error, { provider: 'anthropic', model: request.model, ...(control.accepted ? { partial: partial() } : {}) });
      error = await withKeyRedacted(error, ctx, 'anthropic');
      ctx.log[error.reason === 'cancelled' ? 'debug' : 'warn'](`anthropic: ${request.model} failed: ${error.reason}`, error.details.status ?? '');
      throw error;
    } finally {
      control.dispose();
    }
  }

  return {
    id: 'anthropic',
    chat,
    async listModels(signal?: AbortSignal): Promise<ModelInfo[]> {
      const headers = { 'x-api-key': await requireApiKey(ctx, 'anthropic'), 'anthropic-version': ANTHROPIC_API_VERSION };
      const models: ModelInfo[] = [];
      let query: string | undefined = 'limit=1000';
      for (let page = 0; query !== undefined && page < 20; page++) {
        const { body } = await getJson(joinUrl(rootUrl, `v1/models?${query}`), { provider: 'anthropic', ctx, headers, signal });
        models.push(...parseAnthropicModels(body, listOptions));
        query = anthropicNextPageQuery(body);
      }
      return models;
    },
  };
}
