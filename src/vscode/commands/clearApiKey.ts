import * as vscode from 'vscode';
import type { ProviderId } from '../../core/providers/types';
import type { SecretKeyStore } from '../adapters/secretKeyStore';
import { isProviderId, KEYED_PROVIDER_IDS, PROVIDERS } from '../../core/providers/providerInfo';

/** `docsmith.clearApiKey`: removes one provider's key from SecretStorage (asks which when several are stored). */
export async function clearApiKey(keys: SecretKeyStore, providerArg?: unknown): Promise<boolean> {
  let provider: ProviderId | undefined;
  if (isProviderId(providerArg)) {
    provider = providerArg;
  } else {
    const stored: ProviderId[] = [];
    for (const p of KEYED_PROVIDER_IDS) if (await keys.has(p)) stored.push(p);
    if (stored.length === 0) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Docsmith has no API keys stored.'));
      return false;
    }
    const picked = await vscode.window.showQuickPick(
      stored.map((p) => ({ label: PROVIDERS[p].displayName, description: p, provider: p })),
      { title: vscode.l10n.t('Docsmith: Clear API Key'), placeHolder: vscode.l10n.t('Remove the stored key of which provider?') },
    );
    provider = picked?.provider;
  }
  if (!provider) return false;
  await keys.delete(provider);
  void vscode.window.showInformationMessage(vscode.l10n.t('Docsmith removed the {0} API key.', PROVIDERS[provider].displayName));
  return true;
}
