/**
 * Runs a DAG of tasks with at most `concurrency` holding a slot at once. A task starts as soon as
 * its own prerequisites have settled — there are no level-by-level barriers — and among ready
 * tasks the one with the longest chain of dependents after it, weighted by how long each task is
 * expected to take, goes first, so the critical path is never left waiting behind work that could
 * run later; of two equally long chains, the one with more tasks holding a slot goes first, as
 * each of them pays costs the weights leave out (a round trip, the work between one task's end
 * and the next one's start). The weights may be revised while the run goes (`reweigh`). Local
 * tasks (work on this machine only) hold no slot: they start as soon as they are ready and ask for
 * a slot only if they turn out to need one. A task's value is handed to each of its dependents as it
 * starts and is let go once the last of them has started, so a long run does not keep every answer
 * alive to its end.
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
  /** Expected duration relative to the other tasks, for the priority of the chains it is on (default 1). */
  weight?: number;
  /**
   * Does local work only: starts when ready without taking one of the `concurrency` slots. If it
   * needs one after all (to send a request), it awaits the `slot` function `run` is given.
   */
  local?: boolean;
}

/** Why `slot()` was refused: the run was told to stop before a slot came free. */
export class DagStoppedError extends Error {
  constructor() {
    super('The run stopped before this task could start its request.');
  }
}

export type TaskOutcome<T> =
  | { status: 'done'; value: T }
  | { status: 'failed'; error: unknown }
  | { status: 'notStarted' };

/** How a task ended, as the run reports it at the end: a done task's value is no longer held. */
export type TaskStatus = { status: 'done' } | { status: 'failed'; error: unknown } | { status: 'notStarted' };

const DONE: TaskStatus = { status: 'done' };

export interface DagRunOptions {
  concurrency: number;
  signal?: AbortSignal;
  /** Checked before each start; returning true stops new starts (running tasks finish). */
  shouldStop?: () => boolean;
  /**
   * Revised weights: whenever `version()` changes, each task's weight is read again through
   * `weightOf` and the tasks waiting for a slot are ranked by the new chain lengths.
   */
  reweigh?: { version: () => number; weightOf: (task: DagTask) => number };
}

/**
 * Runs every task whose prerequisites settled (done or failed — a failed prerequisite does not
 * block its dependents; `run` sees the outcomes, values included, and decides). Resolves when
 * nothing more can start, with each task's status.
 * `slot` lets a local task wait for a slot (in its turn by priority) before it sends a request; it
 * holds the slot until it settles, and is refused with DagStoppedError once the run is told to stop.
 */
