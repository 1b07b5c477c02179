import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { runDag, type DagTask } from '../../../src/core/docs/dagScheduler';

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
  // Level 1: slow (50 ms) and fast (1 ms); level 2: afterFast depends on fast only.
  const started = new Map<string, number>();
  const t0 = Date.now();
  await runDag(
    [
      { id: 'slow', prerequisites: [] },
      { id: 'fast', prerequisites: [] },
      { id: 'afterFast', prerequisites: ['fast'] },
      { id: 'afterSlow', prerequisites: ['slow'] },
    ],
    async (id) => {
      started.set(id, Date.now() - t0);
      await sleep(id === 'slow' ? 60 : 1);
    },
    { concurrency: 4 },
  );
  assert.ok(started.get('afterFast')! < 40, `afterFast started at ${started.get('afterFast')} ms, before slow finished`);
  assert.ok(started.get('afterSlow')! >= 55);
});

test('the longest chain goes first, so the makespan stays at the critical-path bound', async () => {
  // 1 chain of 5 steps + 8 independent tasks, concurrency 2, every task 1 unit.
  // Bound: max(ceil(13/2)=7, 5) = 7 units; a scheduler that starts the independent tasks first needs 9.
  const tasks: DagTask[] = [];
  for (let i = 0; i < 5; i++) tasks.push({ id: `chain${i}`, prerequisites: i ? [`chain${i - 1}`] : [] });
  for (let i = 0; i < 8; i++) tasks.unshift({ id: `free${i}`, prerequisites: [] });
  let clock = 0;
  const unit = 10;
  const t0 = Date.now();
  await runDag(
    tasks,
    async () => {
      await sleep(unit);
      clock++;
    },
    { concurrency: 2 },
  );
  const elapsedUnits = (Date.now() - t0) / unit;
  assert.equal(clock, 13);
  assert.ok(elapsedUnits < 8.5, `took ${elapsedUnits.toFixed(1)} units, bound is 7`);
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
