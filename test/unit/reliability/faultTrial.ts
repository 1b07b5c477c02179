/**
 * One seeded fault trial through `runDocs`: a fresh copy of the sample repository, a run
 * against the fake server under a fault plan (optionally cancelled part-way), then every
 * guarantee checked on disk; then a clean rerun that must regenerate exactly the pages
 * that were missing (and the pages built around them), and a third run that must make no request.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { FakeLlmServer } from '../../fixtures/fakeLlm/fakeLlmServer';
import type { Scenario } from '../../fixtures/fakeLlm/scenarios';
import { createOpenRouterProvider } from '../../../src/core/providers/openRouterProvider';
import { createRedactingLogger } from '../../../src/core/logger';
import { CostLedger } from '../../../src/core/cost/costLedger';
import { runDocs } from '../../../src/core/docs/docRun';
import type { DocRunOptions, DocRunServices } from '../../../src/core/docs/runScope';
import { MANIFEST_JOURNAL, readManifest, type Manifest } from '../../../src/core/docs/manifest';
import { LOCK_FILE, RunLockedError } from '../../../src/core/docs/runLock';
import { sha256 } from '../../../src/core/docs/pageWriter';
import type { DocRunSummary } from '../../../src/core/docs/runSummary';
import type { ParseFn } from '../../../src/core/docs/sourceIndex';
import { KEY_CANARY } from '../../fixtures/workspaces/prepare';
import { citationValidityOnDisk, tempFilesIn, wrongCitationResponder } from '../docs/docRunHarness';
import { createFaultPlan, type FaultKind } from './faultPlan';
import { allCanaries, billedGenerationIds, CANARY_KEYS, leaksIn, providerContext, recordingLogger, treeLeaks } from './reliabilityHarness';
import { copySampleRepository, type SampleRepository } from './sampleRepository';

export interface TrialConfig {
  /** Row of the RELIABILITY.md table. */
  scenario: string;
  seed: number;
  concurrency: number;
  weights?: Partial<Record<FaultKind, number>>;
  /** Abort the run once this many pages have finished. */
  cancelAfterPages?: number;
  maxAttempts?: number;
}

export interface TrialResult {
  scenario: string;
  seed: number;
  pagesExpected: number;
  /** Written and valid at the end of the faulty run. */
  pagesWritten: number;
  /** Failed with a reason, or not started with the run's stop reason (cancel, fatal error). */
  pagesFailedWithReason: number;
  /** Planned pages neither written nor failed with a reason. */
  unaccounted: number;
  /** Pages reported written that are missing, changed, or absent from the manifest. */
  lost: string[];
  /** Written pages with an invalid citation. */
  invalid: string[];
  corruptManifest: boolean;
  leftovers: string[];
  leaks: string[];
  /** Files created, changed or deleted outside the output folder. */
  outsideWrites: string[];
  /** Billed requests not in the ledger, or recorded twice, or recorded without being billed. */
  ledger: string[];
  /** Differences between what the rerun regenerated and what it had to. */
  rerun: string[];
  requests: number;
  faults: number;
  faultKinds: Partial<Record<FaultKind, number>>;
  durationMs: number;
}

export interface TrialEnvironment {
  fake: FakeLlmServer;
  template: SampleRepository;
  workDir: string;
  parse?: ParseFn;
}

/**
 * Client timeouts of the trials. The time to first byte is generous so that only `slowFirstByte`
 * trips it: a request abandoned before its headers arrive carries no generation id, so the
 * ledger cannot know whether it was billed (see RELIABILITY.md).
 */
const TIMEOUTS = { requestTimeoutMs: 1500, idleTimeoutMs: 300 };

function runOptions(root: string, config: TrialConfig): DocRunOptions {
  return {
    root,
    outputDirectory: 'docs/generated',
    provider: 'openrouter',
    model: 'openai/gpt-4o-mini',
    concurrency: config.concurrency,
    maxFileSizeKB: 256,
    // The default output limit, so small files and sibling folders are asked for several to a request as in a real run.
    maxOutputTokens: 4096,
    temperature: 0.1,
    runId: `trial-${config.seed}`,
  };
}

