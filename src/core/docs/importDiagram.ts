/**
 * Mermaid diagrams of the import graph, drawn from the parser's edges and nothing else, made to
 * be read in a side preview: files are grouped into a `subgraph` per folder (the folder is the
 * title, each node shows only its file name), the direction follows the graph's shape (the
 * narrower layout wins), and one diagram never shows more than a readable number of nodes — a
 * larger graph is folded to folders, as deep as still fits, and each top-level folder's page gets
 * a diagram of its own.
 *
 * Only syntax that GitHub's and VS Code's Mermaid versions share is used: `flowchart`, quoted
 * labels, `subgraph id ["title"] … end`, and `-->|n|` edge labels.
 */
import type { ImportEdge, ImportGraph } from './importGraph';
import { stronglyConnectedComponents } from './importGraph';
import { parentFolder } from './pagePaths';

/** Nodes one diagram shows at most: beyond this, labels shrink below legibility in a side preview. */
export const MAX_DIAGRAM_NODES = 30;

export interface MermaidDiagram {
  /** `files` when every file is a node, `folders` when the graph was folded. */
  granularity: 'files' | 'folders';
  text: string;
  /** Edges between the nodes drawn (file or folder paths; `.` is the root folder). */
  edges: ImportEdge[];
  /** Nodes drawn. */
  nodeCount: number;
  direction: 'LR' | 'TB';
  /** For `folders`: how deep folders were kept (1 = top-level folders). */
  foldDepth?: number;
}

/** `a/b/c.ts` at depth 1 → `a`; a root file → `.`. */
function foldTo(file: string, depth: number): string {
  const folder = parentFolder(file);
  if (folder === '') return '.';
  return folder.split('/').slice(0, depth).join('/');
}

function maxFolderDepth(files: readonly string[]): number {
  return Math.max(1, ...files.map((f) => (parentFolder(f) === '' ? 0 : parentFolder(f).split('/').length)));
}

/** Folder-level edges at `depth`, each with the number of file imports it stands for. */
function foldedEdges(edges: readonly ImportEdge[], depth: number): { edges: ImportEdge[]; counts: Map<string, number> } {
  const counts = new Map<string, number>();
  for (const e of edges) {
    const from = foldTo(e.from, depth);
    const to = foldTo(e.to, depth);
    if (from === to) continue;
    counts.set(`${from}\0${to}`, (counts.get(`${from}\0${to}`) ?? 0) + 1);
  }
  const folded = [...counts.keys()].map((k) => {
    const [from, to] = k.split('\0');
    return { from, to };
  });
  return { edges: folded.sort((a, b) => cmp(a.from, b.from) || cmp(a.to, b.to)), counts };
}

const nodesOf = (edges: readonly ImportEdge[]): string[] => [...new Set(edges.flatMap((e) => [e.from, e.to]))].sort();

/**
 * The direction whose drawing is narrower: with `LR` the width grows with the number of layers
 * (the longest import chain), with `TB` with the widest layer.
 */
export function diagramDirection(nodes: readonly string[], edges: readonly ImportEdge[]): 'LR' | 'TB' {
  const successors = new Map<string, string[]>(nodes.map((n) => [n, []]));
  for (const e of edges) successors.get(e.from)?.push(e.to);
  // Components come out dependencies first; walking them backwards visits importers first.
  const components = stronglyConnectedComponents(nodes, (n) => successors.get(n) ?? []);
  const componentOf = new Map<string, number>();
  components.forEach((c, i) => c.forEach((n) => componentOf.set(n, i)));
  const level = new Array<number>(components.length).fill(0);
  for (let i = components.length - 1; i >= 0; i--) {
    for (const n of components[i]) {
      for (const to of successors.get(n) ?? []) {
        const j = componentOf.get(to)!;
        if (j !== i) level[j] = Math.max(level[j], level[i] + 1);
      }
    }
  }
  const perLevel = new Map<number, number>();
  components.forEach((c, i) => perLevel.set(level[i], (perLevel.get(level[i]) ?? 0) + c.length));
  const layers = perLevel.size;
  const widest = Math.max(0, ...perLevel.values());
  return layers < widest ? 'LR' : 'TB';
}

function label(text: string): string {
  return `"${text.replace(/"/g, '#quot;')}"`;
}

