/**
 * Model id normalisation and display names. Pure string work: whether an id exists is the
 * catalog's business.
 */
import type { ProviderId } from './providers/types';
import { PROVIDERS } from './providers/providerInfo';

/** OpenRouter routing suffixes kept as typed (`:free`, `:nitro`, …). */
export const OPENROUTER_VARIANT_SUFFIXES = ['free', 'nitro', 'floor', 'online', 'thinking', 'extended', 'exacto'] as const;

/** Bare model families and the OpenRouter vendor they belong to. */
const BARE_VENDORS: Array<[RegExp, string]> = [
  [/^(gpt-|chatgpt-|o\d(?:-|$)|text-embedding-|davinci|babbage)/i, 'openai'],
  [/^claude-/i, 'anthropic'],
  [/^(gemini-|gemma-)/i, 'google'],
  [/^(mistral-|mixtral-|codestral-|devstral-|magistral-|ministral-|pixtral-)/i, 'mistralai'],
  [/^(llama-|meta-llama-)/i, 'meta-llama'],
  [/^deepseek-/i, 'deepseek'],
  [/^(grok-)/i, 'x-ai'],
  [/^(qwen)/i, 'qwen'],
];

/**
 * Normalises what a user typed or stored into the id the provider expects.
 * - Whitespace is trimmed everywhere.
 * - OpenRouter: a leading `openrouter/` is dropped when a `vendor/model` follows
 *   (`openrouter/anthropic/claude-3-opus` → `anthropic/claude-3-opus`; `openrouter/auto` stays);
 *   bare names get their vendor (`gpt-4o` → `openai/gpt-4o`, `o3-mini` → `openai/o3-mini`,
 *   `claude-…` → `anthropic/claude-…`, `gemini-…` → `google/gemini-…`); vendor is lower-cased;
 *   variant suffixes (`:free`, `:nitro`, `:floor`, `:online`, `:thinking`, …) are kept.
 * - A provider serving its own vendor's models drops that vendor's prefix (`openai/gpt-4o` for
 *   OpenAI, `anthropic/claude-…` for Anthropic), since its API takes bare ids.
 */
export function normaliseModelId(provider: ProviderId, raw: string): string {
  const id = raw.trim();
  if (id === '') return id;
  if (provider === 'openrouter') return normaliseOpenRouterId(id);
  const vendor = PROVIDERS[provider].nativeVendor;
  if (vendor && id.toLowerCase().startsWith(`${vendor}/`)) return id.slice(vendor.length + 1);
  return id;
}

function normaliseOpenRouterId(id: string): string {
  let rest = id;
  if (/^openrouter\//i.test(rest) && rest.split('/').length >= 3) rest = rest.slice('openrouter/'.length);
  if (rest.includes('/')) {
    const slash = rest.indexOf('/');
    return rest.slice(0, slash).toLowerCase() + rest.slice(slash);
  }
  for (const [pattern, vendor] of BARE_VENDORS) {
    if (pattern.test(rest)) return `${vendor}/${rest}`;
  }
  return rest;
}

/**
 * The vendor a model id names, lower-cased: the part before the slash (`anthropic/claude-…`,
 * after an `openrouter/` prefix) or the family of a bare name (`gpt-4o` → `openai`,
 * `claude-3-5-haiku` → `anthropic`). Undefined for a bare name of no known family (`llama3.2`).
 */
export function modelVendor(raw: string): string | undefined {
  const id = normaliseOpenRouterId(raw.trim());
  const slash = id.indexOf('/');
  if (slash <= 0) return undefined;
  const vendor = id.slice(0, slash).toLowerCase();
  return vendor === 'openrouter' ? undefined : vendor;
}

/** Splits an OpenRouter id into its base slug and variant suffix (`free` in `x/y:free`). */
export function splitVariant(id: string): { base: string; variant?: string } {
  const colon = id.lastIndexOf(':');
  if (colon <= id.lastIndexOf('/') || colon === id.length - 1) return { base: id };
  return { base: id.slice(0, colon), variant: id.slice(colon + 1) };
}

/** The model part after the vendor, with the variant: `openai/gpt-oss-20b:free` → `gpt-oss-20b:free`. */
export function shortModelName(id: string): string {
  const trimmed = id.trim();
  const slash = trimmed.lastIndexOf('/');
  return slash >= 0 ? trimmed.slice(slash + 1) : trimmed;
}

/** The default model for `provider` when the setting is empty, else the normalised setting. */
export function resolveModelId(provider: ProviderId, setting: string | undefined): string {
  const normalised = normaliseModelId(provider, setting ?? '');
  return normalised === '' ? PROVIDERS[provider].defaultModel : normalised;
}