/** Pages the rerun must regenerate: the ones not written, and every written page built from one of them. */
export function mustRegenerate(manifest: Manifest, notWritten: ReadonlySet<string>): Set<string> {
  const stale = new Set(notWritten);
  for (let changed = true; changed; ) {
    changed = false;
    for (const [page, entry] of Object.entries(manifest.pages)) {
      if (stale.has(page)) continue;
      const children = Object.entries(entry.pages ?? {});
      if (children.some(([child, hash]) => stale.has(child) || hash === 'missing')) {
        stale.add(page);
        changed = true;
      }
    }
  }
  return stale;
}

export async function checkDisk(outputDir: string, written: readonly string[], manifest: Manifest): Promise<string[]> {
  const lost: string[] = [];
  for (const page of written) {
    const entry = manifest.pages[page];
    let text: string | undefined;
    try {
      text = await fs.readFile(path.join(outputDir, ...page.split('/')), 'utf8');
    } catch {
      text = undefined;
    }
    if (text === undefined) lost.push(`${page}: missing on disk`);
    else if (!entry) lost.push(`${page}: not in the manifest`);
    else if (sha256(text) !== entry.contentHash) lost.push(`${page}: content differs from the manifest`);
  }
  return lost;
}

export async function leftoversIn(outputDir: string): Promise<string[]> {
  const found = await tempFilesIn(outputDir).catch(() => [] as string[]);
  // A run that ended (even cancelled or stopped) releases its lock and folds its journal into manifest.json.
  for (const file of [LOCK_FILE, MANIFEST_JOURNAL]) {
    try {
      await fs.stat(path.join(outputDir, ...file.split('/')));
      found.push(file);
    } catch {
      // not left: good
    }
  }
  return found;
}

function accounted(summary: DocRunSummary): Set<string> {
  const explained = summary.cancelled || summary.stoppedByCap || summary.fatal !== undefined;
  return new Set([
    ...summary.pages.written,
    ...summary.pages.unchanged,
    ...summary.pages.notOwned,
    ...summary.failed.filter((f) => f.reason !== '' && f.message !== '').map((f) => f.page),
    ...(explained ? summary.pages.notStarted : []),
  ]);
}

/** sha256 of every file of the workspace outside the output folder. */
export async function snapshotOutside(root: string, outputDir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const walk = async (dir: string): Promise<void> => {
    for (const e of await fs.readdir(dir, { withFileTypes: true })) {
      const abs = path.join(dir, e.name);
      if (abs === outputDir) continue;
      if (e.isDirectory()) await walk(abs);
      else if (e.isFile()) out.set(path.relative(root, abs), sha256(await fs.readFile(abs)));
      else out.set(path.relative(root, abs), e.isSymbolicLink() ? `link:${await fs.readlink(abs)}` : 'special');
    }
  };
  await walk(root);
  return out;
}

/** What differs between two snapshots. */
export function snapshotChanges(before: ReadonlyMap<string, string>, after: ReadonlyMap<string, string>): string[] {
  const changes: string[] = [];
  for (const [p, h] of after) if (before.get(p) !== h) changes.push(before.has(p) ? `changed ${p}` : `created ${p}`);
  for (const p of before.keys()) if (!after.has(p)) changes.push(`deleted ${p}`);
  return changes;
}

