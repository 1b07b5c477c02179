import * as vscode from 'vscode';
import { CommandId } from '../commandIds';
import type { DocRunSummary } from '../../core/docs/runSummary';
import type { DocsNode, DocsTreeProvider } from '../ui/docsTree';
import { generateDocs, type GenerateDocsDeps } from './generateDocs';

/** Regenerate Page (Docs view): that page alone, even when it is fresh, with the estimate and the cap. */
export async function regeneratePage(deps: GenerateDocsDeps, tree: DocsTreeProvider, node: unknown): Promise<DocRunSummary | undefined> {
  const target = tree.resolve(node as DocsNode | undefined);
  if (!target) return undefined;
  return generateDocs(deps, { folder: target.folder, only: { pages: [target.status.path], force: true }, title: vscode.l10n.t('Docsmith: Regenerate Page'), label: vscode.l10n.t('Regenerate Page'), command: CommandId.regeneratePage, args: [node] });
}

/** Open Source (Docs view): a file page's source in the editor, a folder page's folder in the Explorer. */
export async function openPageSource(tree: DocsTreeProvider, node: unknown): Promise<void> {
  const target = tree.resolve(node as DocsNode | undefined);
  if (!target || (target.status.kind !== 'file' && target.status.kind !== 'folder')) return;
  const uri = vscode.Uri.joinPath(target.folder.uri, ...target.status.subject.split('/'));
  if (target.status.kind === 'file') await vscode.commands.executeCommand('vscode.open', uri);
  else await vscode.commands.executeCommand('revealInExplorer', uri);
}
