import * as vscode from 'vscode';
import { PROVIDER_IDS, type ProviderId } from '../../core/providers/types';
import type { SecretKeyStore } from '../adapters/secretKeyStore';
import { KEYED_PROVIDERS, PROVIDER_LABELS } from '../providerLabels';

/** `docsmith.clearApiKey`: removes one provider's key from SecretStorage (asks which when several are stored). */
export async function clearApiKey(keys: SecretKeyStore, providerArg?: unknown): Promise<boolean> {
  let provider: ProviderId | undefined;
  if (typeof providerArg === 'string' && (PROVIDER_IDS as readonly string[]).includes(providerArg)) {
    provider = providerArg as ProviderId;
  } else {
    const stored: ProviderId[] = [];
    for (const p of KEYED_PROVIDERS) if (await keys.has(p)) stored.push(p);
    if (stored.length === 0) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Docsmith has no API keys stored.'));
      return false;
    }
    const picked = await vscode.window.showQuickPick(
      stored.map((p) => ({ label: PROVIDER_LABELS[p].displayName, description: p, provider: p })),
      { title: vscode.l10n.t('Docsmith: Clear API Key'), placeHolder: vscode.l10n.t('Remove the stored key of which provider?') },
    );
    provider = picked?.provider;
  }
  if (!provider) return false;
  await keys.delete(provider);
  void vscode.window.showInformationMessage(vscode.l10n.t('Docsmith removed the {0} API key.', PROVIDER_LABELS[provider].displayName));
  return true;
}
