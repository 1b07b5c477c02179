/**
 * A workspace documentation run: lock → scan → parse → plan → decide what is stale → estimate and
 * confirm → generate with bounded concurrency → summary. Shared by the extension and the CLI;
 * every service it needs is injected.
 */
import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import { ProviderError, RUN_STOPPING_REASONS, type ChatRequest, type ChatResult, type ProviderId } from '../providers/types';
import type { Logger } from '../logger';
import type { RetryOptions } from '../retry';
import type { ScanOptions, ScanResult, SkippedFile } from './types';
import { scanWorkspace } from './scan';
import type { PlannedPage } from './plan';
import { selectPageSet } from './pageSet';
import { readProjectContext } from './projectContext';
import { ManifestStore, readManifest } from './manifest';
import { PageWriter } from './pageWriter';
import { acquireRunLock } from './runLock';
import { buildSourceIndex, type ParseFn } from './sourceIndex';
import { docsInputs, needsOwnershipCheck, pageFreshness } from './pageFreshness';
import { recordRunFailures } from './runFailures';
import { createModelCaller, ModelCaller, SpendCapReachedError, type RequestLedger, type SpendCap } from './modelCalls';
import { runDag, type DagTask } from './dagScheduler';
import { filePrompts, generatePage, generatePart, summaryPrompt, type PageOutcome, type PartAnswer, type PlannedPrompt } from './pageJobs';
import { newRunContext, runScanOptions, type RunContext } from './runContext';
import { ARCHITECTURE_PAGE, STATE_DIR } from './pagePaths';
import { checkOutputFolder, createFolders, removeCreatedFoldersIfEmpty } from './outputFolder';
import { defaultEstimate, type PlannedRequest, type RunEstimate } from './runEstimate';
import type { PhaseOutputStats } from '../cost/costEstimate';
import { emptySummary, failureReason, type DocRunSummary } from './runSummary';

export interface DocRunOptions {
  /** Absolute path of the workspace folder. */
  root: string;
  /** `docsmith.outputDirectory`, workspace-relative (or absolute for the CLI's `--output`). */
  outputDirectory: string;
  /** Accept an output folder outside the workspace (the CLI's explicit `--output`); refused otherwise. */
  allowOutputOutsideWorkspace?: boolean;
  /**
   * Folder for the parse cache, outside the workspace (the CLI: the user's cache folder; the
   * editor: the workspace's storage). Without it every run parses every file.
   */
  parseCacheDirectory?: string;
  provider: ProviderId;
  model: string;
  concurrency: number;
  maxFileSizeKB: number;
  maxOutputTokens: number;
  temperature: number;
  exclude?: string[];
  /** `docsmith.include`: globs of files that are not code to give a page anyway. */
  include?: string[];
  filesExclude?: string[];
  neverSend?: string[];
  /** Ask for JSON-schema output (the catalog says the model supports `structured_outputs`/`response_format`). */
  structuredOutput?: boolean;
  /** The README title when the project's manifest names none; default the workspace folder name. */
  projectName?: string;
  /**
   * Only these pages (output-relative paths) are considered: the stale ones among them are
   * regenerated, or all of them with `force`. Pages whose source is gone are then left alone.
   * Default: every page of the plan.
   */
  only?: { pages: readonly string[]; force?: boolean };
  runId?: string;
}

export interface DocRunServices {
  /** One model request (the provider's `chat`; retries are added here). */
  chat: (request: ChatRequest) => Promise<ChatResult>;
  scan?: (options: ScanOptions) => Promise<ScanResult>;
  /** The tree-sitter parser; without it files are documented at file level. */
  parse?: ParseFn;
  /** The session cost ledger; every billed request is recorded in it. */
  ledger?: RequestLedger;
  /** Turns the planned requests into an estimate (the cost estimator's); a token-count default otherwise. */
  estimate?: (requests: readonly PlannedRequest[]) => RunEstimate | Promise<RunEstimate>;
  /** Asked once before the first request; false cancels the run with zero requests. */
  confirm?: (estimate: RunEstimate) => boolean | Promise<boolean>;
  /** What past runs' answers actually took, by phase: bounds the estimate's output tokens. */
  pastOutput?: Record<string, PhaseOutputStats>;
  spendCap?: SpendCap;
  retry?: RetryOptions;
  log?: Logger;
  now?: () => Date;
}

