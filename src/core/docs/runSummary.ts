/** What a documentation run reports: the extension's output channel and the CLI's `--json` read it. */
import type { ModelSpeed } from '../cost/speedStats';
import { ProviderError, type ErrorReason, type ProviderId } from '../providers/types';
import type { SkippedFile } from './types';
import type { CitationCounts, CitationIssue, LinkCounts } from './pageValidator';
import type { RunEstimate } from './runEstimate';
import { EmptyReplyError } from './modelReply';
import { AnswerCutOffError } from './cutAnswer';
import { UnsafePathError } from './pagePaths';
import type { FallbackUse } from './modelFallback';

export interface FailedPage {
  page: string;
  /** The source file, for file pages. */
  source?: string;
  /** `ErrorReason` of the provider, or `badResponse`, `cutOff` (the answer stopped at the output limit), `unsafePath`, `io`, `internal`. */
  reason: string;
  message: string;
}

export interface DocRunSummary {
  runId: string;
  outputDirectory: string;
  provider: ProviderId;
  model: string;
  /** True when every planned page is written or unchanged. */
  ok: boolean;
  pages: {
    planned: number;
    written: string[];
    unchanged: string[];
    /** Pages of sources that are gone, deleted. */
    removed: string[];
    /** Planned pages where a file Docsmith does not own sits; left alone. */
    notOwned: string[];
    /** Not generated because the run was cancelled or stopped by the cap. */
    notStarted: string[];
  };
  /** Files the scan did not document, with reasons. */
  skipped: SkippedFile[];
  /** Files without a page of their own because they are not source code (and `include` does not name them). */
  notCode: string[];
  failed: FailedPage[];
  citations: CitationCounts & { onDisk: { total: number; invalid: number } };
  citationIssues: CitationIssue[];
  unresolvedIdentifiers: { page: string; names: string[] }[];
  links: LinkCounts;
  requests: number;
  /** `cached`: prompt tokens read from the provider's prompt cache; `cacheWrite`: written to it. Both are part of `prompt`. */
  tokens: { prompt: number; completion: number; cached: number; cacheWrite: number; total: number };
  cost: {
    /**
     * What the provider's prompt cache saved this run against the same tokens at the input price
     * (cache reads cheaper, Anthropic's cache writes dearer); undefined when the prices are unknown.
     */
    cacheSavedUsd?: number;
    /** USD of this run; undefined when some request's cost is unknown. */
    actualUsd?: number;
    /** Sum of the known costs. */
    knownUsd: number;
    unknownRequests: number;
    estimateUsd?: number;
  };
  estimate?: RunEstimate;
  durations: { totalMs: number; scanMs: number; parseMs: number; generateMs: number };
  cancelled: boolean;
  /** The user declined the estimate. */
  declined?: boolean;
  stoppedByCap: boolean;
  /** Answers from the response cache: no request sent, nothing billed. */
  cache: { hits: number; savedTokens: number };
  /** Requests a model of `docsmith.fallbackModels` served instead of the chosen one. */
  fallbacks: FallbackUse[];
  /** How fast each model answered this run's requests (cached answers left out). */
  speed: ModelSpeed[];
  /** The provider error that stopped the run (a rejected key, no credits, a missing model, a server that never answers). */
  fatal?: { reason: ErrorReason; message: string };
  warnings: string[];
}

export function emptySummary(runId: string, outputDirectory: string, provider: ProviderId, model: string): DocRunSummary {
  return {
    runId,
    outputDirectory,
    provider,
    model,
    ok: false,
    pages: { planned: 0, written: [], unchanged: [], removed: [], notOwned: [], notStarted: [] },
    skipped: [],
    notCode: [],
    failed: [],
    citations: { total: 0, valid: 0, invalid: 0, repaired: 0, removed: 0, onDisk: { total: 0, invalid: 0 } },
    citationIssues: [],
    unresolvedIdentifiers: [],
    links: { total: 0, kept: 0, rewritten: 0, removed: 0 },
    requests: 0,
    tokens: { prompt: 0, completion: 0, cached: 0, cacheWrite: 0, total: 0 },
    cost: { knownUsd: 0, unknownRequests: 0, cacheSavedUsd: 0 },
    durations: { totalMs: 0, scanMs: 0, parseMs: 0, generateMs: 0 },
    cancelled: false,
    stoppedByCap: false,
    fallbacks: [],
    speed: [],
    cache: { hits: 0, savedTokens: 0 },
    warnings: [],
  };
}

/** A reason code and a message for a failed page; never includes request bodies or keys. */
export function failureReason(error: unknown): { reason: string; message: string } {
  if (error instanceof ProviderError) return { reason: error.reason, message: error.message };
  if (error instanceof EmptyReplyError) return { reason: 'badResponse', message: error.message };
  if (error instanceof AnswerCutOffError) return { reason: 'cutOff', message: error.message };
  if (error instanceof UnsafePathError) return { reason: 'unsafePath', message: error.message };
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code === 'string') return { reason: 'io', message: `${code}: ${(error as Error).message}` };
  return { reason: 'internal', message: error instanceof Error ? error.message : String(error) };
}
