/**
 * A run's generation phase: the stale pages as a graph of tasks (a folder page after its
 * children, a large file's parts side by side before its page), run with bounded concurrency.
 * A spending cap reached or a provider error no page can get past stops new tasks from starting.
 */
import { ProviderError, RUN_STOPPING_REASONS } from '../providers/types';
import type { PlannedPage } from './plan';
import { SpendCapReachedError } from './modelCalls';
import { DagStoppedError, runDag, type DagTask } from './dagScheduler';
import { generatePage, generatePart, type PartAnswer, type PlannedPrompt } from './pageJobs';
import type { RunContext } from './runContext';
import { ARCHITECTURE_PAGE } from './pagePaths';
import { failureReason } from './runSummary';
import { recordRunFailures } from './runFailures';
import type { RunScope } from './runScope';
import type { StaleGuide } from './guideIndex';
import type { ScanResult } from './types';
import { askBatch, batchPart, type BatchAnswer, type PageBatch } from './pageBatches';
import { RequestTimes } from './requestTimes';
import { askFolderBatch, type FolderBatch } from './folderBatches';

/** Provider errors that no other page can get past: stop starting requests. */
const FATAL: ReadonlySet<string> = RUN_STOPPING_REASONS;

type Stop = { reason: 'cap'; error: unknown } | { reason: 'fatal'; error: ProviderError };

/** A page the run stopped before asking for. */
class PageNotStarted extends Error {
  constructor() {
    super('The run stopped before this page was asked for.');
  }
}

/**
 * The tasks of the stale pages; a large file's parts are tasks of their own, so they run side by
 * side, and so is each batch's request, which its pages wait for. A request's weight is its
 * expected time (`RequestTimes`: the wait for the first token, then one page per page it writes,
 * so a batch of six streams six pages); a task that sends no request (a batched page, or a large
 * file's page assembled from its parts) weighs nothing and holds no request slot. `pagesOf` says
 * how many pages each request task writes, to weigh it again as the run learns.
 */
