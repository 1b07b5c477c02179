/**
 * The seeded fault runs and the RELIABILITY.md they produce. At least 20 mixed-fault
 * trials over a sample repository of 100+ files, plus trials cancelled at a seeded page, trials
 * stopped by a fatal 402, the CLI killed with SIGKILL, and a second run started while one runs. The trials are recorded
 * for the report before the assertions, so a failing guarantee shows up in it too.
 *
 * RELIABILITY_TRIALS (default 20) sets the number of mixed trials; RELIABILITY_PARALLEL (default 3)
 * how many trials run at once, each against its own fake server.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startFakeLlm, type FakeLlmServer } from '../../fixtures/fakeLlm/fakeLlmServer';
import { seededRandom } from '../../fixtures/badInput/seededRandom';
import { createTestParser } from '../docs/parse/parseTestSupport';
import type { ParseFn } from '../../../src/core/docs/sourceIndex';
import { buildSampleRepository, type SampleRepository } from './sampleRepository';
import { runConcurrentTrial, runTrial, type TrialConfig, type TrialEnvironment, type TrialResult } from './faultTrial';
import { buildCli, CLI_KILL_SCENARIO, runCliKillTrial } from './cliKillTrial';
import { renderReportToTempFile } from './reliabilityReport';
import { recordResult } from './reliabilityResults';

const MIXED_TRIALS = Math.max(1, Number(process.env.RELIABILITY_TRIALS ?? 20));
const PARALLEL = Math.max(1, Number(process.env.RELIABILITY_PARALLEL ?? 3));
const PACKAGES = 5;

const MIXED = 'mixed faults (every provider fault kind but 402)';
const CANCELLED = 'mixed faults, cancelled at a seeded page';
const FATAL = 'mixed faults with 402 (run stops)';

let tmp: string;
let template: SampleRepository;
const results: TrialResult[] = [];
let reportFile = '';

function trialConfigs(): TrialConfig[] {
  const configs: TrialConfig[] = [];
  for (let i = 1; i <= MIXED_TRIALS; i++) configs.push({ scenario: MIXED, seed: i, concurrency: 2 + (i % 5), weights: { credits402: 0 } });
  for (let i = 1; i <= 4; i++) {
    const rng = seededRandom(100 + i);
    configs.push({ scenario: CANCELLED, seed: 100 + i, concurrency: rng.int(2, 6), weights: { credits402: 0 }, cancelAfterPages: rng.int(1, 140) });
  }
  for (let i = 1; i <= 2; i++) configs.push({ scenario: FATAL, seed: 200 + i, concurrency: 4, weights: { credits402: 2 } });
  return configs;
}

type Job = (env: TrialEnvironment) => Promise<TrialResult>;

/** Runs the jobs on PARALLEL workers, each with its own fake server. */
async function runPool(jobs: readonly Job[], parse: ParseFn | undefined): Promise<void> {
  const queue = [...jobs];
  const fakes: FakeLlmServer[] = [];
  const worker = async (): Promise<void> => {
    const fake = await startFakeLlm();
    fakes.push(fake);
    const env: TrialEnvironment = { fake, template, workDir: tmp, parse };
    for (let job = queue.shift(); job; job = queue.shift()) results.push(await job(env));
  };
  try {
    await Promise.all(Array.from({ length: PARALLEL }, worker));
  } finally {
    await Promise.all(fakes.map((f) => f.stop()));
  }
}

