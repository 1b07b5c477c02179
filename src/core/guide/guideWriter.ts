/**
 * Writing a guide: the answer to a question about the workspace, explored with read-only tools,
 * outlined, written section by section, its citations checked, saved as `guides/<slug>.md` in the
 * output folder. Shared by the CLI, the Write a Guide command and the `@docsmith` chat participant
 * (whose lighter mode explores and answers once, saving nothing). Every service is injected.
 *
 * Order of work: lock the output folder (saving modes) → scan with the documentation run's rules →
 * a fresh guide for the same topic ends here with no request → estimate and confirm → phases →
 * validate → write page and manifest entry. Cancelling, the spend cap or a failure at any point
 * leaves nothing half-written: the page is written only once complete, atomically.
 */
import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { ProviderError, type ChatRequest, type ChatResult, type ProviderId } from '../providers/types';
import type { Logger } from '../logger';
import type { RetryOptions } from '../retry';
import type { PhaseOutputStats } from '../cost/costEstimate';
import { createModelCaller, SpendCapReachedError, type ModelCaller, type RequestLedger, type SpendCap } from '../docs/modelCalls';
import { cacheUse, type ResponseCacheUse } from '../docs/modelCallCache';
import { ManifestStore, readManifest } from '../docs/manifest';
import { PageWriter } from '../docs/pageWriter';
import { acquireRunLock } from '../docs/runLock';
import type { ParseFn } from '../docs/sourceIndex';
import type { CitationCounts } from '../docs/pageValidator';
import type { RunEstimate } from '../docs/runEstimate';
import type { ScanOptions, ScanResult } from '../docs/types';
import { GuideWorkspace } from './guideWorkspace';
import { GuideToolbox } from './guideTools';
import { ReadLog, type SourceRange } from './readLog';
import { emptyPhaseCost, runGuidePhases, type GuidePhase, type GuideProgress, type PhaseCost, type PhaseHooks } from './guidePhases';
import { buildGuidePage } from './guidePage';
import { guidePagePath, guideStaleness, occupiedByOther, saveGuide } from './guideStore';
import { guideInputsHash } from '../docs/guideFreshness';
import { estimateGuide } from './guideEstimate';
import { failureReason } from '../docs/runSummary';

export const DEFAULT_MAX_TOOL_ROUNDS = 12;
/** Prompt tokens a guide's exploration may send in total. */
export const DEFAULT_GUIDE_TOKEN_BUDGET = 120_000;

export interface GuideOptions {
  root: string;
  outputDirectory: string;
  topic: string;
  provider: ProviderId;
  model: string;
  maxOutputTokens: number;
  temperature: number;
  /** Parallel section requests. */
  concurrency: number;
  /** `docsmith.guide.maxToolRounds`. */
  maxToolRounds?: number;
  tokenBudget?: number;
  exclude?: string[];
  filesExclude?: string[];
  neverSend?: string[];
  maxFileSizeKB?: number;
  structuredOutput?: boolean;
  /** Write even when a fresh guide for the topic exists. */
  force?: boolean;
  /** `answer`: the chat's lighter mode — explore, answer once, save nothing. Default `guide`. */
  mode?: 'guide' | 'answer';
  runId?: string;
}

export interface GuideServices {
  chat: (request: ChatRequest) => Promise<ChatResult>;
  parse?: ParseFn;
  ledger?: RequestLedger;
  spendCap?: SpendCap;
  retry?: RetryOptions;
  /** Asked once with the estimate before the first request; false ends the run with none. */
  confirm?: (estimate: RunEstimate) => boolean | Promise<boolean>;
  pastOutput?: Record<string, PhaseOutputStats>;
  scan?: (options: ScanOptions) => Promise<ScanResult>;
  log?: Logger;
  now?: () => Date;
  /** Throws before the first request when the model cannot call tools (from the provider's model list). */
  requireTools?: () => void;
  /** Answers of identical earlier requests; a forced rewrite writes new answers to it without reading it. */
  responseCache?: ResponseCacheUse;
}

export type GuideHooks = PhaseHooks;
export type { GuideProgress };

export type GuideStatus = 'written' | 'unchanged' | 'answered' | 'notSaved' | 'cancelled' | 'declined' | 'stoppedByCap' | 'failed';

export interface GuideResult {
  status: GuideStatus;
  topic: string;
  title: string;
  /** Output-relative (`guides/<slug>.md`). */
  pagePath: string;
  absolutePath: string;
  /** The whole page (guide mode) once written or shown. */
  markdown?: string;
  /** The validated answer without page furniture (the chat shows this). */
  body?: string;
  notSavedReason?: 'notOwned';
  citations: CitationCounts;
  sources: SourceRange[];
  toolCalls: { total: number; rejected: number; byTool: Record<string, number> };
  rounds: number;
  stoppedBy?: 'answer' | 'rounds' | 'budget';
  phases: Record<GuidePhase, PhaseCost>;
  requests: number;
  tokens: { prompt: number; completion: number; total: number };
  /** USD; undefined when some request's cost is unknown. */
  costUsd: number | undefined;
  provider: ProviderId;
  model: string;
  estimate?: RunEstimate;
  error?: { reason: string; message: string };
  /** Why the guide was (re)written, when it was. */
  staleReason?: string;
  notes: string[];
  durationMs: number;
}

