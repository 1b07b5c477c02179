/**
 * The workspace import graph as the parser resolved it, its strongly connected components
 * (Tarjan) and a dependencies-first order of the condensation. Also the Mermaid diagram of
 * ARCHITECTURE.md, drawn from these edges and nothing else.
 */
import type { ParsedFile } from './types';
import { parentFolder } from './pagePaths';

export interface ImportEdge {
  /** The importing file. */
  from: string;
  /** The imported file. */
  to: string;
}

export interface ImportGraph {
  /** Every documented file, sorted. */
  nodes: string[];
  /** Unique resolved imports between documented files, sorted, no self-loops. */
  edges: ImportEdge[];
  /** file → files it imports. */
  imports: Map<string, string[]>;
}

/** Builds the graph from parsed files; imports that resolve outside the given files are dropped. */
export function buildImportGraph(files: readonly ParsedFile[]): ImportGraph {
  const nodes = files.map((f) => f.path).sort();
  const known = new Set(nodes);
  const imports = new Map<string, string[]>();
  const edges: ImportEdge[] = [];
  for (const file of [...files].sort((a, b) => cmp(a.path, b.path))) {
    const targets = new Set<string>();
    for (const ref of file.imports) {
      if (ref.resolved && ref.resolved !== file.path && known.has(ref.resolved)) targets.add(ref.resolved);
    }
    const sorted = [...targets].sort();
    imports.set(file.path, sorted);
    for (const to of sorted) edges.push({ from: file.path, to });
  }
  return { nodes, edges, imports };
}

/**
 * Strongly connected components with Tarjan's algorithm (iterative, so deep graphs cannot
 * overflow the stack). With edges importer → imported, components come out dependencies first:
 * a component is emitted only after every component it imports.
 */
export function stronglyConnectedComponents(nodes: readonly string[], successors: (n: string) => readonly string[]): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const result: string[][] = [];
  let counter = 0;

  for (const start of nodes) {
    if (index.has(start)) continue;
    const work: { node: string; next: number; succ: readonly string[] }[] = [];
    const visit = (node: string): void => {
      index.set(node, counter);
      low.set(node, counter);
      counter++;
      stack.push(node);
      onStack.add(node);
      work.push({ node, next: 0, succ: successors(node) });
    };
    visit(start);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      if (frame.next < frame.succ.length) {
        const w = frame.succ[frame.next++];
        if (!index.has(w)) {
          visit(w);
        } else if (onStack.has(w)) {
          low.set(frame.node, Math.min(low.get(frame.node)!, index.get(w)!));
        }
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1].node;
        low.set(parent, Math.min(low.get(parent)!, low.get(frame.node)!));
      }
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: string[] = [];
        let w: string;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          component.push(w);
        } while (w !== frame.node);
        result.push(component.sort());
      }
    }
  }
  return result;
}

/** Files ordered so that every file comes after the files it imports, cycles kept together. */
export function dependencyOrder(graph: ImportGraph): string[] {
  const succ = (n: string): readonly string[] => graph.imports.get(n) ?? [];
  return stronglyConnectedComponents(graph.nodes, succ).flat();
}

/** Folder-level edges: folder A → folder B when a file directly in A imports a file directly in B. */
export function folderEdges(graph: ImportGraph): ImportEdge[] {
  const seen = new Set<string>();
  const out: ImportEdge[] = [];
  for (const e of graph.edges) {
    const from = parentFolder(e.from) || '.';
    const to = parentFolder(e.to) || '.';
    const key = `${from}\0${to}`;
    if (from === to || seen.has(key)) continue;
    seen.add(key);
    out.push({ from, to });
  }
  return out.sort((a, b) => cmp(a.from, b.from) || cmp(a.to, b.to));
}

export interface MermaidDiagram {
  /** `files` when every file is a node, `folders` when the graph was too large and was folded. */
  granularity: 'files' | 'folders';
  text: string;
  edges: ImportEdge[];
}

/**
 * Mermaid `graph LR` of the import graph. Up to `maxFileNodes` files with imports, files are the
 * nodes; beyond that, folders. Nodes are `n0…` with the path as a quoted label.
 */
export function mermaidDiagram(graph: ImportGraph, maxFileNodes = 60): MermaidDiagram {
  const connected = new Set<string>();
  for (const e of graph.edges) {
    connected.add(e.from);
    connected.add(e.to);
  }
  const useFiles = connected.size <= maxFileNodes;
  const edges = useFiles ? graph.edges : folderEdges(graph);
  const nodes = useFiles ? [...connected].sort() : [...new Set(edges.flatMap((e) => [e.from, e.to]))].sort();
  const ids = new Map(nodes.map((n, i) => [n, `n${i}`]));
  const lines = ['graph LR'];
  for (const n of nodes) lines.push(`  ${ids.get(n)}["${mermaidLabel(n)}"]`);
  for (const e of edges) lines.push(`  ${ids.get(e.from)} --> ${ids.get(e.to)}`);
  return { granularity: useFiles ? 'files' : 'folders', text: lines.join('\n'), edges };
}

/** Reads the edges back out of a diagram made by {@link mermaidDiagram} (labels, not ids). */
export function parseMermaidEdges(text: string): ImportEdge[] {
  const labels = new Map<string, string>();
  const edges: ImportEdge[] = [];
  for (const line of text.split('\n')) {
    const node = /^\s*(n\d+)\["(.*)"\]\s*$/.exec(line);
    if (node) labels.set(node[1], node[2].replace(/#quot;/g, '"'));
    const edge = /^\s*(n\d+)\s*-->\s*(n\d+)\s*$/.exec(line);
    if (edge) edges.push({ from: edge[1], to: edge[2] });
  }
  return edges.map((e) => ({ from: labels.get(e.from) ?? e.from, to: labels.get(e.to) ?? e.to }));
}

function mermaidLabel(p: string): string {
  return p.replace(/"/g, '#quot;');
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