export async function runTrial(env: TrialEnvironment, config: TrialConfig): Promise<TrialResult> {
  const started = performance.now();
  const root = await copySampleRepository(env.template, path.join(env.workDir, `trial-${config.scenario.replace(/\W+/g, '-')}-${config.seed}`));
  const outputDir = path.join(root, 'docs', 'generated');
  const before = await snapshotOutside(root, outputDir);
  const { fake } = env;
  fake.reset();
  fake.responder = wrongCitationResponder;
  const plan = createFaultPlan({ seed: config.seed, weights: config.weights, chunkChars: 40, ...TIMEOUTS });
  fake.script = plan.script;

  const raw = recordingLogger();
  const log = createRedactingLogger(raw, () => Object.values(CANARY_KEYS));
  const provider = createOpenRouterProvider(providerContext(fake.openRouterBaseUrl, log, TIMEOUTS));
  const ledger = new CostLedger({ lookupGeneration: (id, signal) => provider.getGeneration(id, signal), lookupDelaysMs: [5, 10, 20, 40] });
  const services: DocRunServices = {
    chat: (r) => provider.chat(r),
    parse: env.parse,
    ledger,
    retry: { maxAttempts: config.maxAttempts ?? 4, baseDelayMs: 2, maxDelayMs: 200 },
    log,
  };
  const controller = new AbortController();
  const first = await runDocs(runOptions(root, config), services, {
    signal: controller.signal,
    onProgress: (p) => {
      if (config.cancelAfterPages !== undefined && p.phase === 'generate' && p.pagesDone >= config.cancelAfterPages) controller.abort(new Error('cancelled by the trial'));
    },
  });
  await ledger.whenSettled();
  const requests = fake.chatRequests.length;
  const bodies = JSON.stringify(fake.chatRequests.map((r) => r.body));

  const loaded = await readManifest(outputDir);
  const corruptManifest = loaded.problem === 'corrupt' || loaded.problem === 'newerVersion' || (loaded.problem === 'missing' && first.pages.written.length > 0);
  const lost = await checkDisk(outputDir, first.pages.written, loaded.manifest);
  const citations = await citationValidityOnDisk(root, outputDir);
  const leftovers = await leftoversIn(outputDir);
  const canaries = [...allCanaries(), KEY_CANARY];
  const leaks = [
    ...leaksIn('request bodies', bodies, canaries),
    ...leaksIn('log', raw.lines.join('\n'), canaries),
    ...leaksIn('summary', JSON.stringify(first), canaries),
    ...(await treeLeaks(outputDir)),
  ];

  const billed = billedGenerationIds(plan.events);
  const recorded = ledger.records.map((r) => r.generationId).filter((id): id is string => id !== undefined);
  const ledgerProblems: string[] = [];
  const recordedSet = new Set(recorded);
  if (recordedSet.size !== recorded.length) ledgerProblems.push(`${recorded.length - recordedSet.size} generation(s) recorded twice`);
  const notRecorded = billed.filter((id) => !recordedSet.has(id));
  // A cancel can abandon a stream before its headers reach the client; such a request cannot be known to be billed.
  if (notRecorded.length > 0 && config.cancelAfterPages === undefined) ledgerProblems.push(`billed but not recorded: ${notRecorded.join(', ')}`);
  const billedSet = new Set(billed);
  const unbilled = recorded.filter((id) => !billedSet.has(id));
  if (unbilled.length > 0) ledgerProblems.push(`recorded but not billed: ${unbilled.join(', ')}`);

  const done = accounted(first);
  const pagesExpected = first.pages.planned;
  const unaccounted = pagesExpected - done.size;

  // Clean rerun: exactly the pages not written, and those built around them.
  const notWritten = new Set<string>([...first.failed.map((f) => f.page), ...first.pages.notStarted]);
  const expectedRerun = mustRegenerate(loaded.manifest, notWritten);
  fake.reset();
  fake.script = undefined;
  const second = await runDocs(runOptions(root, config), { ...services, ledger: undefined });
  const rerun: string[] = [];
  const regenerated = new Set(second.pages.written);
  for (const p of expectedRerun) if (!regenerated.has(p)) rerun.push(`not regenerated: ${p}`);
  for (const p of regenerated) if (!expectedRerun.has(p)) rerun.push(`regenerated needlessly: ${p}`);
  if (!second.ok) rerun.push(`rerun not ok: ${JSON.stringify(second.failed.slice(0, 3))}`);
  fake.reset();
  const third = await runDocs(runOptions(root, config), { ...services, ledger: undefined });
  if (fake.chatRequests.length !== 0) rerun.push(`third run made ${fake.chatRequests.length} request(s)`);
  if (third.pages.unchanged.length !== third.pages.planned) rerun.push(`third run: ${third.pages.unchanged.length}/${third.pages.planned} unchanged`);
  leftovers.push(...(await leftoversIn(outputDir)).map((l) => `after rerun: ${l}`));
  const outsideWrites = snapshotChanges(before, await snapshotOutside(root, outputDir));
  const afterRerun = await readManifest(outputDir);
  const corruptAfter = afterRerun.problem !== undefined;

  const counts = plan.counts();
  const faultKinds = Object.fromEntries(Object.entries(counts).filter(([k, v]) => k !== 'ok' && v > 0)) as Partial<Record<FaultKind, number>>;
  await fs.rm(root, { recursive: true, force: true });
  return {
    scenario: config.scenario,
    seed: config.seed,
    pagesExpected,
    pagesWritten: first.pages.written.length - lost.length,
    pagesFailedWithReason: done.size - first.pages.written.length - first.pages.unchanged.length - first.pages.notOwned.length,
    unaccounted,
    lost,
    invalid: citations.invalid,
    corruptManifest: corruptManifest || corruptAfter,
    leftovers,
    leaks,
    outsideWrites,
    ledger: ledgerProblems,
    rerun,
    requests,
    faults: Object.values(faultKinds).reduce((a, b) => a + (b ?? 0), 0),
    faultKinds,
    durationMs: Math.round(performance.now() - started),
  };
}

