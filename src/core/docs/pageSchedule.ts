/**
 * A run's generation phase: the stale pages as a graph of tasks (a folder page after its
 * children, a large file's parts side by side before its page), run with bounded concurrency.
 * A spending cap reached or a provider error no page can get past stops new tasks from starting.
 */
import { ProviderError, RUN_STOPPING_REASONS } from '../providers/types';
import type { PlannedPage } from './plan';
import { SpendCapReachedError } from './modelCalls';
import { runDag, type DagTask } from './dagScheduler';
import { generatePage, generatePart, type PageOutcome, type PartAnswer, type PlannedPrompt } from './pageJobs';
import type { RunContext } from './runContext';
import { ARCHITECTURE_PAGE } from './pagePaths';
import { failureReason } from './runSummary';
import { recordRunFailures } from './runFailures';
import type { RunScope } from './runScope';
import type { StaleGuide } from './guideIndex';
import type { ScanResult } from './types';

/** Provider errors that no other page can get past: stop starting requests. */
const FATAL: ReadonlySet<string> = RUN_STOPPING_REASONS;

type Stop = { reason: 'cap'; error: unknown } | { reason: 'fatal'; error: ProviderError };

/** The tasks of the stale pages; a large file's parts are tasks of their own, so they run side by side. */
function pageTasks(stale: readonly PlannedPage[], promptsByPage: ReadonlyMap<string, PlannedPrompt[]>): { tasks: DagTask[]; partOf: Map<string, { page: PlannedPage; index: number }> } {
  const partOf = new Map<string, { page: PlannedPage; index: number }>();
  const tasks: DagTask[] = [];
  for (const p of stale) {
    const prompts = promptsByPage.get(p.path);
    if (prompts && prompts.length > 1) {
      const ids = prompts.map((_, i) => partId(p.path, i));
      ids.forEach((id, index) => partOf.set(id, { page: p, index }));
      tasks.push(...ids.map((id) => ({ id, prerequisites: [] })));
      tasks.push({ id: p.path, prerequisites: ids });
    } else tasks.push({ id: p.path, prerequisites: p.prerequisites });
  }
  return { tasks, partOf };
}

function partId(page: string, index: number): string {
  return `${page}\0part${index}`;
}

