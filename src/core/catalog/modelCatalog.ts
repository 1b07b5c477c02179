/**
 * The model catalog of one provider endpoint: an in-memory list backed by a JSON file in a
 * storage directory, with a TTL and stale-while-revalidate refresh.
 *
 * Rules: a failed or empty fetch is never cached and never replaces a good list;
 * offline, the last good list is served with `stale: true` so the UI can say it may be out of
 * date; `refresh()` always fetches. Fetching is injected, so the same class serves OpenRouter,
 * OpenAI, Anthropic and compatible servers, and tests need no network.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { writeFileAtomic } from '../atomicFile';
import { Emitter, type Event } from '../events';
import { ProviderError, type ModelInfo } from '../providers/types';
import type { Logger } from '../logger';
import { findModel, groupModelsByVendor, searchModels, type VendorGroup } from './modelSearch';

export interface CatalogSnapshot {
  models: readonly ModelInfo[];
  /** When the list was fetched (ms since epoch, from the injected clock). */
  fetchedAt: number;
  /** The latest fetch failed: this is the last good list and may be out of date. */
  stale: boolean;
  /** Why the latest fetch failed, when `stale`. */
  error?: unknown;
}

export interface ModelCatalogOptions {
  fetchModels: (signal: AbortSignal) => Promise<ModelInfo[]>;
  /** Directory for the cache file (e.g. VS Code global storage). Omit for memory only. */
  storageDir?: string;
  /** Cache file name; use {@link catalogCacheFileName} so each provider/base URL has its own. */
  cacheFileName?: string;
  /** How long a fetched list counts as fresh. Default 1 hour. */
  ttlMs?: number;
  /** After a failed fetch, background refreshes wait this long before trying again. Default 60 s. */
  retryAfterFailureMs?: number;
  now?: () => number;
  log?: Logger;
}

export const DEFAULT_CATALOG_TTL_MS = 60 * 60 * 1000;

/** `models-openrouter-1a2b3c4d5e.json`: one cache file per provider and base URL. */
export function catalogCacheFileName(provider: string, baseUrl: string): string {
  const hash = createHash('sha256').update(baseUrl.replace(/\/+$/, '')).digest('hex').slice(0, 10);
  return `models-${provider.replace(/[^a-zA-Z0-9_-]/g, '_')}-${hash}.json`;
}

interface CacheFile {
  version: 1;
  fetchedAt: number;
  models: ModelInfo[];
}

function isModelInfo(value: unknown): value is ModelInfo {
  const model = value as ModelInfo;
  return typeof value === 'object' && value !== null && typeof model.id === 'string' && typeof model.name === 'string'
    && typeof model.vendor === 'string' && typeof model.pricing === 'object' && model.pricing !== null
    && typeof model.isFree === 'boolean' && Array.isArray(model.supportedParameters);
}

export class ModelCatalog {
  private readonly changeEmitter = new Emitter<CatalogSnapshot>();
  /** Fires after a successful fetch and when the list becomes stale. */
  readonly onDidChange: Event<CatalogSnapshot> = this.changeEmitter.event;

  private models: ModelInfo[] = [];
  private fetchedAt = 0;
  private stale = false;
  private lastError: unknown;
  private lastFailureAt: number | undefined;
  private loaded: Promise<void> | undefined;
  private inflight: Promise<CatalogSnapshot> | undefined;
  private readonly controller = new AbortController();
  private readonly ttlMs: number;
  private readonly retryAfterFailureMs: number;
  private readonly now: () => number;

  constructor(private readonly options: ModelCatalogOptions) {
    this.ttlMs = options.ttlMs ?? DEFAULT_CATALOG_TTL_MS;
    this.retryAfterFailureMs = options.retryAfterFailureMs ?? 60_000;
    this.now = options.now ?? Date.now;
  }

  /** The current list, or undefined before anything was loaded or fetched. */
  get snapshot(): CatalogSnapshot | undefined {
    if (this.models.length === 0) return undefined;
    const snapshot: CatalogSnapshot = { models: this.models, fetchedAt: this.fetchedAt, stale: this.stale };
    if (this.stale) snapshot.error = this.lastError;
    return snapshot;
  }

