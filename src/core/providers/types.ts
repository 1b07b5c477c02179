/**
 * The one provider interface every model backend implements. Nothing here knows about VS Code:
 * the extension and the CLI both inject a {@link ProviderContext}.
 */
import type { Logger } from '../logger';

export const PROVIDER_IDS = ['openrouter', 'openai', 'anthropic', 'openaiCompatible', 'vscodeLm'] as const;
export type ProviderId = (typeof PROVIDER_IDS)[number];

/** A tool the model may call; `parameters` is a JSON Schema object. */
export interface ToolSpec {
  name: string;
  description: string;
  parameters: Record<string, unknown>;
}

/** One call the model made in an assistant turn. `arguments` is the JSON text as the model wrote it (possibly malformed). */
export interface ToolCall {
  id: string;
  name: string;
  arguments: string;
}

/**
 * A turn of the conversation. `tool` turns answer the assistant's {@link ToolCall}s by id; every
 * call of an assistant turn needs its `tool` turn before the next request. `isError` marks a
 * result that reports a failed call (Anthropic sends it as `is_error`; the OpenAI wire and VS Code
 * have no such flag, so the content itself should say what went wrong).
 *
 * `cacheBreakpoint` ends the prompt's stable prefix at this message: the requests that follow are
 * likely to start with everything up to here. Providers that cache only marked prefixes (Anthropic)
 * mark it when it is long enough to be cached; the others ignore it.
 */
export type ChatMessage =
  | { role: 'system' | 'user'; content: string; cacheBreakpoint?: boolean }
  | { role: 'assistant'; content: string; toolCalls?: ToolCall[] }
  | { role: 'tool'; toolCallId: string; name: string; content: string; isError?: boolean; cacheBreakpoint?: boolean };

/** What a request is for; recorded with its cost so the cost view can break spending down. */
export interface RequestPurpose {
  runId?: string;
  /** e.g. `file`, `folder`, `architecture`, `overview`, `repair`, `fileDocs`, `docComments`. */
  phase?: string;
  /** Workspace-relative path of the page or file the request serves (a batch's first file). */
  file?: string;
  /** Every file a request for several file pages at once documents, `file` first. */
  files?: string[];
}

export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  /** Always sent as `max_tokens` (`docsmith.maxOutputTokens`). */
  maxTokens: number;
  temperature: number;
  /** Ask for JSON matching this schema when the model supports structured output. */
  jsonSchema?: { name: string; schema: Record<string, unknown> };
  /** Tools the model may call this turn; the answer then may hold {@link ChatResult.toolCalls}. */
  tools?: ToolSpec[];
  /** Default `auto`: the model decides; `required` forces a call; `none` forbids one. */
  toolChoice?: 'auto' | 'required' | 'none';
  /**
   * Models to fall back to, in order, when `model` is unavailable. Only providers that fall back
   * server-side take it (OpenRouter: its `models` list); the answer's `servedModel` says which served.
   */
  fallbackModels?: string[];
  signal?: AbortSignal;
  /** Called with each text delta as it arrives. */
  onToken?: (delta: string) => void;
  purpose?: RequestPurpose;
}

/**
 * Token counts as the provider reported them. Reasoning tokens are included in `completionTokens`.
 * `promptTokens` is the WHOLE prompt: it includes `cachedTokens` and `cacheWriteTokens`
 * (OpenAI/OpenRouter report it that way; the Anthropic provider adds its separately reported
 * `cache_read_input_tokens` and `cache_creation_input_tokens` to `input_tokens`). Uncached prompt
 * tokens are therefore `promptTokens - cachedTokens - cacheWriteTokens`.
 */
export interface TokenUsage {
  promptTokens: number;
  completionTokens: number;
  /** Prompt tokens read from a cache (billed at the cache-read price). */
  cachedTokens: number;
  /** Prompt tokens written to a cache (billed at the cache-write price). */
  cacheWriteTokens: number;
  reasoningTokens: number;
}

export interface ChatResult {
  text: string;
  /** Undefined when the stream ended without a usage report. */
  usage?: TokenUsage;
  /**
   * Cost in USD as the provider reported it (OpenRouter `usage.cost`, plus
   * `cost_details.upstream_inference_cost` only when `is_byok`). Undefined when not reported.
   */
  reportedCostUsd?: number;
  /** Provider generation / message id (OpenRouter `gen-…`), used to look cost up later. */
  generationId?: string;
  /** The model that actually served the request. */
  servedModel: string;
  /** The tool calls of this turn, complete and in the order the model made them; absent when none. */
  toolCalls?: ToolCall[];
  /** As the provider sent it; a turn that ends in tool calls is normalised to `tool_calls`. */
  finishReason?: string;
  latencyMs: number;
  /**
   * Time to first token: ms from sending the request to the first content of the answer (text or
   * a tool call), not counting headers, keep-alives or role-only chunks. Undefined when none came.
   */
  ttftMs?: number;
  /** Answered from the local response cache: nothing was sent and nothing billed; `usage` is what it saved. */
  fromCache?: boolean;
}

