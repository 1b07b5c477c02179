import * as vscode from 'vscode';
import { PROVIDER_IDS, type ProviderId } from '../../core/providers/types';
import { isProviderSetting, resolutionWhy, type ProviderSetting } from '../../core/providerResolution';
import type { ModelMemory } from '../adapters/modelMemory';
import type { SecretKeyStore } from '../adapters/secretKeyStore';
import { readConfig, writeModelSetting, writeProviderSetting } from '../adapters/settings';
import { CommandId } from '../commandIds';
import { PROVIDERS } from '../../core/providers/providerInfo';

interface ProviderItem extends vscode.QuickPickItem {
  provider: ProviderSetting;
}

async function keyStatus(keys: SecretKeyStore, provider: ProviderId): Promise<string> {
  const label = PROVIDERS[provider];
  if (!label.key.accepted) return vscode.l10n.t('no key needed');
  if (await keys.has(provider)) return vscode.l10n.t('$(key) key stored');
  return label.key.required ? vscode.l10n.t('$(warning) no key set') : vscode.l10n.t('no key needed');
}

/** The Auto row: what `auto` resolves to now and why. */
function autoItem(setting: ProviderSetting): ProviderItem {
  const resolved = readConfig(undefined, { providerSetting: 'auto' }).resolution;
  return {
    label: `${setting === 'auto' ? '$(check) ' : ''}${vscode.l10n.t('Auto')}`,
    description: vscode.l10n.t('now {0}', PROVIDERS[resolved.provider].displayName),
    detail: resolutionWhy(resolved),
    provider: 'auto',
  };
}

/**
 * `docsmith.selectProvider`: offers Auto (saying what it resolves to and why) and every provider
 * with its key state, switches `docsmith.provider`, and restores the model last used with the
 * provider that will serve (remembering the one being left).
 */
export async function selectProvider(keys: SecretKeyStore, memory: ModelMemory, providerArg?: unknown): Promise<ProviderSetting | undefined> {
  // What auto resolves to depends on the stored keys: read them all first (right after start-up
  // they may not be loaded yet).
  await keys.loadAll();
  const config = readConfig();
  let chosen: ProviderSetting | undefined;
  if (isProviderSetting(providerArg)) {
    chosen = providerArg;
  } else {
    const items: ProviderItem[] = [autoItem(config.providerSetting)].concat(await Promise.all(
      PROVIDER_IDS.map(async (p) => ({
        label: `${p === config.providerSetting ? '$(check) ' : ''}${PROVIDERS[p].displayName}`,
        description: await keyStatus(keys, p),
        detail: p === 'vscodeLm' ? vscode.l10n.t('Models VS Code provides, billed by your subscription') : config.baseUrls[p],
        provider: p,
      })),
    ));
    const picked = await vscode.window.showQuickPick(items, {
      title: vscode.l10n.t('Docsmith: Select Provider'),
      placeHolder: vscode.l10n.t('Which provider should serve requests?'),
      matchOnDetail: true,
    });
    chosen = picked?.provider;
  }
  if (!chosen || chosen === config.providerSetting) return chosen;
  await memory.remember(config.provider, config.model);
  // The provider that will serve: the one chosen, or what auto resolves to with the provider's own default model.
  const serving = chosen === 'auto' ? readConfig(undefined, { providerSetting: 'auto', model: '' }).provider : chosen;
  await writeProviderSetting(chosen);
  await writeModelSetting(memory.last(serving) ?? '');
  const label = PROVIDERS[serving];
  if (label.key.required && !(await keys.has(serving))) {
    const setKey = vscode.l10n.t('Set API Key');
    const answer = await vscode.window.showWarningMessage(vscode.l10n.t('No API key for {0}', label.displayName), setKey);
    if (answer === setKey) await vscode.commands.executeCommand(CommandId.setApiKey, serving);
  }
  return chosen;
}
