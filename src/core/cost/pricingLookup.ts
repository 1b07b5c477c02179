/**
 * One place that answers "what does this provider charge for this model?", for the ledger's
 * `pricingFor` and the estimate:
 *  - OpenRouter: the live catalog entry (`x/y:nitro` falls back to `x/y`);
 *  - OpenAI / Anthropic direct: the price table, then the OpenRouter catalog entry of the same
 *    model (`gpt-4o` → `openai/gpt-4o`, `claude-sonnet-4-5-20250929` → `anthropic/claude-sonnet-4.5`);
 *  - OpenAI-compatible servers: their own catalog (local servers list price 0);
 *  - `vscodeLm`: none (billed by subscription).
 */
import type { ModelInfo, ModelPricing, ProviderId } from '../providers/types';
import { directPricing } from './priceTable';

export interface ModelLookup {
  find(id: string): ModelInfo | undefined;
}

export interface PricingSources {
  /** The OpenRouter catalog, when loaded. */
  openRouter?: ModelLookup;
  /** The catalog of the provider itself (compatible servers, or anything listing prices). */
  byProvider?: Partial<Record<ProviderId, ModelLookup>>;
}

/** The OpenRouter id of a direct OpenAI/Anthropic model id. */
export function openRouterIdForDirect(provider: 'openai' | 'anthropic', model: string): string {
  const bare = model.trim().toLowerCase().replace(/^(openai|anthropic)\//, '').replace(/-(\d{4}-\d{2}-\d{2}|\d{8})$/, '').replace(/-latest$/, '');
  if (provider === 'openai') return `openai/${bare}`;
  return `anthropic/${bare.replace(/(\d)-(\d)(?=\D|$)/g, '$1.$2')}`;
}

export interface PricingAnswer {
  pricing: ModelPricing;
  isFree: boolean;
}

/** Prices and free flag for a provider/model, or undefined when nobody knows them. */
export function lookupPricing(sources: PricingSources, provider: ProviderId, model: string): PricingAnswer | undefined {
  if (provider === 'vscodeLm') return undefined;
  const own = sources.byProvider?.[provider]?.find(model);
  if (provider === 'openrouter') {
    const entry = own ?? sources.openRouter?.find(model);
    return entry ? { pricing: entry.pricing, isFree: entry.isFree } : undefined;
  }
  if (provider === 'openai' || provider === 'anthropic') {
    const table = directPricing(provider, model);
    if (table) return { pricing: table, isFree: false };
    if (own && own.pricing.prompt !== undefined) return { pricing: own.pricing, isFree: own.isFree };
    const mirrored = sources.openRouter?.find(openRouterIdForDirect(provider, model));
    // A `:free` OpenRouter variant says nothing about the direct API's price.
    return mirrored && !mirrored.id.endsWith(':free') ? { pricing: mirrored.pricing, isFree: false } : undefined;
  }
  return own ? { pricing: own.pricing, isFree: own.isFree } : undefined;
}

/** `pricingFor` for {@link CostLedgerOptions}: prices only. */
export function createPricingFor(sources: PricingSources): (provider: ProviderId, model: string) => ModelPricing | undefined {
  return (provider, model) => lookupPricing(sources, provider, model)?.pricing;
}
