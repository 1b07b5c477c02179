import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { DagStoppedError, runDag, type DagTask } from '../../../src/core/docs/dagScheduler';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('never more than `concurrency` tasks in flight, and every task runs once', async () => {
  const tasks: DagTask[] = Array.from({ length: 40 }, (_, i) => ({ id: `t${i}`, prerequisites: i >= 20 ? [`t${i - 20}`] : [] }));
  let inFlight = 0;
  let peak = 0;
  const ran: string[] = [];
  const outcomes = await runDag(
    tasks,
    async (id) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await sleep(2);
      ran.push(id);
      inFlight--;
      return id;
    },
    { concurrency: 4 },
  );
  assert.equal(peak, 4);
  assert.equal(ran.length, 40);
  assert.equal(new Set(ran).size, 40);
  for (const t of tasks) assert.equal(outcomes.get(t.id)!.status, 'done');
});

test('a task starts only after its prerequisites settled', async () => {
  const finished = new Set<string>();
  const tasks: DagTask[] = [
    { id: 'folder', prerequisites: ['a', 'b'] },
    { id: 'a', prerequisites: [] },
    { id: 'b', prerequisites: ['c'] },
    { id: 'c', prerequisites: [] },
  ];
  await runDag(
    tasks,
    async (id) => {
      for (const p of tasks.find((t) => t.id === id)!.prerequisites) assert.ok(finished.has(p), `${p} before ${id}`);
      await sleep(1);
      finished.add(id);
    },
    { concurrency: 3 },
  );
  assert.equal(finished.size, 4);
});

test('no barrier: a ready task starts while a slow sibling of the previous level still runs', async () => {
  // `slow` only finishes once `afterFast` (which needs only `fast`) has started; a level barrier would never get there.
  let signalStarted: () => void = () => undefined;
  const afterFastStarted = new Promise<void>((r) => (signalStarted = r));
  const order: string[] = [];
  await runDag(
    [
      { id: 'slow', prerequisites: [] },
      { id: 'fast', prerequisites: [] },
      { id: 'afterFast', prerequisites: ['fast'] },
      { id: 'afterSlow', prerequisites: ['slow'] },
    ],
    async (id) => {
      order.push(`start ${id}`);
      if (id === 'afterFast') signalStarted();
      if (id === 'slow') {
        const timedOut = await Promise.race([afterFastStarted.then(() => false), sleep(2000).then(() => true)]);
        assert.equal(timedOut, false, 'afterFast never started while slow was running');
      }
      order.push(`end ${id}`);
    },
    { concurrency: 4 },
  );
  assert.ok(order.indexOf('start afterFast') < order.indexOf('end slow'));
  assert.ok(order.indexOf('start afterSlow') > order.indexOf('end slow'));
});

/** Runs the DAG where every task takes one tick of a virtual clock; returns the number of ticks. */
async function virtualMakespan(tasks: DagTask[], concurrency: number): Promise<number> {
  let running: (() => void)[] = [];
  let finished = false;
  const done = runDag(tasks, () => new Promise<void>((r) => running.push(r)), { concurrency }).then(() => {
    finished = true;
  });
  let ticks = 0;
  while (!finished) {
    await new Promise((r) => setImmediate(r));
    if (running.length === 0) continue;
    ticks++;
    const batch = running;
    running = [];
    for (const resolve of batch) resolve();
  }
  await done;
  return ticks;
}

test('the longest chain goes first, so the makespan meets the critical-path bound', async () => {
  // A chain of 5 + 8 independent tasks at concurrency 2. Bound: max(ceil(13/2), 5) = 7 ticks.
  // Starting the independent tasks first (FIFO) would take 9.
  const tasks: DagTask[] = [];
  for (let i = 0; i < 8; i++) tasks.push({ id: `free${i}`, prerequisites: [] });
  for (let i = 0; i < 5; i++) tasks.push({ id: `chain${i}`, prerequisites: i ? [`chain${i - 1}`] : [] });
  assert.equal(await virtualMakespan(tasks, 2), 7);
});

test('a folder tree keeps all slots busy: makespan within one tick of the bound at concurrency 1, 4 and 8', async () => {
  // 40 files in 8 folders of 5, one root page over the folders: 49 tasks, critical path 3.
  const tasks: DagTask[] = [];
  for (let f = 0; f < 8; f++) {
    for (let i = 0; i < 5; i++) tasks.push({ id: `d${f}/f${i}`, prerequisites: [] });
    tasks.push({ id: `d${f}`, prerequisites: Array.from({ length: 5 }, (_, i) => `d${f}/f${i}`) });
  }
  tasks.push({ id: 'root', prerequisites: Array.from({ length: 8 }, (_, f) => `d${f}`) });
  for (const c of [1, 4, 8]) {
    const bound = Math.max(Math.ceil(tasks.length / c), 3);
    const ticks = await virtualMakespan(tasks, c);
    assert.ok(ticks <= bound + 1, `concurrency ${c}: ${ticks} ticks, bound ${bound}`);
  }
});