before(async () => {
  const started = performance.now();
  tmp = mkdtempSync(path.join(os.tmpdir(), 'docsmith-faultruns-'));
  template = await buildSampleRepository(tmp, PACKAGES);
  const cli = buildCli();
  const jobs: Job[] = [
    ...[401, 402, 403].map((seed): Job => (env) => runCliKillTrial(env, cli, seed)),
    ...trialConfigs().map((config): Job => (env) => runTrial(env, config)),
    (env) => runConcurrentTrial(env, 301),
  ];
  await runPool(jobs, await createTestParser());
  results.sort((a, b) => (a.scenario === b.scenario ? a.seed - b.seed : a.scenario < b.scenario ? -1 : 1));
  const totalMs = performance.now() - started;
  recordResult({ kind: 'faultTrials', trials: { results, sampleFiles: template.sourceFiles, totalMs } });
  reportFile = await renderReportToTempFile(results, { sampleFiles: template.sourceFiles, totalMs, command: 'npm run test:reliability', hostile: [] });
});

after(() => {
  rmSync(tmp, { recursive: true, force: true });
});

function problems(pick: (r: TrialResult) => readonly string[]): string[] {
  return results.flatMap((r) => pick(r).map((p) => `${r.scenario} #${r.seed}: ${p}`));
}

test('at least 20 mixed-fault trials ran over a sample repository of 100+ files, and their report renders', () => {
  assert.ok(template.sourceFiles >= 100, `${template.sourceFiles} files`);
  assert.ok(results.filter((r) => r.scenario === MIXED).length >= Math.min(20, MIXED_TRIALS));
  assert.ok(results.filter((r) => r.scenario === MIXED).every((r) => r.faults > 0), 'every mixed trial injected faults');
  assert.ok(reportFile.endsWith('RELIABILITY.md'));
});

test('every planned page is written and valid, or failed with its reason', () => {
  assert.deepEqual(results.filter((r) => r.unaccounted !== 0).map((r) => `${r.scenario} #${r.seed}: ${r.unaccounted}`), []);
  assert.deepEqual(problems((r) => r.invalid), []);
  for (const r of results) assert.equal(r.pagesWritten + r.pagesFailedWithReason, r.pagesExpected, `${r.scenario} #${r.seed}`);
});

test('no finished page is lost, not even when a run is cancelled or stopped by a fatal error', () => {
  assert.deepEqual(problems((r) => r.lost), []);
  assert.ok(results.some((r) => r.scenario === CANCELLED && r.pagesFailedWithReason > 0), 'some cancelled trial stopped early');
  assert.ok(results.some((r) => r.scenario === FATAL && r.pagesFailedWithReason > 0), 'some 402 trial stopped early');
});

test('manifest.json always parses', () => {
  assert.deepEqual(results.filter((r) => r.corruptManifest).map((r) => `${r.scenario} #${r.seed}`), []);
});

test('no temp file or lock is left behind, and nothing is written outside the output folder', () => {
  assert.deepEqual(problems((r) => r.leftovers), []);
  assert.deepEqual(problems((r) => r.outsideWrites), []);
});

test('no canary leaks into requests, logs, summaries or output files', () => {
  assert.deepEqual(problems((r) => r.leaks), []);
});

test('the cost ledger holds every billed request once, mid-stream failures included', () => {
  assert.deepEqual(problems((r) => r.ledger), []);
});

test('a rerun regenerates exactly the failed and missing pages (and those built around them); a third run makes no request', () => {
  assert.deepEqual(problems((r) => r.rerun), []);
});

test('killing the CLI with SIGKILL loses no finished page; the next run takes over and finishes exactly the rest', () => {
  const killed = results.filter((r) => r.scenario === CLI_KILL_SCENARIO);
  assert.equal(killed.length, 3);
  assert.ok(killed.some((r) => r.pagesWritten > 0 && r.pagesFailedWithReason > 0), 'some kill landed mid-run');
});

test('a second run on the same workspace is refused while the first one finishes', () => {
  const concurrent = results.find((r) => r.scenario === 'second run while one is running');
  assert.ok(concurrent);
  assert.deepEqual(concurrent.rerun, []);
});

test('no trial hangs: each ends in bounded time', () => {
  const slow = results.filter((r) => r.durationMs > 300_000).map((r) => `${r.scenario} #${r.seed}: ${r.durationMs} ms`);
  assert.deepEqual(slow, []);
});