function pageTasks(
  stale: readonly PlannedPage[],
  promptsByPage: ReadonlyMap<string, PlannedPrompt[]>,
  batches: readonly PageBatch[],
  folderBatches: readonly FolderBatch[],
  times: RequestTimes,
): { tasks: DagTask[]; partOf: Map<string, { page: PlannedPage; index: number }>; pagesOf: Map<string, number> } {
  const partOf = new Map<string, { page: PlannedPage; index: number }>();
  const batchOf = new Map<string, string>();
  const pagesOf = new Map<string, number>();
  const tasks: DagTask[] = [];
  const requestWeight = (id: string, pages: number): number => {
    pagesOf.set(id, pages);
    return times.weight(pages);
  };
  for (const b of batches) {
    tasks.push({ id: b.id, prerequisites: [], weight: requestWeight(b.id, b.pages.length) });
    for (const p of b.pages) batchOf.set(p.path, b.id);
  }
  // Sibling folders' request waits for every child of each of them (their summaries are its prompt).
  for (const b of folderBatches) {
    tasks.push({ id: b.id, prerequisites: [...new Set(b.pages.flatMap((p) => p.prerequisites))], weight: requestWeight(b.id, b.pages.length) });
    for (const p of b.pages) batchOf.set(p.path, b.id);
  }
  for (const p of stale) {
    const prompts = promptsByPage.get(p.path);
    const batch = batchOf.get(p.path);
    if (prompts && prompts.length > 1) {
      const ids = prompts.map((_, i) => partId(p.path, i));
      ids.forEach((id, index) => partOf.set(id, { page: p, index }));
      tasks.push(...ids.map((id) => ({ id, prerequisites: [], weight: requestWeight(id, 1) })));
      tasks.push({ id: p.path, prerequisites: ids, weight: 0, local: true });
    } else if (batch) tasks.push({ id: p.path, prerequisites: [...p.prerequisites, batch], finishesPaidWork: true, weight: 0, local: true });
    else tasks.push({ id: p.path, prerequisites: p.prerequisites, weight: requestWeight(p.path, 1) });
  }
  return { tasks, partOf, pagesOf };
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
  batches: readonly PageBatch[] = [],
  folderBatches: readonly FolderBatch[] = [],
): Promise<void> {
  const { summary, hooks } = run;
  const total = stale.length + (guides?.stale.length ?? 0);
  const started = Date.now();
  let done = 0;
  let stop: Stop | undefined;
  let settleArchitecture: () => void = () => undefined;
  if (stale.some((p) => p.path === ARCHITECTURE_PAGE)) ctx.architectureSettled = new Promise((r) => (settleArchitecture = r));
  const staleByPath = new Map(stale.map((p) => [p.path, p]));
  // Requests are ranked by their expected time, learned from the run's answers as they come.
  const times = new RequestTimes();
  ctx.caller.onAnswer = (purpose, result) => times.observe({ pages: purpose.files?.length ?? 1, latencyMs: result.latencyMs, ttftMs: result.ttftMs });
  const { tasks, partOf, pagesOf } = pageTasks(stale, promptsByPage, batches, folderBatches, times);
  const batchById = new Map<string, () => Promise<BatchAnswer>>([
    ...batches.map((b) => [b.id, () => askBatch(ctx, b)] as const),
    ...folderBatches.map((b) => [b.id, () => askFolderBatch(ctx, b)] as const),
  ]);
  const batchOfPage = new Map([...batches, ...folderBatches].flatMap((b) => b.pages.map((p) => [p.path, b.id] as const)));
  const cut = new CutBatches();
  const noteStop = (error: unknown): void => {
    if (error instanceof SpendCapReachedError) stop ??= { reason: 'cap', error };
    else if (error instanceof ProviderError && FATAL.has(error.reason)) stop ??= { reason: 'fatal', error };
  };
  const outcomes = await runDag<PartAnswer | BatchAnswer | undefined>(
    tasks,
    async (id, pre, slot) => {
      const askBatchOf = batchById.get(id);
      if (askBatchOf) {
        try {
          return cut.noted(await askBatchOf());
        } catch (error) {
          noteStop(error);
          throw error;
        }
      }
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
        const batchId = batchOfPage.get(id);
        const parts = batchId !== undefined ? fromBatch(pre.get(batchId), id, hooks.signal) : prompts && prompts.length > 1 ? prompts.map((_, i) => partAnswer(pre.get(partId(id, i)), i, id)) : undefined;
        // A batched page runs after a stop only to keep an answer already paid for; it asks nothing more.
        if (batchId !== undefined && parts === undefined) {
          if (stop !== undefined || hooks.signal?.aborted) throw new PageNotStarted();
          // Asked alone after all: it waits for a request slot like any other request.
          await slot();
        }
        const { written } = await generatePage(ctx, page, prompts, parts);
        (written ? summary.pages.written : summary.pages.notOwned).push(page.path);
        return undefined; // what became of the page is in the summary; its content is not kept
      } catch (error) {
        noteStop(error);
        if (error instanceof PageNotStarted || error instanceof DagStoppedError || error instanceof SpendCapReachedError || isCancellation(error, hooks.signal)) {
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
    {
      concurrency: run.options.concurrency,
      signal: hooks.signal,
      shouldStop: () => stop !== undefined,
      reweigh: { version: () => times.version, weightOf: (t) => (pagesOf.has(t.id) ? times.weight(pagesOf.get(t.id)!) : (t.weight ?? 1)) },
    },
  );
  ctx.caller.onAnswer = undefined;
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
  cut.report(summary.warnings, ctx.caller.options.maxTokens);
  for (const [id, o] of outcomes) if (o.status === 'notStarted' && !partOf.has(id) && !batchById.has(id)) summary.pages.notStarted.push(id);
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

/**
 * A batched page's answer from its batch: its part of the answer, or undefined when the page
 * must be asked for alone (the answer lacked it, or the batch request failed for a reason that
 * does not stop the run). A batch stopped by the cap, a run-stopping error or cancellation
 * stops its pages with the same error.
 */
function fromBatch(outcome: { status: string; value?: unknown; error?: unknown } | undefined, page: string, signal?: AbortSignal): PartAnswer[] | undefined {
  if (outcome?.status === 'failed') {
    const error = outcome.error;
    if (error instanceof SpendCapReachedError || isCancellation(error, signal) || (error instanceof ProviderError && FATAL.has(error.reason))) throw error;
    return undefined;
  }
  if (outcome?.status !== 'done') return undefined;
  const part = batchPart(outcome.value as BatchAnswer, page);
  return part ? [part] : undefined;
}

function isCancellation(error: unknown, signal?: AbortSignal): boolean {
  return (error instanceof ProviderError && error.reason === 'cancelled') || signal?.aborted === true;
}

/** Batch answers cut off at the output limit, and what became of their pages, for the run's summary. */
class CutBatches {
  private answers = 0;
  private kept = 0;
  private askedAgain = 0;

  /** Counts the answer when it was cut, and gives it back. */
  noted(answer: BatchAnswer): BatchAnswer {
    if (!answer.cutOff) return answer;
    this.answers++;
    for (const got of answer.pages.values()) {
      if ('reply' in got) this.kept++;
      else this.askedAgain++;
    }
    return answer;
  }

  /** Adds one line a user understands to `warnings` when some batch answer was cut. */
  report(warnings: string[], maxOutputTokens: number): void {
    if (this.answers === 0) return;
    const answers = this.answers === 1 ? 'A batch answer was' : `${this.answers} batch answers were`;
    const pages = (n: number): string => `${n} page${n === 1 ? '' : 's'}`;
    warnings.push(`${answers} cut off at the output limit (${maxOutputTokens.toLocaleString('en-US')} tokens): ${pages(this.kept)} kept from what arrived whole, ${pages(this.askedAgain)} asked for again alone; no page was written cut.`);
  }
}
