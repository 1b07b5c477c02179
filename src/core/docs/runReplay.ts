/**
 * A whole run rebuilt from the response cache without building it again: when a run starts from an
 * empty manifest (the output folder deleted, a second copy of the workspace) with inputs identical
 * to those of an earlier run that wrote every page from answers the cache holds, its pages are
 * written again as that run wrote them.
 *
 * Why the bytes are the same: a run's pages are a function of (a) the code that builds them, (b)
 * what the run was asked (provider, server, model, fallbacks, output limit, temperature, answer
 * format, batching, scan rules, project name, where the workspace and the output folder are), (c)
 * the workspace as scanned and parsed (every file's path, size, language and content hash, the
 * files left out and why, each file's parse and line count, the project's README and manifest as
 * read, the page plan with each page's inputs hash), (d) the manifest the run started from, and
 * (e) the answers. The replay key is a hash of (a) — the file the engine runs from, which is the
 * whole bundle in the extension and the CLI — and (b) and (c) in full; a replay is recorded and
 * used only when (d) is empty and no guide is stale; and (e) is checked when the replay is used:
 * every answer the recording run used must still be in the response cache with the same hash
 * (a forced rewrite that replaced one sends the run the slow way). Pages that depended on anything
 * else (a failure, a file in the way, a page limited to some lines) are never recorded: only a
 * run that wrote every planned page with no failure is.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ChatResult } from '../providers/types';
import type { PlannedPage } from './plan';
import type { RunContext } from './runContext';
import type { PagePlan } from './runPlan';
import type { RunScope } from './runScope';
import type { RunSources } from './runSources';
import { tidyOutputFolder } from './runPlan';
import { cachedRunEstimate } from './runConfirm';
import { recordRunFailures } from './runFailures';
import { parseReplay, replayChunks, REPLAY_FORMAT, type StoredReplay } from './replayFile';

/** Pages written between two yields to the event loop while replaying. */
const PAGES_PER_TURN = 64;

/** A run that may be replayed or recorded: its key, and where replays are kept. */
export interface ReplayCandidate {
  key: string;
  get: (key: string) => Promise<Buffer | undefined>;
  put: (key: string, chunks: AsyncIterable<string | Uint8Array>) => Promise<void>;
}

let engineHash: string | undefined;

/** sha256 of the file the engine runs from (the bundle in the extension and the CLI). */
function engineFingerprint(): string {
  engineHash ??= createHash('sha256').update(readFileSync(__filename)).digest('hex');
  return engineHash;
}

/**
 * The run's replay key when it may be replayed or recorded: every page planned is to be written,
 * from an empty manifest, with the response cache read and written, no page limited to some
 * pages, nothing in the way and no guide stale. Undefined otherwise.
 */
export function replayCandidate(run: RunScope, sources: RunSources, pages: PagePlan, stale: readonly PlannedPage[], notOwned: ReadonlySet<string>, staleGuides: number): ReplayCandidate | undefined {
  const use = run.services.responseCache;
  const get = use?.cache.getReplay?.bind(use.cache);
  const put = use?.cache.putReplay?.bind(use.cache);
  if (!use || use.writeOnly || !get || !put || run.options.only || staleGuides > 0 || notOwned.size > 0) return undefined;
  if (stale.length !== pages.plan.pages.length || Object.keys(pages.manifest.manifest.pages).length > 0) return undefined;
  return { key: replayKey(run, sources, pages, use.scope), get, put };
}

