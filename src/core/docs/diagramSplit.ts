/**
 * A graph with more nodes than one legible diagram holds, and that cannot fold any further (a
 * folder with many direct children that import each other), drawn as several diagrams instead:
 * every import edge is drawn in exactly one part, and no part has more than the node cap.
 */
import type { ImportEdge } from './importGraph';

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Connected clusters of the graph (imports taken both ways), each listed from its most connected node outwards. */
function clusters(edges: readonly ImportEdge[]): string[][] {
  const neighbours = new Map<string, Set<string>>();
  const link = (a: string, b: string): void => {
    let set = neighbours.get(a);
    if (!set) neighbours.set(a, (set = new Set()));
    set.add(b);
  };
  for (const e of edges) {
    link(e.from, e.to);
    link(e.to, e.from);
  }
  const degree = (n: string): number => neighbours.get(n)!.size;
  // Most connected first, so each walk starts at a cluster's hub.
  const order = [...neighbours.keys()].sort((a, b) => degree(b) - degree(a) || cmp(a, b));
  const seen = new Set<string>();
  const out: string[][] = [];
  for (const start of order) {
    if (seen.has(start)) continue;
    const walk = [start];
    seen.add(start);
    for (let i = 0; i < walk.length; i++) {
      const next = [...neighbours.get(walk[i])!].filter((n) => !seen.has(n)).sort((a, b) => degree(b) - degree(a) || cmp(a, b));
      for (const n of next) {
        seen.add(n);
        walk.push(n);
      }
    }
    out.push(walk);
  }
  return out;
}

const nodeCount = (edges: readonly ImportEdge[]): number => new Set(edges.flatMap((e) => [e.from, e.to])).size;

/**
 * The edges split into parts of at most `maxNodes` nodes each (`maxNodes` ≥ 2). A cluster that fits
 * stays whole, and small clusters share a part while they fit; a larger cluster is cut along a
 * breadth-first walk from its most connected node, so files that import each other tend to stay
 * together. A node with edges in several parts is drawn in each of them.
 */
export function splitEdges(edges: readonly ImportEdge[], maxNodes: number): ImportEdge[][] {
  const cap = Math.max(2, maxNodes);
  const parts: { nodes: Set<string>; edges: ImportEdge[] }[] = [];
  const small: { nodes: string[]; edges: ImportEdge[] }[] = [];
  for (const walk of clusters(edges)) {
    const members = new Set(walk);
    const own = edges.filter((e) => members.has(e.from));
    if (walk.length <= cap) {
      small.push({ nodes: walk, edges: own });
      continue;
    }
    const rank = new Map(walk.map((n, i) => [n, i]));
    const near = (e: ImportEdge): [number, number] => {
      const a = rank.get(e.from)!;
      const b = rank.get(e.to)!;
      return a < b ? [a, b] : [b, a];
    };
    own.sort((x, y) => near(x)[0] - near(y)[0] || near(x)[1] - near(y)[1] || cmp(x.from, y.from) || cmp(x.to, y.to));
    // Each edge into the first of this cluster's parts it fits in, so a part keeps every edge among its nodes.
    const cut: { nodes: Set<string>; edges: ImportEdge[] }[] = [];
    for (const e of own) {
      const fits = (p: { nodes: Set<string> }): boolean => p.nodes.size + [e.from, e.to].filter((n) => !p.nodes.has(n)).length <= cap;
      let home = cut.find(fits);
      if (!home) cut.push((home = { nodes: new Set(), edges: [] }));
      home.nodes.add(e.from).add(e.to);
      home.edges.push(e);
    }
    parts.push(...cut);
  }
  // Small clusters, biggest first, into the first part with room for the whole cluster.
  small.sort((a, b) => b.nodes.length - a.nodes.length || cmp(a.nodes[0], b.nodes[0]));
  for (const c of small) {
    let home = parts.find((p) => p.nodes.size + c.nodes.length <= cap);
    if (!home) parts.push((home = { nodes: new Set(), edges: [] }));
    for (const n of c.nodes) home.nodes.add(n);
    home.edges.push(...c.edges);
  }
  return parts.map((p) => p.edges.sort((a, b) => cmp(a.from, b.from) || cmp(a.to, b.to))).filter((p) => nodeCount(p) > 0);
}
