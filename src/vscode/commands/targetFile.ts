import * as path from 'node:path';
import * as vscode from 'vscode';

/** The file a per-file command works on: the context-menu resource, else the active editor's file. */
export interface TargetFile {
  document: vscode.TextDocument;
  folder: vscode.WorkspaceFolder;
  /** Workspace-relative, `/` separators. */
  relativePath: string;
  /** 1-based inclusive lines of a non-empty selection in the active editor. */
  selection?: { startLine: number; endLine: number };
}

export async function targetFile(uriArg: unknown, what: string): Promise<TargetFile | undefined> {
  const editor = vscode.window.activeTextEditor;
  const uri = uriArg instanceof vscode.Uri ? uriArg : editor?.document.uri;
  if (!uri || uri.scheme !== 'file') {
    void vscode.window.showWarningMessage(vscode.l10n.t('Docsmith: open a file from the workspace to {0}.', what));
    return undefined;
  }
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  if (!folder) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Docsmith works on files inside an open workspace folder; {0} is outside.', path.basename(uri.fsPath)));
    return undefined;
  }
  const document = await vscode.workspace.openTextDocument(uri);
  const relativePath = path.relative(folder.uri.fsPath, uri.fsPath).split(path.sep).join('/');
  let selection: TargetFile['selection'];
  if (editor && editor.document.uri.toString() === uri.toString() && !editor.selection.isEmpty) {
    const { start, end } = editor.selection;
    // A selection ending at column 0 of a line does not include that line.
    const endLine = end.character === 0 && end.line > start.line ? end.line : end.line + 1;
    selection = { startLine: start.line + 1, endLine };
  }
  return { document, folder, relativePath, selection };
}
