/**
 * Large workspace: one full CLI run over tens of thousands of tiny files, as a monorepo
 * or a generated tree gives. What the engine does per page must not grow with the pages already
 * done (the manifest is journalled per page, not rewritten), so the page rate late in the run
 * must match the rate early on. Pages per second, peak memory of the CLI process, the manifest's
 * size and the wall time are measured on the CLI bundle against the zero-latency fake server.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FakeServerHandle } from './fakeServerHandle';
import { atLeast, info, type Section } from './report';
import { formatBytes, formatMs, nowMs } from './timing';

export interface LargeRunBenchOptions {
  repoRoot: string;
  files: number;
  /** The CLI bundle to measure; default the repository's `dist/cli.js` (another build, e.g. a previous release, for a before/after). */
  cli?: string;
  log: (line: string) => void;
}

const FILES_PER_FOLDER = 100;
const CONCURRENCY = 16;
/** Share of the pages at each end of the run whose rates are compared. */
const WINDOW = 0.1;

/** `pkgN/fileM.ts`, one exported constant each: the smallest files that still get a page. */
function generateTinyTree(root: string, files: number): void {
  for (let i = 0; i < files; i++) {
    const dir = path.join(root, `pkg${Math.floor(i / FILES_PER_FOLDER)}`);
    if (i % FILES_PER_FOLDER === 0) mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, `file${i}.ts`), `export const value${i} = ${i};\n`);
  }
  writeFileSync(path.join(root, 'package.json'), `{ "name": "tiny-${files}", "private": true }\n`);
}

interface CliRun {
  wallMs: number;
  exitCode: number;
  /** When each page finished, ms from the start, from the CLI's progress lines. */
  pageTimes: number[];
  /** Whether each page (in finishing order) is a file's page rather than a folder or overview page. */
  filePages: boolean[];
  peakRssBytes: number;
  stdout: string;
}

function runCli(cli: string, root: string, server: FakeServerHandle, scratch: string): Promise<CliRun> {
  const rssFile = path.join(scratch, 'rss');
  const started = nowMs();
  const child = spawn(
    process.execPath,
    ['-r', path.join(__dirname, 'peakRss.js'), cli, 'generate', root, '--provider', 'openrouter', '--model', 'openai/gpt-4o-mini', '--json', '--no-structured', '--no-track-cost', '--max-cost', '0', '--concurrency', String(CONCURRENCY)],
    { env: { ...process.env, XDG_CACHE_HOME: path.join(scratch, 'cache'), OPENROUTER_API_KEY: 'sk-or-v1-bench', OPENROUTER_BASE_URL: server.openRouterBaseUrl, DOCSMITH_BENCH_RSS_FILE: rssFile } },
  );
  const pageTimes: number[] = [];
  const filePages: boolean[] = [];
  let stdout = '';
  let partial = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    const lines = (partial + d).split('\n');
    partial = lines.pop() ?? '';
    const at = nowMs() - started;
    for (const line of lines) {
      if (!/^\[\d+\/\d+\] /.test(line)) continue;
      pageTimes.push(at);
      filePages.push(/\.ts\.md$/.test(line));
    }
  });
  return new Promise((resolve) =>
    child.on('exit', (code) => {
      let peakRssBytes = Number.NaN;
      try {
        peakRssBytes = Number(readFileSync(rssFile, 'utf8'));
      } catch {
        // reported as not measured
      }
      resolve({ wallMs: nowMs() - started, exitCode: code ?? -1, pageTimes, filePages, peakRssBytes, stdout });
    }),
  );
}

/** Pages per second over the pages from index `from` to `to` (finish times). */
function rate(times: readonly number[], from: number, to: number): number {
  return (to - from) / ((times[to] - times[from]) / 1000);
}

