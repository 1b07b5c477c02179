/**
 * One scan measurement in a fresh process, so each gets its own peak memory figure:
 *   node out/bench/scanWorker.js <git|scan> <root>
 * `git`: `git ls-files -z` then, in a plain loop, readFileSync + sha256 of every listed file.
 * `scan`: Docsmith's `scanWorkspace` (list, ignore-filter, read, binary check, sha256).
 * Prints one JSON line ({@link ScanWorkerResult}).
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { scanWorkspace } from '../src/core/docs/scan';

export interface ScanWorkerResult {
  mode: 'git' | 'scan';
  ms: number;
  /** Files listed (git) or documented (scan). */
  files: number;
  /** scan only: files seen but skipped (binary, secret). */
  skipped: number;
  hashedBytes: number;
  /** CPU time (user + system, all threads, plus waited-for children such as git), ms. */
  cpuMs: number;
  /** Peak resident set of the whole process. */
  maxRssKb: number;
  /** Resident set after module loading, before the measurement. */
  startRssKb: number;
}

/** CPU time of waited-for children (Linux `/proc/self/stat` cutime + cstime), ms; 0 elsewhere. */
function childrenCpuMs(): number {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // After the command name: state is field 3, so cutime (16) and cstime (17) are at 13 and 14.
    return ((Number(fields[13]) + Number(fields[14])) * 1000) / 100;
  } catch {
    return 0;
  }
}

function gitListAndHash(root: string): { files: number; bytes: number } {
  const listed = spawnSync('git', ['ls-files', '-z'], { cwd: root, maxBuffer: 1024 * 1024 * 1024 });
  if (listed.status !== 0) throw new Error(`git ls-files failed: ${listed.stderr.toString()}`);
  const names = listed.stdout.toString('utf8').split('\0').filter((n) => n !== '');
  let bytes = 0;
  for (const name of names) {
    const content = readFileSync(path.join(root, name));
    createHash('sha256').update(content).digest('hex');
    bytes += content.length;
  }
  return { files: names.length, bytes };
}

async function main(): Promise<void> {
  const [mode, root] = process.argv.slice(2);
  if ((mode !== 'git' && mode !== 'scan') || !root) throw new Error('usage: scanWorker <git|scan> <root>');
  const startRssKb = Math.round(process.memoryUsage().rss / 1024);
  const cpuStart = process.cpuUsage();
  const childStart = childrenCpuMs();
  const start = performance.now();
  let result: Omit<ScanWorkerResult, 'maxRssKb' | 'startRssKb' | 'cpuMs'>;
  if (mode === 'git') {
    const { files, bytes } = gitListAndHash(root);
    result = { mode, ms: performance.now() - start, files, skipped: 0, hashedBytes: bytes };
  } else {
    const scan = await scanWorkspace({ root });
    const ms = performance.now() - start;
    result = { mode, ms, files: scan.files.length, skipped: scan.skipped.length, hashedBytes: scan.files.reduce((n, f) => n + f.size, 0) };
  }
  const cpu = process.cpuUsage(cpuStart);
  const cpuMs = (cpu.user + cpu.system) / 1000 + childrenCpuMs() - childStart;
  const out: ScanWorkerResult = { ...result, cpuMs, maxRssKb: process.resourceUsage().maxRSS, startRssKb };
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
