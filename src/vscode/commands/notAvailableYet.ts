import * as vscode from 'vscode';

/** For a command whose engine is not in this build: say so plainly; never pretend to succeed. */
export function notAvailableYet(title: string): () => Promise<void> {
  return async () => {
    await vscode.window.showWarningMessage(vscode.l10n.t('Docsmith: {0} is not available yet in this build.', title));
  };
}
