import * as vscode from 'vscode';

export const PREVIEW_SCHEME = 'docsmith-preview';

/**
 * Read-only documents whose text grows as a model streams (Generate Docs for Current File, the
 * doc-comment diff). Read-only means closing one never asks to save. Updates are batched so a
 * fast stream does not redraw the editor for every token.
 */
export class StreamingPreviewProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly texts = new Map<string, string>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private counter = 0;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }

  /** A new document named like `fileName` (its extension picks the language). */
  create(fileName: string, text = ''): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: PREVIEW_SCHEME, path: `/${++this.counter}/${fileName}` });
    this.texts.set(uri.toString(), text);
    return uri;
  }

  append(uri: vscode.Uri, delta: string): void {
    this.texts.set(uri.toString(), (this.texts.get(uri.toString()) ?? '') + delta);
    this.schedule(uri);
  }

  replace(uri: vscode.Uri, text: string): void {
    this.texts.set(uri.toString(), text);
    this.flush(uri);
  }

  /** Forgets a document's text (after its tab is closed). */
  release(uri: vscode.Uri): void {
    const key = uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    this.texts.delete(key);
  }

  private schedule(uri: vscode.Uri): void {
    const key = uri.toString();
    if (this.timers.has(key)) return;
    this.timers.set(key, setTimeout(() => this.flush(uri), 120));
  }

  private flush(uri: vscode.Uri): void {
    const key = uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    this.changed.fire(uri);
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.changed.dispose();
  }
}

/** Closes the tabs showing `uri`, alone or as the right side of a diff (read-only previews close without a prompt). */
export async function closeTabsOf(uri: vscode.Uri): Promise<void> {
  const key = uri.toString();
  const tabs = vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .filter((t) => (t.input instanceof vscode.TabInputText && t.input.uri.toString() === key) || (t.input instanceof vscode.TabInputTextDiff && t.input.modified.toString() === key));
  if (tabs.length) await vscode.window.tabGroups.close(tabs);
}
