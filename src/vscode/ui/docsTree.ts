import * as vscode from 'vscode';
import { countStates, type DocStatus } from '../../core/docs/docStatus';
import { ARCHITECTURE_PAGE, OVERVIEW_PAGE } from '../../core/docs/pagePaths';
import type { DocsStateHub, FolderDocs } from '../adapters/docsStateHub';
import { countsLine, pageDescription, pageLabel, pageTooltipMarkdown, STATE_ICONS } from './docsViewText';

export const DOCS_VIEW_ID = 'docsmith.docs';
/** Context key: true when no folder has docs yet (the view shows its welcome content). */
const EMPTY_KEY = 'docsmith.docs.empty';

/** A node of the tree: a workspace folder (multi-root only), a folder's guides, or one page of a folder. */
export type DocsNode = { type: 'folder'; folderKey: string } | { type: 'guides'; folderKey: string } | { type: 'page'; folderKey: string; page: string };

/**
 * `docsmith.docs`: the overview, architecture, then the folders and files of the workspace as the
 * pages mirror them, each with its state and cost. A click opens the page's preview (the source
 * for a page not written yet); context actions regenerate a page or open its source.
 */
export class DocsTreeProvider implements vscode.TreeDataProvider<DocsNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<DocsNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly view: vscode.TreeView<DocsNode>;
  private readonly disposables: vscode.Disposable[];

  constructor(private readonly hub: DocsStateHub) {
    this.view = vscode.window.createTreeView(DOCS_VIEW_ID, { treeDataProvider: this, showCollapseAll: true });
    this.disposables = [this.changed, this.view, hub.onDidChange(() => this.refresh())];
    this.refresh();
  }

  /** The node a context action was invoked on, as its folder and page status. */
  resolve(node: DocsNode | undefined): (FolderDocs & { status: DocStatus }) | undefined {
    if (node?.type !== 'page') return undefined;
    const docs = this.folderOf(node.folderKey);
    const status = docs?.state.status(node.page);
    return docs && status ? { ...docs, status } : undefined;
  }

  private refresh(): void {
    const withDocs = this.hub.loaded().filter((f) => f.state.hasDocs);
    void vscode.commands.executeCommand('setContext', EMPTY_KEY, !this.hub.loading && withDocs.length === 0);
    this.view.message = this.hub.loading && withDocs.length === 0 ? vscode.l10n.t('Reading the docs…') : undefined;
    const counts = withDocs.map((f) => f.state.counts()).reduce((a, c) => ({ stale: a.stale + c.stale, missing: a.missing + c.missing, failed: a.failed + c.failed }), { stale: 0, missing: 0, failed: 0 });
    this.view.description = countsLine(counts) || undefined;
    this.changed.fire(undefined);
  }

  private folderOf(key: string): FolderDocs | undefined {
    return this.hub.loaded().find((f) => f.folder.uri.toString() === key);
  }

  getChildren(node?: DocsNode): DocsNode[] {
    if (!node) {
      const folders = this.hub.loaded().filter((f) => f.state.hasDocs);
      if (folders.length === 1 && (vscode.workspace.workspaceFolders?.length ?? 0) === 1) return this.topLevel(folders[0]);
      return folders.map((f) => ({ type: 'folder', folderKey: f.folder.uri.toString() }));
    }
    const docs = this.folderOf(node.folderKey);
    if (!docs) return [];
    if (node.type === 'folder') return this.topLevel(docs);
    if (node.type === 'guides') return this.children(docs, guidesOf(docs));
    const status = docs.state.status(node.page);
    if (status?.kind !== 'folder') return [];
    return this.children(docs, docs.state.childrenOf(node.page));
  }

  /** Overview and architecture first, then the guides, then the root's folders and files. */
  private topLevel(docs: FolderDocs): DocsNode[] {
    const folderKey = docs.folder.uri.toString();
    const summaries = [OVERVIEW_PAGE, ARCHITECTURE_PAGE].filter((p) => docs.state.status(p)).map((page): DocsNode => ({ type: 'page', folderKey, page }));
    const guides: DocsNode[] = guidesOf(docs).length > 0 ? [{ type: 'guides', folderKey }] : [];
    return [...summaries, ...guides, ...this.children(docs, docs.state.childrenOf(OVERVIEW_PAGE))];
  }

  /** Folders before files, each sorted by name, as the Explorer shows them. */
  private children(docs: FolderDocs, pages: readonly string[]): DocsNode[] {
    const folderKey = docs.folder.uri.toString();
    const rows = pages.flatMap((page) => {
      const status = docs.state.status(page);
      return status ? [{ page, folder: status.kind === 'folder', name: pageLabel(status).toLowerCase() }] : [];
    });
    rows.sort((a, b) => Number(b.folder) - Number(a.folder) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return rows.map((r) => ({ type: 'page', folderKey, page: r.page }));
  }

  getTreeItem(node: DocsNode): vscode.TreeItem {
    const docs = this.folderOf(node.folderKey);
    if (node.type === 'guides') {
      const item = new vscode.TreeItem(vscode.l10n.t('Guides'), vscode.TreeItemCollapsibleState.Expanded);
      item.id = `${node.folderKey}#guides`;
      item.iconPath = new vscode.ThemeIcon('book');
      const guides = docs ? guidesOf(docs).flatMap((p) => docs.state.status(p) ?? []) : [];
      item.description = countsLine(countStates(guides)) || vscode.l10n.t('all fresh');
      item.tooltip = vscode.l10n.t('Answers to questions about the code (Docsmith: Write a Guide…); a guide is stale when a file it read changed');
      return item;
    }
    if (node.type === 'folder' || !docs) {
      const item = new vscode.TreeItem(docs?.folder.name ?? '', vscode.TreeItemCollapsibleState.Expanded);
      item.id = node.folderKey;
      item.iconPath = new vscode.ThemeIcon('root-folder');
      if (docs) item.description = countsLine(docs.state.counts()) || vscode.l10n.t('all fresh');
      return item;
    }
    const status = docs.state.status(node.type === 'page' ? node.page : '');
    if (!status) return new vscode.TreeItem('');
    const item = new vscode.TreeItem(pageLabel(status), status.kind === 'folder' ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    item.id = `${node.folderKey}#${status.path}`;
    item.description = pageDescription(status);
    const icon = STATE_ICONS[status.state];
    item.iconPath = new vscode.ThemeIcon(icon.icon, icon.color ? new vscode.ThemeColor(icon.color) : undefined);
    const tooltip = new vscode.MarkdownString(pageTooltipMarkdown(status));
    tooltip.isTrusted = false;
    item.tooltip = tooltip;
    item.accessibilityInformation = { label: `${pageLabel(status)}, ${pageDescription(status)}` };
    item.contextValue = `docsmith.page.${status.kind}.${status.state}`;
    const written = status.state === 'fresh' || status.state === 'stale' || status.state === 'notOwned' || (status.state === 'failed' && status.entry !== undefined);
    if (written) {
      item.command = { command: 'markdown.showPreview', title: vscode.l10n.t('Open Preview'), arguments: [vscode.Uri.file(docs.state.pageFile(status.path))] };
    } else if (status.kind === 'file') {
      item.command = { command: 'vscode.open', title: vscode.l10n.t('Open Source'), arguments: [vscode.Uri.joinPath(docs.folder.uri, ...status.subject.split('/'))] };
    }
    return item;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

/** The guide pages of a folder's docs, in the order of their paths. */
function guidesOf(docs: FolderDocs): string[] {
  return docs.state.statuses().filter((s) => s.kind === 'guide').map((s) => s.path);
}