export interface ModelPricing {
  /** USD per token. Undefined = unknown. */
  prompt?: number;
  completion?: number;
  cacheRead?: number;
  cacheWrite?: number;
  /** USD per request. */
  request?: number;
}

export interface ModelInfo {
  id: string;
  name: string;
  /** Vendor part of the id (`anthropic` in `anthropic/claude-3-opus`), or the provider id. */
  vendor: string;
  contextLength?: number;
  maxCompletionTokens?: number;
  pricing: ModelPricing;
  isFree: boolean;
  supportedParameters: string[];
  description?: string;
  created?: number;
}

/** Why a request failed. The UI words the message; nothing matches on error text. */
export type ErrorReason =
  | 'missingKey'
  | 'unauthorized'
  | 'insufficientCredits'
  | 'modelNotFound'
  | 'rateLimited'
  | 'quotaExhausted'
  | 'serverError'
  | 'timeout'
  | 'network'
  | 'cancelled'
  | 'badRequest'
  | 'badResponse'
  /** The model (or the server in front of it) cannot call tools; `details.suggestedModel` may name one that can. */
  | 'toolsUnsupported'
  /** The server took requests but answered none in time; the run's later requests to it were not sent. */
  | 'noAnswer';

/**
 * Reasons no other request of the same run can get past (the key, the credits, the model, a server
 * that does not answer): a run stops starting requests after one of them, like after a 402.
 */
export const RUN_STOPPING_REASONS: ReadonlySet<ErrorReason> = new Set<ErrorReason>([
  'missingKey',
  'unauthorized',
  'insufficientCredits',
  'modelNotFound',
  'quotaExhausted',
  'toolsUnsupported',
  'noAnswer',
]);

export class ProviderError extends Error {
  constructor(
    readonly reason: ErrorReason,
    message: string,
    readonly details: {
      provider?: ProviderId;
      model?: string;
      status?: number;
      /** Server-suggested wait before retrying, in ms. */
      retryAfterMs?: number;
      /** Extra figure a user should see, e.g. credits needed for a 402. */
      detail?: string;
      /**
       * The provider's typed error code when it sent one (`context_length_exceeded`,
       * `insufficient_quota`, `overloaded_error`, `capacity_exhausted`, …), for logs and callers
       * that want finer handling than the reason. Never derived from message text.
       */
      code?: string;
      /** A model of the same provider that can do what this one could not (`toolsUnsupported`). */
      suggestedModel?: string;
      /**
       * A timeout where the server sent no answer at all: no response headers, no byte of body, or
       * only keep-alives until the deadline. What tells a server that does not answer from a slow one.
       */
      serverSilent?: boolean;
      /** The request was never sent (the run had already given up on the server): no attempt to count. */
      notSent?: boolean;
      /** Set when the request was billed before failing (mid-stream errors): what is known of it. */
      partial?: Partial<ChatResult>;
      cause?: unknown;
      /**
       * Overrides the reason-based default of {@link ProviderError.retryable}, e.g. a 500 that
       * carried `x-should-retry: false`, or a retry wait longer than the caller accepts.
       */
      retryable?: boolean;
      /** Set by `withRetry` on the error it finally throws: how many attempts were made. */
      attempts?: number;
      /**
       * Set by `withRetry` on the error it finally throws: the errors of the EARLIER failed
       * attempts (not this one). Each may carry its own `details.partial` billed usage.
       */
      earlierFailures?: ProviderError[];
    } = {},
  ) {
    super(message);
    this.name = 'ProviderError';
  }

  /** Errors a retry may cure. */
  get retryable(): boolean {
    if (this.details.retryable !== undefined) return this.details.retryable;
    return ['rateLimited', 'serverError', 'timeout', 'network'].includes(this.reason);
  }
}

/** What a provider needs from its host: injected so tests and the CLI can supply their own. */
export interface ProviderContext {
  getApiKey(provider: ProviderId): Promise<string | undefined>;
  /** Base URL for this provider (from settings or environment). */
  baseUrl: string;
  log: Logger;
  /** Replaceable for tests; defaults to the global fetch. */
  fetch?: typeof fetch;
  /** Idle-stream watchdog: abort when no byte arrives for this long (ms). */
  idleTimeoutMs?: number;
  /** Time to first response headers (ms). */
  requestTimeoutMs?: number;
  /** Longest a whole request may take, headers to last byte (ms); a built-in default of minutes when absent. */
  requestDeadlineMs?: number;
  /** Most bytes one response body may have before the request is stopped. */
  maxResponseBytes?: number;
  /** Most bytes one server-sent event (one line, or data lines with no blank line between) may have. */
  maxSseEventBytes?: number;
}

export interface LlmProvider {
  readonly id: ProviderId;
  /** Streams one chat completion. Throws {@link ProviderError} only. */
  chat(request: ChatRequest): Promise<ChatResult>;
  /** Lists models the provider serves. Throws {@link ProviderError} only. */
  listModels(signal?: AbortSignal): Promise<ModelInfo[]>;
}