/** Renders nodes grouped by their folder into subgraphs; `isFolder` nodes get a trailing `/`. */
function render(nodes: readonly string[], edges: readonly ImportEdge[], counts: Map<string, number> | undefined, isFolder: boolean): { text: string; direction: 'LR' | 'TB' } {
  const direction = diagramDirection(nodes, edges);
  const ids = new Map(nodes.map((n, i) => [n, `n${i}`]));
  const groups = new Map<string, string[]>();
  for (const n of nodes) {
    const group = n === '.' ? '' : parentFolder(n);
    groups.set(group, [...(groups.get(group) ?? []), n]);
  }
  const nodeLine = (n: string, indent: string): string => {
    const name = n === '.' ? '(root)' : n.slice(n.lastIndexOf('/') + 1);
    return `${indent}${ids.get(n)}[${label(isFolder && n !== '.' ? `${name}/` : name)}]`;
  };
  const lines = [`flowchart ${direction}`];
  for (const n of groups.get('') ?? []) lines.push(nodeLine(n, '  '));
  [...groups.keys()]
    .filter((g) => g !== '')
    .sort()
    .forEach((group, i) => {
      lines.push(`  subgraph g${i} [${label(`${group}/`)}]`);
      for (const n of groups.get(group)!) lines.push(nodeLine(n, '    '));
      lines.push('  end');
    });
  for (const e of edges) {
    const count = counts?.get(`${e.from}\0${e.to}`);
    lines.push(`  ${ids.get(e.from)} -->${count !== undefined ? `|${count}|` : ''} ${ids.get(e.to)}`);
  }
  return { text: lines.join('\n'), direction };
}

/**
 * The import graph as one readable diagram: files in folder subgraphs when the files with imports
 * fit in `maxNodes`; otherwise folders, folded to the deepest level that fits (at least the
 * top-level folders), each arrow labelled with the number of file imports it stands for.
 */
export function importDiagram(graph: Pick<ImportGraph, 'edges'>, maxNodes = MAX_DIAGRAM_NODES): MermaidDiagram {
  const fileNodes = nodesOf(graph.edges);
  if (fileNodes.length <= maxNodes) {
    const { text, direction } = render(fileNodes, graph.edges, undefined, false);
    return { granularity: 'files', text, edges: [...graph.edges], nodeCount: fileNodes.length, direction };
  }
  let depth = maxFolderDepth(fileNodes);
  let folded = foldedEdges(graph.edges, depth);
  while (depth > 1 && nodesOf(folded.edges).length > maxNodes) folded = foldedEdges(graph.edges, --depth);
  const nodes = nodesOf(folded.edges);
  const { text, direction } = render(nodes, folded.edges, folded.counts, true);
  return { granularity: 'folders', text, edges: folded.edges, nodeCount: nodes.length, direction, foldDepth: depth };
}

/** The diagram of the imports between files under `folder` (its subtree), or undefined when there are none. */
export function folderDiagram(graph: Pick<ImportGraph, 'edges'>, folder: string, maxNodes = MAX_DIAGRAM_NODES): MermaidDiagram | undefined {
  const inside = (p: string): boolean => p.startsWith(`${folder}/`);
  const edges = graph.edges.filter((e) => inside(e.from) && inside(e.to));
  return edges.length > 0 ? importDiagram({ edges }, maxNodes) : undefined;
}

/** Reads the edges back out of a diagram made here, as full paths (subgraph title + label). */
export function parseMermaidEdges(text: string): ImportEdge[] {
  const paths = new Map<string, string>();
  const edges: ImportEdge[] = [];
  let group = '';
  for (const line of text.split('\n')) {
    const subgraph = /^\s*subgraph\s+\S+\s*\["(.*)"\]\s*$/.exec(line);
    if (subgraph) group = subgraph[1].replace(/#quot;/g, '"');
    if (/^\s*end\s*$/.test(line)) group = '';
    const node = /^\s*(n\d+)\["(.*)"\]\s*$/.exec(line);
    if (node) {
      const name = node[2].replace(/#quot;/g, '"').replace(/\/$/, '');
      paths.set(node[1], name === '(root)' ? '.' : `${group}${name}`);
    }
    const edge = /^\s*(n\d+)\s*-->(?:\|[^|]*\|)?\s*(n\d+)\s*$/.exec(line);
    if (edge) edges.push({ from: edge[1], to: edge[2] });
  }
  return edges.map((e) => ({ from: paths.get(e.from) ?? e.from, to: paths.get(e.to) ?? e.to }));
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
