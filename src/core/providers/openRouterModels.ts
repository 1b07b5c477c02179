/**
 * Parses OpenRouter's `GET /models` body into {@link ModelInfo}s.
 *
 * Prices arrive as decimal strings in USD per token. A negative, non-numeric or non-finite price
 * (router models such as `openrouter/auto` list `"-1"`) means "unknown", never a negative cost.
 * Everything but `id` is optional here: older and third-party servers omit fields.
 */
import type { ModelInfo, ModelPricing } from './types';

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `"0.00000015"` → 1.5e-7. Undefined for absent, empty, negative or non-finite values. */
export function parsePrice(value: unknown): number | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  if (typeof value === 'string' && value.trim() === '') return undefined;
  const price = Number(value);
  if (!Number.isFinite(price) || price < 0) return undefined;
  return price;
}

function positiveInt(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.floor(value) : undefined;
}

/** Vendor part of `vendor/model[:variant]`; `fallback` for ids without a slash. */
export function vendorOf(id: string, fallback = 'other'): string {
  const slash = id.indexOf('/');
  return slash > 0 ? id.slice(0, slash).toLowerCase() : fallback;
}

export function parseOpenRouterPricing(raw: unknown): ModelPricing {
  if (!isObject(raw)) return {};
  const pricing: ModelPricing = {};
  const prompt = parsePrice(raw.prompt);
  const completion = parsePrice(raw.completion);
  const cacheRead = parsePrice(raw.input_cache_read);
  const cacheWrite = parsePrice(raw.input_cache_write);
  const request = parsePrice(raw.request);
  if (prompt !== undefined) pricing.prompt = prompt;
  if (completion !== undefined) pricing.completion = completion;
  if (cacheRead !== undefined) pricing.cacheRead = cacheRead;
  if (cacheWrite !== undefined) pricing.cacheWrite = cacheWrite;
  if (request !== undefined) pricing.request = request;
  return pricing;
}

/**
 * Free when the id carries `:free`, or when prompt and completion are both known to be 0 and
 * no other listed price is positive. Unknown prices are never free.
 */
export function isFreeModel(id: string, pricing: ModelPricing): boolean {
  if (/:free$/i.test(id) || id.toLowerCase().includes(':free:')) return true;
  if (pricing.prompt !== 0 || pricing.completion !== 0) return false;
  return !pricing.request && !pricing.cacheRead && !pricing.cacheWrite;
}

/** One `Model` object → ModelInfo, or undefined when it has no usable id. */
export function parseOpenRouterModel(raw: unknown): ModelInfo | undefined {
  if (!isObject(raw) || typeof raw.id !== 'string' || raw.id.trim() === '') return undefined;
  const id = raw.id.trim();
  const pricing = parseOpenRouterPricing(raw.pricing);
  const topProvider = isObject(raw.top_provider) ? raw.top_provider : {};
  const model: ModelInfo = {
    id,
    name: typeof raw.name === 'string' && raw.name.trim() !== '' ? raw.name.trim() : id,
    vendor: vendorOf(id),
    pricing,
    isFree: isFreeModel(id, pricing),
    supportedParameters: Array.isArray(raw.supported_parameters)
      ? raw.supported_parameters.filter((p): p is string => typeof p === 'string')
      : [],
  };
  const context = positiveInt(raw.context_length) ?? positiveInt(topProvider.context_length);
  if (context !== undefined) model.contextLength = context;
  const maxCompletion = positiveInt(topProvider.max_completion_tokens);
  if (maxCompletion !== undefined) model.maxCompletionTokens = maxCompletion;
  if (typeof raw.description === 'string' && raw.description !== '') model.description = raw.description;
  const created = positiveInt(raw.created);
  if (created !== undefined) model.created = created;
  return model;
}

function dataArray(json: unknown): unknown[] {
  if (Array.isArray(json)) return json;
  if (isObject(json) && Array.isArray(json.data)) return json.data;
  return [];
}

/**
 * The models of one `/models` body (`{ data, total_count?, links? }` or a bare array).
 * Entries without an id are skipped; duplicate ids keep the first entry.
 */
export function parseOpenRouterModels(json: unknown): ModelInfo[] {
  const seen = new Set<string>();
  const models: ModelInfo[] = [];
  for (const raw of dataArray(json)) {
    const model = parseOpenRouterModel(raw);
    if (!model || seen.has(model.id)) continue;
    seen.add(model.id);
    models.push(model);
  }
  return models;
}

/**
 * Absolute URL of the next page when the body says there is one (`links.next`, which may be
 * relative to `currentUrl`), else undefined. Pagination is opt-in on OpenRouter, so usually none.
 */
export function openRouterNextPageUrl(json: unknown, currentUrl: string): string | undefined {
  if (!isObject(json) || !isObject(json.links)) return undefined;
  const next = json.links.next;
  if (typeof next !== 'string' || next.trim() === '') return undefined;
  try {
    return new URL(next, currentUrl).toString();
  } catch {
    return undefined;
  }
}

/** Upper bound on pages followed, against a server that links a page to itself forever. */
export const MAX_CATALOG_PAGES = 50;

/**
 * Fetches `firstUrl` and every page it links to through `fetchJson` (which owns auth, errors
 * and cancellation) and returns all models in order, without duplicates.
 */
export async function fetchAllOpenRouterModels(
  firstUrl: string,
  fetchJson: (url: string) => Promise<unknown>,
): Promise<ModelInfo[]> {
  const models: ModelInfo[] = [];
  const seenIds = new Set<string>();
  const seenUrls = new Set<string>();
  let url: string | undefined = firstUrl;
  while (url && !seenUrls.has(url) && seenUrls.size < MAX_CATALOG_PAGES) {
    seenUrls.add(url);
    const body = await fetchJson(url);
    for (const model of parseOpenRouterModels(body)) {
      if (seenIds.has(model.id)) continue;
      seenIds.add(model.id);
      models.push(model);
    }
    url = openRouterNextPageUrl(body, url);
  }
  return models;
}
