import * as vscode from 'vscode';
import { normaliseModelId, resolveModelId } from '../../core/modelNames';
import { describeResolution } from '../../core/providerResolution';
import type { ModelMemory } from '../adapters/modelMemory';
import type { ProviderHub } from '../adapters/providerHub';
import { readConfig, writeModelSetting } from '../adapters/settings';
import { pickModel } from '../ui/modelPicker';

/**
 * `docsmith.selectModel`: the model quick pick, or `(modelId)` from scripts. Writes `docsmith.model`
 * to the scope that already holds it. Resolves to the id written, or undefined when dismissed.
 */
export async function selectModel(hub: ProviderHub, memory: ModelMemory, modelArg?: unknown): Promise<string | undefined> {
  const { provider, model } = readConfig();
  const picked =
    typeof modelArg === 'string' && modelArg.trim()
      ? modelArg
      : await pickModel({ provider, currentId: resolveModelId(provider, model), recentIds: memory.recent(provider), catalog: hub.catalog(provider) });
  if (!picked) return undefined;
  const id = normaliseModelId(provider, picked);
  await writeModelSetting(id);
  // Under auto a model naming another vendor moves requests to a provider that serves it: say so now.
  const after = readConfig();
  await memory.remember(after.provider, id);
  if (after.provider !== provider) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Docsmith: {0} will be served by {1}.', id, describeResolution(after.resolution)));
  }
  return id;
}
