/**
 * `npm run test:reliability`: runs every test file of the reliability suite with `node --test`,
 * collects what each one recorded (the seeded fault trials, the hostile corpus's outcomes) and
 * writes RELIABILITY.md from them. Exits with the test run's status, so a failing case fails the
 * script after the report shows it.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { renderReliabilityMarkdown, repositoryRoot } from './reliabilityReport';
import { readResults, RESULTS_ENV } from './reliabilityResults';

function main(): number {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'docsmith-reliability-results-'));
  try {
    const run = spawnSync(process.execPath, ['--test', __dirname], { stdio: 'inherit', env: { ...process.env, [RESULTS_ENV]: dir } });
    const status = run.status ?? 1;
    const results = readResults(dir);
    if (!results.faultTrials) {
      process.stderr.write('reliability: the fault trials recorded nothing (faultRuns.test.ts did not finish); RELIABILITY.md left as it was.\n');
      return status === 0 ? 1 : status;
    }
    const { results: trials, sampleFiles, totalMs } = results.faultTrials;
    const file = path.join(repositoryRoot(), 'RELIABILITY.md');
    writeFileSync(file, renderReliabilityMarkdown(trials, { sampleFiles, totalMs, command: 'npm run test:reliability', hostile: results.hostile }));
    const failed = results.hostile.filter((c) => c.outcome === 'failed').length;
    process.stderr.write(`reliability: wrote ${file} (${trials.length} fault trials, ${results.hostile.length} hostile cases, ${failed} failed)\n`);
    return status;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

process.exitCode = main();
