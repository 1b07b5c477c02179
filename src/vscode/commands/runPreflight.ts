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

/** A command to run again once what stopped it is fixed: its name for the button, and how to start it. */
export interface Resume {
  label: string;
  run: () => Thenable<unknown>;
}

/** A provider that needs a key and has none: "No API key for …" with Set API Key, then an offer to resume. */
export async function ensureKey(keys: SecretKeyStore, provider: ProviderId, resume?: Resume): Promise<boolean> {
  const label = PROVIDERS[provider];
  if (!label.key.required || (await keys.has(provider))) return true;
  const setKey = vscode.l10n.t('Set API Key');
  const answer = await vscode.window.showErrorMessage(vscode.l10n.t('No API key for {0}', label.displayName), setKey);
  if (answer === setKey) await setKeyThenOfferResume(provider, resume);
  return false;
}

/**
 * Runs Set API Key for `provider`; once a key is stored, says so with a button that resumes the
 * command that needed it (instead of Set API Key's own message).
 */
export async function setKeyThenOfferResume(provider: ProviderId, resume?: Resume): Promise<void> {
  const stored = await vscode.commands.executeCommand<boolean>(CommandId.setApiKey, provider, undefined, resume ? { quiet: true } : undefined);
  if (!stored || !resume) return;
  const button = vscode.l10n.t('Resume {0}', resume.label);
  const answer = await vscode.window.showInformationMessage(vscode.l10n.t("Docsmith stored your {0} API key in VS Code's secret storage.", PROVIDERS[provider].displayName), button);
  if (answer === button) await resume.run();
}

/** `files.exclude` globs that are switched on for a folder. */
export function enabledFilesExclude(folder: vscode.WorkspaceFolder): string[] {
  const value = vscode.workspace.getConfiguration('files', folder.uri).get<Record<string, unknown>>('exclude') ?? {};
  return Object.entries(value).filter(([, on]) => on === true).map(([glob]) => glob);
}
