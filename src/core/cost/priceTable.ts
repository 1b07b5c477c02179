/**
 * Prices for OpenAI and Anthropic called directly. Their model-list APIs carry no prices,
 * so the table is kept as data here.
 *
 * Source and upkeep: each row was seeded from the OpenRouter catalog entry named in
 * `openRouterId` (same model, same list price; OpenRouter passes provider prices through), and
 * the Anthropic rows were checked against Anthropic's published prices. Values
 * are USD per million tokens as decimal strings. To update: copy `pricing` of the OpenRouter entry
 * (× 1e6) or the provider's pricing page; a unit test checks rows against the catalog fixture.
 * Anthropic rows list explicit cache prices (5-minute write 1.25×, read 0.1× of input); OpenAI
 * has no cache-write charge, only a cached-input price.
 */
import type { ModelPricing, ProviderId } from '../providers/types';

export interface PriceRow {
  provider: 'openai' | 'anthropic';
  /** Ids the provider's API accepts for this price (aliases and dated snapshots). */
  ids: string[];
  /** The same model on OpenRouter, where the price was read from. */
  openRouterId: string;
  /** USD per million tokens. */
  input: string;
  output: string;
  cacheRead?: string;
  cacheWrite?: string;
}

export const PRICE_TABLE: readonly PriceRow[] = [
  // OpenAI (standard tier)
  { provider: 'openai', ids: ['gpt-4o', 'gpt-4o-2024-08-06', 'gpt-4o-2024-11-20'], openRouterId: 'openai/gpt-4o', input: '2.50', output: '10.00', cacheRead: '1.25' },
  { provider: 'openai', ids: ['gpt-4o-2024-05-13'], openRouterId: 'openai/gpt-4o-2024-05-13', input: '5.00', output: '15.00' },
  { provider: 'openai', ids: ['chatgpt-4o-latest'], openRouterId: 'openai/chatgpt-4o-latest', input: '5.00', output: '15.00' },
  { provider: 'openai', ids: ['gpt-4o-mini', 'gpt-4o-mini-2024-07-18'], openRouterId: 'openai/gpt-4o-mini', input: '0.15', output: '0.60', cacheRead: '0.075' },
  { provider: 'openai', ids: ['gpt-4.1', 'gpt-4.1-2025-04-14'], openRouterId: 'openai/gpt-4.1', input: '2.00', output: '8.00', cacheRead: '0.50' },
  { provider: 'openai', ids: ['gpt-4.1-mini', 'gpt-4.1-mini-2025-04-14'], openRouterId: 'openai/gpt-4.1-mini', input: '0.40', output: '1.60', cacheRead: '0.10' },
  { provider: 'openai', ids: ['gpt-4.1-nano', 'gpt-4.1-nano-2025-04-14'], openRouterId: 'openai/gpt-4.1-nano', input: '0.10', output: '0.40', cacheRead: '0.025' },
  { provider: 'openai', ids: ['gpt-5', 'gpt-5-2025-08-07'], openRouterId: 'openai/gpt-5', input: '1.25', output: '10.00', cacheRead: '0.125' },
  { provider: 'openai', ids: ['gpt-5-mini', 'gpt-5-mini-2025-08-07'], openRouterId: 'openai/gpt-5-mini', input: '0.25', output: '2.00', cacheRead: '0.025' },
  { provider: 'openai', ids: ['gpt-5-nano', 'gpt-5-nano-2025-08-07'], openRouterId: 'openai/gpt-5-nano', input: '0.05', output: '0.40', cacheRead: '0.005' },
  { provider: 'openai', ids: ['gpt-5-chat-latest'], openRouterId: 'openai/gpt-5-chat', input: '1.25', output: '10.00', cacheRead: '0.125' },
  { provider: 'openai', ids: ['gpt-5-codex'], openRouterId: 'openai/gpt-5-codex', input: '1.25', output: '10.00', cacheRead: '0.125' },
  { provider: 'openai', ids: ['gpt-5.1', 'gpt-5.1-2025-11-13'], openRouterId: 'openai/gpt-5.1', input: '1.25', output: '10.00', cacheRead: '0.125' },
  { provider: 'openai', ids: ['o1', 'o1-2024-12-17'], openRouterId: 'openai/o1', input: '15.00', output: '60.00', cacheRead: '7.50' },
  { provider: 'openai', ids: ['o1-mini', 'o1-mini-2024-09-12'], openRouterId: 'openai/o1-mini', input: '1.10', output: '4.40', cacheRead: '0.55' },
  { provider: 'openai', ids: ['o3', 'o3-2025-04-16'], openRouterId: 'openai/o3', input: '2.00', output: '8.00', cacheRead: '0.50' },
  { provider: 'openai', ids: ['o3-mini', 'o3-mini-2025-01-31'], openRouterId: 'openai/o3-mini', input: '1.10', output: '4.40', cacheRead: '0.55' },
  { provider: 'openai', ids: ['o3-pro', 'o3-pro-2025-06-10'], openRouterId: 'openai/o3-pro', input: '20.00', output: '80.00' },
  { provider: 'openai', ids: ['o4-mini', 'o4-mini-2025-04-16'], openRouterId: 'openai/o4-mini', input: '1.10', output: '4.40', cacheRead: '0.275' },
  { provider: 'openai', ids: ['codex-mini-latest'], openRouterId: 'openai/codex-mini', input: '1.50', output: '6.00', cacheRead: '0.375' },
  { provider: 'openai', ids: ['gpt-4-turbo', 'gpt-4-turbo-2024-04-09'], openRouterId: 'openai/gpt-4-turbo', input: '10.00', output: '30.00' },
  { provider: 'openai', ids: ['gpt-4', 'gpt-4-0613'], openRouterId: 'openai/gpt-4', input: '30.00', output: '60.00' },
  { provider: 'openai', ids: ['gpt-3.5-turbo', 'gpt-3.5-turbo-0125'], openRouterId: 'openai/gpt-3.5-turbo', input: '0.50', output: '1.50' },
  // Anthropic (5-minute cache write = 1.25× input, cache read = 0.1× input)
  { provider: 'anthropic', ids: ['claude-opus-4-5', 'claude-opus-4-5-20251101'], openRouterId: 'anthropic/claude-opus-4.5', input: '5.00', output: '25.00', cacheWrite: '6.25', cacheRead: '0.50' },
  { provider: 'anthropic', ids: ['claude-opus-4-1', 'claude-opus-4-1-20250805'], openRouterId: 'anthropic/claude-opus-4.1', input: '15.00', output: '75.00', cacheWrite: '18.75', cacheRead: '1.50' },
  { provider: 'anthropic', ids: ['claude-opus-4-0', 'claude-opus-4-20250514'], openRouterId: 'anthropic/claude-opus-4', input: '15.00', output: '75.00', cacheWrite: '18.75', cacheRead: '1.50' },
  { provider: 'anthropic', ids: ['claude-sonnet-4-5', 'claude-sonnet-4-5-20250929'], openRouterId: 'anthropic/claude-sonnet-4.5', input: '3.00', output: '15.00', cacheWrite: '3.75', cacheRead: '0.30' },
  { provider: 'anthropic', ids: ['claude-sonnet-4-0', 'claude-sonnet-4-20250514'], openRouterId: 'anthropic/claude-sonnet-4', input: '3.00', output: '15.00', cacheWrite: '3.75', cacheRead: '0.30' },
  { provider: 'anthropic', ids: ['claude-3-7-sonnet-latest', 'claude-3-7-sonnet-20250219'], openRouterId: 'anthropic/claude-3.7-sonnet', input: '3.00', output: '15.00', cacheWrite: '3.75', cacheRead: '0.30' },
  { provider: 'anthropic', ids: ['claude-3-5-sonnet-latest', 'claude-3-5-sonnet-20241022', 'claude-3-5-sonnet-20240620'], openRouterId: 'anthropic/claude-3.5-sonnet', input: '3.00', output: '15.00', cacheWrite: '3.75', cacheRead: '0.30' },
  { provider: 'anthropic', ids: ['claude-haiku-4-5', 'claude-haiku-4-5-20251001'], openRouterId: 'anthropic/claude-haiku-4.5', input: '1.00', output: '5.00', cacheWrite: '1.25', cacheRead: '0.10' },
  { provider: 'anthropic', ids: ['claude-3-5-haiku-latest', 'claude-3-5-haiku-20241022'], openRouterId: 'anthropic/claude-3.5-haiku', input: '0.80', output: '4.00', cacheWrite: '1.00', cacheRead: '0.08' },
  { provider: 'anthropic', ids: ['claude-3-haiku-20240307'], openRouterId: 'anthropic/claude-3-haiku', input: '0.25', output: '1.25', cacheWrite: '0.3125', cacheRead: '0.025' },
  { provider: 'anthropic', ids: ['claude-3-opus-latest', 'claude-3-opus-20240229'], openRouterId: 'anthropic/claude-3-opus', input: '15.00', output: '75.00', cacheWrite: '18.75', cacheRead: '1.50' },
];

