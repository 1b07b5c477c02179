/**
 * The context a run's page jobs share — the plan, the parsed sources, the manifest, the writer, the
 * model caller and the run's accumulators — and what it scans. The workspace run builds it for
 * every page; the current-file command builds it for one.
 */
import type { ScannedFile, ScanOptions, SkippedFile } from './types';
import type { DocPlan } from './plan';
import type { ManifestStore } from './manifest';
import type { PageWriter } from './pageWriter';
import type { ModelCaller } from './modelCalls';
import type { SourceIndex } from './sourceIndex';
import type { InputsContext } from './pageInputs';
import type { ProjectFacts } from './projectFacts';
import { emptyCitationCounts, type CitationCounts, type CitationIssue, type LinkCounts } from './pageValidator';
import { buildIdentifierSet } from './identifierSet';

/** Everything of a run the page jobs share. Accumulators are mutated as pages finish. */
export interface RunContext {
  root: string;
  outputDirAbs: string;
  projectName: string;
  plan: DocPlan;
  index: SourceIndex;
  scanned: ReadonlyMap<string, ScannedFile>;
  skipped: readonly SkippedFile[];
  /** README, manifest, entry points and most imported files, for the overview and architecture. */
  facts?: ProjectFacts;
  inputs: InputsContext;
  manifest: ManifestStore;
  writer: PageWriter;
  caller: ModelCaller;
  structured: boolean;
  maxFileBytes: number;
  pageSet: ReadonlySet<string>;
  folderSet: ReadonlySet<string>;
  identifiers: ReadonlySet<string>;
  /** Planned pages that a file Docsmith does not own occupies. */
  notOwned: ReadonlySet<string>;
  signal?: AbortSignal;
  /**
   * A token sink per answer, when the answers of file pages are watched as they stream in (the
   * current-file command's preview); called once before each request.
   */
  streamReply?: () => (delta: string) => void;
  now: () => Date;
  /** Settles when ARCHITECTURE.md is done (or was not scheduled), so the index can link it. */
  architectureSettled: Promise<void>;
  /** Failures so far, for the overview. */
  failed: Map<string, string>;
  report: PageReport;
  /**
   * When set, the path of each planned page written is appended (a run being recorded for replay;
   * the pages' text is read back from disk when the replay is written, not kept meanwhile).
   */
  pageLog?: string[];
}

export interface PageReport {
  citations: CitationCounts;
  issues: CitationIssue[];
  links: LinkCounts;
  unresolved: { page: string; names: string[] }[];
  /** Citations in the pages as written (must all be valid). */
  onDisk: { total: number; invalid: number };
}

/** What a run's context is built from; the page and folder sets, identifiers and accumulators are derived. */
export type RunContextParts = Omit<RunContext, 'scanned' | 'pageSet' | 'folderSet' | 'identifiers' | 'architectureSettled' | 'failed' | 'report'> & {
  files: readonly ScannedFile[];
};

export function newRunContext(parts: RunContextParts): RunContext {
  const { files, ...rest } = parts;
  return {
    ...rest,
    scanned: new Map(files.map((f) => [f.path, f])),
    pageSet: new Set(parts.plan.pages.map((p) => p.path)),
    folderSet: new Set(parts.plan.folders),
    identifiers: buildIdentifierSet(parts.index.parsed.values(), parts.plan.folders),
    architectureSettled: Promise.resolve(),
    failed: new Map(),
    report: { citations: emptyCitationCounts(), issues: [], links: { total: 0, kept: 0, rewritten: 0, removed: 0 }, unresolved: [], onDisk: { total: 0, invalid: 0 } },
  };
}

/**
 * What a run scans: the workspace under the scan rules, never the output folder
 * (`outputWorkspaceRelative`, undefined when it is outside the workspace).
 */
export function runScanOptions(root: string, outputWorkspaceRelative: string | undefined, rules: Pick<ScanOptions, 'exclude' | 'filesExclude' | 'neverSend' | 'maxFileSizeKB'>, signal?: AbortSignal): ScanOptions {
  return {
    root,
    exclude: rules.exclude,
    filesExclude: rules.filesExclude,
    neverSend: rules.neverSend,
    outputDirectory: outputWorkspaceRelative,
    maxFileSizeKB: rules.maxFileSizeKB,
    signal,
  };
}
