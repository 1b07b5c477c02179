/**
 * The workspace import graph as the parser resolved it, its strongly connected components
 * (Tarjan) and a dependencies-first order of the condensation. The diagrams drawn from it are in
 * importDiagram.ts.
 */
import type { ParsedFile } from './types';

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

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
