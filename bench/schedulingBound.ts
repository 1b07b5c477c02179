/**
 * A lower bound on the wall time of one documentation run, from what the run really asked and
 * what each answer really took on the server:
 *   bound = max(sum of service times / concurrency, longest chain of dependent requests)
 * where a request's service time is the server's own measure (request in → last byte out), and
 * request B depends on request A when a page B answers has a prerequisite page that A answered
 * (a folder page after its files' pages), or when B asks again for a page A answered before B
 * started (a page a batch answer lacked). No schedule of the same requests with the same service
 * times, at most `concurrency` in flight, can finish sooner: the slots are full at best, and a
 * dependent request cannot start before what it depends on has ended.
 *
 * `graphMs` is a tighter bound of the same kind, for the shape of the graph: a request cannot
 * start before every request it depends on, directly or not, has ended, and those take at least
 * their summed service times / concurrency; after it, the longest chain of its dependents follows.
 * So the run takes at least max over requests R of (work of R's ancestors / concurrency + longest
 * chain from R to the end). When every page funnels into one folder page and the overview, this
 * is well above both parts of `boundMs`.
 */
import type { PlannedPage } from '../src/core/docs/plan';
import type { TimedRequest } from './timedDocRun';

export interface SchedulingBound {
  /** max(work, chain), ms. */
  boundMs: number;
  /** Sum of service times / concurrency, ms. */
  workMs: number;
  /** Longest chain of dependent requests weighted by service time, ms. */
  chainMs: number;
  /** max over requests R of (their ancestors' service times / concurrency + longest chain from R on), ms. */
  graphMs: number;
  /** Requests on that chain, first to last (phase and subject). */
  chain: string[];
  /** Requests whose service time the server reported (the others count with the engine's own start → end). */
  matched: number;
  /** Service times of the run's requests, ms, in request order. */
  serviceMs: number[];
  /** The requests each request depended on (indexes into the run's requests). */
  preds: number[][];
}

export interface PlanPages {
  byPath: ReadonlyMap<string, PlannedPage>;
  pageOfFile: ReadonlyMap<string, string>;
  folderPage: ReadonlyMap<string, string>;
}

export function planPages(pages: readonly PlannedPage[]): PlanPages {
  const pageOfFile = new Map<string, string>();
  const folderPage = new Map<string, string>();
  for (const p of pages) {
    if (p.kind === 'file') pageOfFile.set(p.subject, p.path);
    if (p.kind === 'folder') folderPage.set(p.subject, p.path);
  }
  return { byPath: new Map(pages.map((p) => [p.path, p])), pageOfFile, folderPage };
}

/** The pages one request answered: a file request's files' pages, a folder request's folders' pages, or the architecture/overview page. */
export function pagesOf(r: TimedRequest, plan: PlanPages): string[] {
  if (r.phase === 'file') return r.files.map((f) => plan.pageOfFile.get(f)).filter((p): p is string => p !== undefined);
  if (r.phase === 'folder') {
    const folders = r.files.length > 0 ? r.files : r.subject !== undefined ? [r.subject] : [];
    return folders.map((f) => plan.folderPage.get(f)).filter((p): p is string => p !== undefined);
  }
  return r.subject !== undefined && plan.byPath.has(r.subject) ? [r.subject] : [];
}

/**
 * Each request's service time: the server's measure for its prompt when the server reported one
 * (each reported time is used once), else the engine's own start → end.
 */
function serviceTimes(requests: readonly TimedRequest[], byPrompt: ReadonlyMap<string, readonly number[]>): { serviceMs: number[]; matched: number } {
  const left = new Map([...byPrompt].map(([k, v]) => [k, [...v]]));
  let matched = 0;
  const serviceMs = requests.map((r) => {
    const t = left.get(r.promptKey)?.shift();
    if (t === undefined) return r.endMs - r.startMs;
    matched++;
    return t;
  });
  return { serviceMs, matched };
}

export function schedulingBound(requests: readonly TimedRequest[], byPrompt: ReadonlyMap<string, readonly number[]>, plan: PlanPages, concurrency: number): SchedulingBound {
  const { serviceMs, matched } = serviceTimes(requests, byPrompt);
  const answeredBy = new Map<string, number[]>();
  const pages = requests.map((r, i) => {
    const list = pagesOf(r, plan);
    for (const p of list) answeredBy.set(p, [...(answeredBy.get(p) ?? []), i]);
    return list;
  });
  // Requests in start order: whatever a request depends on ended before it started, so it comes first.
  const order = requests.map((_, i) => i).sort((a, b) => requests[a].startMs - requests[b].startMs);
  const position = new Map(order.map((r, i) => [r, i]));
  const preds = requests.map(() => new Set<number>());
  for (const b of order) {
    const add = (a: number): void => {
      if (a !== b && position.get(a)! < position.get(b)!) preds[b].add(a);
    };
    for (const page of pages[b]) {
      for (const pre of plan.byPath.get(page)?.prerequisites ?? []) for (const a of answeredBy.get(pre) ?? []) add(a);
      for (const a of answeredBy.get(page) ?? []) if (requests[a].endMs <= requests[b].startMs) add(a);
    }
  }
  const chainEnd = new Map<number, { ms: number; from?: number }>();
  for (const b of order) {
    let best: { ms: number; from?: number } = { ms: 0 };
    for (const a of preds[b]) if (chainEnd.get(a)!.ms > best.ms) best = { ms: chainEnd.get(a)!.ms, from: a };
    chainEnd.set(b, { ms: best.ms + serviceMs[b], from: best.from });
  }
  const graphMs = graphBound(order, preds, serviceMs, concurrency);
  let last: number | undefined;
  for (const [i, c] of chainEnd) if (last === undefined || c.ms > chainEnd.get(last)!.ms) last = i;
  const chain: string[] = [];
  for (let i = last; i !== undefined; i = chainEnd.get(i)!.from) chain.unshift(`${requests[i].phase ?? '?'} ${requests[i].subject ?? ''}`.trim());
  const chainMs = last === undefined ? 0 : chainEnd.get(last)!.ms;
  const workMs = serviceMs.reduce((n, t) => n + t, 0) / Math.max(1, concurrency);
  return { boundMs: Math.max(workMs, chainMs), workMs, chainMs, graphMs: Math.max(graphMs, workMs, chainMs), chain, matched, serviceMs, preds: preds.map((p) => [...p]) };
}

/** max over requests R of (R's ancestors' service times / concurrency + longest chain from R to the end). */
function graphBound(order: readonly number[], preds: readonly Set<number>[], serviceMs: readonly number[], concurrency: number): number {
  const ancestors = new Map<number, Set<number>>();
  for (const b of order) {
    const all = new Set<number>();
    for (const a of preds[b]) {
      all.add(a);
      for (const x of ancestors.get(a)!) all.add(x);
    }
    ancestors.set(b, all);
  }
  const tail = new Map<number, number>();
  for (const b of [...order].reverse()) if (!tail.has(b)) tail.set(b, serviceMs[b]);
  for (const b of [...order].reverse()) for (const a of preds[b]) tail.set(a, Math.max(tail.get(a)!, serviceMs[a] + tail.get(b)!));
  let best = 0;
  for (const b of order) {
    let before = 0;
    for (const a of ancestors.get(b)!) before += serviceMs[a];
    best = Math.max(best, before / Math.max(1, concurrency) + tail.get(b)!);
  }
  return best;
}
