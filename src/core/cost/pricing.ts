/**
 * Cost of one request from its token usage and the model's prices. Pure and exact: prices are
 * turned into integer femto-dollars (1e-15 USD) per token, multiplied by token counts as BigInt,
 * and rounded once to nano-dollars.
 *
 * Usage convention (providers/types.ts): `promptTokens` is the whole prompt and includes
 * `cachedTokens` (read from cache) and `cacheWriteTokens` (written to cache). So:
 *   uncached × prompt price + cached × cache-read price + written × cache-write price
 *   + completion (reasoning included) × completion price + per-request price.
 * Without explicit cache prices, a vendor's published multipliers of the input price apply
 * (Anthropic: read 0.1×, 5-minute write 1.25×); with neither, cached tokens cost the input price.
 */
import type { ModelPricing, ProviderId, TokenUsage } from '../providers/types';
import { decimalToScaledBigInt } from './money';

export interface CacheMultipliers {
  /** Cache-read price as a multiple of the input price. */
  read: number;
  /** Cache-write price as a multiple of the input price (1 = no surcharge). */
  write: number;
}

/** Anthropic's and OpenRouter's published cache prices: 5-minute cache write 1.25×, read 0.1× of the base input price. */
export const ANTHROPIC_CACHE_MULTIPLIERS: CacheMultipliers = { read: 0.1, write: 1.25 };

/** OpenRouter's published cache-read multipliers per vendor. */
const VENDOR_CACHE_MULTIPLIERS: Record<string, CacheMultipliers> = {
  anthropic: ANTHROPIC_CACHE_MULTIPLIERS,
  google: { read: 0.25, write: 1 },
  'x-ai': { read: 0.25, write: 1 },
  moonshotai: { read: 0.25, write: 1 },
  deepseek: { read: 0.1, write: 1 },
  qwen: { read: 0.1, write: 1.25 },
};

/**
 * Multipliers for a provider/model when its price list gives no cache prices: Anthropic direct
 * and `anthropic/…` or `claude-…` ids get Anthropic's; OpenRouter ids get their vendor's.
 */
export function cacheMultipliersFor(provider: ProviderId, modelId: string): CacheMultipliers | undefined {
  if (provider === 'anthropic' || /^claude-/i.test(modelId)) return ANTHROPIC_CACHE_MULTIPLIERS;
  const slash = modelId.indexOf('/');
  if (slash > 0) return VENDOR_CACHE_MULTIPLIERS[modelId.slice(0, slash).toLowerCase()];
  return undefined;
}

const FEMTO_PER_NANO = 1_000_000n;

/** USD per token → integer femto-dollars per token; undefined for unknown or negative prices. */
function femto(price: number | undefined): bigint | undefined {
  if (price === undefined || !Number.isFinite(price) || price < 0) return undefined;
  return decimalToScaledBigInt(price, 15);
}

/** `base × multiplier`, exact for multipliers with up to 3 decimals (0.1, 0.25, 1.25, 2). */
function scale(base: bigint, multiplier: number): bigint {
  const thousandths = BigInt(Math.round(multiplier * 1000));
  return (base * thousandths + 500n) / 1000n;
}

interface FemtoPrices {
  prompt?: bigint;
  completion?: bigint;
  cacheRead?: bigint;
  cacheWrite?: bigint;
  request?: bigint;
}

function femtoPrices(pricing: ModelPricing, multipliers?: CacheMultipliers): FemtoPrices {
  const prompt = femto(pricing.prompt);
  const fallback = (explicit: number | undefined, factor: number | undefined): bigint | undefined =>
    femto(explicit) ?? (prompt === undefined ? undefined : factor === undefined ? prompt : scale(prompt, factor));
  return {
    prompt,
    completion: femto(pricing.completion),
    cacheRead: fallback(pricing.cacheRead, multipliers?.read),
    cacheWrite: fallback(pricing.cacheWrite, multipliers?.write),
    request: femto(pricing.request),
  };
}

function toNanos(femtoTotal: bigint): number {
  return Number((femtoTotal + FEMTO_PER_NANO / 2n) / FEMTO_PER_NANO);
}

/**
 * Cost in nano-dollars, or undefined when a price needed for the tokens used is unknown.
 * A category with zero tokens needs no price.
 */
export function computeCostNanos(usage: TokenUsage, pricing: ModelPricing, multipliers?: CacheMultipliers): number | undefined {
  const prices = femtoPrices(pricing, multipliers);
  const cached = Math.max(0, usage.cachedTokens);
  const written = Math.max(0, usage.cacheWriteTokens);
  const uncached = Math.max(0, usage.promptTokens - cached - written);
  const parts: Array<[number, bigint | undefined]> = [
    [uncached, prices.prompt],
    [cached, prices.cacheRead],
    [written, prices.cacheWrite],
    [Math.max(0, usage.completionTokens), prices.completion],
  ];
  let total = prices.request ?? 0n;
  for (const [tokens, price] of parts) {
    if (tokens === 0) continue;
    if (price === undefined) return undefined;
    total += BigInt(Math.round(tokens)) * price;
  }
  return toNanos(total);
}

/**
 * What provider-side prompt caching saved on a request, in nano-dollars: its cost with every prompt
 * token at the input price, minus its cost as billed (cache reads cheaper, cache writes dearer, so
 * a request that only wrote to the cache saved a negative amount). 0 when nothing was cached or
 * written; undefined when a price needed is unknown.
 */
export function cacheSavingsNanos(usage: TokenUsage, pricing: ModelPricing, multipliers?: CacheMultipliers): number | undefined {
  if (usage.cachedTokens <= 0 && usage.cacheWriteTokens <= 0) return 0;
  const billed = computeCostNanos(usage, pricing, multipliers);
  const uncached = computeCostNanos({ ...usage, cachedTokens: 0, cacheWriteTokens: 0 }, pricing, multipliers);
  return billed === undefined || uncached === undefined ? undefined : uncached - billed;
}

/**
 * The most a request can cost before it is sent: every prompt token at the dearer of the input
 * and cache-write prices, plus `maxOutputTokens` at the output price. Undefined when unknown.
 */
export function worstCaseCostNanos(
  promptTokens: number,
  maxOutputTokens: number,
  pricing: ModelPricing,
  multipliers?: CacheMultipliers,
): number | undefined {
  const prices = femtoPrices(pricing, multipliers);
  if (prices.prompt === undefined || prices.completion === undefined) return undefined;
  const inputPrice = prices.cacheWrite !== undefined && prices.cacheWrite > prices.prompt ? prices.cacheWrite : prices.prompt;
  const total = (prices.request ?? 0n)
    + BigInt(Math.max(0, Math.round(promptTokens))) * inputPrice
    + BigInt(Math.max(0, Math.round(maxOutputTokens))) * prices.completion;
  return toNanos(total);
}

/** Known to cost nothing: a free model, or input, output and request prices all zero. */
export function isZeroCost(pricing: ModelPricing | undefined, isFree = false): boolean {
  if (isFree) return true;
  if (!pricing) return false;
  return pricing.prompt === 0 && pricing.completion === 0 && !pricing.request;
}
