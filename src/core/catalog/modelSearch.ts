/**
 * Lookup, filtering and grouping over a model list. Pure: {@link ModelCatalog} applies these to
 * its current list, and the quick pick can apply them to any list.
 */
import type { ModelInfo } from '../providers/types';

/** Suffixes OpenRouter accepts on any model without listing them as separate entries. */
const DYNAMIC_VARIANTS = ['nitro', 'floor', 'online', 'exacto'];

/**
 * The model with this id: exact match first, then case-insensitive, then, for a dynamic variant
 * (`x/y:nitro`), the listed base model `x/y` (whose prices are the closest known).
 */
export function findModel(models: readonly ModelInfo[], id: string): ModelInfo | undefined {
  const wanted = id.trim();
  const exact = models.find((model) => model.id === wanted);
  if (exact) return exact;
  const lower = wanted.toLowerCase();
  const loose = models.find((model) => model.id.toLowerCase() === lower);
  if (loose) return loose;
  const colon = wanted.lastIndexOf(':');
  if (colon > 0 && DYNAMIC_VARIANTS.includes(wanted.slice(colon + 1).toLowerCase())) {
    return findModel(models, wanted.slice(0, colon));
  }
  return undefined;
}

function rank(model: ModelInfo, query: string, words: string[]): number | undefined {
  const id = model.id.toLowerCase();
  const name = model.name.toLowerCase();
  const vendor = model.vendor.toLowerCase();
  const haystack = `${id} ${name} ${vendor}`;
  if (!words.every((word) => haystack.includes(word))) return undefined;
  if (id === query) return 0;
  const shortId = id.slice(id.indexOf('/') + 1);
  if (shortId === query) return 1;
  if (id.startsWith(query) || shortId.startsWith(query)) return 2;
  if (name.includes(query) || id.includes(query)) return 3;
  return 4;
}

/**
 * Models whose id, name or vendor contain every word of `query` (case-insensitive), best first:
 * exact id, exact id without vendor, id prefix, whole query in id or name, then the rest.
 * Ties keep list order. An empty query returns the whole list.
 */
export function searchModels(models: readonly ModelInfo[], query: string): ModelInfo[] {
  const normalised = query.trim().toLowerCase();
  if (normalised === '') return [...models];
  const words = normalised.split(/\s+/);
  const ranked: Array<{ model: ModelInfo; score: number; index: number }> = [];
  models.forEach((model, index) => {
    const score = rank(model, normalised, words);
    if (score !== undefined) ranked.push({ model, score, index });
  });
  ranked.sort((a, b) => a.score - b.score || a.index - b.index);
  return ranked.map((entry) => entry.model);
}

export interface VendorGroup {
  vendor: string;
  models: ModelInfo[];
}

/** Newest first by `created`; models without a date after dated ones, in list order. */
function newestFirst(a: { model: ModelInfo; index: number }, b: { model: ModelInfo; index: number }): number {
  const ca = a.model.created ?? -Infinity;
  const cb = b.model.created ?? -Infinity;
  return ca !== cb ? cb - ca : a.index - b.index;
}

/**
 * Groups by vendor, newest first as OpenRouter lists them: each vendor's models by `created`,
 * newest first, and vendors by their newest model (list order where dates are missing).
 */
export function groupModelsByVendor(models: readonly ModelInfo[]): VendorGroup[] {
  const groups = new Map<string, { model: ModelInfo; index: number }[]>();
  models.forEach((model, index) => {
    const list = groups.get(model.vendor);
    if (list) list.push({ model, index });
    else groups.set(model.vendor, [{ model, index }]);
  });
  const sorted = [...groups.entries()].map(([vendor, list]) => ({ vendor, list: list.sort(newestFirst) }));
  sorted.sort((a, b) => newestFirst(a.list[0], b.list[0]));
  return sorted.map(({ vendor, list }) => ({ vendor, models: list.map((entry) => entry.model) }));
}