test('a failed prerequisite does not block its dependents; they see the failure', async () => {
  const seen: string[] = [];
  const outcomes = await runDag<string>(
    [
      { id: 'bad', prerequisites: [] },
      { id: 'parent', prerequisites: ['bad'] },
    ],
    async (id, pre) => {
      if (id === 'bad') throw new Error('boom');
      seen.push(...[...pre.entries()].map(([k, v]) => `${k}:${v.status}`));
      return id;
    },
    { concurrency: 2 },
  );
  assert.deepEqual(seen, ['bad:failed']);
  assert.equal(outcomes.get('bad')!.status, 'failed');
  assert.equal(outcomes.get('parent')!.status, 'done');
});

test('aborting stops new starts, lets running tasks finish and marks the rest not started', async () => {
  const controller = new AbortController();
  const tasks: DagTask[] = Array.from({ length: 10 }, (_, i) => ({ id: `t${i}`, prerequisites: [] }));
  let started = 0;
  const outcomes = await runDag(
    tasks,
    async () => {
      started++;
      if (started === 2) controller.abort();
      await sleep(5);
    },
    { concurrency: 2, signal: controller.signal },
  );
  assert.equal(started, 2);
  assert.equal([...outcomes.values()].filter((o) => o.status === 'done').length, 2);
  assert.equal([...outcomes.values()].filter((o) => o.status === 'notStarted').length, 8);
});

test('prerequisites outside the task list count as done (fresh pages are not scheduled)', async () => {
  const outcomes = await runDag([{ id: 'folder', prerequisites: ['freshChild'] }], async () => 1, { concurrency: 1 });
  assert.equal(outcomes.get('folder')!.status, 'done');
});

test('weights: the chain expected to take longest goes first, even when it has fewer tasks', async () => {
  // One slot. `long` (weight 6) leads to one more task; `a0 → a1 → a2` are three tasks of weight 1.
  const started: string[] = [];
  await runDag(
    [
      { id: 'a0', prerequisites: [] },
      { id: 'a1', prerequisites: ['a0'] },
      { id: 'a2', prerequisites: ['a1'] },
      { id: 'long', prerequisites: [], weight: 6 },
      { id: 'afterLong', prerequisites: ['long'] },
    ],
    async (id) => {
      started.push(id);
      await sleep(1);
    },
    { concurrency: 1 },
  );
  assert.equal(started[0], 'long');
});

test('local tasks hold no slot; one that asks for a slot waits its turn and holds it until it settles', async () => {
  // Two slots, both busy with `r0`/`r1` until released; the local tasks after `batch` still run at once.
  const release: Record<string, () => void> = {};
  const gate = (id: string) => new Promise<void>((r) => (release[id] = r));
  const events: string[] = [];
  let inFlight = 0;
  let peak = 0;
  const done = runDag(
    [
      { id: 'batch', prerequisites: [] },
      { id: 'r0', prerequisites: [] },
      { id: 'r1', prerequisites: ['batch'] },
      { id: 'page0', prerequisites: ['batch'], local: true, weight: 0 },
      { id: 'page1', prerequisites: ['batch'], local: true, weight: 0 },
    ],
    async (id, _pre, slot) => {
      if (id === 'page1') {
        events.push('page1 asks for a slot');
        await slot();
      }
      if (id !== 'page0') peak = Math.max(peak, ++inFlight);
      events.push(`start ${id}`);
      if (id !== 'page0') await gate(id);
      if (id !== 'page0') inFlight--;
      events.push(`end ${id}`);
    },
    { concurrency: 2 },
  );
  const until = async (event: string): Promise<void> => {
    for (let i = 0; i < 200 && !events.includes(event); i++) await sleep(1);
    assert.ok(events.includes(event), `${event} (events: ${events.join(', ')})`);
  };
  await until('start r0');
  release.batch();
  await until('end page0');
  // The batch's slot passed to its pages; page1 gave its share back and waits behind r1, which came first.
  await until('start r1');
  assert.ok(!events.includes('start page1'));
  release.r0();
  await until('start page1');
  release.r1();
  release.page1();
  await done;
  assert.ok(peak <= 2, `peak ${peak}`);
});

test('a slot asked for after the run was told to stop is refused, and the task fails with DagStoppedError', async () => {
  let stop = false;
  const outcomes = await runDag(
    [
      { id: 'batch', prerequisites: [] },
      { id: 'page', prerequisites: ['batch'], local: true, finishesPaidWork: true },
    ],
    async (id, _pre, slot) => {
      if (id === 'batch') stop = true;
      else await slot();
    },
    { concurrency: 1, shouldStop: () => stop },
  );
  assert.equal(outcomes.get('page')!.status, 'failed');
  assert.ok((outcomes.get('page') as { error: unknown }).error instanceof DagStoppedError);
});

