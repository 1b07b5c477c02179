import * as vscode from 'vscode';
import type { ProviderId } from '../../core/providers/types';
import type { SecretKeyStore } from '../adapters/secretKeyStore';
import { KEYED_PROVIDER_IDS, PROVIDERS } from '../../core/providers/providerInfo';

/** Quick pick of the providers that take a key, marking those that already have one stored. */
export async function pickKeyedProvider(keys: SecretKeyStore, placeHolder: string): Promise<ProviderId | undefined> {
  const items = await Promise.all(
    KEYED_PROVIDER_IDS.map(async (p) => ({
      label: PROVIDERS[p].displayName,
      description: (await keys.has(p)) ? vscode.l10n.t('$(key) key stored') : '',
      provider: p,
    })),
  );
  const picked = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Docsmith: Set API Key'), placeHolder });
  return picked?.provider;
}
