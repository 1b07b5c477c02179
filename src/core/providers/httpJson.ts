/**
 * Plain GETs of JSON endpoints that are not chat (model lists, OpenRouter `/generation`, `/key`),
 * with the same error mapping as chat. No SDK: these are simple and the parsing is ours.
 */
import { ProviderError, type ProviderContext, type ProviderId } from './types';
import { errorFromResponse, toProviderError, withKeyRedacted } from './providerErrors';
import { DEFAULT_REQUEST_TIMEOUT_MS } from './streamWatchdog';

export interface GetJsonOptions {
  provider: ProviderId;
  ctx: ProviderContext;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/** Joins a base URL and a path without doubling or dropping slashes. */
export function joinUrl(baseUrl: string, path: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}

/** GET `url` → parsed JSON body. Non-2xx responses become a {@link ProviderError} by status. */
export async function getJson(url: string, options: GetJsonOptions): Promise<{ status: number; body: unknown; headers: Headers }> {
  const errorCtx = { provider: options.provider, signal: options.signal };
  const timeoutSignal = AbortSignal.timeout(options.ctx.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS);
  const signal = options.signal ? AbortSignal.any([options.signal, timeoutSignal]) : timeoutSignal;
  let response: Response;
  let text: string;
  try {
    response = await (options.ctx.fetch ?? globalThis.fetch)(url, {
      method: 'GET',
      headers: { accept: 'application/json', ...options.headers },
      signal,
    });
    text = await response.text();
  } catch (err) {
    if (!options.signal?.aborted && timeoutSignal.aborted) {
      throw new ProviderError('timeout', `${options.provider} did not answer in time`, { provider: options.provider, cause: err });
    }
    throw toProviderError(err, errorCtx);
  }
  let body: unknown = undefined;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (response.status === 404) {
    // Not a model problem here: the endpoint itself is missing (usually a wrong base URL).
    throw new ProviderError('badRequest', `${options.provider}: nothing at ${url} (HTTP 404); check the base URL`, {
      provider: options.provider,
      status: 404,
    });
  }
  if (!response.ok) throw await withKeyRedacted(errorFromResponse(errorCtx, response.status, response.headers, body), options.ctx, options.provider);
  if (body === undefined) throw toProviderError(new SyntaxError('not JSON'), errorCtx);
  return { status: response.status, body, headers: response.headers };
}