export interface DocRunProgress {
  phase: 'scan' | 'parse' | 'plan' | 'generate' | 'done';
  pagesDone: number;
  pagesTotal: number;
  /** The page that just finished (or failed). */
  page?: string;
  requests: number;
  /** Known cost so far, USD. */
  costUsd: number;
}

export interface DocRunHooks {
  signal?: AbortSignal;
  onProgress?: (progress: DocRunProgress) => void;
}

/**
 * Runs the documentation of a workspace and returns what happened. Throws only for a held lock
 * or a bad output folder ({@link OutputFolderError}). Nothing in the workspace changes before the
 * estimate is confirmed; a run that ends having written nothing leaves no folder behind.
 */
export async function runDocs(options: DocRunOptions, services: DocRunServices, hooks: DocRunHooks = {}): Promise<DocRunSummary> {
  const started = Date.now();
  const now = services.now ?? (() => new Date());
  const root = path.resolve(options.root);
  const output = await checkOutputFolder(root, options.outputDirectory, options.allowOutputOutsideWorkspace);
  const outputDirAbs = output.abs;
  const runId = options.runId ?? randomUUID();
  const summary = emptySummary(runId, outputDirAbs, options.provider, options.model);
  const progress = (p: Omit<DocRunProgress, 'requests' | 'costUsd'>, caller?: ModelCaller): void =>
    hooks.onProgress?.({ ...p, requests: caller?.totals.requests ?? 0, costUsd: (caller?.totals.costNanos ?? 0) / 1e9 });

  // The lock lives in the output folder; folders created for it go again if the run writes nothing.
  const created = await createFolders(path.join(outputDirAbs, STATE_DIR));
  let lock;
  let openManifest: ManifestStore | undefined;
  try {
    lock = await acquireRunLock(outputDirAbs);
  } catch (error) {
    await removeCreatedFoldersIfEmpty(created);
    throw error;
  }
  try {
    const writer = new PageWriter(outputDirAbs);

    // Scan and parse.
    progress({ phase: 'scan', pagesDone: 0, pagesTotal: 0 });
    const scanStart = Date.now();
    let scan: ScanResult;
    try {
      scan = await (services.scan ?? scanWorkspace)(runScanOptions(root, output.workspaceRelative, options, hooks.signal));
    } catch (error) {
      if (!hooks.signal?.aborted) throw error;
      summary.cancelled = true;
      return finish(summary, started);
    }
    summary.durations.scanMs = Date.now() - scanStart;
    progress({ phase: 'parse', pagesDone: 0, pagesTotal: 0 });
    const parseStart = Date.now();
    const pageSet = selectPageSet(scan.files, options.include);
    summary.notCode = pageSet.notCode.map((f) => f.path);
    const index = await buildSourceIndex(root, pageSet.documented, services.parse, { cacheDirectory: options.parseCacheDirectory, signal: hooks.signal });
    summary.durations.parseMs = Date.now() - parseStart;
    const unreadable = new Set(index.unreadable);
    const files = pageSet.documented.filter((f) => !unreadable.has(f.path));
    const skipped: SkippedFile[] = [...scan.skipped, ...index.unreadable.map((p) => ({ path: p, reason: 'unreadable' as const }))];
    summary.skipped = skipped;
    if (index.parseFailures.length > 0) summary.warnings.push(`The parser failed on ${index.parseFailures.length} file(s); they are documented without a symbol outline: ${index.parseFailures.slice(0, 10).join(', ')}`);
    if (hooks.signal?.aborted) {
      summary.cancelled = true;
      return finish(summary, started);
    }

    if (files.length === 0) {
      summary.warnings.push(
        pageSet.notCode.length > 0
          ? `No source code to document: the ${pageSet.notCode.length} file(s) found are not code (prose, manifests, data); name them in docsmith.include to document them anyway.`
          : 'No files to document: everything in the folder is ignored, binary or secret (see skipped).',
      );
      return finish(summary, started);
    }

    // Plan and decide what is stale.
    const loaded = await readManifest(outputDirAbs);
    if (loaded.problem === 'corrupt' || loaded.problem === 'newerVersion') summary.warnings.push(`The manifest could not be used (${loaded.problem}); pages are regenerated and adopted.`);
    const manifest = new ManifestStore(outputDirAbs, loaded.manifest, now);
    openManifest = manifest;
    const project = await readProjectContext(root, scan.files, options.projectName ?? path.basename(root));
    const { plan, inputs, expected, facts } = docsInputs({ files, parsed: index.parsed, skipped, project, notCode: summary.notCode });
    const projectName = project.title;
    const only = options.only ? new Set(options.only.pages) : undefined;

    // A page is overwritten only where nothing is, or where a file carrying Docsmith's generated
    // marker is: a manifest entry alone (a repository can ship one) never claims a file.
    const notOwned = new Set<string>();
    const stale: PlannedPage[] = [];
    for (const page of plan.pages) {
      if (only && !only.has(page.path)) continue;
      const entry = manifest.get(page.path);
      const onDisk = await writer.state(page.path);
      const generated = needsOwnershipCheck(entry, expected.get(page.path), onDisk) && (await writer.hasMarker(page.path));
      let state = pageFreshness(entry, expected.get(page.path), onDisk, generated);
      // Regenerate Page rewrites a fresh page too, but never a file without the generated marker.
      if (state === 'fresh' && options.only?.force) state = (await writer.hasMarker(page.path)) ? 'stale' : 'notOwned';
      if (state === 'fresh') {
        summary.pages.unchanged.push(page.path);
      } else if (state === 'notOwned') {
        notOwned.add(page.path);
        summary.pages.notOwned.push(page.path);
      } else {
        stale.push(page);
      }
    }
    summary.pages.planned = only ? stale.length + summary.pages.unchanged.length + notOwned.size : plan.pages.length;
    // Cleaning up is a write: it waits until the run is confirmed (or has nothing to ask). A run
    // limited to some pages leaves the pages of gone sources for a whole run to remove.
    const tidy = (): Promise<void> => tidyOutputFolder(manifest, writer, only ? undefined : new Set(plan.pages.map((p) => p.path)), summary);

    const caller = createModelCaller(options, services, runId);
    if (!caller.capEnforceable) summary.warnings.push('The cost cap cannot be enforced: the model has no known prices.');
    const ctx = newRunContext({
      root,
      outputDirAbs,
      projectName,
      plan,
      index,
      files,
      skipped,
      facts,
      inputs,
      manifest,
      writer,
      caller,
      structured: options.structuredOutput === true,
      maxFileBytes: Math.max(1, options.maxFileSizeKB) * 1024,
      notOwned,
      signal: hooks.signal,
      now,
    });

    if (stale.length === 0) {
      await tidy();
      progress({ phase: 'done', pagesDone: 0, pagesTotal: 0 }, caller);
      return finish(summary, started, ctx);
    }

    // Estimate every request, then ask.
    progress({ phase: 'plan', pagesDone: 0, pagesTotal: stale.length });
    const planned: PlannedRequest[] = [];
    const promptsByPage = new Map<string, PlannedPrompt[]>();
    for (const page of stale) {
      if (page.kind === 'file') {
        const prompts = await filePrompts(ctx, page.subject);
        promptsByPage.set(page.path, prompts);
        for (const p of prompts) planned.push({ phase: 'file', page: page.path, promptText: joinMessages(p.messages), maxOutputTokens: options.maxOutputTokens });
      } else {
        planned.push({ phase: page.kind, page: page.path, promptText: joinMessages(summaryPrompt(ctx, page)), placeholderChildren: page.children.filter((c) => !ctx.manifest.get(c)).length, maxOutputTokens: options.maxOutputTokens });
      }
    }
    const estimateFn = services.estimate ?? ((r: readonly PlannedRequest[]) => defaultEstimate(r, { provider: options.provider, model: options.model, pricing: services.spendCap?.pricing, isFree: services.spendCap?.isFree, pastOutput: services.pastOutput }));
    // With nobody to confirm (the CLI), nothing waits for the estimate: it is worked out while the
    // first requests are in flight. Tokenizing every prompt took seconds on large trees and
    // delayed the first request by as much.
    const estimating = Promise.resolve().then(() => estimateFn(planned));
    estimating.catch(() => undefined); // awaited below; this only keeps it from counting as unhandled meanwhile
    if (services.confirm) summary.estimate = await estimating;
    if (services.confirm && !(await services.confirm(summary.estimate!))) {
      summary.cancelled = true;
      summary.declined = true;
      return finish(summary, started, ctx);
    }
    await tidy();

    // Generate.
    const generateStart = Date.now();
    let done = 0;
    let stop: { reason: 'cap' | 'fatal'; error: unknown } | undefined;
    let settleArchitecture: () => void = () => undefined;
    if (stale.some((p) => p.path === ARCHITECTURE_PAGE)) ctx.architectureSettled = new Promise((r) => (settleArchitecture = r));
    const staleByPath = new Map(stale.map((p) => [p.path, p]));
    // A large file's parts are tasks of their own, so they run side by side; the page waits for them.
    const partOf = new Map<string, { page: PlannedPage; index: number }>();
    const tasks: DagTask[] = [];
    for (const p of stale) {
      const prompts = promptsByPage.get(p.path);
      if (prompts && prompts.length > 1) {
        const ids = prompts.map((_, i) => `${p.path}\0part${i}`);
        ids.forEach((id, index) => partOf.set(id, { page: p, index }));
        tasks.push(...ids.map((id) => ({ id, prerequisites: [] })));
        tasks.push({ id: p.path, prerequisites: ids });
      } else tasks.push({ id: p.path, prerequisites: p.prerequisites });
    }
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
          let parts: PartAnswer[] | undefined;
          if (prompts && prompts.length > 1) {
            parts = prompts.map((_, i) => {
              const o = pre.get(`${id}\0part${i}`);
              if (o?.status === 'failed') throw o.error;
              if (o?.status !== 'done') throw new Error(`internal: part ${i + 1} of ${id} missing`);
              return o.value as PartAnswer;
            });
          }
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
          progress({ phase: 'generate', pagesDone: done, pagesTotal: stale.length, page: page.path }, caller);
        }
      },
      { concurrency: options.concurrency, signal: hooks.signal, shouldStop: () => stop !== undefined },
    );
    settleArchitecture();
    summary.durations.generateMs = Date.now() - generateStart;
    summary.estimate ??= await estimating.catch((error: unknown) => {
      summary.warnings.push(`No estimate: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    });
    for (const [id, o] of outcomes) if (o.status === 'notStarted' && !partOf.has(id)) summary.pages.notStarted.push(id);
    summary.cancelled = hooks.signal?.aborted === true;
    if (stop?.reason === 'cap') {
      summary.stoppedByCap = true;
      summary.warnings.push((stop.error as Error).message);
    }
    if (stop?.reason === 'fatal') summary.fatal = failureReason(stop.error);
    // Failures outlive the run, so the Docs view can say why a page is missing after a reload.
    await recordRunFailures(outputDirAbs, { at: now(), written: summary.pages.written, failed: summary.failed, planned: ctx.pageSet }).catch((error: unknown) =>
      summary.warnings.push(`Could not record the failed pages: ${error instanceof Error ? error.message : String(error)}`),
    );
    progress({ phase: 'done', pagesDone: done, pagesTotal: stale.length }, caller);
    return finish(summary, started, ctx);
  } finally {
    // Folds this run's journal (or a killed run's) into manifest.json while the lock is held. If
    // that fails the journal stays, and the next reader replays it.
    await openManifest?.compact().catch((error: unknown) => summary.warnings.push(`The manifest journal could not be folded into manifest.json: ${error instanceof Error ? error.message : String(error)}`));
    await lock.release();
    await removeCreatedFoldersIfEmpty(created);
  }
}

/** Provider errors that no other page can get past: stop starting requests. */
const FATAL: ReadonlySet<string> = RUN_STOPPING_REASONS;

function isCancellation(error: unknown, signal?: AbortSignal): boolean {
  return (error instanceof ProviderError && error.reason === 'cancelled') || signal?.aborted === true;
}

function joinMessages(messages: readonly { content: string }[]): string {
  return messages.map((m) => m.content).join('\n');
}

/** Removes what a killed run left (temp files) and, given the planned pages, the pages whose source is gone. */
async function tidyOutputFolder(manifest: ManifestStore, writer: PageWriter, planned: ReadonlySet<string> | undefined, summary: DocRunSummary): Promise<void> {
  const leftovers = await writer.removeLeftoverTempFiles();
  if (leftovers.length > 0) summary.warnings.push(`Removed ${leftovers.length} temporary file(s) left by an interrupted run.`);
  if (planned) await removeObsoletePages(manifest, writer, planned, summary);
}

/**
 * Pages in the manifest that the plan no longer has (their source is gone). The manifest may
 * come from the repository, so an entry alone proves nothing: a page is deleted only when it is a
 * regular file inside the real output folder, carries the generated marker, and hashes to what
 * Docsmith wrote. Anything else is kept and its entry dropped.
 */
async function removeObsoletePages(manifest: ManifestStore, writer: PageWriter, planned: ReadonlySet<string>, summary: DocRunSummary): Promise<void> {
  for (const [pagePath, entry] of Object.entries(manifest.manifest.pages)) {
    if (planned.has(pagePath)) continue;
    const state = await writer.state(pagePath);
    const owned = state === 'file' ? await writer.ownership(pagePath) : undefined;
    if (owned?.generated && owned.hash === entry.contentHash) {
      await writer.remove(pagePath);
      summary.pages.removed.push(pagePath);
    } else if (owned) {
      summary.warnings.push(`Kept ${pagePath}: its source is gone but ${owned.generated ? 'the page was edited by hand' : 'Docsmith did not write it'}.`);
    } else if (state !== 'absent') {
      summary.warnings.push(`Ignored the manifest entry ${pagePath}: it does not lead to a page file inside the output folder.`);
    }
    await manifest.remove(pagePath);
  }
}

function finish(summary: DocRunSummary, started: number, ctx?: RunContext): DocRunSummary {
  if (ctx) {
    const t = ctx.caller.totals;
    summary.requests = t.requests;
    summary.tokens = { prompt: t.promptTokens, completion: t.completionTokens, cached: t.cachedTokens, total: t.promptTokens + t.completionTokens };
    summary.cost.knownUsd = t.costNanos / 1e9;
    summary.cost.unknownRequests = t.unknownCostRequests;
    summary.cost.actualUsd = t.unknownCostRequests === 0 ? t.costNanos / 1e9 : undefined;
    summary.citations = { ...ctx.report.citations, onDisk: ctx.report.onDisk };
    summary.citationIssues = ctx.report.issues;
    summary.unresolvedIdentifiers = ctx.report.unresolved;
    summary.links = ctx.report.links;
  }
  summary.cost.estimateUsd = summary.estimate?.costUsd;
  summary.durations.totalMs = Date.now() - started;
  for (const list of [summary.pages.written, summary.pages.unchanged, summary.pages.notStarted, summary.pages.removed]) list.sort();
  summary.failed.sort((a, b) => (a.page < b.page ? -1 : 1));
  summary.ok = summary.failed.length === 0 && !summary.cancelled && !summary.stoppedByCap && !summary.fatal;
  return summary;
}