/** What a guide needs that a documentation run may already hold (lock, scan, manifest, caller). */
export interface GuideRunParts {
  workspace: GuideWorkspace;
  manifest: ManifestStore;
  writer: PageWriter;
  caller: ModelCaller;
}

function emptyResult(options: GuideOptions, outputDirAbs: string, pagePath: string): GuideResult {
  return {
    status: 'failed',
    topic: options.topic,
    title: options.topic,
    pagePath,
    absolutePath: path.join(outputDirAbs, ...pagePath.split('/')),
    citations: { total: 0, valid: 0, invalid: 0, repaired: 0, removed: 0 },
    sources: [],
    toolCalls: { total: 0, rejected: 0, byTool: {} },
    rounds: 0,
    phases: { exploration: emptyPhaseCost(), outline: emptyPhaseCost(), sections: emptyPhaseCost() },
    requests: 0,
    tokens: { prompt: 0, completion: 0, total: 0 },
    costUsd: 0,
    provider: options.provider,
    model: options.model,
    notes: [],
    durationMs: 0,
  };
}

/** Writes (or answers) a guide. Throws only for a held run lock or a bad output folder. */
/** The guide's model caller: `force` asks for new answers, so the response cache is written, not read. */
function guideCaller(options: GuideOptions, services: GuideServices): ModelCaller {
  return createModelCaller(options, { ...services, responseCache: cacheUse(services.responseCache, options.force) }, options.runId ?? randomUUID());
}

export async function writeGuide(options: GuideOptions, services: GuideServices, hooks: GuideHooks = {}): Promise<GuideResult> {
  const started = Date.now();
  const root = path.resolve(options.root);
  const outputDirAbs = path.resolve(root, options.outputDirectory);
  const outputRel = path.relative(root, outputDirAbs);
  if (outputRel === '') throw new Error('The output folder cannot be the workspace folder itself; choose a subfolder such as docs/generated.');
  const saving = options.mode !== 'answer';
  let lock: { release(): Promise<void> } | undefined;
  if (saving) {
    await fs.mkdir(outputDirAbs, { recursive: true });
    lock = await acquireRunLock(outputDirAbs);
  }
  try {
    hooks.onProgress?.({ phase: 'scan', requests: 0, costUsd: 0 });
    const inside = !outputRel.startsWith('..') && !path.isAbsolute(outputRel);
    const workspace = await GuideWorkspace.open(
      { root, exclude: options.exclude, filesExclude: options.filesExclude, neverSend: options.neverSend, maxFileSizeKB: options.maxFileSizeKB, outputDirectory: inside ? outputRel.split(path.sep).join('/') : undefined },
      hooks.signal,
      services.scan,
    );
    const manifest = new ManifestStore(outputDirAbs, (await readManifest(outputDirAbs)).manifest, services.now);
    const parts: GuideRunParts = { workspace, manifest, writer: new PageWriter(outputDirAbs), caller: guideCaller(options, services) };
    const result = await produceGuide(options, services, hooks, parts, { started, save: saving, checkFresh: saving && !options.force, confirm: services.confirm });
    // The guide's manifest lines go into manifest.json while the lock is held, as at the end of a run.
    if (saving) await manifest.compact().catch((error: unknown) => result.notes.push(`The manifest journal could not be folded into manifest.json: ${error instanceof Error ? error.message : String(error)}`));
    return result;
  } catch (error) {
    if (!hooks.signal?.aborted) throw error;
    return { ...emptyResult(options, outputDirAbs, ''), status: 'cancelled', durationMs: Date.now() - started };
  } finally {
    await lock?.release();
  }
}

export interface ProduceOptions {
  started: number;
  save: boolean;
  checkFresh: boolean;
  confirm?: GuideServices['confirm'];
  /** The page to write; default the topic's own (`guidePagePath`). */
  pagePath?: string;
}