export async function runDag<T>(
  tasks: readonly DagTask[],
  run: (id: string, prerequisiteOutcomes: ReadonlyMap<string, TaskOutcome<T>>, slot: () => Promise<void>) => Promise<T>,
  options: DagRunOptions,
): Promise<Map<string, TaskStatus>> {
  const { order, dependents, prerequisites, waiting } = taskGraph(tasks);
  const byId = new Map(tasks.map((t) => [t.id, t]));
  const { reweigh } = options;
  let weightsVersion = reweigh?.version();
  let rank = bottomLevels(tasks, dependents, (t) => t.weight ?? 1);
  // Tasks holding a slot on the longest such chain, for ties.
  const depth = bottomLevels(tasks, dependents, (t) => (t.local === true || (t.weight ?? 1) <= 0 ? 0 : 1));
  // The ready queue holds the tasks that need a slot and the slot requests of local tasks, each
  // under its task's priority.
  const slotRequester = new Map<string, string>();
  const slotWaiters = new Map<string, { id: string; grant: () => void; refuse: (error: Error) => void }>();
  const taskOf = (key: string): string => slotRequester.get(key) ?? key;
  const ready = new ReadyQueue((x, y) => {
    const [a, b] = [taskOf(x), taskOf(y)];
    return rank.get(b)! - rank.get(a)! || depth.get(b)! - depth.get(a)! || order.get(a)! - order.get(b)!;
  });
  const rerank = (): void => {
    const version = reweigh?.version();
    if (reweigh === undefined || version === weightsVersion) return;
    weightsVersion = version;
    rank = bottomLevels(tasks, dependents, reweigh.weightOf);
    ready.reorder();
  };

  const outcomes = new SettledTasks<T>(dependents);
  const slots = new Slots(Math.max(1, Math.floor(options.concurrency)));
  let running = 0;
  let finished = false;

  return new Promise((resolve) => {
    const stopped = (): boolean => options.signal?.aborted === true || options.shouldStop?.() === true;
    const finish = (): void => {
      if (finished) return;
      finished = true;
      resolve(outcomes.statuses(tasks));
    };
    const slot = (id: string) => (): Promise<void> =>
      new Promise<void>((grant, refuse) => {
        if (slots.holds(id)) return grant();
        slots.leaveShare(id);
        if (stopped()) return refuse(new DagStoppedError());
        const key = `${id}\0slot`;
        slotRequester.set(key, id);
        slotWaiters.set(key, { id, grant, refuse });
        ready.push(key);
        queueMicrotask(pump);
      });
    const start = (id: string, withSlot: boolean): void => {
      running++;
      if (withSlot) slots.take(id);
      const pre = outcomes.handOver(byId.get(id)!.prerequisites, prerequisites.get(id)!);
      let promise: Promise<T>;
      try {
        promise = run(id, pre, slot(id));
      } catch (error) {
        promise = Promise.reject(error);
      }
      promise.then(
        (value) => settle(id, { status: 'done', value }),
        (error: unknown) => settle(id, { status: 'failed', error }),
      );
    };
    /** Queues a task that needs a slot, or starts a local one (inheriting `slotOf`'s slot, if given). */
    const becomeReady = (id: string, slotOf?: string): void => {
      const task = byId.get(id)!;
      if (!task.local) return ready.push(id);
      if (stopped() && task.finishesPaidWork !== true) return;
      if (slotOf !== undefined) slots.share(slotOf, id);
      start(id, false);
    };
    const settle = (id: string, outcome: TaskOutcome<T>): void => {
      outcomes.settle(id, outcome);
      running--;
      slots.leaveShare(id);
      const hadSlot = slots.settle(id);
      for (const d of dependents.get(id)!) {
        const left = waiting.get(d)! - 1;
        waiting.set(d, left);
        if (left === 0) becomeReady(d, hadSlot ? id : undefined);
      }
      if (hadSlot) slots.leaveShare(id);
      pump();
    };
    const pump = (): void => {
      if (finished) return;
      if (stopped()) {
        for (const [key, waiter] of slotWaiters) {
          slotWaiters.delete(key);
          waiter.refuse(new DagStoppedError());
        }
      }
      if (!slots.full && ready.size > 1) rerank();
      for (;;) {
        if (slots.full || ready.size === 0) break;
        const key = stopped() ? ready.take((t) => byId.get(t)?.finishesPaidWork === true) : ready.pop();
        if (key === undefined) break;
        const waiter = slotWaiters.get(key);
        if (waiter) {
          slotWaiters.delete(key);
          slots.take(waiter.id);
          waiter.grant();
        } else if (byId.has(key)) start(key, true);
      }
      if (running === 0 && (ready.size === 0 || stopped())) finish();
    };
    for (const t of tasks) if (waiting.get(t.id) === 0) becomeReady(t.id);
    pump();
  });
}

/** Each settled task's outcome, holding a done task's value only while a dependent has yet to start. */
class SettledTasks<T> {
  private readonly outcomes = new Map<string, TaskOutcome<T> | TaskStatus>();
  /** Task → how many of its dependents have not started. */
  private readonly unstarted: Map<string, number>;

  constructor(dependents: ReadonlyMap<string, readonly string[]>) {
    this.unstarted = new Map([...dependents].map(([id, ds]) => [id, ds.length]));
  }

  settle(id: string, outcome: TaskOutcome<T>): void {
    this.outcomes.set(id, outcome.status === 'done' && this.unstarted.get(id) === 0 ? DONE : outcome);
  }

  /**
   * The outcomes of a starting task's `prerequisites` (as listed; `inGraph` = those in the task
   * list, each once); a value no other task waits for any more is let go.
   */
  handOver(prerequisites: readonly string[], inGraph: readonly string[]): Map<string, TaskOutcome<T>> {
    const pre = new Map<string, TaskOutcome<T>>();
    for (const p of prerequisites) {
      const o = this.outcomes.get(p);
      if (o) pre.set(p, o as TaskOutcome<T>);
    }
    for (const p of inGraph) {
      const left = this.unstarted.get(p)! - 1;
      this.unstarted.set(p, left);
      if (left === 0 && this.outcomes.get(p)?.status === 'done') this.outcomes.set(p, DONE);
    }
    return pre;
  }