/** Generates the stale pages; what happened to each page, and why the run stopped early, go into the summary. */
export async function schedulePages(
  run: RunScope,
  ctx: RunContext,
  stale: readonly PlannedPage[],
  promptsByPage: ReadonlyMap<string, PlannedPrompt[]>,
  guides?: { stale: readonly StaleGuide[]; scan: ScanResult },
): Promise<void> {
  const { summary, hooks } = run;
  const total = stale.length + (guides?.stale.length ?? 0);
  const started = Date.now();
  let done = 0;
  let stop: Stop | undefined;
  let settleArchitecture: () => void = () => undefined;
  if (stale.some((p) => p.path === ARCHITECTURE_PAGE)) ctx.architectureSettled = new Promise((r) => (settleArchitecture = r));
  const staleByPath = new Map(stale.map((p) => [p.path, p]));
  const { tasks, partOf } = pageTasks(stale, promptsByPage);
  const noteStop = (error: unknown): void => {
    if (error instanceof SpendCapReachedError) stop ??= { reason: 'cap', error };
    else if (error instanceof ProviderError && FATAL.has(error.reason)) stop ??= { reason: 'fatal', error };
  };
  const outcomes = await runDag<PageOutcome | PartAnswer>(
    tasks,
    async (id, pre) => {
      const part = partOf.get(id);
      if (part) {
        try {
          return await generatePart(ctx, part.page, promptsByPage.get(part.page.path)![part.index]);
        } catch (error) {
          noteStop(error);
          throw error;
        }
      }
      const page = staleByPath.get(id)!;
      try {
        const prompts = promptsByPage.get(id);
        const parts = prompts && prompts.length > 1 ? prompts.map((_, i) => partAnswer(pre.get(partId(id, i)), i, id)) : undefined;
        const outcome = await generatePage(ctx, page, prompts, parts);
        (outcome.written ? summary.pages.written : summary.pages.notOwned).push(page.path);
        return outcome;
      } catch (error) {
        noteStop(error);
        if (error instanceof SpendCapReachedError || isCancellation(error, hooks.signal)) {
          summary.pages.notStarted.push(page.path);
          throw error;
        }
        const reason = failureReason(error);
        ctx.failed.set(page.path, reason.message);
        summary.failed.push({ page: page.path, source: page.kind === 'file' ? page.subject : undefined, ...reason });
        throw error;
      } finally {
        if (page.path === ARCHITECTURE_PAGE) settleArchitecture();
        done++;
        run.progress({ phase: 'generate', pagesDone: done, pagesTotal: total, page: page.path }, ctx.caller);
      }
    },
    { concurrency: run.options.concurrency, signal: hooks.signal, shouldStop: () => stop !== undefined },
  );
  settleArchitecture();
  // Guides go after the pages, inside the same lock, cap, ledger and cancellation.
  const refresher = run.services.guides;
  if (refresher && guides && guides.stale.length > 0 && stop === undefined && !hooks.signal?.aborted) {
    const outcomes = await refresher.refresh(guides.stale, { root: run.root, scan: guides.scan, manifest: ctx.manifest, writer: ctx.writer, caller: ctx.caller, signal: hooks.signal });
    for (const o of outcomes) {
      if (o.status === 'written') summary.pages.written.push(o.pagePath);
      else if (o.status === 'stoppedByCap') stop ??= { reason: 'cap', error: new Error(o.error?.message ?? 'Stopped at the cost cap.') };
      else if (o.status === 'failed' || o.status === 'notSaved') summary.failed.push({ page: o.pagePath, reason: o.error?.reason ?? 'notOwned', message: o.error?.message ?? 'a file Docsmith did not write is in the way' });
      if (o.status !== 'written' && o.status !== 'failed' && o.status !== 'notSaved') summary.pages.notStarted.push(o.pagePath);
      done++;
      run.progress({ phase: 'generate', pagesDone: done, pagesTotal: total, page: o.pagePath }, ctx.caller);
    }
  }
  summary.durations.generateMs = Date.now() - started;
  for (const [id, o] of outcomes) if (o.status === 'notStarted' && !partOf.has(id)) summary.pages.notStarted.push(id);
  summary.cancelled = hooks.signal?.aborted === true;
  const stopped = stop as Stop | undefined;
  if (stopped?.reason === 'cap') {
    summary.stoppedByCap = true;
    summary.warnings.push((stopped.error as Error).message);
  }
  if (stopped?.reason === 'fatal') summary.fatal = { reason: stopped.error.reason, message: stopped.error.message };
  // Failures outlive the run, so the Docs view can say why a page is missing after a reload.
  await recordRunFailures(run.output.abs, { at: run.now(), written: summary.pages.written, failed: summary.failed, planned: ctx.pageSet }).catch((error: unknown) =>
    summary.warnings.push(`Could not record the failed pages: ${error instanceof Error ? error.message : String(error)}`),
  );
  run.progress({ phase: 'done', pagesDone: done, pagesTotal: total }, ctx.caller);
}

/** A part's answer from the finished prerequisite, or the error it failed with. */
function partAnswer(outcome: { status: string; value?: unknown; error?: unknown } | undefined, index: number, page: string): PartAnswer {
  if (outcome?.status === 'failed') throw outcome.error;
  if (outcome?.status !== 'done') throw new Error(`internal: part ${index + 1} of ${page} missing`);
  return outcome.value as PartAnswer;
}

function isCancellation(error: unknown, signal?: AbortSignal): boolean {
  return (error instanceof ProviderError && error.reason === 'cancelled') || signal?.aborted === true;
}
