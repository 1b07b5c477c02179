/**
 * What a workspace documentation run is asked to do (its options), what it does it with (the
 * services the extension or the CLI injects), how it is watched (hooks), and the scope its phases
 * pass along: the folders it works in, its id, its clock and the summary it fills in.
 */
import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import type { ChatRequest, ChatResult, ProviderId } from '../providers/types';
import type { Logger } from '../logger';
import type { RetryOptions } from '../retry';
import type { PhaseOutputStats } from '../cost/costEstimate';
import type { ScanOptions, ScanResult } from './types';
import type { ParseFn } from './sourceIndex';
import type { ModelCaller, RequestLedger, SpendCap } from './modelCalls';
import type { ResponseCacheUse } from './modelCallCache';
import type { PlannedRequest, RunEstimate } from './runEstimate';
import { checkOutputFolder, type OutputFolder } from './outputFolder';
import { emptySummary, type DocRunSummary } from './runSummary';
import type { GuideRefresher } from './guideIndex';

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
  /** `docsmith.fallbackModels`, as ids of the provider: tried when the model is unavailable or keeps failing. */
  fallbackModels?: readonly string[];
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
  /**
   * Small files are documented several to a request, and the overview pages of sibling folders
   * too (default true); false gives every page a request of its own.
   */
  batchSmallFiles?: boolean;
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
  /** Answers identical requests again at no cost (`docsmith.responseCache`). */
  responseCache?: ResponseCacheUse;
  log?: Logger;
  now?: () => Date;
  /** Keeps guides fresh: stale guides are written again after the pages (the guide writer's). */
  guides?: GuideRefresher;
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

/** One run as its phases see it: what it was asked, where it works, and the summary they fill in. */
export interface RunScope {
  options: DocRunOptions;
  services: DocRunServices;
  hooks: DocRunHooks;
  /** The workspace folder, absolute. */
  root: string;
  output: OutputFolder;
  runId: string;
  now: () => Date;
  /** `Date.now()` when the run began. */
  started: number;
  summary: DocRunSummary;
  /** Reports progress; the request count and cost come from the model caller once there is one. */
  progress(update: Omit<DocRunProgress, 'requests' | 'costUsd'>, caller?: ModelCaller): void;
}

/** Resolves the run's folders and id; throws OutputFolderError for an output folder that cannot be used. */
export async function newRunScope(options: DocRunOptions, services: DocRunServices, hooks: DocRunHooks): Promise<RunScope> {
  const started = Date.now();
  const root = path.resolve(options.root);
  const output = await checkOutputFolder(root, options.outputDirectory, options.allowOutputOutsideWorkspace);
  const runId = options.runId ?? randomUUID();
  return {
    options,
    services,
    hooks,
    root,
    output,
    runId,
    now: services.now ?? (() => new Date()),
    started,
    summary: emptySummary(runId, output.abs, options.provider, options.model),
    progress: (update, caller) => hooks.onProgress?.({ ...update, requests: caller?.totals.requests ?? 0, costUsd: (caller?.totals.costNanos ?? 0) / 1e9 }),
  };
}

/** True once the run was cancelled. */
export function cancelled(run: RunScope): boolean {
  return run.hooks.signal?.aborted === true;
}