  /** Every task's status; those that never settled did not start. */
  statuses(tasks: readonly DagTask[]): Map<string, TaskStatus> {
    const out = new Map<string, TaskStatus>();
    for (const t of tasks) {
      const o = this.outcomes.get(t.id);
      out.set(t.id, o === undefined ? { status: 'notStarted' } : o.status === 'done' ? DONE : o);
    }
    this.outcomes.clear();
    return out;
  }
}

/** Order, dependents, prerequisites in the list (each once) and the number of unsettled prerequisites of each task. */
function taskGraph(tasks: readonly DagTask[]): { order: Map<string, number>; dependents: Map<string, string[]>; prerequisites: Map<string, string[]>; waiting: Map<string, number> } {
  const ids = new Set(tasks.map((t) => t.id));
  if (ids.size !== tasks.length) throw new Error('runDag: duplicate task ids');
  const order = new Map(tasks.map((t, i) => [t.id, i]));
  const dependents = new Map<string, string[]>(tasks.map((t) => [t.id, []]));
  const prerequisites = new Map<string, string[]>();
  const waiting = new Map<string, number>();
  for (const t of tasks) {
    const pre = [...new Set(t.prerequisites)].filter((p) => ids.has(p) && p !== t.id);
    prerequisites.set(t.id, pre);
    waiting.set(t.id, pre.length);
    for (const p of pre) dependents.get(p)!.push(t.id);
  }
  return { order, dependents, prerequisites, waiting };
}

/**
 * The `size` slots and who holds them. A task's slot passes to the local tasks its end made ready
 * (a batch's pages) and is free again when the last of them settles or asks for a slot of its own:
 * so what those pages unblock (their folder's page) competes for that slot, instead of finding it
 * taken by another task while the pages were written.
 */
class Slots {
  private inUse = 0;
  private readonly holders = new Set<string>();
  /** Local task → the task whose slot it shares. */
  private readonly sharerOf = new Map<string, string>();
  /** Task → how many still share its slot (itself counted while it hands the slot over). */
  private readonly sharers = new Map<string, number>();

  constructor(private readonly size: number) {}

  get full(): boolean {
    return this.inUse >= this.size;
  }

  holds(id: string): boolean {
    return this.holders.has(id);
  }

  take(id: string): void {
    this.inUse++;
    this.holders.add(id);
  }

  /** `id` settled: true when it held a slot, which it keeps (as one sharer) until `leaveShare(id)`. */
  settle(id: string): boolean {
    if (!this.holders.delete(id)) return false;
    this.sharerOf.set(id, id);
    this.sharers.set(id, 1);
    return true;
  }

  share(owner: string, heir: string): void {
    this.sharerOf.set(heir, owner);
    this.sharers.set(owner, this.sharers.get(owner)! + 1);
  }

  /** `id` no longer shares a slot; the slot is free once nobody does. */
  leaveShare(id: string): void {
    const owner = this.sharerOf.get(id);
    if (owner === undefined) return;
    this.sharerOf.delete(id);
    const left = this.sharers.get(owner)! - 1;
    this.sharers.set(owner, left);
    if (left === 0) {
      this.sharers.delete(owner);
      this.inUse--;
    }
  }
}

/**
 * Longest chain from each task to the end of the graph, itself included, each task counted by its
 * weight; rounded, so chains of the same length tie whatever order their weights were added in.
 */
function bottomLevels(tasks: readonly DagTask[], dependents: Map<string, string[]>, weightOf: (task: DagTask) => number): Map<string, number> {
  const weight = new Map(tasks.map((t) => [t.id, Math.max(0, weightOf(t))]));
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
      level.set(top.id, Math.round((weight.get(top.id)! + Math.max(0, ...deps.map((d) => level.get(d) ?? 0))) * 1e6) / 1e6);
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

  /** Orders the queue again after the order between its items changed. */
  reorder(): void {
    for (const id of this.items.splice(0)) this.push(id);
  }

  /** Removes and returns the first item (in heap order) that `matches`; undefined when none does. */
  take(matches: (id: string) => boolean): string | undefined {
    const at = this.items.findIndex(matches);
    if (at === -1) return undefined;
    const [id] = this.items.splice(at, 1);
    this.reorder();
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
