/**
 * Mermaid diagrams of the import graph, drawn from the parser's edges and nothing else, made to
 * be read in a side preview: files are grouped into a `subgraph` per folder (the folder is the
 * title, each node shows only its file name), short import chains are drawn left to right (folder
 * boxes stack, which keeps the drawing narrow), and one diagram never shows more than a legible
 * number of nodes — a larger graph is folded into folders, as deep as still fits, and each folder
 * drawn as one node gets a diagram of the imports inside it.
 *
 * Only syntax that GitHub's and VS Code's Mermaid versions (11) share is used: a front-matter
 * `config` block, `flowchart`, quoted labels, `subgraph id ["title"] … end`, `-->|n|` edge labels.
 */
import type { ImportEdge, ImportGraph } from './importGraph';
import { stronglyConnectedComponents } from './importGraph';
import { parentFolder } from './pagePaths';
import { escapeControlCharacters } from './markdownEscape';
import { splitEdges } from './diagramSplit';

/**
 * Nodes one diagram shows at most. A side preview gives a diagram about 400 px and Mermaid scales a
 * wider drawing down to fit: drawn in VS Code's preview (Mermaid 11), the import graphs of the
 * sample and benchmark projects kept their labels at 10 px or more up to 7–9 nodes and fell to
 * 5–8 px from 10 nodes on, whatever the direction.
 */
export const MAX_DIAGRAM_NODES = 8;

/** Longest import chain still drawn left to right: with few layers `LR` is the narrower drawing (folder boxes stack), a longer chain reads top to bottom. */
const MAX_LR_LAYERS = 5;

/** Tighter spacing than Mermaid's defaults (padding 15, nodeSpacing 50, rankSpacing 50): drawings about a third narrower. */
const FRONT_MATTER = ['---', 'config:', '  flowchart:', '    padding: 4', '    nodeSpacing: 20', '    rankSpacing: 20', '---'].join('\n');

export interface MermaidDiagram {
  /** `files` when every file is a node, `folders` when files below `foldDepth` folders were folded into them. */
  granularity: 'files' | 'folders';
  text: string;
  /** Edges between the nodes drawn (file or folder paths). */
  edges: ImportEdge[];
  /** Nodes drawn. */
  nodeCount: number;
  direction: 'LR' | 'TB';
  /** For `folders`: the depth of the folders drawn as one node (1 = top-level folders); files above them are drawn as files. */
  foldDepth?: number;
  /**
   * When even the shallowest folding has more nodes than the cap: the same edges drawn as several
   * diagrams of at most the cap each (every edge in one of them); `text` is then the whole graph.
   */
  parts?: MermaidDiagram[];
}

const segments = (path: string): number => path.split('/').length;

/** At fold depth `depth`, a file deeper than `depth` folders is drawn as its folder at that depth; others as themselves. */
function foldTo(file: string, depth: number): string {
  const parts = file.split('/');
  return parts.length <= depth ? file : parts.slice(0, depth).join('/');
}

/** Edges between the nodes at `depth`, each with the number of file imports it stands for. */
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

/** The layer of each node when importers are drawn before what they import (cycles condensed into one layer). */
function layers(nodes: readonly string[], edges: readonly ImportEdge[]): string[][] {
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
  const out: string[][] = [];
  components.forEach((c, i) => (out[level[i]] ??= []).push(...c));
  return out.filter(Boolean);
}

/** `LR` unless the longest import chain (cycles counted once) is longer than {@link MAX_LR_LAYERS}. */
export function diagramDirection(nodes: readonly string[], edges: readonly ImportEdge[]): 'LR' | 'TB' {
  return layers(nodes, edges).length <= MAX_LR_LAYERS ? 'LR' : 'TB';
}

/**
 * Characters written as Mermaid entity codes inside a label: `"` would end it, `#` would start an
 * entity code, `<`, `>` and `&` would be read as HTML, a backtick would make it a Markdown string,
 * `:` lets a `style …:#…;` statement pattern eat the label's `;`, and a backslash is kept for the escapes
 * of control characters.
 */
const MERMAID_ENTITIES: Record<string, string> = { '"': '#quot;', '#': '#35;', '<': '#lt;', '>': '#gt;', '&': '#amp;', '`': '#96;', ':': '#58;', '\\': '#92;' };
const ENTITY_CHARACTERS = new Map(Object.entries(MERMAID_ENTITIES).map(([c, code]) => [code, c]));