/** A guide over prepared parts: freshness, estimate, phases, page, save. The lock (if any) is the caller's. */
export async function produceGuide(options: GuideOptions, services: GuideServices, hooks: GuideHooks, parts: GuideRunParts, how: ProduceOptions): Promise<GuideResult> {
  const { workspace, manifest, writer, caller } = parts;
  const pagePath = how.pagePath ?? guidePagePath(options.topic, manifest);
  const result = emptyResult(options, writer.outputDirAbs, pagePath);
  const finish = (status: GuideStatus): GuideResult => {
    result.status = status;
    result.durationMs = Date.now() - how.started;
    hooks.onProgress?.({ phase: 'done', requests: caller.totals.requests, costUsd: caller.totals.costNanos / 1e9 });
    return result;
  };
  const currentHashes = new Map([...workspace.files].map(([p, f]) => [p, f.hash]));
  const entry = manifest.get(pagePath);
  const staleReason = how.save ? await guideStaleness(entry, options.topic, currentHashes, writer, pagePath) : 'answer';
  if (how.checkFresh && staleReason === undefined && entry) {
    result.title = entry.title ?? options.topic;
    result.sources = entry.ranges ?? [];
    return finish('unchanged');
  }
  result.staleReason = staleReason;
  if (how.save && (await occupiedByOther(writer, pagePath))) {
    result.notSavedReason = 'notOwned';
    result.notes.push(`${pagePath} exists and was not written by Docsmith; it is left alone.`);
    return finish('notSaved');
  }
  services.requireTools?.(); // a model that cannot call tools fails here, before any request
  const maxToolRounds = Math.max(1, options.maxToolRounds ?? DEFAULT_MAX_TOOL_ROUNDS);
  const tokenBudget = Math.max(1000, options.tokenBudget ?? DEFAULT_GUIDE_TOKEN_BUDGET);
  if (how.confirm) {
    result.estimate = await estimateGuide({
      provider: options.provider,
      model: options.model,
      maxToolRounds,
      tokenBudget,
      maxOutputTokens: options.maxOutputTokens,
      answerOnly: options.mode === 'answer',
      pricing: services.spendCap?.pricing,
      isFree: services.spendCap?.isFree,
      pastOutput: services.pastOutput,
    });
    if (!(await how.confirm(result.estimate))) return finish('declined');
  }

  const reads = new ReadLog();
  const toolbox = new GuideToolbox({ workspace, reads, parse: services.parse, manifest });
  const before = { ...caller.totals };
  const account = (): void => {
    const t = caller.totals;
    result.requests = t.requests - before.requests;
    result.tokens = { prompt: t.promptTokens - before.promptTokens, completion: t.completionTokens - before.completionTokens, total: 0 };
    result.tokens.total = result.tokens.prompt + result.tokens.completion;
    result.costUsd = t.unknownCostRequests > before.unknownCostRequests ? undefined : (t.costNanos - before.costNanos) / 1e9;
    result.sources = reads.all();
  };
  try {
    const rootListing = (await toolbox.run({ id: 'root', name: 'list_files', arguments: '{"path":""}' })).content;
    const done = await runGuidePhases(
      {
        topic: options.topic,
        pagePath,
        workspace,
        toolbox,
        reads,
        caller,
        maxToolRounds,
        tokenBudget,
        concurrency: Math.max(1, options.concurrency),
        structured: options.structuredOutput === true,
        hooks,
      },
      rootListing,
      options.mode === 'answer',
    );
    account();
    Object.assign(result, { title: done.title, phases: done.phases, toolCalls: done.exploration.toolCalls, rounds: done.exploration.rounds, stoppedBy: done.exploration.stoppedBy });
    if (done.outline) result.notes.push(...done.outline.notes);
    const page = buildGuidePage({
      pagePath,
      root: workspace.root,
      outputDirAbs: writer.outputDirAbs,
      title: done.title,
      topic: options.topic,
      sections: done.sections,
      reads,
      workspaceFiles: workspace.files.keys(),
      footer: `Written by Docsmith with ${options.model}: ${done.exploration.rounds} exploration round(s), ${done.exploration.toolCalls.total} tool call(s), ${reads.files.length} file(s) read.`,
    });
    Object.assign(result, { markdown: page.markdown, body: page.body, citations: page.citations });
    if (!how.save) return finish('answered');
    if (hooks.signal?.aborted) return finish('cancelled');
    hooks.onProgress?.({ phase: 'saving', requests: caller.totals.requests, costUsd: caller.totals.costNanos / 1e9 });
    const sources = reads.sourceHashes();
    await saveGuide(writer, manifest, pagePath, page.markdown, {
      kind: 'guide',
      topic: options.topic,
      title: done.title,
      inputsHash: guideInputsHash(options.topic, sources),
      sources,
      ranges: reads.all(),
      summary: done.title,
      provider: options.provider,
      model: caller.model,
      tokens: { prompt: result.tokens.prompt, completion: result.tokens.completion, cached: 0, total: result.tokens.total },
      costUsd: result.costUsd ?? null,
      requests: result.requests,
      generatedAt: (services.now ?? (() => new Date()))().toISOString(),
      durationMs: Date.now() - how.started,
      citations: { total: page.citations.total, repaired: page.citations.repaired, removed: page.citations.removed },
    });
    return finish('written');
  } catch (error) {
    account();
    if (hooks.signal?.aborted || (error instanceof ProviderError && error.reason === 'cancelled')) return finish('cancelled');
    if (error instanceof SpendCapReachedError) {
      result.error = { reason: 'spendCap', message: error.message };
      return finish('stoppedByCap');
    }
    result.error = failureReason(error);
    return finish('failed');
  }
}
