/**
 * `docsmith.fallbackModels`: which failures another model may cure, and the record of every
 * request a fallback served, so a run can say "12 pages served by x/y (fallback for a/b: 503)".
 * OpenRouter falls back itself (the list goes out as its `models` field and the answer names the
 * model that served); every other provider tries the next model here, after the chosen model's
 * retries are exhausted or when the model is unavailable.
 */
import { ProviderError, type ProviderId } from '../providers/types';

/**
 * True when another model may succeed where this one failed: the model is unknown or unavailable,
 * or its server kept failing or limiting after the retries. Never for a key, credit or quota
 * problem (another model does not fix a key or an empty balance), a bad request, or a cancel.
 */
export function fallbackMayCure(error: unknown): boolean {
  return error instanceof ProviderError && ['modelNotFound', 'serverError', 'rateLimited', 'timeout'].includes(error.reason);
}

/** A short reason for the summary: the HTTP status when there was one, else the failure's kind. */
export function fallbackWhy(error: ProviderError | undefined): string {
  if (!error) return 'the provider fell back';
  if (error.details.status) return String(error.details.status);
  return { modelNotFound: 'model not found', serverError: 'server error', rateLimited: 'rate limited', timeout: 'timeout' }[error.reason as string] ?? error.reason;
}

/** Models a provider is asked to serve: the chosen one first. OpenRouter gets the rest as its `models` list, so it is tried alone here. */
export function modelsToTry(provider: ProviderId, model: string, fallbacks: readonly string[]): string[] {
  const rest = fallbacks.filter((m) => m !== model);
  return provider === 'openrouter' ? [model] : [model, ...rest];
}

/** What OpenRouter's answer says about its own fallback: the served model is one of the fallbacks, not a version of the model asked for. */
export function servedByOpenRouterFallback(asked: string, served: string, fallbacks: readonly string[]): boolean {
  if (!served || served === asked || served.startsWith(asked)) return false;
  return fallbacks.some((f) => served === f || served.startsWith(f));
}

export interface FallbackUse {
  /** The model that served. */
  model: string;
  /** The model that was asked for. */
  fallbackFor: string;
  /** Why the chosen model did not serve: an HTTP status or a kind of failure. */
  why: string;
  requests: number;
  /** Pages (or files) served this way, output-relative. */
  pages: string[];
}

/** Every request a fallback served in one run or flow, grouped by served model, asked model and reason. */
export class FallbackLog {
  private readonly uses = new Map<string, FallbackUse>();

  note(model: string, fallbackFor: string, why: string, page: string | undefined): void {
    const key = `${model}\n${fallbackFor}\n${why}`;
    const use = this.uses.get(key) ?? { model, fallbackFor, why, requests: 0, pages: [] };
    use.requests++;
    if (page && !use.pages.includes(page)) use.pages.push(page);
    this.uses.set(key, use);
  }

  list(): FallbackUse[] {
    return [...this.uses.values()].map((u) => ({ ...u, pages: [...u.pages].sort() }));
  }
}

/** "12 pages served by `x/y` (fallback for `a/b`: 503)". */
export function describeFallback(use: FallbackUse): string {
  const count = use.pages.length > 0 ? `${use.pages.length} page${use.pages.length === 1 ? '' : 's'}` : `${use.requests} request${use.requests === 1 ? '' : 's'}`;
  return `${count} served by \`${use.model}\` (fallback for \`${use.fallbackFor}\`: ${use.why})`;
}
