import type * as vscode from 'vscode';
import type { ProviderId } from '../../core/providers/types';
import { pushRecent } from '../ui/modelPickItems';

const RECENT = 'docsmith.recentModels.';
const LAST = 'docsmith.lastModel.';

/** Recently used models and the last model of each provider, in globalState (no secrets here). */
export class ModelMemory {
  constructor(private readonly state: vscode.Memento) {}

  recent(provider: ProviderId): string[] {
    return this.state.get<string[]>(RECENT + provider, []).filter((id) => typeof id === 'string' && id !== '');
  }

  /** The `docsmith.model` value last used with `provider`, if any. */
  last(provider: ProviderId): string | undefined {
    return this.state.get<string>(LAST + provider);
  }

  async remember(provider: ProviderId, modelId: string): Promise<void> {
    await this.state.update(LAST + provider, modelId);
    if (modelId) await this.state.update(RECENT + provider, pushRecent(this.recent(provider), modelId));
  }
}
