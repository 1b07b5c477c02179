/**
 * Anthropic Messages API (LLM-WIRE §5) over `@anthropic-ai/sdk`, streaming.
 *
 * - Explicit `baseURL` (no `/v1`: the SDK adds it), `apiKey` and `authToken: null`, so neither
 *   `ANTHROPIC_BASE_URL` nor `ANTHROPIC_AUTH_TOKEN` in the environment redirect or re-key us;
 *   `maxRetries: 0` (our retry wrapper owns retries). The SDK sends `x-api-key` and
 *   `anthropic-version`.
 * - System messages go to the top-level `system`; consecutive same-role turns are merged since
 *   the API wants user/assistant alternation.
 * - Usage: `message_start` gives input and cache counts, `message_delta` gives cumulative counts
 *   (never summed with the start's output count). `promptTokens` = input + cache read + cache write;
 *   `reasoningTokens` from `output_tokens_details.thinking_tokens` (already inside output tokens).
 * - `event: error` mid-stream (e.g. `overloaded_error`) → SDK APIError with status undefined,
 *   mapped by `error.type`; 529 before the stream → serverError (retryable).
 * - Structured output (`jsonSchema`) is not requested here: the prompt asks for JSON instead.
 */
import type Anthropic from '@anthropic-ai/sdk';
import type { MessageCreateParamsStreaming, MessageParam, RawMessageStreamEvent } from '@anthropic-ai/sdk/resources/messages';
import { anthropicSdk } from './sdkModules';
import { ProviderError, type ChatRequest, type ChatResult, type LlmProvider, type ModelInfo, type ProviderContext, type TokenUsage } from './types';
import { toProviderError, withDetails, withKeyRedacted } from './providerErrors';
import { createRequestControl, DEFAULT_IDLE_TIMEOUT_MS, DEFAULT_REQUEST_TIMEOUT_MS } from './streamWatchdog';
import { requireApiKey } from './providerKeys';
import { getJson, joinUrl } from './httpJson';
import { anthropicNextPageQuery, parseAnthropicModels, type ModelListOptions } from './providerModelLists';

export const ANTHROPIC_DEFAULT_BASE_URL = 'https://api.anthropic.com';
export const ANTHROPIC_API_VERSION = '2023-06-01';

/** Splits chat messages into Anthropic's `system` string and alternating user/assistant turns. */
export function toAnthropicMessages(messages: ChatRequest['messages']): { system?: string; messages: MessageParam[] } {
  const system = messages.filter((m) => m.role === 'system').map((m) => m.content);
  const turns: MessageParam[] = [];
  for (const message of messages) {
    if (message.role === 'system') continue;
    if (message.role === 'tool') throw new Error('internal: tool turns are not mapped to Anthropic messages yet');
    const last = turns[turns.length - 1];
    if (last && last.role === message.role) last.content = `${last.content as string}\n\n${message.content}`;
    else turns.push({ role: message.role, content: message.content });
  }
  return { system: system.length > 0 ? system.join('\n\n') : undefined, messages: turns };
}

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
    const errorCtx = { provider: 'anthropic' as const, model: request.model, signal: request.signal };
    const control = createRequestControl(ctx.fetch, ctx.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS, request.signal);
    const counts: UsageCounts = { input: 0, output: 0, cacheRead: 0, cacheWrite: 0, thinking: 0 };
    const state: { text: string; sawUsage: boolean; id?: string; model?: string; stopReason?: string } = { text: '', sawUsage: false };
    const partial = (): Partial<ChatResult> => ({
      text: state.text,
      usage: state.sawUsage ? toTokenUsage(counts) : undefined,
      generationId: state.id,
      servedModel: state.model ?? request.model,
      finishReason: state.stopReason,
      latencyMs: Date.now() - started,
    });
    let headersReceived = false;
    ctx.log.debug(`anthropic: chat ${request.model} (max ${request.maxTokens} tokens)`);
    try {
      if (request.signal?.aborted) throw new ProviderError('cancelled', 'anthropic request cancelled');
      const { system, messages } = toAnthropicMessages(request.messages);
      const body: MessageCreateParamsStreaming = {
        model: request.model,
        max_tokens: request.maxTokens,
        temperature: request.temperature,
        messages,
        stream: true,
        ...(system !== undefined ? { system } : {}),
      };
      const sdk = await client(control.fetch);
      const { data: stream } = await sdk.messages.create(body, { signal: control.signal }).withResponse();
      headersReceived = true;
      for await (const event of stream as AsyncIterable<RawMessageStreamEvent>) {
        if (event.type === 'message_start') {
          state.id = event.message.id;
          state.model = event.message.model;
          const u = event.message.usage;
          setIfNumber(counts, 'input', u.input_tokens);
          setIfNumber(counts, 'output', u.output_tokens);
          setIfNumber(counts, 'cacheRead', u.cache_read_input_tokens);
          setIfNumber(counts, 'cacheWrite', u.cache_creation_input_tokens);
          state.sawUsage = true;
        } else if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') {
          state.text += event.delta.text;
          request.onToken?.(event.delta.text);
        } else if (event.type === 'message_delta') {
          // Cumulative: replace, never add.
          setIfNumber(counts, 'output', event.usage.output_tokens);
          setIfNumber(counts, 'input', event.usage.input_tokens);
          setIfNumber(counts, 'cacheRead', event.usage.cache_read_input_tokens);
          setIfNumber(counts, 'cacheWrite', event.usage.cache_creation_input_tokens);
          setIfNumber(counts, 'thinking', event.usage.output_tokens_details?.thinking_tokens);
          if (event.delta.stop_reason) state.stopReason = event.delta.stop_reason;
        }
      }
      if (control.idleFired) throw new ProviderError('timeout', 'anthropic stream went quiet');
      if (request.signal?.aborted) throw new ProviderError('cancelled', 'anthropic request cancelled');
      if (!state.stopReason) throw new ProviderError('network', 'anthropic stream ended before the answer was complete');
      const result: ChatResult = {
        text: state.text,
        usage: toTokenUsage(counts),
        generationId: state.id,
        servedModel: state.model ?? request.model,
        finishReason: state.stopReason,
        latencyMs: Date.now() - started,
      };
      ctx.log.info(`anthropic: ${result.servedModel} done in ${result.latencyMs} ms, ${counts.input}+${counts.output} tokens`);
      return result;
    } catch (err) {
      let error =
        control.idleFired && !request.signal?.aborted
          ? new ProviderError('timeout', 'anthropic stream went quiet', { cause: err })
          : toProviderError(err, errorCtx);
      error = withDetails(error, { provider: 'anthropic', model: request.model, ...(headersReceived ? { partial: partial() } : {}) });
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
