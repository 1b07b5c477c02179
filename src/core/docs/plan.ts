/**
 * The page tree of a workspace run, deterministic for a given set of files and imports:
 * one page per source file, one README per folder, ARCHITECTURE.md and the root README (overview
 * and index). Pages come in bottom-up order and carry their real prerequisites for the scheduler.
 *
 * Prerequisites, decided on purpose:
 * - a file page waits for nothing. Its prompt gets the exported names of the files it imports
 *   straight from the parser, which needs no model call, so the critical path stays short;
 * - a folder page waits for its direct children (file pages and subfolder pages), whose
 *   summaries its prompt contains;
 * - ARCHITECTURE.md waits for the folder pages down to depth 2 and the root files;
 * - the overview (root README) waits for the root's direct children only. It does not wait for
 *   ARCHITECTURE.md, so the two run side by side at the end.
 */
import { ARCHITECTURE_PAGE, OVERVIEW_PAGE, filePagePath, folderDepth, folderPagePath, parentFolder } from './pagePaths';
import { dependencyOrder, type ImportGraph } from './importGraph';

export type PageKind = 'file' | 'folder' | 'architecture' | 'overview';

export interface PlannedPage {
  /** Output-relative path of the page, e.g. `src/core/cost.ts.md`. */
  path: string;
  kind: PageKind;
  /** file: the source path; folder: the folder path; architecture/overview: `''`. */
  subject: string;
  /** Pages this page summarises and links (folder and overview pages). */
  children: string[];
  /** Pages that must be finished before this page is generated. */
  prerequisites: string[];
  /** Position in the bottom-up order. */
  order: number;
}

export interface DocPlan {
  /** Bottom-up: files (imports first, cycles together), folders deepest first, architecture, overview. */
  pages: PlannedPage[];
  byPath: Map<string, PlannedPage>;
  /** Page of each source file. */
  pageOfFile: Map<string, string>;
  /** Non-root folders that hold documented files, sorted. */
  folders: string[];
  graph: ImportGraph;
}

/** Folders deeper than this are not fed to the architecture prompt (their parents summarise them). */
export const ARCHITECTURE_FOLDER_DEPTH = 2;

export function planDocs(graph: ImportGraph): DocPlan {
  const files = graph.nodes;
  const folderSet = new Set<string>();
  for (const f of files) {
    for (let d = parentFolder(f); d !== ''; d = parentFolder(d)) folderSet.add(d);
  }
  const folders = [...folderSet].sort();
  const reserved = new Set<string>([OVERVIEW_PAGE, ARCHITECTURE_PAGE, ...folders.map(folderPagePath)]);

  const pageOfFile = new Map<string, string>();
  for (const f of files) {
    const natural = filePagePath(f);
    pageOfFile.set(f, reserved.has(natural) ? `${f}.file.md` : natural);
  }

  const childrenOf = new Map<string, string[]>([['', []]]);
  for (const d of folders) childrenOf.set(d, []);
  for (const f of files) childrenOf.get(parentFolder(f))!.push(pageOfFile.get(f)!);
  for (const d of folders) childrenOf.get(parentFolder(d))!.push(folderPagePath(d));
  for (const list of childrenOf.values()) list.sort();

  const pages: PlannedPage[] = [];
  const add = (page: Omit<PlannedPage, 'order'>): void => {
    pages.push({ ...page, order: pages.length });
  };
  for (const f of dependencyOrder(graph)) {
    add({ path: pageOfFile.get(f)!, kind: 'file', subject: f, children: [], prerequisites: [] });
  }
  const bottomUp = [...folders].sort((a, b) => folderDepth(b) - folderDepth(a) || (a < b ? -1 : a > b ? 1 : 0));
  for (const d of bottomUp) {
    const children = childrenOf.get(d)!;
    add({ path: folderPagePath(d), kind: 'folder', subject: d, children, prerequisites: [...children] });
  }
  const rootChildren = childrenOf.get('')!;
  const archPrereqs = [
    ...folders.filter((d) => folderDepth(d) <= ARCHITECTURE_FOLDER_DEPTH).map(folderPagePath),
    ...files.filter((f) => parentFolder(f) === '').map((f) => pageOfFile.get(f)!),
  ].sort();
  add({ path: ARCHITECTURE_PAGE, kind: 'architecture', subject: '', children: archPrereqs, prerequisites: archPrereqs });
  add({ path: OVERVIEW_PAGE, kind: 'overview', subject: '', children: rootChildren, prerequisites: [...rootChildren] });

  return { pages, byPath: new Map(pages.map((p) => [p.path, p])), pageOfFile, folders, graph };
}

/** Length (in pages) of the longest prerequisite chain: the lower bound on sequential rounds. */
export function criticalPathLength(pages: readonly PlannedPage[]): number {
  const depth = new Map<string, number>();
  for (const p of pages) {
    // Pages are in bottom-up order, so prerequisites always come first.
    const d = 1 + Math.max(0, ...p.prerequisites.map((q) => depth.get(q) ?? 0));
    depth.set(p.path, d);
  }
  return Math.max(0, ...depth.values());
}