export async function runLargeRunBench(options: LargeRunBenchOptions): Promise<Section> {
  const { log } = options;
  const cli = options.cli ?? path.join(options.repoRoot, 'dist', 'cli.js');
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'docsmith-bench-large-'));
  const server = await FakeServerHandle.start({ latencyMs: 0, tokensPerSecond: 0, answerTokens: 300 });
  try {
    const root = path.join(scratch, 'ws');
    generateTinyTree(root, options.files);
    log(`large: ${options.files} files generated; running ${path.relative(options.repoRoot, cli) || cli}`);
    const run = await runCli(cli, root, server, scratch);
    const pages = run.pageTimes.length;
    log(`large: ${pages} pages in ${formatMs(run.wallMs)}, exit ${run.exitCode}`);
    if (run.exitCode !== 0 || pages < options.files) throw new Error(`the run did not finish cleanly (exit ${run.exitCode}, ${pages} pages): ${run.stdout.slice(-300)}`);
    const manifestBytes = statSync(path.join(root, 'docs', 'generated', '.docsmith', 'manifest.json')).size;
    const n = Math.floor(pages * WINDOW);
    const early = rate(run.pageTimes, 0, n);
    const late = rate(run.pageTimes, pages - 1 - n, pages - 1);
    const overall = pages / ((run.pageTimes[pages - 1] - run.pageTimes[0]) / 1000);
    // The same ratio over the file pages alone, and the summary pages (folders, overview) that
    // finish after the last file page, which the last tenth also holds.
    const fileTimes = run.pageTimes.filter((_, i) => run.filePages[i]);
    const nf = Math.floor(fileTimes.length * WINDOW);
    const fileRatio = rate(fileTimes, fileTimes.length - 1 - nf, fileTimes.length - 1) / rate(fileTimes, 0, nf);
    const lastFile = fileTimes[fileTimes.length - 1];
    const summaryTail = run.pageTimes.filter((t) => t > lastFile).length;
    return {
      title: '11. Large workspace',
      settings: [
        `${options.files.toLocaleString('en-US')} tiny TypeScript files (one exported constant each) in folders of ${FILES_PER_FOLDER}: ${pages.toLocaleString('en-US')} pages with the folder pages, \`ARCHITECTURE.md\` and \`README.md\`.`,
        `One full run of the CLI bundle (\`node dist/cli.js generate … --json --max-cost 0 --concurrency ${CONCURRENCY}\`) from an empty output folder, against the zero-latency fake server in its own process (300-token answers).`,
      ],
      figures: [
        atLeast(`page rate, last ${WINDOW * 100}% of pages ÷ first ${WINDOW * 100}%`, late / early, 0.8, (v) => v.toFixed(2), 'the folder and overview pages, each many times a file page, all come in the last tenth; see the file-pages-only ratio'),
        info('pages per second, whole generate phase', overall.toFixed(1), `first ${WINDOW * 100}%: ${early.toFixed(1)}/s, last ${WINDOW * 100}%: ${late.toFixed(1)}/s`),
        info(`file pages only, last ${WINDOW * 100}% ÷ first ${WINDOW * 100}%`, fileRatio.toFixed(2), 'the same ratio without the folder and overview pages'),
        info('after the last file page', formatMs(run.pageTimes[pages - 1] - lastFile), `${summaryTail} folder and overview pages, the last of them \`README.md\` alone`),
        info('wall time, whole run', formatMs(run.wallMs), 'Node start-up, scan, parse, plan, generate, manifest compaction'),
        info('peak RSS, CLI process', formatBytes(run.peakRssBytes)),
        info('manifest.json size', formatBytes(manifestBytes)),
      ],
      notes: [
        'Page rates come from the time each `[n/N] page` progress line reached the bench; the ratio compares the rate over the first and the last tenth of the pages, so a cost that grows with the pages already done (such as rewriting the whole manifest after each page) shows as a ratio well below 1.',
        'The last tenth of the pages is not like the first: every folder page waits for its 100 files, and the scheduler runs the file batches first (their chains to `README.md` are longer), so all folder pages and the overview pages come after the last file page. A folder page lists and links its 100 children and its request carries their summaries, so each costs many times a file page; `ARCHITECTURE.md` waits for every folder and `README.md`, which indexes every page, for it. The file pages alone show whether per-page work grows with the pages already done; the time after the last file page is what the summary pages add at the end.',
        'The scheduler learns request times from the run\'s answers; it used to sort every earlier answer again after each new one (seconds of CPU over the about 2,600 answers of this run, most of it late) and now keeps a running median.',
        'The summary pages were made cheaper, not moved: the last check of an assembled page still reads the whole page with markdown-it (every citation in its prose, nothing active) but no longer locates its links and HTML, which it does not need (same tokens, same code positions); a summary already made plain is not parsed again for each folder page and the overview that list it; a link to a page in the same folder or below is not resolved against the working folder; and the run no longer keeps every written page\'s content and every batch answer in memory to its end. Side by side at 20,000 files (load 3.4–6.1, 2 runs each): CLI CPU from the last file page to `ARCHITECTURE.md` (the about 200 folder pages) 2.30–2.40 s → 1.58–1.83 s, for `README.md` 656–679 → 409–439 ms, for the whole run 42.7–43.5 → 37.7–40.7 s; peak RSS 1,016–1,027 MB → 692–703 MB; ratio 0.47 and 0.76 → 0.82 and 0.99; wall 53.9 and 50.6 s → 50.1 and 49.6 s. At this load the ratio swings between runs of the same build; it is measured on a quiet machine by `npm run bench`.',
        'Peak RSS is the CLI process\'s own `maxRSS` (the fake server is another process).',
        'This run is recorded for a later rebuild from the response cache (the run replay): at its end each page is read back from disk and its bytes are streamed to the cache folder, so the pages\' text is not held in memory for it. Peak RSS still varies by about 150 MB between runs of the same build: much of the heap at the end of the run is garbage the collector has not reclaimed yet, and when it runs decides the peak. With the heap capped (`--max-old-space-size=400`) the run needs about the same memory with the recording as without it.',
      ],
    };
  } finally {
    await server.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
}
