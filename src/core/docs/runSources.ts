/**
 * A run's first two phases: scan the workspace under the scan rules, then index the files that
 * get pages (parse them, from the parse cache where it can). Both record their time and what they
 * left out in the summary.
 */
import type { ScanResult, ScannedFile, SkippedFile } from './types';
import { scanWorkspace } from './scan';
import { selectPageSet } from './pageSet';
import { buildSourceIndex, type SourceIndex } from './sourceIndex';
import { runScanOptions } from './runContext';
import { cancelled, type RunScope } from './runScope';

/** The files a run documents, parsed, and what it leaves out. */
export interface RunSources {
  scan: ScanResult;
  /** Files that get a page and could be read. */
  files: ScannedFile[];
  index: SourceIndex;
  /** Files left out by the scan or unreadable at parse time. */
  skipped: SkippedFile[];
}

/** The workspace under the scan rules; undefined when the run was cancelled during the scan. */
export async function scanSources(run: RunScope): Promise<ScanResult | undefined> {
  run.progress({ phase: 'scan', pagesDone: 0, pagesTotal: 0 });
  const started = Date.now();
  try {
    const scan = await (run.services.scan ?? scanWorkspace)(runScanOptions(run.root, run.output.workspaceRelative, run.options, run.hooks.signal));
    run.summary.durations.scanMs = Date.now() - started;
    return scan;
  } catch (error) {
    if (!cancelled(run)) throw error;
    run.summary.cancelled = true;
    return undefined;
  }
}

/**
 * Parses the files that get pages (code, and what `docsmith.include` names). Undefined when the
 * run was cancelled or there is nothing to document; the summary says which.
 */
export async function indexSources(run: RunScope, scan: ScanResult): Promise<RunSources | undefined> {
  const { summary } = run;
  run.progress({ phase: 'parse', pagesDone: 0, pagesTotal: 0 });
  const started = Date.now();
  const pageSet = selectPageSet(scan.files, run.options.include);
  summary.notCode = pageSet.notCode.map((f) => f.path);
  const index = await buildSourceIndex(run.root, pageSet.documented, run.services.parse, { cacheDirectory: run.options.parseCacheDirectory, signal: run.hooks.signal });
  summary.durations.parseMs = Date.now() - started;
  const unreadable = new Set(index.unreadable);
  const files = pageSet.documented.filter((f) => !unreadable.has(f.path));
  const skipped: SkippedFile[] = [...scan.skipped, ...index.unreadable.map((p) => ({ path: p, reason: 'unreadable' as const }))];
  summary.skipped = skipped;
  if (index.parseFailures.length > 0) summary.warnings.push(`The parser failed on ${index.parseFailures.length} file(s); they are documented without a symbol outline: ${index.parseFailures.slice(0, 10).join(', ')}`);
  if (cancelled(run)) {
    summary.cancelled = true;
    return undefined;
  }
  if (files.length === 0) {
    summary.warnings.push(
      pageSet.notCode.length > 0
        ? `No source code to document: the ${pageSet.notCode.length} file(s) found are not code (prose, manifests, data); name them in docsmith.include to document them anyway.`
        : 'No files to document: everything in the folder is ignored, binary or secret (see skipped).',
    );
    return undefined;
  }
  return { scan, files, index, skipped };
}