test('the slot of a task passes to the local tasks its end made ready, so what they unblock gets it first', async () => {
  // One slot. `batch` ends; its local page makes `folder` ready, which outranks `leaf` (ready all along).
  const started: string[] = [];
  await runDag(
    [
      { id: 'batch', prerequisites: [], weight: 3 },
      { id: 'page', prerequisites: ['batch'], local: true, weight: 0 },
      { id: 'folder', prerequisites: ['page'], weight: 2 },
      { id: 'top', prerequisites: ['folder'], weight: 2 },
      { id: 'leaf', prerequisites: [], weight: 2 },
    ],
    async (id) => {
      started.push(id);
      await sleep(id === 'page' ? 5 : 1);
    },
    { concurrency: 1 },
  );
  // Without the hand-over, `leaf` would take the slot while `page` still ran.
  assert.deepEqual(started.slice(0, 3), ['batch', 'page', 'folder']);
  assert.equal(started.length, 5);
});

test('of two chains expected to take as long, the one with more requests goes first', async () => {
  // One slot. `alone` (weight 4) and `y0 → y1` (weight 2 each) tie at 4; `alone` comes first in
  // the list, but the two-request chain pays a round trip more, so it starts first.
  const started: string[] = [];
  await runDag(
    [
      { id: 'alone', prerequisites: [], weight: 4 },
      { id: 'y0', prerequisites: [], weight: 2 },
      { id: 'y1', prerequisites: ['y0'], weight: 2 },
    ],
    async (id) => {
      started.push(id);
      await sleep(1);
    },
    { concurrency: 1 },
  );
  assert.deepEqual(started, ['y0', 'alone', 'y1']);
});

test('revised weights rank the waiting tasks again', async () => {
  // One slot, held by `first` while the weights change. Before: `batch` (7) outranks
  // `single → folder` (2 + 2). After (the wait for the first token is found to weigh 5 pages, not 1):
  // `batch` 11, `single → folder` 6 + 6, so `single` goes next.
  let version = 0;
  const pages = new Map([
    ['batch', 6],
    ['single', 1],
    ['folder', 1],
  ]);
  let wait = 1;
  const tasks: DagTask[] = [
    { id: 'first', prerequisites: [], weight: 100 },
    { id: 'batch', prerequisites: [], weight: 7 },
    { id: 'single', prerequisites: [], weight: 2 },
    { id: 'folder', prerequisites: ['single'], weight: 2 },
  ];
  const started: string[] = [];
  await runDag(
    tasks,
    async (id) => {
      started.push(id);
      if (id === 'first') {
        wait = 5;
        version++;
      }
      await sleep(1);
    },
    { concurrency: 1, reweigh: { version: () => version, weightOf: (t) => (pages.has(t.id) ? wait + pages.get(t.id)! : (t.weight ?? 1)) } },
  );
  assert.deepEqual(started, ['first', 'single', 'batch', 'folder']);

  // The same run without the revision keeps the first ranking.
  const unrevised: string[] = [];
  await runDag(
    tasks,
    async (id) => {
      unrevised.push(id);
      await sleep(1);
    },
    { concurrency: 1 },
  );
  assert.deepEqual(unrevised, ['first', 'batch', 'single', 'folder']);
});

test('a value is let go once every task waiting for it has started, and the run ends with statuses only', async () => {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  let answer: WeakRef<object> | undefined;
  let seenByPage: number | undefined;
  let heldWhileRunning: boolean | undefined;
  const outcomes = await runDag<{ text: string } | undefined>(
    [
      { id: 'batch', prerequisites: [] },
      { id: 'page', prerequisites: ['batch'], local: true },
      { id: 'folder', prerequisites: ['page'] },
    ],
    async (id, pre) => {
      if (id === 'batch') {
        const value = { text: 'x'.repeat(100_000) };
        answer = new WeakRef(value);
        return value;
      }
      const batch = pre.get('batch');
      if (id === 'page' && batch?.status === 'done') seenByPage = batch.value!.text.length;
      if (id === 'folder') {
        // The page that needed the batch's answer has run; the run is still going.
        await new Promise((r) => setImmediate(r));
        gc();
        heldWhileRunning = answer!.deref() !== undefined;
      }
      return undefined;
    },
    { concurrency: 1 },
  );
  assert.equal(seenByPage, 100_000);
  assert.equal(heldWhileRunning, false);
  assert.deepEqual(outcomes.get('batch'), { status: 'done' });
  assert.deepEqual([...outcomes.values()].map((o) => o.status), ['done', 'done', 'done']);
});
