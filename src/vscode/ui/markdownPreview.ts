import * as vscode from 'vscode';

/** Opens a Markdown file in VS Code's preview (the file itself when no preview is available). */
export async function showMarkdownPreview(uri: vscode.Uri): Promise<void> {
  try {
    await vscode.commands.executeCommand('markdown.showPreview', uri);
  } catch {
    await vscode.window.showTextDocument(uri);
  }
}
