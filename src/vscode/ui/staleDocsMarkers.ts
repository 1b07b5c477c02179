import * as vscode from 'vscode';
import type { DocStatus } from '../../core/docs/docStatus';
import type { DocsStateHub } from '../adapters/docsStateHub';
import { CommandId } from '../commandIds';
import { STALE_LENS_TITLE, staleSourceBadge } from './docsViewText';

/** Theme colour of source files whose page is stale (contributed in package.json). */
const STALE_COLOR = 'docsmith.staleDocForeground';

/** The page status of a source file, when the file is documented. */
function sourceStatus(hub: DocsStateHub, uri: vscode.Uri): DocStatus | undefined {
  if (uri.scheme !== 'file') return undefined;
  const docs = hub.forUri(uri);
  if (!docs?.state.hasDocs) return undefined;
  const rel = docs.state.sourcePath(uri.fsPath);
  const page = rel === undefined ? undefined : docs.state.pageOfSource(rel);
  return page === undefined ? undefined : docs.state.status(page);
}

/**
 * A badge on source files whose page is stale, propagated to their folders as Git's decorations
 * are. After each update only the files whose badge came or went are announced.
 */
export class StaleFileDecorations implements vscode.FileDecorationProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri[]>();
  readonly onDidChangeFileDecorations = this.changed.event;
  private marked = new Map<string, vscode.Uri>();
  private readonly disposables: vscode.Disposable[];

  constructor(private readonly hub: DocsStateHub) {
    this.disposables = [this.changed, vscode.window.registerFileDecorationProvider(this), hub.onDidChange(() => this.refresh())];
  }

  private refresh(): void {
    const now = new Map<string, vscode.Uri>();
    for (const { folder, state } of this.hub.loaded()) {
      if (!state.hasDocs) continue;
      for (const status of state.statuses()) {
        if (!staleSourceBadge(status)) continue;
        const uri = vscode.Uri.joinPath(folder.uri, ...status.subject.split('/'));
        now.set(uri.toString(), uri);
      }
    }
    const flipped = [...now.entries()].filter(([k]) => !this.marked.has(k)).map(([, u]) => u);
    for (const [k, u] of this.marked) if (!now.has(k)) flipped.push(u);
    this.marked = now;
    if (flipped.length > 0) this.changed.fire(flipped);
  }

  provideFileDecoration(uri: vscode.Uri): vscode.FileDecoration | undefined {
    const badge = staleSourceBadge(sourceStatus(this.hub, uri));
    if (!badge) return undefined;
    const decoration = new vscode.FileDecoration(badge.badge, badge.tooltip, new vscode.ThemeColor(STALE_COLOR));
    decoration.propagate = true;
    return decoration;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

/** "Docs stale — Update" above the first line of an open source file whose page is stale. */
export class StaleDocsLens implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly disposables: vscode.Disposable[];

  constructor(private readonly hub: DocsStateHub) {
    this.disposables = [this.changed, vscode.languages.registerCodeLensProvider({ scheme: 'file' }, this), hub.onDidChange(() => this.changed.fire())];
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (!staleSourceBadge(sourceStatus(this.hub, document.uri))) return [];
    return [
      new vscode.CodeLens(new vscode.Range(0, 0, 0, 0), {
        title: STALE_LENS_TITLE,
        tooltip: vscode.l10n.t('Regenerate this file’s page and the folder, architecture and overview pages above it'),
        command: CommandId.updateStaleDocs,
        arguments: [document.uri],
      }),
    ];
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
