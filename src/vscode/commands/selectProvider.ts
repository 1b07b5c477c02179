import * as vscode from 'vscode';
import { PROVIDER_IDS, type ProviderId } from '../../core/providers/types';
import { isProviderId } from '../../core/providers/providerInfo';
import type { ModelMemory } from '../adapters/modelMemory';
import type { SecretKeyStore } from '../adapters/secretKeyStore';
import { readConfig, writeModelSetting, writeProviderSetting } from '../adapters/settings';
import { CommandId } from '../commandIds';
import { PROVIDERS } from '../../core/providers/providerInfo';

interface ProviderItem extends vscode.QuickPickItem {
  provider: ProviderId;
}

async function keyStatus(keys: SecretKeyStore, provider: ProviderId): Promise<string> {
  const label = PROVIDERS[provider];
  if (!label.key.accepted) return vscode.l10n.t('no key needed');
  if (await keys.has(provider)) return vscode.l10n.t('$(key) key stored');
  return label.key.required ? vscode.l10n.t('$(warning) no key set') : vscode.l10n.t('no key needed');
}

/**
 * `docsmith.selectProvider`: shows which providers have a key, switches `docsmith.provider`, and
 * restores the model last used with the chosen provider (remembering the one being left).
 */
export async function selectProvider(keys: SecretKeyStore, memory: ModelMemory, providerArg?: unknown): Promise<ProviderId | undefined> {
  const config = readConfig();
  let chosen: ProviderId | undefined;
  if (isProviderId(providerArg)) {
    chosen = providerArg;
  } else {
    const items: ProviderItem[] = await Promise.all(
      PROVIDER_IDS.map(async (p) => ({
        label: `${p === config.provider ? '$(check) ' : ''}${PROVIDERS[p].displayName}`,
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
  const label = PROVIDERS[chosen];
  if (label.key.required && !(await keys.has(chosen))) {
    const setKey = vscode.l10n.t('Set API Key');
    const answer = await vscode.window.showWarningMessage(vscode.l10n.t('No API key for {0}', label.displayName), setKey);
    if (answer === setKey) await vscode.commands.executeCommand(CommandId.setApiKey, chosen);
  }
  return chosen;
}
