/** What `cli check` prints: the pages a run would regenerate, and why, as text or JSON. */
import { countStates, describeCause, needsUpdate, type DocCounts, type DocStatus } from './docStatus';

export interface CheckedPage {
  page: string;
  state: 'stale' | 'missing' | 'failed';
  /** The source file of a file page. */
  source?: string;
  changed: string[];
  added: string[];
  removed: string[];
  /** No source file explains it: an imported file's exports, the files not documented or the prompts changed. */
  other: boolean;
  /** What changed when `other` is set and it can be said (a guide's page edited on disk). */
  note?: string;
  /** For failed pages: the reason code and message of the last run. */
  reason?: string;
  message?: string;
}

export interface CheckReport {
  /** True when every page is fresh (pages Docsmith does not own are not counted). */
  upToDate: boolean;
  /** The manifest has no pages: nothing was generated yet. */
  noDocs: boolean;
  outputDirectory: string;
  counts: DocCounts;
  pages: CheckedPage[];
}

export function checkReport(statuses: readonly DocStatus[], outputDirectory: string, hasDocs: boolean): CheckReport {
  const pages: CheckedPage[] = [];
  for (const s of statuses) {
    if (!needsUpdate(s.state)) continue;
    pages.push({
      page: s.path,
      state: s.state as CheckedPage['state'],
      source: s.kind === 'file' ? s.subject : undefined,
      changed: s.cause?.changed ?? [],
      added: s.cause?.added ?? [],
      removed: s.cause?.removed ?? [],
      other: s.cause?.other ?? false,
      note: s.cause?.note,
      reason: s.failure?.reason,
      message: s.failure?.message,
    });
  }
  pages.sort((a, b) => (a.page < b.page ? -1 : a.page > b.page ? 1 : 0));
  return { upToDate: pages.length === 0, noDocs: !hasDocs, outputDirectory, counts: countStates(statuses), pages };
}

/** The `--json` shape (snake_case like the other CLI outputs). */
export function checkReportJson(report: CheckReport): unknown {
  return {
    up_to_date: report.upToDate,
    no_docs: report.noDocs,
    output_directory: report.outputDirectory,
    counts: report.counts,
    pages: report.pages.map((p) => ({
      page: p.page,
      state: p.state,
      source: p.source,
      changed: p.changed,
      added: p.added,
      removed: p.removed,
      other_inputs_changed: p.other,
      note: p.note,
      reason: p.reason,
      message: p.message,
    })),
  };
}

export function formatCheckReport(report: CheckReport, folderArg: string): string {
  const c = report.counts;
  if (report.upToDate) return `Docs in ${report.outputDirectory} are up to date: ${c.fresh} page${c.fresh === 1 ? '' : 's'} fresh.\n`;
  const lines: string[] = [];
  if (report.noDocs) lines.push(`No docs in ${report.outputDirectory} yet: ${c.total} page${c.total === 1 ? '' : 's'} to generate.`);
  else {
    const parts = [c.stale && `${c.stale} stale`, c.missing && `${c.missing} missing`, c.failed && `${c.failed} failed`].filter(Boolean);
    lines.push(`Docs in ${report.outputDirectory}: ${parts.join(', ')} of ${c.total} pages.`);
    const width = Math.max(...report.pages.map((p) => p.page.length));
    for (const p of report.pages) {
      const why = p.state === 'failed' ? `last run failed: ${p.message ?? p.reason ?? ''}` : describeCause(p).replace(/`/g, '');
      lines.push(`  ${p.state.padEnd(7)}  ${p.page.padEnd(width)}${why ? `  ${why}` : ''}`);
    }
  }
  lines.push(`Update them with: node dist/cli.js generate ${folderArg}`);
  return `${lines.join('\n')}\n`;
}
