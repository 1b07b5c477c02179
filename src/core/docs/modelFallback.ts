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

/**
 * Which of the models asked for (the chosen one or a fallback) the served id names: itself, or the
 * longest of them it is a version of (`openai/gpt-4o-mini-2024-07-18` is `openai/gpt-4o-mini`,
 * not `openai/gpt-4o`). Undefined when it names none of them.
 */
export function modelAskedFor(served: string, asked: string, fallbacks: readonly string[]): string | undefined {
  let best: string | undefined;
  for (const m of [asked, ...fallbacks]) {
    if (served === m) return m;
    if (served.startsWith(m) && (best === undefined || m.length > best.length)) best = m;
  }
  return best;
}

/** What OpenRouter's answer says about its own fallback: the served model is (a version of) one of the fallbacks, not of the model asked for. */
export function servedByOpenRouterFallback(asked: string, served: string, fallbacks: readonly string[]): boolean {
  if (!served) return false;
  const named = modelAskedFor(served, asked, fallbacks);
  return named !== undefined && named !== asked;
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
