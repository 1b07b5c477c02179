/**
 * A workspace documentation run, phase by phase: lock the output folder → scan → index (parse) →
 * plan → find the stale pages → estimate and confirm → generate them as a graph of tasks →
 * summarise. Shared by the extension and the CLI; every service it needs is injected.
 */
import { createModelCaller } from './modelCalls';
import { cacheUse } from './modelCallCache';
import { speedByModel } from '../cost/speedStats';
import type { ManifestStore } from './manifest';
import { withRunLock } from './runLock';
import { newRunContext, type RunContext } from './runContext';
import type { DocRunSummary } from './runSummary';
import { newRunScope, type DocRunHooks, type DocRunOptions, type DocRunServices, type RunScope } from './runScope';
import { indexSources, scanSources } from './runSources';
import { findStalePages, planPages, tidyOutputFolder } from './runPlan';
import { estimateAndConfirm } from './runConfirm';
import { schedulePages } from './pageSchedule';
import { guidesLeftAlone, guidesToWrite } from './guideIndex';
import { recordReplay, replayCandidate, replayRun } from './runReplay';

/**
 * Runs the documentation of a workspace and returns what happened. Throws only for a held lock
 * or a bad output folder (OutputFolderError). Nothing in the workspace changes before the
 * estimate is confirmed; a run that ends having written nothing leaves no folder behind.
 */
export async function runDocs(options: DocRunOptions, services: DocRunServices, hooks: DocRunHooks = {}): Promise<DocRunSummary> {
  const run = await newRunScope(options, services, hooks);
  let manifest: ManifestStore | undefined;
  return withRunLock(run.output.abs, () => foldManifestJournal(run, manifest), async () => {
    const scan = await scanSources(run);
    const sources = scan && (await indexSources(run, scan));
    if (!sources) return summarise(run);
    const pages = await planPages(run, sources);
    manifest = pages.manifest;
    const { stale, notOwned } = await findStalePages(run, pages);
    const staleGuides = services.guides ? await services.guides.stale(pages.manifest, sources.scan, pages.writer) : [];
    const guides = guidesToWrite(staleGuides, pages.manifest.manifest, options.only);
    run.summary.pages.notOwned.push(...guidesLeftAlone(staleGuides, options.only));

    // Regenerate Page asks for a new answer: the response cache is written, not read.
    const caller = createModelCaller(options, { ...services, responseCache: cacheUse(services.responseCache, options.only?.force) }, run.runId);
    if (!caller.capEnforceable) run.summary.warnings.push('The cost cap cannot be enforced: the model has no known prices.');
    else if (caller.unpricedFallbacks.length > 0) run.summary.warnings.push(`The cost cap cannot bound requests served by ${caller.unpricedFallbacks.join(', ')}: no known prices.`);
    const ctx = newRunContext({
      root: run.root,
      outputDirAbs: run.output.abs,
      projectName: pages.projectName,
      plan: pages.plan,
      index: sources.index,
      files: sources.files,
      skipped: sources.skipped,
      facts: pages.facts,
      inputs: pages.inputs,
      manifest: pages.manifest,
      writer: pages.writer,
      caller,
      structured: options.structuredOutput === true,
      maxFileBytes: Math.max(1, options.maxFileSizeKB) * 1024,
      notOwned,
      signal: hooks.signal,
      now: run.now,
    });

    // A rebuild from the cache with the same inputs as a run recorded earlier writes its pages again as they were.
    const replay = replayCandidate(run, sources, pages, stale, notOwned, guides.length);
    if (replay && (await replayRun(run, ctx, pages, replay))) return summarise(run, ctx);
    if (replay) ctx.pageLog = [];

    if (stale.length === 0 && guides.length === 0) {
      await tidyOutputFolder(run, pages);
      run.progress({ phase: 'done', pagesDone: 0, pagesTotal: 0 }, caller);
      return summarise(run, ctx);
    }
    const confirmed = await estimateAndConfirm(run, ctx, stale, guides.length);
    if (!confirmed) return summarise(run, ctx);
    // Cleaning up is a write: it waits until the run is confirmed.
    await tidyOutputFolder(run, pages);
    await schedulePages(run, ctx, stale, confirmed.promptsByPage, { stale: guides, scan: sources.scan }, confirmed.batches, confirmed.folderBatches);
    if (replay && ctx.pageLog) await recordReplay(run, ctx, replay, ctx.pageLog);
    run.summary.estimate ??= await confirmed.estimate().catch((error: unknown) => {
      run.summary.warnings.push(`No estimate: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    });
    return summarise(run, ctx);
  });
}

/**
 * Folds this run's manifest journal (or a killed run's) into manifest.json while the lock is held.
 * If that fails the journal stays, and the next reader replays it.
 */
async function foldManifestJournal(run: RunScope, manifest: ManifestStore | undefined): Promise<void> {
  await manifest?.compact().catch((error: unknown) => run.summary.warnings.push(`The manifest journal could not be folded into manifest.json: ${error instanceof Error ? error.message : String(error)}`));
}

/** The summary completed: requests, tokens, cost and citations from the run's context, lists sorted, and whether all went well. */
function summarise(run: RunScope, ctx?: RunContext): DocRunSummary {
  const { summary } = run;
  if (ctx) {
    const t = ctx.caller.totals;
    summary.requests = t.requests;
    summary.tokens = { prompt: t.promptTokens, completion: t.completionTokens, cached: t.cachedTokens, cacheWrite: t.cacheWriteTokens, total: t.promptTokens + t.completionTokens };
    summary.cost.cacheSavedUsd = t.cacheSavedNanos === undefined ? undefined : t.cacheSavedNanos / 1e9;
    summary.cost.knownUsd = t.costNanos / 1e9;
    summary.cost.unknownRequests = t.unknownCostRequests;
    summary.cost.actualUsd = t.unknownCostRequests === 0 ? t.costNanos / 1e9 : undefined;
    summary.citations = { ...ctx.report.citations, onDisk: ctx.report.onDisk };
    summary.citationIssues = ctx.report.issues;
    summary.unresolvedIdentifiers = ctx.report.unresolved;
    summary.links = ctx.report.links;
    summary.fallbacks = ctx.caller.fallbacks.list();
    summary.speed = speedByModel(ctx.caller.speed);
    summary.cache = { hits: t.cacheHits, savedTokens: t.savedTokens };
  }
  summary.cost.estimateUsd = summary.estimate?.costUsd;
  summary.durations.totalMs = Date.now() - run.started;
  for (const list of [summary.pages.written, summary.pages.unchanged, summary.pages.notStarted, summary.pages.removed]) list.sort();
  summary.failed.sort((a, b) => (a.page < b.page ? -1 : 1));
  summary.ok = summary.failed.length === 0 && !summary.cancelled && !summary.stoppedByCap && !summary.fatal;
  return summary;
}
