/**
 * Provider-side prompt caching. OpenAI, OpenRouter's non-Anthropic models and most
 * OpenAI-compatible servers cache a prompt's prefix on their own: what helps them is prompts that
 * put what repeats first. Anthropic caches only up to the blocks marked with
 * `cache_control: {type: "ephemeral"}` (at most four per request), directly and through OpenRouter,
 * and only a prefix of at least the model's minimum length: a shorter one is neither cached nor
 * read (no error, just no effect), while a marked one that is long enough is billed at the
 * cache-write price (1.25× input) the first time and the cache-read price (0.1×) on every hit.
 *
 * A prompt says where its stable prefix ends with {@link ChatMessage.cacheBreakpoint}; this module
 * decides which of those marks are sent.
 */
import type { ChatMessage, ChatRequest, ProviderId } from './types';

/** Most `cache_control` breakpoints Anthropic accepts in one request. */
export const MAX_CACHE_BREAKPOINTS = 4;

/** Shortest prefix OpenAI caches automatically (in tokens); shorter prompts are never cached. */
export const OPENAI_MIN_CACHED_PREFIX_TOKENS = 1024;

/**
 * Anthropic's minimum cacheable prefix per model family, in tokens (most specific first). Models
 * not listed get {@link ANTHROPIC_DEFAULT_MIN_PREFIX_TOKENS}, the minimum of the current Sonnets.
 */
const ANTHROPIC_MIN_PREFIX_TOKENS: ReadonlyArray<readonly [RegExp, number]> = [
  [/opus[-.]?5|fable/, 512],
  [/opus[-.]?4[-.][56]|haiku[-.]?4/, 4096],
  [/opus[-.]?4[-.]7|haiku/, 2048],
  [/opus[-.]?4[-.]8|sonnet/, 1024],
];

export const ANTHROPIC_DEFAULT_MIN_PREFIX_TOKENS = 1024;

/** The shortest prefix, in tokens, an Anthropic model caches (`claude-sonnet-4-5`, `anthropic/claude-haiku-4.5`). */
export function anthropicMinPrefixTokens(model: string): number {
  const id = model.toLowerCase();
  for (const [pattern, tokens] of ANTHROPIC_MIN_PREFIX_TOKENS) if (pattern.test(id)) return tokens;
  return ANTHROPIC_DEFAULT_MIN_PREFIX_TOKENS;
}

/** Whether requests to this provider and model carry `cache_control` marks: Anthropic direct, and Anthropic models through OpenRouter. */
export function marksCacheBreakpoints(provider: ProviderId, model: string): boolean {
  if (provider === 'anthropic') return true;
  return provider === 'openrouter' && /^anthropic\//i.test(model.trim());
}

/**
 * Tokens of so many characters as Anthropic's tokenizers count source and prose, on the low side
 * (they average about 3.5 characters a token): a prefix estimated long enough is long enough, so
 * a mark is not sent where it cannot cache.
 */
export function cacheTokenEstimate(chars: number): number {
  return Math.floor(chars / 4);
}

function messageText(m: ChatMessage): string {
  if (m.role === 'assistant') return m.content + (m.toolCalls ?? []).map((c) => c.name + c.arguments).join('');
  return m.content;
}

/**
 * Indexes of the messages whose `cacheBreakpoint` is sent as `cache_control`: those whose prefix
 * (the tool definitions, then every message up to and including it) reaches the model's minimum,
 * the last {@link MAX_CACHE_BREAKPOINTS} of them. Empty for providers that cache without marks.
 */
export function cacheBreakpoints(provider: ProviderId, request: Pick<ChatRequest, 'model' | 'messages' | 'tools'>): Set<number> {
  const marked = new Set<number>();
  if (!marksCacheBreakpoints(provider, request.model)) return marked;
  const minimum = anthropicMinPrefixTokens(request.model);
  // Anthropic's prefix order is tools, then system, then the turns.
  const systemLast = [...request.messages.filter((m) => m.role === 'system'), ...request.messages.filter((m) => m.role !== 'system')];
  let chars = request.tools && request.tools.length > 0 ? JSON.stringify(request.tools).length : 0;
  const eligible: number[] = [];
  for (const m of systemLast) {
    chars += messageText(m).length;
    const index = request.messages.indexOf(m);
    if (m.role !== 'assistant' && m.cacheBreakpoint && cacheTokenEstimate(chars) >= minimum) eligible.push(index);
  }
  for (const index of eligible.slice(-MAX_CACHE_BREAKPOINTS)) marked.add(index);
  return marked;
}