/**
 * Two runs on one workspace at once: the second must be refused with a clear message while the
 * first finishes untouched. Reported like a trial; a second run that is not refused counts as a
 * rerun mismatch.
 */
export async function runConcurrentTrial(env: TrialEnvironment, seed: number): Promise<TrialResult> {
  const started = performance.now();
  const config: TrialConfig = { scenario: 'second run while one is running', seed, concurrency: 3 };
  const root = await copySampleRepository(env.template, path.join(env.workDir, `trial-concurrent-${seed}`));
  const outputDir = path.join(root, 'docs', 'generated');
  const before = await snapshotOutside(root, outputDir);
  const { fake } = env;
  fake.reset();
  fake.responder = wrongCitationResponder;
  fake.script = (): Scenario => ({ kind: 'stream', tokenDelayMs: 2, chunkChars: 40 });
  const log = recordingLogger();
  const provider = createOpenRouterProvider(providerContext(fake.openRouterBaseUrl, log, TIMEOUTS));
  const services: DocRunServices = { chat: (r) => provider.chat(r), parse: env.parse, retry: { baseDelayMs: 2, maxDelayMs: 200 }, log };
  const first = runDocs(runOptions(root, config), services);
  await fake.waitFor((requests) => requests.length > 0, 60_000);
  const problems: string[] = [];
  try {
    await runDocs(runOptions(root, config), services);
    problems.push('the second run was not refused');
  } catch (error) {
    if (!(error instanceof RunLockedError) || !/already writing/.test(error.message)) problems.push(`refused badly: ${String(error)}`);
  }
  const summary = await first;
  if (!summary.ok) problems.push(`the first run did not finish cleanly: ${JSON.stringify(summary.failed.slice(0, 3))}`);
  const loaded = await readManifest(outputDir);
  const lost = await checkDisk(outputDir, summary.pages.written, loaded.manifest);
  const citations = await citationValidityOnDisk(root, outputDir);
  const leftovers = await leftoversIn(outputDir);
  const leaks = [...leaksIn('request bodies', JSON.stringify(fake.chatRequests.map((r) => r.body)), [...allCanaries(), KEY_CANARY]), ...(await treeLeaks(outputDir))];
  const outsideWrites = snapshotChanges(before, await snapshotOutside(root, outputDir));
  const requests = fake.chatRequests.length;
  await fs.rm(root, { recursive: true, force: true });
  return {
    scenario: config.scenario,
    seed,
    pagesExpected: summary.pages.planned,
    pagesWritten: summary.pages.written.length - lost.length,
    pagesFailedWithReason: summary.failed.length,
    unaccounted: summary.pages.planned - accounted(summary).size,
    lost,
    invalid: citations.invalid,
    corruptManifest: loaded.problem !== undefined,
    leftovers,
    leaks,
    outsideWrites,
    ledger: [],
    rerun: problems,
    requests,
    faults: 0,
    faultKinds: {},
    durationMs: Math.round(performance.now() - started),
  };
}
