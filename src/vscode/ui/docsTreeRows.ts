/**
 * The shape of the Docsmith Docs view — which rows there are, in which order, under which parent —
 * and which rows changed since the view last showed them. No `vscode` import: unit-tested in plain
 * Node.
 *
 * VS Code keeps a folder expanded across a refresh only while the row stays in its parent's
 * children at every step of the refresh. Refreshing the whole tree while VS Code is still fetching
 * the children of expanded rows from the previous refresh makes it forget those rows (the extension
 * host no longer knows the handles it asks about and answers with no children), and they come
 * back collapsed. So the view hands VS Code the same node object for the same row every time and
 * refreshes only the rows whose text or children changed: an update that changed nothing (a save
 * often arrives as two file events) refreshes nothing, and a saved file refreshes its row and the
 * rows above it, not the tree.
 */
import { countStates, type DocCounts, type DocStatus } from '../../core/docs/docStatus';
import { ARCHITECTURE_PAGE, OVERVIEW_PAGE } from '../../core/docs/pagePaths';
import { countsLine, pageDescription, pageLabel, pageTooltipMarkdown } from './docsViewText';

/** A node of the tree: a workspace folder (multi-root only), a folder's guides, or one page of a folder. */
export type DocsNode = { type: 'folder'; folderKey: string } | { type: 'guides'; folderKey: string } | { type: 'page'; folderKey: string; page: string };

/** What the view reads of a folder's live docs state. */
export interface TreeDocsState {
  readonly hasDocs: boolean;
  statuses(): readonly DocStatus[];
  status(pagePath: string): DocStatus | undefined;
  childrenOf(pagePath: string): readonly string[];
  counts(): DocCounts;
}

/** One workspace folder with docs, as the view lists it. */
export interface TreeFolder {
  /** The folder's URI as a string: part of every row id. */
  key: string;
  name: string;
  state: TreeDocsState;
}

/** What to tell VS Code after an update: the whole tree, some rows, or nothing. */
export type TreeChange = { all: true } | { all: false; nodes: DocsNode[] };

/** The row id VS Code keeps a row's expanded state under. */
export function nodeId(node: DocsNode): string {
  if (node.type === 'folder') return node.folderKey;
  return node.type === 'guides' ? `${node.folderKey}#guides` : `${node.folderKey}#${node.page}`;
}

interface RowShot {
  /** Everything the row shows: label, description, icon state, tooltip. */
  text: string;
  /** Ids of its children, in order. */
  children: string;
}

export class DocsTreeRows {
  /** One node object per row id, handed out for as long as the row exists. */
  private readonly nodes = new Map<string, DocsNode>();
  /** What each row showed at the last {@link update}; undefined before the first. */
  private shown: Map<string, RowShot> | undefined;
  private rootShown = '';

  /**
   * The children of a node (the top level without one). `multiRoot`: the workspace has several
   * folders, so each folder with docs is a row of its own.
   */
  children(folders: readonly TreeFolder[], multiRoot: boolean, node?: DocsNode): DocsNode[] {
    if (!node) {
      const withDocs = folders.filter((f) => f.state.hasDocs);
      if (withDocs.length === 1 && !multiRoot) return this.topLevel(withDocs[0]);
      return withDocs.map((f) => this.node({ type: 'folder', folderKey: f.key }));
    }
    const folder = folders.find((f) => f.key === node.folderKey);
    if (!folder) return [];
    if (node.type === 'folder') return this.topLevel(folder);
    if (node.type === 'guides') return this.pages(folder, guidesOf(folder.state));
    if (folder.state.status(node.page)?.kind !== 'folder') return [];
    return this.pages(folder, folder.state.childrenOf(node.page));
  }

  /**
   * Compares every row with what it showed at the last update and says what VS Code must fetch
   * again: the whole tree when the top level changed (or on the first call), else the rows whose
   * text or children changed.
   */
  update(folders: readonly TreeFolder[], multiRoot: boolean): TreeChange {
    const shot = new Map<string, RowShot>();
    const changed: DocsNode[] = [];
    const top = this.children(folders, multiRoot);
    const rootShot = top.map(nodeId).join('\n');
    const walk = (nodes: readonly DocsNode[]): void => {
      for (const node of nodes) {
        const id = nodeId(node);
        const children = this.children(folders, multiRoot, node);
        const row: RowShot = { text: rowText(folders, node), children: children.map(nodeId).join('\n') };
        shot.set(id, row);
        const before = this.shown?.get(id);
        if (before && (before.text !== row.text || before.children !== row.children)) changed.push(node);
        walk(children);
      }
    };
    walk(top);
    const all = this.shown === undefined || rootShot !== this.rootShown;
    this.shown = shot;
    this.rootShown = rootShot;
    for (const id of [...this.nodes.keys()]) if (!shot.has(id)) this.nodes.delete(id);
    return all ? { all: true } : { all: false, nodes: changed };
  }

  /** Overview and architecture first, then the guides, then the root's folders and files. */
  private topLevel(folder: TreeFolder): DocsNode[] {
    const folderKey = folder.key;
    const summaries = [OVERVIEW_PAGE, ARCHITECTURE_PAGE].filter((p) => folder.state.status(p)).map((page) => this.node({ type: 'page', folderKey, page }));
    const guides = guidesOf(folder.state).length > 0 ? [this.node({ type: 'guides', folderKey })] : [];
    return [...summaries, ...guides, ...this.pages(folder, folder.state.childrenOf(OVERVIEW_PAGE))];
  }

  /** Folders before files, each sorted by name, as the Explorer shows them. */
  private pages(folder: TreeFolder, pages: readonly string[]): DocsNode[] {
    const rows = pages.flatMap((page) => {
      const status = folder.state.status(page);
      return status ? [{ page, folder: status.kind === 'folder', name: pageLabel(status).toLowerCase() }] : [];
    });
    rows.sort((a, b) => Number(b.folder) - Number(a.folder) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return rows.map((r) => this.node({ type: 'page', folderKey: folder.key, page: r.page }));
  }

  /** The node object already handed out for this row, or this one. */
  private node(candidate: DocsNode): DocsNode {
    const id = nodeId(candidate);
    const known = this.nodes.get(id);
    if (known) return known;
    this.nodes.set(id, candidate);
    return candidate;
  }
}

/** The guide pages of a folder's docs, in the order of their paths. */
export function guidesOf(state: TreeDocsState): string[] {
  return state.statuses().filter((s) => s.kind === 'guide').map((s) => s.path);
}

/** Everything a row shows, as one string to compare. */
function rowText(folders: readonly TreeFolder[], node: DocsNode): string {
  const folder = folders.find((f) => f.key === node.folderKey);
  if (!folder) return '';
  const state = folder.state;
  if (node.type === 'folder') return `${folder.name}\n${countsLine(state.counts())}`;
  if (node.type === 'guides') return countsLine(countStates(guidesOf(state).flatMap((p) => state.status(p) ?? [])));
  const status = state.status(node.page);
  return status ? [status.kind, status.state, pageLabel(status), pageDescription(status), pageTooltipMarkdown(status)].join('\n') : '';
}