  /**
   * The list, fetching only when needed: a fresh list is returned as is; an expired one is
   * returned at once while a background refresh runs; with nothing cached the call waits for
   * the fetch and throws its error when it fails.
   */
  async getModels(): Promise<CatalogSnapshot> {
    await this.ensureLoaded();
    const current = this.snapshot;
    if (!current) return this.fetchOrThrow();
    const age = this.now() - this.fetchedAt;
    const backingOff = this.lastFailureAt !== undefined && this.now() - this.lastFailureAt < this.retryAfterFailureMs;
    if ((age >= this.ttlMs || this.stale) && !backingOff) {
      this.fetch().catch(() => undefined);
    }
    return current;
  }

  /**
   * Fetches now (`Refresh Model List`). On failure the last good list comes back with
   * `stale: true` and the error; with no list at all the error is thrown.
   */
  async refresh(): Promise<CatalogSnapshot> {
    await this.ensureLoaded();
    return this.fetchOrThrow();
  }

  /** Resolves when no fetch is running (for callers and tests that need the refreshed list). */
  async whenIdle(): Promise<void> {
    while (this.inflight) await this.inflight.catch(() => undefined);
  }

  find(id: string): ModelInfo | undefined {
    return findModel(this.models, id);
  }

  search(query: string): ModelInfo[] {
    return searchModels(this.models, query);
  }

  groupByVendor(): VendorGroup[] {
    return groupModelsByVendor(this.models);
  }

  dispose(): void {
    this.controller.abort();
    this.changeEmitter.dispose();
  }

  private get cachePath(): string | undefined {
    if (!this.options.storageDir) return undefined;
    return path.join(this.options.storageDir, this.options.cacheFileName ?? 'models.json');
  }

  private ensureLoaded(): Promise<void> {
    this.loaded ??= this.loadFromDisk();
    return this.loaded;
  }

  private async loadFromDisk(): Promise<void> {
    const file = this.cachePath;
    if (!file) return;
    try {
      const parsed = JSON.parse(await readFile(file, 'utf8')) as Partial<CacheFile>;
      if (parsed.version !== 1 || typeof parsed.fetchedAt !== 'number' || !Array.isArray(parsed.models)) return;
      const models = parsed.models.filter(isModelInfo);
      // A fetch that finished before the disk read wins.
      if (models.length > 0 && this.models.length === 0) {
        this.models = models;
        this.fetchedAt = parsed.fetchedAt;
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') this.options.log?.warn(`Ignoring unreadable model cache ${file}`, error);
    }
  }

  private async fetchOrThrow(): Promise<CatalogSnapshot> {
    try {
      return await this.fetch();
    } catch (error) {
      const current = this.snapshot;
      if (current) return current;
      throw error;
    }
  }

  /** One fetch at a time; concurrent callers share it. Rejects on failure after marking stale. */
  private fetch(): Promise<CatalogSnapshot> {
    this.inflight ??= this.doFetch().finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  private async doFetch(): Promise<CatalogSnapshot> {
    try {
      const models = await this.options.fetchModels(this.controller.signal);
      if (!Array.isArray(models) || models.length === 0) {
        throw new ProviderError('badResponse', 'The provider returned an empty model list');
      }
      this.models = models;
      this.fetchedAt = this.now();
      this.stale = false;
      this.lastError = undefined;
      this.lastFailureAt = undefined;
      await this.writeToDisk();
      const snapshot = this.snapshot as CatalogSnapshot;
      this.changeEmitter.fire(snapshot);
      return snapshot;
    } catch (error) {
      this.lastError = error;
      this.lastFailureAt = this.now();
      this.options.log?.warn('Model list fetch failed', error);
      if (this.models.length > 0 && !this.stale) {
        this.stale = true;
        this.changeEmitter.fire(this.snapshot as CatalogSnapshot);
      }
      throw error;
    }
  }

  /** Written atomically, so a crash never leaves half a cache file. */
  private async writeToDisk(): Promise<void> {
    const file = this.cachePath;
    if (!file) return;
    const body: CacheFile = { version: 1, fetchedAt: this.fetchedAt, models: this.models };
    try {
      await writeFileAtomic(file, JSON.stringify(body));
    } catch (error) {
      this.options.log?.warn(`Could not write model cache ${file}`, error);
    }
  }
}
