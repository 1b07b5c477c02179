/**
 * Prompt token counting for estimates.
 *
 * OpenAI-family models are counted with `gpt-tokenizer` using the model's real encoding:
 * `o200k_base` for GPT-4o, GPT-4.1, GPT-5, o-series, codex and gpt-oss; `cl100k_base` for GPT-4,
 * GPT-4 Turbo and GPT-3.5. Other vendors' tokenizers are not available offline, so their counts
 * are APPROXIMATE: the o200k count times a vendor factor, because their vocabularies split code
 * into more pieces (Claude and Mistral about 1.2×, others about 1.1×). The factors are
 * deliberately on the high side so an estimate errs towards cost, not away from it.
 *
 * The encodings are loaded lazily (about 0.3 s each) the first time a count is needed.
 */
import type { ProviderId } from '../providers/types';

export type TokenizerName = 'o200k_base' | 'cl100k_base';

export interface TokenCounter {
  /** Tokens of `text` under this model's tokenizer (or its approximation). */
  count(text: string): number;
  tokenizer: TokenizerName;
  /** False when the count is the o200k count scaled by a vendor factor. */
  exact: boolean;
  /** Factor applied to the o200k count (1 when exact). */
  factor: number;
}

/** Tokens a chat request adds beyond its text (role markers, message framing). */
export const REQUEST_OVERHEAD_TOKENS = 8;

const APPROXIMATION_FACTORS: Record<string, number> = {
  anthropic: 1.2,
  mistralai: 1.2,
};
const DEFAULT_APPROXIMATION_FACTOR = 1.1;

/** The model id without an OpenRouter vendor prefix or variant suffix, lower-cased. */
function bareId(model: string): string {
  return model.toLowerCase().replace(/^openai\//, '').replace(/:.*$/, '');
}

/** True when the model is an OpenAI model whose tokenizer `gpt-tokenizer` has. */
export function isOpenAiFamily(provider: ProviderId, model: string): boolean {
  const id = model.toLowerCase();
  if (provider === 'openai') return true;
  if (id.startsWith('openai/')) return true;
  return /^(gpt-|chatgpt-|o[134](-|$)|codex-)/.test(id);
}

/** Encoding of an OpenAI-family model: cl100k for GPT-4 / 3.5 generations, o200k for the rest. */
export function openAiEncodingFor(model: string): TokenizerName {
  const id = bareId(model);
  if (/^gpt-4o/.test(id) || /^gpt-4\.[0-9]/.test(id)) return 'o200k_base';
  if (/^(gpt-4|gpt-3\.5)/.test(id)) return 'cl100k_base';
  return 'o200k_base';
}

/** Approximation factor for a non-OpenAI model, from its vendor (`anthropic/…`, `claude-…`, provider). */
export function approximationFactorFor(provider: ProviderId, model: string): number {
  const id = model.toLowerCase();
  const vendor = id.includes('/') ? id.slice(0, id.indexOf('/')) : provider === 'anthropic' || id.startsWith('claude') ? 'anthropic' : /^(mistral|mixtral|codestral|devstral|ministral|magistral|pixtral)/.test(id) ? 'mistralai' : provider;
  return APPROXIMATION_FACTORS[vendor] ?? DEFAULT_APPROXIMATION_FACTOR;
}

type CountFn = (text: string, options: { disallowedSpecial: Set<string> }) => number;

const encodings = new Map<TokenizerName, Promise<CountFn>>();

function loadEncoding(name: TokenizerName): Promise<CountFn> {
  let loaded = encodings.get(name);
  if (!loaded) {
    loaded = name === 'o200k_base'
      ? import('gpt-tokenizer/encoding/o200k_base').then((module) => module.countTokens as CountFn)
      : import('gpt-tokenizer/encoding/cl100k_base').then((module) => module.countTokens as CountFn);
    encodings.set(name, loaded);
  }
  return loaded;
}

/**
 * A counter for this provider/model. Special-token text such as `<|endoftext|>` inside a source
 * file is counted as ordinary text, never rejected.
 */
export async function createTokenCounter(provider: ProviderId, model: string, options: { countsNothing?: boolean } = {}): Promise<TokenCounter> {
  const exact = isOpenAiFamily(provider, model);
  const tokenizer = exact ? openAiEncodingFor(model) : 'o200k_base';
  // With nothing to count the tokenizer (megabytes of tables) is not loaded.
  const countTokens: CountFn = options.countsNothing ? () => 0 : await loadEncoding(tokenizer);
  const factor = exact ? 1 : approximationFactorFor(provider, model);
  const countOptions = { disallowedSpecial: new Set<string>() };
  return {
    tokenizer,
    exact,
    factor,
    count: (text: string) => {
      const tokens = countTokens(text, countOptions);
      return exact ? tokens : Math.ceil(tokens * factor);
    },
  };
}
