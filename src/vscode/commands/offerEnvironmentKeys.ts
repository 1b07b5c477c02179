import * as vscode from 'vscode';
import type { SecretKeyStore } from '../adapters/secretKeyStore';
import { KEYED_PROVIDERS, PROVIDER_LABELS } from '../providerLabels';

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
  for (const provider of KEYED_PROVIDERS) {
    const { envVar, displayName } = PROVIDER_LABELS[provider];
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
