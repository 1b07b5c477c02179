import * as vscode from 'vscode';
import { countStates, type DocStatus } from '../../core/docs/docStatus';
import type { DocsStateHub, FolderDocs } from '../adapters/docsStateHub';
import { countsLine, pageDescription, pageLabel, pageTooltipMarkdown, STATE_ICONS } from './docsViewText';
import { DocsTreeRows, guidesOf, nodeId, type DocsNode, type TreeFolder } from './docsTreeRows';

export type { DocsNode } from './docsTreeRows';

/** Context key: true when no folder has docs yet (the view shows its welcome content). */
const EMPTY_KEY = 'docsmith.docs.empty';

/**
 * `docsmith.docs`: the overview, architecture, then the folders and files of the workspace as the
 * pages mirror them, each with its state and cost. A click opens the page's preview (the source
 * for a page not written yet); context actions regenerate a page or open its source. The view
 * itself is created at activation (`src/extension.ts`), before this code is loaded; its data
 * provider hands the calls on to this one.
 */
export class DocsTreeProvider implements vscode.TreeDataProvider<DocsNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<DocsNode[] | undefined>();
  private readonly rows = new DocsTreeRows();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly disposables: vscode.Disposable[];

  constructor(
    private readonly hub: DocsStateHub,
    private readonly view: Pick<vscode.TreeView<DocsNode>, 'message' | 'description'>,
  ) {
    this.disposables = [this.changed, hub.onDidChange(() => this.refresh())];
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
    const change = this.rows.update(this.treeFolders(), this.multiRoot());
    if (change.all) this.changed.fire(undefined);
    else if (change.nodes.length > 0) this.changed.fire(change.nodes);
  }

  private treeFolders(): TreeFolder[] {
    return this.hub.loaded().map((f) => ({ key: f.folder.uri.toString(), name: f.folder.name, state: f.state }));
  }

  private multiRoot(): boolean {
    return (vscode.workspace.workspaceFolders?.length ?? 0) !== 1;
  }

  private folderOf(key: string): FolderDocs | undefined {
    return this.hub.loaded().find((f) => f.folder.uri.toString() === key);
  }

  getChildren(node?: DocsNode): DocsNode[] {
    return this.rows.children(this.treeFolders(), this.multiRoot(), node);
  }

  getTreeItem(node: DocsNode): vscode.TreeItem {
    const docs = this.folderOf(node.folderKey);
    if (node.type === 'guides') {
      const item = new vscode.TreeItem(vscode.l10n.t('Guides'), vscode.TreeItemCollapsibleState.Expanded);
      item.id = nodeId(node);
      item.iconPath = new vscode.ThemeIcon('book');
      const guides = docs ? guidesOf(docs.state).flatMap((p) => docs.state.status(p) ?? []) : [];
      item.description = countsLine(countStates(guides)) || vscode.l10n.t('all fresh');
      item.tooltip = vscode.l10n.t('Answers to questions about the code (Docsmith: Write a Guide…); a guide is stale when a file it read changed');
      return item;
    }
    if (node.type === 'folder') {
      const item = new vscode.TreeItem(docs?.folder.name ?? '', vscode.TreeItemCollapsibleState.Expanded);
      item.id = nodeId(node);
      item.iconPath = new vscode.ThemeIcon('root-folder');
      if (docs) item.description = countsLine(docs.state.counts()) || vscode.l10n.t('all fresh');
      return item;
    }
    const status = docs?.state.status(node.page);
    if (!docs || !status) {
      // Gone since VS Code listed it: the same id, so VS Code replaces the row rather than adding one.
      const gone = new vscode.TreeItem(node.page.slice(node.page.lastIndexOf('/') + 1));
      gone.id = nodeId(node);
      return gone;
    }
    const item = new vscode.TreeItem(pageLabel(status), status.kind === 'folder' ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    item.id = nodeId(node);
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
