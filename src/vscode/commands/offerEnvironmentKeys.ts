import * as vscode from 'vscode';
import type { SecretKeyStore } from '../adapters/secretKeyStore';
import { KEYED_PROVIDER_IDS, PROVIDERS } from '../../core/providers/providerInfo';

const OFFERED_PREFIX = 'docsmith.envKeyOffered.';

/**
 * When `OPENROUTER_API_KEY` (etc.) is set and no key is stored for that provider, offers once per
 * provider — ever, remembered in globalState — to store it. Never awaited by activation.
 */
export async function offerEnvironmentKeys(
  keys: SecretKeyStore,
  globalState: vscode.Memento,
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  for (const provider of KEYED_PROVIDER_IDS) {
    const { key, displayName } = PROVIDERS[provider];
    // Only providers that cannot work without a key: a compatible server's key is the user's business.
    const envVar = key.required ? key.envVar : undefined;
    const value = envVar ? env[envVar]?.trim() : undefined;
    if (!envVar || !value || globalState.get<boolean>(OFFERED_PREFIX + provider)) continue;
    if (await keys.has(provider)) continue;
    await globalState.update(OFFERED_PREFIX + provider, true);
    const store = vscode.l10n.t('Store Key');
    const answer = await vscode.window.showInformationMessage(
      vscode.l10n.t("Docsmith found {0} in your environment. Store it as your {1} key in VS Code's secret storage?", envVar, displayName),
      store,
      vscode.l10n.t('Not Now'),
    );
    if (answer === store) {
      await keys.set(provider, value);
      void vscode.window.showInformationMessage(vscode.l10n.t('Docsmith stored your {0} API key.', displayName));
    }
  }
}
