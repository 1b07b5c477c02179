import * as vscode from 'vscode';
import type { Logger } from '../../core/logger';
import type { ProviderFacts } from '../../core/providerResolution';
import type { SecretKeyStore } from './secretKeyStore';
import { vscodeLmModelId } from './vscodeLmProvider';

/**
 * What `docsmith.provider: auto` decides by in the editor: which providers have a stored key and
 * which language models VS Code offers. Both are read once at activation and again when they
 * change (a key set or cleared in any window, a chat model extension installed or signed in), so
 * settings can be read synchronously. `onDidChange` fires after each refresh.
 */
export class ProviderFactsWatcher implements vscode.Disposable {
  private lmModelIds: string[] = [];
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly keys: SecretKeyStore,
    private readonly log: Logger,
  ) {
    this.subscriptions = [
      keys.onDidChange(() => this.changed.fire()),
      vscode.lm.onDidChangeChatModels(() => void this.refreshModels().then(() => this.changed.fire())),
      this.changed,
    ];
  }

  facts(): ProviderFacts {
    return { hasKey: (p) => this.keys.knows(p), keySource: 'stored', vscodeLmModels: this.lmModelIds };
  }

  /** Reads the stored keys and VS Code's models; never throws. */
  async refresh(): Promise<void> {
    await Promise.all([
      this.keys.loadAll().catch((error: unknown) => this.log.warn('Could not read the stored API keys', error)),
      this.refreshModels(),
    ]);
    this.changed.fire();
  }

  private async refreshModels(): Promise<void> {
    try {
      const models = await vscode.lm.selectChatModels();
      // Both forms a user may type: `vendor/family` (what Docsmith stores) and the model's own id.
      this.lmModelIds = models.flatMap((m) => [vscodeLmModelId(m), m.id]);
    } catch (error) {
      this.log.warn("Could not list VS Code's language models", error);
      this.lmModelIds = [];
    }
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }
}
