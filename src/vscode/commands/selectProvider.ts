import * as vscode from 'vscode';
import { PROVIDER_IDS, type ProviderId } from '../../core/providers/types';
import type { ModelMemory } from '../adapters/modelMemory';
import type { SecretKeyStore } from '../adapters/secretKeyStore';
import { readConfig, writeModelSetting, writeProviderSetting } from '../adapters/settings';
import { CommandId } from '../commandIds';
import { PROVIDER_LABELS } from '../providerLabels';

interface ProviderItem extends vscode.QuickPickItem {
  provider: ProviderId;
}

async function keyStatus(keys: SecretKeyStore, provider: ProviderId): Promise<string> {
  const label = PROVIDER_LABELS[provider];
  if (!label.acceptsKey) return vscode.l10n.t('no key needed');
  if (await keys.has(provider)) return vscode.l10n.t('$(key) key stored');
  return label.keyRequired ? vscode.l10n.t('$(warning) no key set') : vscode.l10n.t('no key needed');
}

/**
 * `docsmith.selectProvider`: shows which providers have a key, switches `docsmith.provider`, and
 * restores the model last used with the chosen provider (remembering the one being left).
 */
export async function selectProvider(keys: SecretKeyStore, memory: ModelMemory, providerArg?: unknown): Promise<ProviderId | undefined> {
  const config = readConfig();
  let chosen: ProviderId | undefined;
  if (typeof providerArg === 'string' && (PROVIDER_IDS as readonly string[]).includes(providerArg)) {
    chosen = providerArg as ProviderId;
  } else {
    const items: ProviderItem[] = await Promise.all(
      PROVIDER_IDS.map(async (p) => ({
        label: `${p === config.provider ? '$(check) ' : ''}${PROVIDER_LABELS[p].displayName}`,
        description: await keyStatus(keys, p),
        detail: p === 'vscodeLm' ? vscode.l10n.t('Models VS Code provides, billed by your subscription') : config.baseUrls[p],
        provider: p,
      })),
    );
    const picked = await vscode.window.showQuickPick(items, {
      title: vscode.l10n.t('Docsmith: Select Provider'),
      placeHolder: vscode.l10n.t('Which provider should serve requests?'),
      matchOnDetail: true,
    });
    chosen = picked?.provider;
  }
  if (!chosen || chosen === config.provider) return chosen;
  await memory.remember(config.provider, config.model);
  await writeProviderSetting(chosen);
  await writeModelSetting(memory.last(chosen) ?? '');
  const label = PROVIDER_LABELS[chosen];
  if (label.keyRequired && !(await keys.has(chosen))) {
    const setKey = vscode.l10n.t('Set API Key');
    const answer = await vscode.window.showWarningMessage(vscode.l10n.t('No API key for {0}', label.displayName), setKey);
    if (answer === setKey) await vscode.commands.executeCommand(CommandId.setApiKey, chosen);
  }
  return chosen;
}
