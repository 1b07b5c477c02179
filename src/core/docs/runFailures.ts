/**
 * `.docsmith/failures.json` inside the output folder: the pages the last runs could not write,
 * with the reason, so a reader (the Docs view after a reload, another window) can say why a page
 * is missing. Each run folds its outcome in: a page written is cleared, a page that failed is
 * recorded, a page no longer planned is dropped.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { STATE_DIR } from './pagePaths';
import { writeFileAtomic } from '../atomicFile';
import type { FailedPage } from './runSummary';

export const FAILURES_FILE = `${STATE_DIR}/failures.json`;
const FAILURES_VERSION = 1;

export interface RecordedFailure {
  page: string;
  source?: string;
  /** Reason code (`rateLimited`, `badResponse`, `io`, …). */
  reason: string;
  message: string;
  /** ISO time of the run that failed it. */
  at: string;
}

function failuresPath(outputDirAbs: string): string {
  return path.join(outputDirAbs, ...FAILURES_FILE.split('/'));
}

/** The recorded failures by page; empty when there is no (readable) record. */
export async function readFailures(outputDirAbs: string): Promise<Map<string, RecordedFailure>> {
  try {
    const data = JSON.parse(await fs.readFile(failuresPath(outputDirAbs), 'utf8')) as { version?: unknown; failures?: unknown };
    if (data.version !== FAILURES_VERSION || !Array.isArray(data.failures)) return new Map();
    const out = new Map<string, RecordedFailure>();
    for (const f of data.failures as Partial<RecordedFailure>[]) {
      if (typeof f?.page === 'string' && typeof f.reason === 'string' && typeof f.message === 'string') {
        out.set(f.page, { page: f.page, source: typeof f.source === 'string' ? f.source : undefined, reason: f.reason, message: f.message, at: String(f.at ?? '') });
      }
    }
    return out;
  } catch {
    return new Map();
  }
}

export interface RunOutcome {
  at: Date;
  written: readonly string[];
  failed: readonly FailedPage[];
  /** Every page of the run's plan. */
  planned: ReadonlySet<string>;
}

/** Folds one run's outcome into the record; writes only when something changed. */
export async function recordRunFailures(outputDirAbs: string, run: RunOutcome): Promise<void> {
  const failures = await readFailures(outputDirAbs);
  const before = JSON.stringify([...failures.values()]);
  for (const page of [...failures.keys()]) if (!run.planned.has(page)) failures.delete(page);
  for (const page of run.written) failures.delete(page);
  for (const f of run.failed) failures.set(f.page, { page: f.page, source: f.source, reason: f.reason, message: f.message, at: run.at.toISOString() });
  const list = [...failures.values()].sort((a, b) => (a.page < b.page ? -1 : a.page > b.page ? 1 : 0));
  if (JSON.stringify(list) === before) return;
  await writeFileAtomic(failuresPath(outputDirAbs), `${JSON.stringify({ version: FAILURES_VERSION, failures: list }, null, 2)}\n`);
}
