import * as vscode from 'vscode';
import type { DocRunSummary } from '../../core/docs/runSummary';
import type { DocsStateHub } from '../adapters/docsStateHub';
import { CommandId } from '../commandIds';
import { countsLine } from '../ui/docsViewText';
import { generateDocs, type GenerateDocsDeps, type WorkspaceRunRequest } from './generateDocs';
import { pickWorkspaceFolder } from './runPreflight';

/**
 * `docsmith.updateStaleDocs`: regenerates the stale, missing and failed pages (and, as every run
 * does, the folder, architecture and overview pages above them) with the estimate and the cap of a
 * normal run. With a source file (the editor's "Docs stale — Update"), only that file's page and
 * the pages above it.
 */
export async function updateStaleDocs(deps: GenerateDocsDeps & { hub: DocsStateHub }, target?: unknown): Promise<DocRunSummary | undefined> {
  const source = target instanceof vscode.Uri ? target : undefined;
  const folder = (source && vscode.workspace.getWorkspaceFolder(source)) || (await pickWorkspaceFolder(vscode.l10n.t('Update the stale docs of which folder?')));
  if (!folder) return undefined;
  await deps.hub.settled();
  const docs = deps.hub.forUri(folder.uri);
  const request: WorkspaceRunRequest = { folder, title: vscode.l10n.t('Docsmith: Update Stale Docs'), label: vscode.l10n.t('Update Stale Docs'), command: CommandId.updateStaleDocs, args: source ? [source] : [] };
  if (docs && !docs.state.hasDocs) {
    const generate = vscode.l10n.t('Generate Docs');
    const answer = await vscode.window.showInformationMessage(vscode.l10n.t('Docsmith: there are no docs for {0} yet.', folder.name), generate);
    if (answer === generate) await vscode.commands.executeCommand(CommandId.generateDocs);
    return undefined;
  }
  if (docs && source) {
    const rel = docs.state.sourcePath(source.fsPath);
    const page = rel === undefined ? undefined : docs.state.pageOfSource(rel);
    if (page) request.only = { pages: docs.state.pagesAbove(page) };
  }
  if (docs && !request.only && countsLine(docs.state.counts()) === '') {
    void vscode.window.showInformationMessage(vscode.l10n.t('Docsmith: the docs of {0} are up to date.', folder.name));
    return undefined;
  }
  return generateDocs(deps, request);
}
