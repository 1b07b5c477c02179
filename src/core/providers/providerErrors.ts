/**
 * The one place that turns what went wrong on the wire into a {@link ProviderError} with a reason.
 * Inputs: HTTP status + headers + JSON body, SDK error classes of `openai` and
 * `@anthropic-ai/sdk`, mid-stream error chunks (HTTP 200, SDK status undefined), Node network
 * errors and aborts. Statuses, headers, error codes/types and class identities decide; the one
 * exception, OpenRouter's untyped "not a valid model ID" 400, is matched narrowly in
 * {@link unknownModelId}. The server's message is carried along for display.
 */
import { ProviderError, type ErrorReason, type ProviderContext, type ProviderId } from './types';
import { redactSecrets } from '../redact';
import { anthropicSdk, openAiSdk } from './sdkModules';

export interface ErrorContext {
  provider: ProviderId;
  model?: string;
  /** The caller's signal: if it is aborted, any failure is a cancellation. */
  signal?: AbortSignal;
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function headerOf(headers: unknown, name: string): string | undefined {
  if (headers && typeof (headers as Headers).get === 'function') {
    return (headers as Headers).get(name) ?? undefined;
  }
  if (isObject(headers)) {
    for (const [key, value] of Object.entries(headers)) {
      if (key.toLowerCase() === name.toLowerCase() && value !== undefined && value !== null) return String(value);
    }
  }
  return undefined;
}

/**
 * Server-suggested wait in ms: `retry-after-ms` first, then `retry-after` as seconds or an
 * HTTP-date. Past dates and negative values give 0. Undefined when no usable header.
 */
export function parseRetryAfterMs(headers: unknown, now: number = Date.now()): number | undefined {
  const ms = headerOf(headers, 'retry-after-ms');
  if (ms !== undefined && ms.trim() !== '') {
    const value = Number(ms);
    if (Number.isFinite(value)) return Math.max(0, value);
  }
  const after = headerOf(headers, 'retry-after');
  if (after === undefined || after.trim() === '') return undefined;
  const seconds = Number(after);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(after);
  if (Number.isFinite(date)) return Math.max(0, date - now);
  return undefined;
}

/** The innermost `{type?, code?, message?, metadata?}` of any known error envelope. */
function innerError(body: unknown): Json | undefined {
  if (!isObject(body)) return undefined;
  // Anthropic SDK keeps the whole body ({type:'error', error:{…}}); OpenAI SDK keeps body.error.
  if (isObject(body.error)) return body.error;
  return body;
}

const ERROR_TYPE_REASONS: Record<string, ErrorReason> = {
  // OpenRouter ApiErrorType (error.metadata.error_type)
  rate_limit_exceeded: 'rateLimited',
  provider_overloaded: 'serverError',
  provider_unavailable: 'serverError',
  server: 'serverError',
  timeout: 'timeout',
  authentication: 'unauthorized',
  permission_denied: 'unauthorized',
  payment_required: 'insufficientCredits',
  not_found: 'modelNotFound',
  // OpenRouter availability codes
  model_not_found: 'modelNotFound',
  no_endpoints: 'modelNotFound',
  model_deprecated: 'modelNotFound',
  model_unavailable_upstream: 'modelNotFound',
  free_variant_ended: 'modelNotFound',
  capacity_exhausted: 'rateLimited',
  temporarily_unavailable: 'serverError',
  // Anthropic error.type
  authentication_error: 'unauthorized',
  permission_error: 'unauthorized',
  not_found_error: 'modelNotFound',
  rate_limit_error: 'rateLimited',
  overloaded_error: 'serverError',
  api_error: 'serverError',
  timeout_error: 'timeout',
  billing_error: 'insufficientCredits',
  invalid_request_error: 'badRequest',
  // OpenAI error.type / error.code for exhausted billing
  insufficient_quota: 'quotaExhausted',
  credit_balance_exhausted: 'quotaExhausted',
  // Anthropic monthly spend cap (429 with error.details.error_code)
  enforced_spend_limit_reached: 'quotaExhausted',
  // OpenRouter free-tier daily cap (429 metadata.limit_source)
  openrouter_free_tier_daily: 'quotaExhausted',
};

/** Typed codes an error body carries, most specific first. */
function typedCodes(inner: Json | undefined): string[] {
  if (!inner) return [];
  const metadata = isObject(inner.metadata) ? inner.metadata : {};
  const details = isObject(inner.details) ? inner.details : {};
  const availability = isObject(inner.availability) ? inner.availability : {};
  return [details.error_code, metadata.limit_source, inner.code, inner.type, availability.code, metadata.error_type, inner.error_type]
    .filter((v): v is string => typeof v === 'string');
}

function reasonFromStatus(status: number): ErrorReason {
  if (status === 401) return 'unauthorized';
  if (status === 402) return 'insufficientCredits';
  if (status === 404) return 'modelNotFound';
  if (status === 408 || status === 504 || status === 524) return 'timeout';
  if (status === 429) return 'rateLimited';
  if (status === 409 || status >= 500) return 'serverError';
  return 'badRequest';
}

/** Reason for an HTTP error status and its body (status from the response, or a mid-stream `error.code`). */
export function reasonFor(status: number | undefined, body: unknown): ErrorReason {
  const inner = innerError(body);
  const codes = typedCodes(inner);
  // Quota exhaustion overrides a 429 (retrying cannot cure it).
  if (codes.some((code) => ERROR_TYPE_REASONS[code] === 'quotaExhausted')) return 'quotaExhausted';
  if (status !== undefined && status !== 400 && status !== 403) return reasonFromStatus(status);
  for (const code of codes) {
    const reason = ERROR_TYPE_REASONS[code];
    // A 400/403 carrying an availability code (model_not_found) is more specific than "bad request";
    // a 403 permission_error is a key problem.
    if (reason && (status === undefined || reason === 'modelNotFound' || reason === 'unauthorized')) return reason;
  }
  if (status !== undefined) return reasonFromStatus(status);
  return 'serverError';
}

/** Numeric HTTP status carried inside an error body (`error.code` 502 or "502", `http_status`). */
function statusInBody(inner: Json | undefined): number | undefined {
  if (!inner) return undefined;
  for (const candidate of [inner.code, inner.http_status]) {
    const value = typeof candidate === 'string' && /^\d{3}$/.test(candidate) ? Number(candidate) : candidate;
    if (typeof value === 'number' && value >= 100 && value < 600) return value;
  }
  return undefined;
}

function bodyRetryAfterMs(inner: Json | undefined): number | undefined {
  const availability = inner && isObject(inner.availability) ? inner.availability : undefined;
  const seconds = availability?.retry_after;
  return typeof seconds === 'number' && Number.isFinite(seconds) ? Math.max(0, seconds * 1000) : undefined;
}

function serverMessage(inner: Json | undefined): string | undefined {
  const message = inner?.message;
  return typeof message === 'string' && message.trim() !== '' ? redactSecrets(message).slice(0, 500) : undefined;
}

/**
 * OpenRouter answers a model id it does not know with a bare 400 whose only signal is its text
 * (`{"error": {"code": 400, "message": "nope/nothing is not a valid model ID"}}`: no type, no
 * availability code). The one text match in this file, kept narrow: a 400 from OpenRouter
 * without any typed code, whose whole message names exactly the model this request sent.
 */
function unknownModelId(ctx: ErrorContext, status: number | undefined, inner: Json | undefined, message: string | undefined): boolean {
  if (ctx.provider !== 'openrouter' || status !== 400 || !ctx.model || message === undefined) return false;
  if (typedCodes(inner).some((code) => !/^\d+$/.test(code))) return false;
  return message.trim() === `${ctx.model} is not a valid model ID`;
}

/** Builds the error for an HTTP error response (status ≥ 400) or an error body found inside a 200. */
export function errorFromResponse(
  ctx: ErrorContext,
  status: number | undefined,
  headers: unknown,
  body: unknown,
  cause?: unknown,
): ProviderError {
  const inner = innerError(body);
  const effectiveStatus = status ?? statusInBody(inner);
  const message = serverMessage(inner);
  const reason = unknownModelId(ctx, effectiveStatus, inner, message) ? 'modelNotFound' : reasonFor(effectiveStatus, body);
  const shouldRetry = headerOf(headers, 'x-should-retry');
  const details: ProviderError['details'] = {
    provider: ctx.provider,
    model: ctx.model,
    status: effectiveStatus,
    cause,
  };
  const retryAfterMs = parseRetryAfterMs(headers) ?? bodyRetryAfterMs(inner);
  if (retryAfterMs !== undefined) details.retryAfterMs = retryAfterMs;
  if (message !== undefined) details.detail = message;
  const code = typedCodes(inner).find((c) => !/^\d+$/.test(c));
  if (code !== undefined) details.code = code;
  if (shouldRetry === 'false') details.retryable = false;
  else if (shouldRetry === 'true' && reason !== 'quotaExhausted') details.retryable = true;
  const where = status === undefined ? 'in the response stream' : `HTTP ${status}`;
  return new ProviderError(reason, `${ctx.provider} request failed (${reason}, ${where})${message ? `: ${message}` : ''}`, details);
}

function isAbortLike(err: unknown): boolean {
  return isObject(err) && err.name === 'AbortError';
}

/** Maps anything thrown by an SDK call, a fetch or a stream read to a {@link ProviderError}. */
export function toProviderError(err: unknown, ctx: ErrorContext): ProviderError {
  if (err instanceof ProviderError) return err;
  const base = { provider: ctx.provider, model: ctx.model, cause: err };
  // Loaded here, not at module load, so activation does not pay for the SDKs (sdkModules.ts).
  const OpenAI = openAiSdk();
  const Anthropic = anthropicSdk();
  if (
    ctx.signal?.aborted ||
    err instanceof OpenAI.APIUserAbortError ||
    err instanceof Anthropic.APIUserAbortError ||
    isAbortLike(err)
  ) {
    return new ProviderError('cancelled', `${ctx.provider} request cancelled`, base);
  }
  if (err instanceof OpenAI.APIConnectionTimeoutError || err instanceof Anthropic.APIConnectionTimeoutError) {
    return new ProviderError('timeout', `${ctx.provider} did not answer in time`, base);
  }
  if (err instanceof OpenAI.APIConnectionError || err instanceof Anthropic.APIConnectionError) {
    return new ProviderError('network', `Could not reach ${ctx.provider}`, base);
  }
  if (err instanceof OpenAI.APIError || err instanceof Anthropic.APIError) {
    return errorFromResponse(ctx, err.status, err.headers, err.error, err);
  }
  if (err instanceof SyntaxError) {
    return new ProviderError('badResponse', `${ctx.provider} sent a response that is not valid JSON`, base);
  }
  // Node fetch (undici) failures: `TypeError: fetch failed` / `terminated` with a socket cause.
  if (err instanceof TypeError || (isObject(err) && typeof err.code === 'string')) {
    return new ProviderError('network', `Connection to ${ctx.provider} failed`, base);
  }
  return new ProviderError('badResponse', `${ctx.provider} request failed unexpectedly`, base);
}

/** A copy of `error` with extra details (details are fixed at construction). */
export function withDetails(error: ProviderError, extra: Partial<ProviderError['details']>): ProviderError {
  const copy = new ProviderError(error.reason, error.message, { ...error.details, ...extra });
  copy.stack = error.stack;
  return copy;
}

/**
 * A copy of `error` whose message and detail no longer contain the key sent with the request.
 * Servers echo keys back ("Invalid API key: …"), and a key of no well-known shape (a local
 * server's) is not caught by the pattern redaction; messages end up in summaries and pages.
 */
export async function withKeyRedacted(error: ProviderError, ctx: ProviderContext, provider: ProviderId): Promise<ProviderError> {
  const key = (await ctx.getApiKey(provider).catch(() => undefined))?.trim();
  if (!key) return error;
  const message = redactSecrets(error.message, [key]);
  const detail = error.details.detail === undefined ? undefined : redactSecrets(error.details.detail, [key]);
  if (message === error.message && detail === error.details.detail) return error;
  const copy = new ProviderError(error.reason, message, { ...error.details, detail });
  copy.stack = error.stack?.split(key).join('[REDACTED]');
  return copy;
}

/**
 * The error of a request that offered tools, as the server's refusal of tools when that is what it
 * is. Servers without tool support for a model answer 400 (Ollama, llama.cpp, vLLM) or 404
 * (OpenRouter when no endpoint of the model can call tools). A 400 the caller already knows to be
 * about the model, or a 404 carrying a typed "model not found" code, stays what it is.
 */
export function asToolsUnsupported(error: ProviderError): ProviderError {
  const status = error.details.status;
  const modelCode = error.details.code !== undefined && ERROR_TYPE_REASONS[error.details.code] === 'modelNotFound';
  const refusal = (status === 400 && error.reason === 'badRequest') || (status === 404 && error.reason === 'modelNotFound' && !modelCode);
  if (!refusal) return error;
  const model = error.details.model ?? 'this model';
  const copy = new ProviderError('toolsUnsupported', `${error.details.provider ?? 'the server'}: ${model} does not accept tools (HTTP ${status})`, {
    ...error.details,
    retryable: false,
  });
  copy.stack = error.stack;
  return copy;
}
