/**
 * Runs a DAG of tasks with at most `concurrency` in flight. A task starts as soon as its own
 * prerequisites have settled — there are no level-by-level barriers — and among ready tasks the
 * one with the longest chain of dependents after it goes first, so the critical path is never
 * left waiting behind work that could run later.
 */

export interface DagTask {
  id: string;
  /** Ids of tasks that must settle first. Ids not in the task list count as already done. */
  prerequisites: readonly string[];
  /**
   * Started even after the run is told to stop, once its prerequisites have settled: it finishes
   * work already paid for (a page whose answer came in a shared request), so none of it is lost.
   */
  finishesPaidWork?: boolean;
}

export type TaskOutcome<T> =
  | { status: 'done'; value: T }
  | { status: 'failed'; error: unknown }
  | { status: 'notStarted' };

export interface DagRunOptions {
  concurrency: number;
  signal?: AbortSignal;
  /** Checked before each start; returning true stops new starts (running tasks finish). */
  shouldStop?: () => boolean;
}

/**
 * Runs every task whose prerequisites settled (done or failed — a failed prerequisite does not
 * block its dependents; `run` sees the outcomes and decides). Resolves when nothing more can start.
 */
export async function runDag<T>(
  tasks: readonly DagTask[],
  run: (id: string, prerequisiteOutcomes: ReadonlyMap<string, TaskOutcome<T>>) => Promise<T>,
  options: DagRunOptions,
): Promise<Map<string, TaskOutcome<T>>> {
  const concurrency = Math.max(1, Math.floor(options.concurrency));
  const ids = new Set(tasks.map((t) => t.id));
  if (ids.size !== tasks.length) throw new Error('runDag: duplicate task ids');
  const order = new Map(tasks.map((t, i) => [t.id, i]));
  const dependents = new Map<string, string[]>(tasks.map((t) => [t.id, []]));
  const waiting = new Map<string, number>();
  for (const t of tasks) {
    const pre = [...new Set(t.prerequisites)].filter((p) => ids.has(p) && p !== t.id);
    waiting.set(t.id, pre.length);
    for (const p of pre) dependents.get(p)!.push(t.id);
  }
  const rank = bottomLevels(tasks, dependents);
  const ready = new ReadyQueue((a, b) => rank.get(b)! - rank.get(a)! || order.get(a)! - order.get(b)!);
  for (const t of tasks) if (waiting.get(t.id) === 0) ready.push(t.id);

  const outcomes = new Map<string, TaskOutcome<T>>();
  const byId = new Map(tasks.map((t) => [t.id, t]));
  let inFlight = 0;

  return new Promise((resolve) => {
    const stopped = (): boolean => options.signal?.aborted === true || options.shouldStop?.() === true;
    const finish = (): void => {
      for (const t of tasks) if (!outcomes.has(t.id)) outcomes.set(t.id, { status: 'notStarted' });
      resolve(outcomes);
    };
    const settle = (id: string, outcome: TaskOutcome<T>): void => {
      outcomes.set(id, outcome);
      inFlight--;
      for (const d of dependents.get(id)!) {
        const left = waiting.get(d)! - 1;
        waiting.set(d, left);
        if (left === 0) ready.push(d);
      }
      pump();
    };
    const pump = (): void => {
      for (;;) {
        if (inFlight >= concurrency || ready.size === 0) break;
        const id = stopped() ? ready.take((t) => byId.get(t)!.finishesPaidWork === true) : ready.pop();
        if (id === undefined) break;
        inFlight++;
        const pre = new Map<string, TaskOutcome<T>>();
        for (const p of byId.get(id)!.prerequisites) {
          const o = outcomes.get(p);
          if (o) pre.set(p, o);
        }
        let promise: Promise<T>;
        try {
          promise = run(id, pre);
        } catch (error) {
          promise = Promise.reject(error);
        }
        promise.then(
          (value) => settle(id, { status: 'done', value }),
          (error: unknown) => settle(id, { status: 'failed', error }),
        );
      }
      if (inFlight === 0 && (ready.size === 0 || stopped())) finish();
    };
    pump();
  });
}

/** Longest chain of tasks from each task to the end of the graph, itself included. */
function bottomLevels(tasks: readonly DagTask[], dependents: Map<string, string[]>): Map<string, number> {
  const level = new Map<string, number>();
  // Iterative post-order so long chains cannot overflow the stack.
  for (const t of tasks) {
    if (level.has(t.id)) continue;
    const stack: { id: string; i: number }[] = [{ id: t.id, i: 0 }];
    const onPath = new Set<string>([t.id]);
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      const deps = dependents.get(top.id)!;
      if (top.i < deps.length) {
        const next = deps[top.i++];
        if (!level.has(next) && !onPath.has(next)) {
          onPath.add(next);
          stack.push({ id: next, i: 0 });
        }
        continue;
      }
      level.set(top.id, 1 + Math.max(0, ...deps.map((d) => level.get(d) ?? 0)));
      onPath.delete(top.id);
      stack.pop();
    }
  }
  return level;
}

/** Binary heap of task ids. */
class ReadyQueue {
  private readonly items: string[] = [];
  constructor(private readonly before: (a: string, b: string) => number) {}

  get size(): number {
    return this.items.length;
  }

  push(id: string): void {
    const a = this.items;
    a.push(id);
    let i = a.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.before(a[i], a[parent]) >= 0) break;
      [a[i], a[parent]] = [a[parent], a[i]];
      i = parent;
    }
  }

  /** Removes and returns the first item (in heap order) that `matches`; undefined when none does. */
  take(matches: (id: string) => boolean): string | undefined {
    const at = this.items.findIndex(matches);
    if (at === -1) return undefined;
    const [id] = this.items.splice(at, 1);
    const rest = this.items.splice(0);
    for (const other of rest) this.push(other);
    return id;
  }

  pop(): string | undefined {
    const a = this.items;
    if (a.length === 0) return undefined;
    const top = a[0];
    const last = a.pop()!;
    if (a.length > 0) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && this.before(a[l], a[m]) < 0) m = l;
        if (r < a.length && this.before(a[r], a[m]) < 0) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m], a[i]];
        i = m;
      }
    }
    return top;
  }
}
