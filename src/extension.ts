import type * as vscode from 'vscode';

export function activate(_context: vscode.ExtensionContext): void {
  // Services are wired in by src/vscode; see the commands and status bar modules.
}

export function deactivate(): void {}
