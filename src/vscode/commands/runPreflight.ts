import * as vscode from 'vscode';
import type { ProviderId } from '../../core/providers/types';
import type { SecretKeyStore } from '../adapters/secretKeyStore';
import { CommandId } from '../commandIds';
import { PROVIDERS } from '../../core/providers/providerInfo';

/** In Restricted Mode no file content may be sent: say so and offer to manage trust. */
export async function ensureTrusted(): Promise<boolean> {
  if (vscode.workspace.isTrusted) return true;
  const manage = vscode.l10n.t('Manage Workspace Trust');
  const answer = await vscode.window.showWarningMessage(
    vscode.l10n.t('Docsmith sends file contents to a model only in a trusted workspace. Trust this workspace to generate documentation.'),
    manage,
  );
  if (answer === manage) await vscode.commands.executeCommand('workbench.trust.manage');
  return false;
}

/** The folder to document: the only one, or the one the user picks; undefined with a message when none is open. */
export async function pickWorkspaceFolder(placeHolder = vscode.l10n.t('Generate Docs for which folder?')): Promise<vscode.WorkspaceFolder | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 0) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Docsmith: open a folder first — Generate Docs documents a workspace folder.'));
    return undefined;
  }
  if (folders.length === 1) return folders[0];
  return vscode.window.showWorkspaceFolderPick({ placeHolder });
}

/** A provider that needs a key and has none: "No API key for …" with a Set API Key button. */
export async function ensureKey(keys: SecretKeyStore, provider: ProviderId): Promise<boolean> {
  const label = PROVIDERS[provider];
  if (!label.key.required || (await keys.has(provider))) return true;
  const setKey = vscode.l10n.t('Set API Key');
  const answer = await vscode.window.showErrorMessage(vscode.l10n.t('No API key for {0}', label.displayName), setKey);
  if (answer === setKey) await vscode.commands.executeCommand(CommandId.setApiKey, provider);
  return false;
}

/** `files.exclude` globs that are switched on for a folder. */
export function enabledFilesExclude(folder: vscode.WorkspaceFolder): string[] {
  const value = vscode.workspace.getConfiguration('files', folder.uri).get<Record<string, unknown>>('exclude') ?? {};
  return Object.entries(value).filter(([, on]) => on === true).map(([glob]) => glob);
}
