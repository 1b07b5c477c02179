/**
 * What the reliability suite's test files hand to the report. `node --test` runs each file in a
 * process of its own, so results travel through a folder: when `npm run test:reliability` sets
 * DOCSMITH_RELIABILITY_RESULTS, each file appends JSON lines to a file of its own there, and the
 * suite's runner renders RELIABILITY.md from all of them once every file has finished. Without
 * the variable (`npm test`) nothing is recorded.
 */
import { appendFileSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { TrialResult } from './faultTrial';

export const RESULTS_ENV = 'DOCSMITH_RELIABILITY_RESULTS';

/** One case of the hostile corpus and how it came out. */
export interface HostileOutcome {
  /** Which defence the case belongs to: `file system`, `page content`, `provider wire`, … */
  area: string;
  /** The attack, as a reader of the report would name it. */
  attack: string;
  /** What must hold after it. */
  holds: string;
  /** Test file (`hostileWorkspace.test.ts`). */
  file: string;
  outcome: 'passed' | 'failed';
  durationMs: number;
}

/** The seeded fault trials and the facts the report's prose needs. */
export interface FaultTrialRecord {
  results: TrialResult[];
  sampleFiles: number;
  totalMs: number;
}

type ResultRecord = { kind: 'hostile'; outcome: HostileOutcome } | { kind: 'faultTrials'; trials: FaultTrialRecord };

/** Appends a record for this process; a no-op unless the suite's runner asked for results. */
export function recordResult(record: ResultRecord): void {
  const dir = process.env[RESULTS_ENV];
  if (!dir) return;
  appendFileSync(path.join(dir, `results-${process.pid}.jsonl`), `${JSON.stringify(record)}\n`);
}

export interface SuiteResults {
  hostile: HostileOutcome[];
  faultTrials?: FaultTrialRecord;
}

/** Everything the test processes recorded in `dir`. */
export function readResults(dir: string): SuiteResults {
  const out: SuiteResults = { hostile: [] };
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.jsonl')).sort()) {
    for (const line of readFileSync(path.join(dir, name), 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const record = JSON.parse(line) as ResultRecord;
      if (record.kind === 'hostile') out.hostile.push(record.outcome);
      else out.faultTrials = record.trials;
    }
  }
  out.hostile.sort((a, b) => a.area.localeCompare(b.area) || a.file.localeCompare(b.file) || a.attack.localeCompare(b.attack));
  return out;
}
