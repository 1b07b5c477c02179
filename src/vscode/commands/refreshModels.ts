import * as vscode from 'vscode';
import type { ProviderHub } from '../adapters/providerHub';
import { readConfig } from '../adapters/settings';

/** `docsmith.refreshModels`: fetches the provider's list now, even when the cache is fresh. */
export async function refreshModels(hub: ProviderHub, onError: (error: unknown) => Promise<void>): Promise<number | undefined> {
  const { provider } = readConfig();
  const catalog = hub.catalog(provider);
  try {
    const snapshot = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Docsmith: refreshing the model list…') },
      () => catalog.refresh(),
    );
    if (snapshot.stale) {
      void vscode.window.showWarningMessage(
        vscode.l10n.t('Docsmith could not refresh the model list; showing the last list, fetched {0}.', new Date(snapshot.fetchedAt).toLocaleString()),
      );
    } else {
      void vscode.window.showInformationMessage(vscode.l10n.t('Docsmith: {0} models available.', snapshot.models.length));
    }
    return snapshot.models.length;
  } catch (error) {
    await onError(error);
    return undefined;
  }
}
