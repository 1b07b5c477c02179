import * as vscode from 'vscode';
import { PROVIDER_IDS, type ProviderId } from '../../core/providers/types';

const KEY_PREFIX = 'docsmith.apiKey.';

/** The SecretStorage entry that holds a provider's key. */
export function secretName(provider: ProviderId): string {
  return `${KEY_PREFIX}${provider}`;
}

/**
 * API keys in VS Code SecretStorage, one entry per provider. Keys never touch settings, globalState
 * or logs. `onDidChange` also fires when another window changes a key.
 */
export class SecretKeyStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ProviderId>();
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;
  /** Keys seen in this window, so the logger can redact them synchronously. */
  private readonly known = new Map<ProviderId, string>();

  constructor(private readonly secrets: vscode.SecretStorage) {
    this.subscription = secrets.onDidChange((e) => {
      const provider = PROVIDER_IDS.find((p) => secretName(p) === e.key);
      if (!provider) return;
      this.known.delete(provider);
      void this.get(provider).finally(() => this.changed.fire(provider));
    });
  }

  async get(provider: ProviderId): Promise<string | undefined> {
    const key = (await this.secrets.get(secretName(provider)))?.trim();
    if (key) this.known.set(provider, key);
    else this.known.delete(provider);
    return key || undefined;
  }

  async has(provider: ProviderId): Promise<boolean> {
    return (await this.get(provider)) !== undefined;
  }

  async set(provider: ProviderId, key: string): Promise<void> {
    const trimmed = key.trim();
    if (!trimmed) throw new Error('An API key cannot be empty.');
    this.known.set(provider, trimmed);
    await this.secrets.store(secretName(provider), trimmed);
  }

  async delete(provider: ProviderId): Promise<void> {
    await this.secrets.delete(secretName(provider));
    this.known.delete(provider);
  }

  /**
   * Whether a key of `provider` was read or written in this window and is still stored: what
   * `auto` decides by without waiting on SecretStorage. {@link loadAll} fills it at activation.
   */
  knows(provider: ProviderId): boolean {
    return this.known.has(provider);
  }

  /** Reads every provider's key once, so {@link knows} answers for all of them. */
  async loadAll(): Promise<void> {
    await Promise.all(PROVIDER_IDS.map((p) => this.get(p)));
  }

  /** Keys read or written in this window (for redaction only). */
  knownKeys(): string[] {
    return [...this.known.values()];
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