/** `"2.50"` per million → USD per token as a number (2.5e-6). */
function perToken(perMillion: string | undefined): number | undefined {
  return perMillion === undefined ? undefined : Number(`${perMillion}e-6`);
}

export function rowPricing(row: PriceRow): ModelPricing {
  const pricing: ModelPricing = { prompt: perToken(row.input), completion: perToken(row.output) };
  if (row.cacheRead !== undefined) pricing.cacheRead = perToken(row.cacheRead);
  if (row.cacheWrite !== undefined) pricing.cacheWrite = perToken(row.cacheWrite);
  return pricing;
}

/**
 * The table row for a direct model id: exact id first, then without a date suffix
 * (`-2025-04-14`, `-20250929`) or `-latest`. No prefix guessing: `gpt-4o-audio-preview` is not `gpt-4o`.
 */
export function findPriceRow(provider: ProviderId, modelId: string): PriceRow | undefined {
  if (provider !== 'openai' && provider !== 'anthropic') return undefined;
  const id = modelId.trim().toLowerCase().replace(new RegExp(`^${provider}/`), '');
  const candidates = [id, id.replace(/-(\d{4}-\d{2}-\d{2}|\d{8})$/, ''), id.replace(/-latest$/, '')];
  for (const candidate of candidates) {
    const row = PRICE_TABLE.find((entry) => entry.provider === provider && entry.ids.includes(candidate));
    if (row) return row;
  }
  return undefined;
}

/** Prices of a direct OpenAI/Anthropic model, or undefined when the table does not know it. */
export function directPricing(provider: ProviderId, modelId: string): ModelPricing | undefined {
  const row = findPriceRow(provider, modelId);
  return row ? rowPricing(row) : undefined;
}
