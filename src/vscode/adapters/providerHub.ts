import type * as vscode from 'vscode';
import { catalogCacheFileName, ModelCatalog } from '../../core/catalog/modelCatalog';
import { Emitter } from '../../core/events';
import { createProvider, type ProviderOptions } from '../../core/providers/providerFactory';
import { resolveModelId } from '../../core/modelNames';
import type { LlmProvider, ModelInfo, ProviderContext, ProviderId } from '../../core/providers/types';
import type { Logger } from '../../core/logger';
import type { SecretKeyStore } from './secretKeyStore';
import { readConfig } from './settings';
import { createVscodeLmProvider } from './vscodeLmProvider';

/**
 * Builds providers and model catalogs from the current settings and stored keys. A catalog is kept
 * per provider and base URL, cached on disk under global storage; nothing is fetched until asked.
 */
export class ProviderHub implements vscode.Disposable {
  private readonly catalogs = new Map<string, ModelCatalog>();
  private vscodeLm: LlmProvider | undefined;
  private readonly catalogChanged = new Emitter<ProviderId>();
  /** Fires with the provider whose model list was fetched or became stale. */
  readonly onDidChangeCatalog = this.catalogChanged.event;

  constructor(
    private readonly keys: SecretKeyStore,
    private readonly log: Logger,
    private readonly storageDir: string,
    private readonly options: ProviderOptions = {},
  ) {}

  /** The context HTTP providers get: keys from SecretStorage, base URL from settings. */
  contextFor(provider: ProviderId): ProviderContext {
    const config = readConfig();
    return {
      getApiKey: (p) => this.keys.get(p),
      baseUrl: provider === 'vscodeLm' ? '' : config.baseUrls[provider],
      log: this.log,
    };
  }

  /** A provider configured from the settings as they are now. */
  provider(id: ProviderId = readConfig().provider): LlmProvider {
    if (id === 'vscodeLm') return (this.vscodeLm ??= createVscodeLmProvider());
    return createProvider(id, this.contextFor(id), this.options);
  }

  /** The catalog of `id` at its configured base URL (one per base URL, reused). */
  catalog(id: ProviderId = readConfig().provider): ModelCatalog {
    const baseUrl = this.contextFor(id).baseUrl;
    const key = `${id} ${baseUrl}`;
    let catalog = this.catalogs.get(key);
    if (!catalog) {
      catalog = new ModelCatalog({
        fetchModels: (signal) => this.provider(id).listModels(signal),
        // VS Code's own models change with extensions and sign-in: never cached on disk.
        storageDir: id === 'vscodeLm' ? undefined : this.storageDir,
        cacheFileName: catalogCacheFileName(id, baseUrl),
        log: this.log,
      });
      catalog.onDidChange(() => this.catalogChanged.fire(id));
      this.catalogs.set(key, catalog);
    }
    return catalog;
  }

  /** The catalog entry of the model in use, when its list is loaded (no fetch). */
  currentModelInfo(): ModelInfo | undefined {
    const { provider, model } = readConfig();
    return this.catalog(provider).find(resolveModelId(provider, model));
  }

  dispose(): void {
    for (const catalog of this.catalogs.values()) catalog.dispose();
    this.catalogs.clear();
    this.catalogChanged.dispose();
  }
}
