/**
 * The headless CLI killed with SIGKILL at a seeded moment, under mild faults: no finished page may
 * be lost (every manifest entry's page on disk, with its hash), the manifest must parse, and the
 * next CLI run must take over the dead run's lock, remove its temp files and regenerate exactly
 * what was unfinished; a third run must make no request.
 */
import { spawn, spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { readManifest } from '../../../src/core/docs/manifest';
import type { JsonSummary } from '../../../src/core/docs/runReport';
import { KEY_CANARY } from '../../fixtures/workspaces/prepare';
import { citationValidityOnDisk, wrongCitationResponder } from '../docs/docRunHarness';
import { seededRandom } from '../../fixtures/badInput/seededRandom';
import { createFaultPlan, FAULT_KINDS, type FaultKind } from './faultPlan';
import { checkDisk, leftoversIn, mustRegenerate, snapshotChanges, snapshotOutside, type TrialEnvironment, type TrialResult } from './faultTrial';
import { allCanaries, CANARY_KEYS, leaksIn, treeLeaks } from './reliabilityHarness';
import { copySampleRepository } from './sampleRepository';
import { repositoryRoot } from './reliabilityReport';

export const CLI_KILL_SCENARIO = 'CLI killed with SIGKILL at a seeded moment';

/** Builds `dist/cli.js` with the repository's esbuild script; throws with its output on failure. */
export function buildCli(): string {
  const root = repositoryRoot();
  const build = spawnSync(process.execPath, ['esbuild.js'], { cwd: root, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`esbuild failed: ${build.stderr}`);
  return path.join(root, 'dist', 'cli.js');
}

interface CliOutcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function runCli(cli: string, args: string[], env: Record<string, string>, killWhen?: (stderr: string) => boolean): Promise<CliOutcome> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], { env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = killWhen
      ? setInterval(() => {
          if (killWhen(stderr)) {
            clearInterval(timer);
            child.kill('SIGKILL');
          }
        }, 2)
      : undefined;
    child.on('exit', (code, signal) => {
      if (timer) clearInterval(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

export async function runCliKillTrial(env: TrialEnvironment, cli: string, seed: number): Promise<TrialResult> {
  const started = performance.now();
  const rng = seededRandom(seed);
  const root = await copySampleRepository(env.template, path.join(env.workDir, `trial-kill-${seed}`));
  const outputDir = path.join(root, 'docs', 'generated');
  const before = await snapshotOutside(root, outputDir);
  const { fake } = env;
  fake.reset();
  fake.responder = wrongCitationResponder;
  // Only faults the CLI's default timeouts and backoff get past quickly (its retries wait about a second).
  const off = Object.fromEntries(FAULT_KINDS.map((k) => [k, 0])) as Record<FaultKind, number>;
  const plan = createFaultPlan({
    seed,
    requestTimeoutMs: 120_000,
    idleTimeoutMs: 120_000,
    chunkChars: 40,
    weights: { ...off, ok: 90, errorChunk: 2, resetMidStream: 2, server500: 2, choiceError: 1, hostileText: 3 },
  });
  fake.script = plan.script;
  const childEnv = { PATH: process.env.PATH ?? '', HOME: env.workDir, OPENROUTER_API_KEY: CANARY_KEYS.openrouter, OPENROUTER_BASE_URL: fake.openRouterBaseUrl };
  // Cost tracking is checked by the API trials; here it would only add generation lookups.
  const args = ['generate', root, '--provider', 'openrouter', '--model', 'openai/gpt-4o-mini', '--json', '--no-track-cost', '--concurrency', String(rng.int(2, 6))];
  // The moment is a seeded share of the run's pages, read from the CLI's `[done/total]` progress
  // lines: a count of requests would outlast the run whenever pages share requests.
  const killShare = rng.int(5, 75) / 100;
  const killed = await runCli(cli, args, childEnv, (stderr) => {
    const last = [...stderr.matchAll(/^\[(\d+)\/(\d+)\]/gm)].pop();
    return last !== undefined && Number(last[1]) >= Math.max(3, Math.ceil(Number(last[2]) * killShare));
  });
  const outputs = [killed.stdout, killed.stderr];
  const requests = fake.chatRequests.length;
  const bodies = JSON.stringify(fake.chatRequests.map((r) => r.body));

  const rerun: string[] = [];
  if (killed.signal !== 'SIGKILL') rerun.push(`the CLI ended before the kill (code ${killed.code}): ${killed.stderr.slice(-300)}`);
  const atKill = await readManifest(outputDir);
  const finished = Object.keys(atKill.manifest.pages);
  const corruptAtKill = atKill.problem === 'corrupt' || atKill.problem === 'newerVersion';
  const lost = await checkDisk(outputDir, finished, atKill.manifest);

  // The next run: takes over the dead run's lock, cleans its temp files, finishes the rest.
  fake.reset();
  fake.script = undefined;
  const second = await runCli(cli, args, childEnv);
  outputs.push(second.stdout, second.stderr);
  let planned = 0;
  try {
    const out = JSON.parse(second.stdout) as JsonSummary;
    planned = out.pages.length + out.unchanged.length + out.not_owned.length;
    const all = [...out.pages, ...out.unchanged, ...out.not_owned];
    const expected = mustRegenerate(atKill.manifest, new Set(all.filter((p) => !finished.includes(p))));
    const regenerated = new Set(out.pages);
    for (const p of expected) if (!regenerated.has(p)) rerun.push(`not regenerated: ${p}`);
    for (const p of regenerated) if (!expected.has(p)) rerun.push(`regenerated needlessly: ${p}`);
    if (!out.ok || second.code !== 0) rerun.push(`the run after the kill did not finish cleanly (exit ${second.code}): ${second.stderr.slice(-300)}`);
  } catch {
    rerun.push(`the run after the kill printed no JSON (exit ${second.code}): ${second.stderr.slice(-300)}`);
  }
  fake.reset();
  const third = await runCli(cli, args, childEnv);
  outputs.push(third.stdout, third.stderr);
  if (fake.chatRequests.length !== 0) rerun.push(`third run made ${fake.chatRequests.length} request(s)`);

  const after = await readManifest(outputDir);
  const citations = await citationValidityOnDisk(root, outputDir);
  const leftovers = await leftoversIn(outputDir);
  const canaries = [...allCanaries(), KEY_CANARY];
  const leaks = [...leaksIn('request bodies', bodies, canaries), ...leaksIn('CLI output', outputs.join('\n'), canaries), ...(await treeLeaks(outputDir))];
  const outsideWrites = snapshotChanges(before, await snapshotOutside(root, outputDir));
  await fs.rm(root, { recursive: true, force: true });
  return {
    scenario: CLI_KILL_SCENARIO,
    seed,
    pagesExpected: planned,
    pagesWritten: finished.length - lost.length,
    // Unfinished when the process died: the kill is their reason; the next run regenerates them.
    pagesFailedWithReason: planned - finished.length,
    unaccounted: 0,
    lost,
    invalid: citations.invalid,
    corruptManifest: corruptAtKill || after.problem !== undefined,
    leftovers,
    leaks,
    outsideWrites,
    ledger: [],
    rerun,
    requests,
    faults: plan.events.filter((e) => e.fault !== 'ok').length,
    faultKinds: Object.fromEntries(Object.entries(plan.counts()).filter(([k, v]) => k !== 'ok' && v > 0)),
    durationMs: Math.round(performance.now() - started),
  };
}
