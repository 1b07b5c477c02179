import * as path from 'node:path';
import * as vscode from 'vscode';
import { OVERVIEW_PAGE } from '../../core/docs/pagePaths';
import { readConfig } from '../adapters/settings';
import { CommandId } from '../commandIds';
import { showMarkdownPreview } from '../ui/markdownPreview';
import { pickWorkspaceFolder } from './runPreflight';

/** `docsmith.openDocs`: the overview's preview; an offer to generate the docs when there are none. */
export async function openDocs(): Promise<void> {
  const active = vscode.window.activeTextEditor?.document.uri;
  const folder = (active && vscode.workspace.getWorkspaceFolder(active)) || (await pickWorkspaceFolder(vscode.l10n.t('Open the docs of which folder?')));
  if (!folder) return;
  const overview = vscode.Uri.file(path.resolve(folder.uri.fsPath, readConfig(folder.uri).outputDirectory, OVERVIEW_PAGE));
  const exists = await vscode.workspace.fs.stat(overview).then(
    () => true,
    () => false,
  );
  if (exists) return showMarkdownPreview(overview);
  const generate = vscode.l10n.t('Generate Docs');
  const answer = await vscode.window.showInformationMessage(vscode.l10n.t('Docsmith: there are no docs for {0} yet.', folder.name), generate);
  if (answer === generate) await vscode.commands.executeCommand(CommandId.generateDocs);
}