function replayKey(run: RunScope, sources: RunSources, pages: PagePlan, scope: string | undefined): string {
  const o = run.options;
  const byPath = <T>(map: ReadonlyMap<string, T>): [string, T][] => [...map.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const hash = createHash('sha256');
  const add = (part: unknown): void => {
    hash.update(JSON.stringify(part) ?? 'undefined').update('\0');
  };
  add([REPLAY_FORMAT, engineFingerprint()]);
  add([o.provider, scope ?? '', o.model, o.fallbackModels ?? [], o.maxOutputTokens, o.temperature, o.structuredOutput === true, o.batchSmallFiles !== false, o.maxFileSizeKB]);
  add([o.exclude ?? [], o.include ?? [], o.filesExclude ?? [], o.neverSend ?? [], o.projectName ?? null, run.root, run.output.abs]);
  add(sources.files);
  add(sources.skipped);
  add(run.summary.notCode);
  add(byPath(sources.index.parsed));
  add(byPath(sources.index.lineCounts));
  add([pages.projectName, pages.facts]);
  add(pages.plan.pages.map((p) => [p.path, p.kind, p.subject, p.children, p.prerequisites]));
  add(byPath(pages.expected));
  return hash.digest('hex');
}

/** What the recording run needs from the page jobs: the path of each page written, in the order written. */
export type PageLog = NonNullable<RunContext['pageLog']>;

/**
 * Records the run's pages under its replay key once it wrote every planned page with no failure,
 * from answers the response cache holds; each page is read back from disk as the replay is
 * written. Never throws: a replay not recorded (a page changed on disk meanwhile, a full disk)
 * only makes the next such run take the slower way.
 */
export async function recordReplay(run: RunScope, ctx: RunContext, candidate: ReplayCandidate, log: PageLog): Promise<void> {
  const s = run.summary;
  const planned = ctx.plan.pages.length;
  if (!s.failed.length && !s.cancelled && !s.stoppedByCap && !s.fatal && s.pages.notOwned.length === 0 && s.pages.notStarted.length === 0 && log.length === planned && ctx.caller.usedOnlyStoredAnswers) {
    const chunks = replayChunks({ key: candidate.key, answers: ctx.caller.answersUsed, report: ctx.report, paths: log, entry: (p) => ctx.manifest.get(p), writer: ctx.writer });
    await candidate.put(candidate.key, chunks).catch(() => undefined);
  }
}

/**
 * Writes the run's pages from its replay when there is one whose answers the response cache still
 * holds unchanged; false (having changed nothing) otherwise. Each page is written atomically before
 * its manifest entry, as a run writes it, so a run killed part way leaves whole pages and a
 * manifest that lists only pages on disk.
 */
export async function replayRun(run: RunScope, ctx: RunContext, pages: PagePlan, candidate: ReplayCandidate): Promise<boolean> {
  const stored = parseReplay(await candidate.get(candidate.key).catch(() => undefined), candidate.key);
  if (!stored || stored.pages.length !== ctx.plan.pages.length) return false;
  const answers = await ctx.caller.storedAnswers(stored.answers);
  if (!answers) return false;
  for (const p of stored.pages) if (!ctx.pageSet.has(p.path) || !(await ctx.writer.mayWrite(p.path))) return false;

  const { summary, services } = run;
  run.progress({ phase: 'plan', pagesDone: 0, pagesTotal: stored.pages.length });
  summary.estimate = await cachedRunEstimate(run, stored.answers.length);
  if (services.confirm && !(await services.confirm(summary.estimate))) {
    summary.cancelled = true;
    summary.declined = true;
    return true;
  }
  await tidyOutputFolder(run, pages);
  await writeReplayed(run, ctx, stored, answers);
  return true;
}

async function writeReplayed(run: RunScope, ctx: RunContext, stored: StoredReplay, answers: ChatResult[]): Promise<void> {
  const { summary } = run;
  const started = Date.now();
  await ctx.caller.recordReplayed(stored.answers, answers);
  // Written one after another, each synchronously (a few tens of microseconds a page); the manifest
  // lines of a turn's pages go to the journal together, after the pages, and the event loop gets a
  // turn between two such rounds.
  for (let from = 0; from < stored.pages.length && !run.hooks.signal?.aborted; from += PAGES_PER_TURN) {
    const recorded: Promise<void>[] = [];
    for (const page of stored.pages.slice(from, from + PAGES_PER_TURN)) {
      const pageStarted = Date.now();
      const contentHash = await ctx.writer.write(page.path, page.content, true);
      recorded.push(ctx.manifest.set(page.path, { ...page.entry, contentHash, generatedAt: run.now().toISOString(), durationMs: Date.now() - pageStarted }));
      summary.pages.written.push(page.path);
    }
    await Promise.all(recorded);
    // One progress report a round, naming its last page: a line per page (the CLI prints each)
    // cost as much as writing the pages.
    const last = summary.pages.written.at(-1);
    if (last !== undefined) run.progress({ phase: 'generate', pagesDone: summary.pages.written.length, pagesTotal: stored.pages.length, page: last }, ctx.caller);
    await new Promise((resolve) => setImmediate(resolve));
  }
  if (run.hooks.signal?.aborted) {
    summary.cancelled = true;
    const written = new Set(summary.pages.written);
    summary.pages.notStarted.push(...stored.pages.map((p) => p.path).filter((p) => !written.has(p)));
  } else Object.assign(ctx.report, stored.report);
  summary.durations.generateMs = Date.now() - started;
  await recordRunFailures(run.output.abs, { at: run.now(), written: summary.pages.written, failed: summary.failed, planned: ctx.pageSet }).catch((error: unknown) =>
    summary.warnings.push(`Could not record the failed pages: ${error instanceof Error ? error.message : String(error)}`),
  );
  run.progress({ phase: 'done', pagesDone: summary.pages.written.length, pagesTotal: stored.pages.length }, ctx.caller);
}
