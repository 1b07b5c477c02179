/**
 * Processes racing for the run lock of one output folder, as several editor windows and CLI runs
 * started together on a repository whose last run was killed. Real processes (not promises in
 * one event loop), many trials: in each exactly one may win.
 */
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { LOCK_FILE } from '../../../src/core/docs/runLock';
import { hostileCorpus } from './hostileCorpus';

const hostileTest = hostileCorpus(__filename, 'file system');
const RACERS = 6;
const TRIALS = 20;

interface Racer {
  child: ChildProcessWithoutNullStreams;
  next(): Promise<string>;
}

let tmp: string;
let racers: Racer[];
let deadPid: number;

function startRacer(): Promise<Racer> {
  const child = spawn(process.execPath, [path.join(__dirname, 'lockRacer.js')], { stdio: ['pipe', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const waiting: Array<(line: string) => void> = [];
  readline.createInterface({ input: child.stdout }).on('line', (line) => {
    const w = waiting.shift();
    if (w) w(line);
    else lines.push(line);
  });
  const next = (): Promise<string> => (lines.length > 0 ? Promise.resolve(lines.shift()!) : new Promise((resolve) => waiting.push(resolve)));
  return next().then((ready) => {
    assert.equal(ready, 'ready');
    return { child, next };
  });
}

before(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'docsmith-lock-race-'));
  const dead = spawn(process.execPath, ['-e', '0']);
  deadPid = dead.pid!;
  await new Promise((r) => dead.on('exit', r));
  racers = await Promise.all(Array.from({ length: RACERS }, startRacer));
});

after(async () => {
  for (const r of racers ?? []) r.child.kill();
  await fs.rm(tmp, { recursive: true, force: true });
});

/** Every racer tries at once; returns their answers, then has the winner release. */
async function race(outputDir: string): Promise<string[]> {
  for (const r of racers) r.child.stdin.write(`race ${outputDir}\n`);
  const answers = await Promise.all(racers.map((r) => r.next()));
  for (const r of racers) r.child.stdin.write('release\n');
  await Promise.all(racers.map((r) => r.next()));
  return answers;
}

async function trials(name: string, plant: (stateDir: string) => Promise<void>): Promise<void> {
  const outcomes: string[] = [];
  for (let trial = 1; trial <= TRIALS; trial++) {
    const outputDir = path.join(tmp, `${name}-${trial}`);
    const stateDir = path.join(outputDir, path.dirname(LOCK_FILE));
    await fs.mkdir(stateDir, { recursive: true });
    await plant(stateDir);
    const answers = await race(outputDir);
    const won = answers.filter((a) => a === 'won').length;
    const odd = answers.filter((a) => a !== 'won' && a !== 'locked');
    if (won !== 1 || odd.length > 0) outcomes.push(`trial ${trial}: ${won} winners${odd.length > 0 ? `, ${odd.join('; ')}` : ''}`);
    const left = await fs.readdir(stateDir);
    if (left.length > 0) outcomes.push(`trial ${trial}: left behind ${left.join(', ')}`);
  }
  assert.deepEqual(outcomes, [], `${RACERS} processes × ${TRIALS} trials`);
}

const deadLock = (): string => JSON.stringify({ pid: deadPid, host: os.hostname(), startedAt: '2024-01-01T00:00:00.000Z', token: 'deadbeef' });

hostileTest(
  { attack: `${RACERS} processes start at once on an output folder whose lock a killed run left (dead pid), ${TRIALS} trials`, holds: 'exactly one takes the lock in every trial; nothing is left after it releases' },
  () => trials('dead', (stateDir) => fs.writeFile(path.join(stateDir, 'run.lock'), deadLock())),
);

hostileTest(
  { attack: `${RACERS} processes race on a lock whose content is garbage and a minute old, ${TRIALS} trials`, holds: 'exactly one takes the lock in every trial' },
  () =>
    trials('garbage', async (stateDir) => {
      const file = path.join(stateDir, 'run.lock');
      await fs.writeFile(file, '\u0000not json');
      const old = new Date(Date.now() - 60_000);
      await fs.utimes(file, old, old);
    }),
);

hostileTest(
  { attack: `${RACERS} processes race on a dead lock whose takeover claim was left by a process killed mid-takeover, ${TRIALS} trials`, holds: 'exactly one takes the lock in every trial; the dead claim is cleaned up' },
  () =>
    trials('claim', async (stateDir) => {
      await fs.writeFile(path.join(stateDir, 'run.lock'), deadLock());
      await fs.writeFile(path.join(stateDir, 'run.lock.takeover-deadbeef'), JSON.stringify({ pid: deadPid, host: os.hostname(), startedAt: '2024-01-01T00:00:01.000Z', token: 'c1a1' }));
    }),
);