/**
 * A quoted Mermaid label that shows `text` as it is: a line break or a direction override is
 * shown as its escape (`\n`, `\u202e`) on the one line of the node, and nothing in a file name is
 * read as HTML, Markdown or Mermaid syntax.
 */
function label(text: string): string {
  const visible = escapeControlCharacters(text.replace(/["#<>&`:\\]/g, (c) => MERMAID_ENTITIES[c]));
  return `"${visible}"`;
}

/** The text a {@link label} was made from. */
function readLabel(quoted: string): string {
  const controls = quoted.replace(/\\(?:u([0-9a-f]{4})|([nrt]))/g, (_, hex: string | undefined, letter: string | undefined) =>
    hex !== undefined ? String.fromCharCode(parseInt(hex, 16)) : ({ n: '\n', r: '\r', t: '\t' } as Record<string, string>)[letter!],
  );
  return controls.replace(/#(?:quot|lt|gt|amp|35|96|58|92);/g, (code) => ENTITY_CHARACTERS.get(code)!);
}

/** What a node shows: its file name, or its folder name with a trailing `/`. */
function nodeLabel(node: string, isFolder: (n: string) => boolean): string {
  const name = node.slice(node.lastIndexOf('/') + 1);
  return isFolder(node) ? `${name}/` : name;
}

/** Renders nodes grouped by their folder into subgraphs. */
function render(nodes: readonly string[], edges: readonly ImportEdge[], counts: Map<string, number>, isFolder: (n: string) => boolean, direction: 'LR' | 'TB'): string {
  const ids = new Map(nodes.map((n, i) => [n, `n${i}`]));
  const groups = new Map<string, string[]>();
  for (const n of nodes) groups.set(parentFolder(n), [...(groups.get(parentFolder(n)) ?? []), n]);
  const nodeLine = (n: string, indent: string): string => `${indent}${ids.get(n)}[${label(nodeLabel(n, isFolder))}]`;
  const lines = [FRONT_MATTER, `flowchart ${direction}`];
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
    const count = isFolder(e.from) || isFolder(e.to) ? counts.get(`${e.from}\0${e.to}`) : undefined;
    lines.push(`  ${ids.get(e.from)} -->${count !== undefined ? `|${count}|` : ''} ${ids.get(e.to)}`);
  }
  return lines.join('\n');
}

/**
 * The diagram of `edges` with files folded at `depth` (Infinity: no folding); with `splitAbove`,
 * drawn in parts too when it has more nodes than that.
 */
function diagramAt(edges: readonly ImportEdge[], depth: number, files: ReadonlySet<string>, splitAbove?: number): MermaidDiagram {
  const folded = foldedEdges(edges, depth);
  const isFolder = (n: string): boolean => !files.has(n);
  const foldedAny = nodesOf(folded.edges).some(isFolder);
  const draw = (drawn: ImportEdge[]): MermaidDiagram => {
    const nodes = nodesOf(drawn);
    const direction = diagramDirection(nodes, drawn);
    const text = render(nodes, drawn, folded.counts, isFolder, direction);
    return { granularity: foldedAny ? 'folders' : 'files', text, edges: drawn, nodeCount: nodes.length, direction, ...(foldedAny ? { foldDepth: depth } : {}) };
  };
  const whole = draw(folded.edges);
  if (splitAbove === undefined || whole.nodeCount <= splitAbove) return whole;
  return { ...whole, parts: splitEdges(folded.edges, splitAbove).map(draw) };
}

/**
 * The import graph as one diagram that stays legible in a side preview: every file when at most
 * `maxNodes` files have imports, otherwise files folded into their folders at the deepest folder
 * level that fits (each arrow to or from a folder labelled with the number of file imports it
 * stands for); when nothing fits, the shallowest folding, split into `parts` that fit. `minDepth` is the shallowest folding
 * allowed (a folder's own diagram does not fold its subtree into one node).
 */
export function importDiagram(graph: Pick<ImportGraph, 'edges'>, options: { maxNodes?: number; minDepth?: number } = {}): MermaidDiagram {
  const { maxNodes = MAX_DIAGRAM_NODES, minDepth = 1 } = options;
  const files = new Set(nodesOf(graph.edges));
  const deepest = Math.max(minDepth, ...[...files].map(segments));
  let last = deepest;
  for (let depth = deepest; depth >= minDepth; depth--) {
    const d = diagramAt(graph.edges, depth, files);
    if (d.edges.length === 0) break;
    if (d.nodeCount <= maxNodes) return d;
    last = depth;
  }
  // Nothing fits: the shallowest folding, drawn in parts that do.
  return diagramAt(graph.edges, last, files, maxNodes);
}

/** The folders drawn as one node in `diagram`, biggest first. */
export function foldedFolders(diagram: MermaidDiagram, graph: Pick<ImportGraph, 'edges'>): string[] {
  if (diagram.granularity === 'files') return [];
  const files = new Set(nodesOf(graph.edges));
  const size = (folder: string): number => [...files].filter((f) => f.startsWith(`${folder}/`)).length;
  return nodesOf(diagram.edges)
    .filter((n) => !files.has(n))
    .sort((a, b) => size(b) - size(a) || cmp(a, b));
}

const overallDiagrams = new WeakMap<object, MermaidDiagram>();

/** {@link importDiagram} of the whole graph, drawn once per graph (its folder pages and the architecture page show it or parts of it). */
export function overallDiagram(graph: Pick<ImportGraph, 'edges'>): MermaidDiagram {
  let overall = overallDiagrams.get(graph);
  if (!overall) overallDiagrams.set(graph, (overall = importDiagram(graph)));
  return overall;
}
/** Each folder page's diagram by graph: a run draws it for the page's inputs and again for the page. */
const folderPageDiagrams = new WeakMap<object, Map<string, MermaidDiagram | undefined>>();

/**
 * The diagram a folder's page shows: the imports inside it, when the whole project's diagram
 * draws the folder (or a folder above it) as one node; otherwise none.
 */
export function folderPageDiagram(graph: Pick<ImportGraph, 'edges'>, folder: string): MermaidDiagram | undefined {
  let byFolder = folderPageDiagrams.get(graph);
  if (!byFolder) folderPageDiagrams.set(graph, (byFolder = new Map()));
  if (byFolder.has(folder)) return byFolder.get(folder);
  const overall = overallDiagram(graph);
  const diagram = overall.foldDepth !== undefined && segments(folder) >= overall.foldDepth ? folderDiagram(graph, folder) : undefined;
  byFolder.set(folder, diagram);
  return diagram;
}

/**
 * The diagram of the imports between files under `folder` (its subtree), drawn at least one level
 * below it, or undefined when there are none.
 */
export function folderDiagram(graph: Pick<ImportGraph, 'edges'>, folder: string, maxNodes = MAX_DIAGRAM_NODES): MermaidDiagram | undefined {
  const inside = (p: string): boolean => p.startsWith(`${folder}/`);
  const edges = graph.edges.filter((e) => inside(e.from) && inside(e.to));
  return edges.length > 0 ? importDiagram({ edges }, { maxNodes, minDepth: segments(folder) + 1 }) : undefined;
}

/** Reads the edges back out of a diagram made here, as full paths (subgraph title + label). */
export function parseMermaidEdges(text: string): ImportEdge[] {
  const paths = new Map<string, string>();
  const edges: ImportEdge[] = [];
  let group = '';
  for (const line of text.split('\n')) {
    const subgraph = /^\s*subgraph\s+\S+\s*\["(.*)"\]\s*$/.exec(line);
    if (subgraph) group = readLabel(subgraph[1]);
    if (/^\s*end\s*$/.test(line)) group = '';
    const node = /^\s*(n\d+)\["(.*)"\]\s*$/.exec(line);
    if (node) {
      const name = readLabel(node[2]).replace(/\/$/, '');
      paths.set(node[1], `${group}${name}`);
    }
    const edge = /^\s*(n\d+)\s*-->(?:\|[^|]*\|)?\s*(n\d+)\s*$/.exec(line);
    if (edge) edges.push({ from: edge[1], to: edge[2] });
  }
  return edges.map((e) => ({ from: paths.get(e.from) ?? e.from, to: paths.get(e.to) ?? e.to }));
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
