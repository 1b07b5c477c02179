/**
 * Documentation runs through the CLI bundle (`node dist/cli.js generate … --json`), as a user or CI
 * runs it: the no-op rerun and the cache-hit run of the engine section.
 */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import * as path from 'node:path';
import { BENCH_MODEL, OUTPUT_DIR, resetOutput } from './timedDocRun';
import type { FakeServerHandle } from './fakeServerHandle';
import { nowMs } from './timing';

export interface CliRun {
  wallMs: number;
  /** `requests` of the `--json` summary; -1 when it could not be read. */
  requestsJson: number;
  /** Answers the response cache gave (`cache.hits` of the summary); -1 when it could not be read. */
  cacheHits: number;
  /** Pages written, from the summary; -1 when it could not be read. */
  pagesWritten: number;
  /** Chat requests the fake server received during the run: the paid ones. */
  requestsSeen: number;
  exitCode: number;
}

interface CliSummary {
  requests: number;
  cache?: { hits: number };
  /** Pages written. */
  pages?: string[];
}

/** One `generate` of `root` at concurrency 16, with the user cache folder (parse and response caches) under `cacheHome`. */
export function runCli(repoRoot: string, root: string, server: FakeServerHandle, cacheHome: string, extraArgs: readonly string[] = []): Promise<CliRun> {
  const before = server.chatRequests;
  const start = nowMs();
  const r = spawnSync(
    process.execPath,
    [path.join(repoRoot, 'dist', 'cli.js'), 'generate', root, '--provider', 'openrouter', '--model', BENCH_MODEL, '--json', '--concurrency', '16', '--no-structured', ...extraArgs],
    { encoding: 'utf8', env: { ...process.env, XDG_CACHE_HOME: cacheHome, OPENROUTER_API_KEY: 'sk-or-v1-bench', OPENROUTER_BASE_URL: server.openRouterBaseUrl }, maxBuffer: 256 * 1024 * 1024 },
  );
  const wallMs = nowMs() - start;
  let summary: CliSummary | undefined;
  try {
    summary = JSON.parse(r.stdout) as CliSummary;
  } catch {
    /* reported through the -1 figures */
  }
  return server.settle().then(() => ({
    wallMs,
    requestsJson: summary?.requests ?? -1,
    cacheHits: summary?.cache?.hits ?? -1,
    pagesWritten: summary?.pages?.length ?? -1,
    requestsSeen: server.chatRequests - before,
    exitCode: r.status ?? -1,
  }));
}

export interface CacheHitRuns {
  /** The run from nothing that filled the response cache. */
  fill: CliRun;
  /** Runs after deleting the output folder, with the response cache warm. */
  hits: CliRun[];
}

/**
 * The cache-hit run: a full CLI run from nothing fills the response cache; then, `runs` times, the
 * output folder is deleted (the pages and the manifest in it) and the CLI runs again, so every
 * page is rebuilt from answers the response cache holds. No cost cap (`--max-cost 0`): the default
 * $1 would stop the filling run part way, and a cached answer costs nothing anyway.
 */
export async function measureCacheHits(repoRoot: string, root: string, server: FakeServerHandle, cacheHome: string, runs: number): Promise<CacheHitRuns> {
  resetOutput(root);
  const fill = await runCli(repoRoot, root, server, cacheHome, ['--max-cost', '0']);
  const hits: CliRun[] = [];
  for (let i = 0; i < runs; i++) {
    rmSync(path.join(root, OUTPUT_DIR), { recursive: true, force: true });
    hits.push(await runCli(repoRoot, root, server, cacheHome, ['--max-cost', '0']));
  }
  return { fill, hits };
}
