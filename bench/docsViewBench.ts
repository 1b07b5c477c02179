/**
 * Item 8 — the Docsmith Docs view on a generated project: after a full run against the
 * zero-latency fake server, the live docs state (what the view, the badges and the status bar
 * show) is loaded, then files are edited and saved one at a time. Measured: the time from a saved
 * file to the updated page states (hash the file, parse it, recompute the plan and every page's
 * state), and the requests Update Stale Docs makes after that one-file edit.
 */
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LiveDocsState } from '../src/core/docs/liveDocsState';
import { needsUpdate } from '../src/core/docs/docStatus';
import { FakeServerHandle } from './fakeServerHandle';
import { generateProject } from './projectTrees';
import { atMost, info, type Section } from './report';
import { OUTPUT_DIR, benchParser, runDocsTimed } from './timedDocRun';
import { cpuMs, formatMs, median, nowMs } from './timing';

export interface DocsViewBenchOptions {
  files: number;
  /** Saved files measured (each a different file). */
  edits: number;
  log: (line: string) => void;
}

/** The view should follow a save within what feels instant. */
const UPDATE_BOUND_MS = 100;

export async function runDocsViewBench(options: DocsViewBenchOptions): Promise<Section> {
  const { log } = options;
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'docsmith-bench-view-'));
  const server = await FakeServerHandle.start({ latencyMs: 0, tokensPerSecond: 0, answerTokens: 300 });
  try {
    const root = path.join(tmp, `generated-${options.files}`);
    generateProject(root, options.files);
    const full = await runDocsTimed(root, server.openRouterBaseUrl, 16);
    log(`docs view: full run of ${full.pagesWritten} pages in ${formatMs(full.wallMs)}`);
    const parser = await benchParser();
    const parse = (p: string, language: string, text: string, files: ReadonlySet<string>) => parser.parseFile(p, language, text, files);

    const loadStart = nowMs();
    const state = await LiveDocsState.load({ root, outputDirectory: OUTPUT_DIR }, { parse });
    const loadMs = nowMs() - loadStart;
    const pages = state.statuses().length;
    if (state.statuses().some((s) => s.state !== 'fresh')) throw new Error('pages are not all fresh after a full run');

    // One save at a time, each of a different file, as a person edits.
    const wall: number[] = [];
    const cpu: number[] = [];
    let staleAfterOne = 0;
    const step = Math.max(1, Math.floor(options.files / options.edits));
    for (let i = 0; i < options.edits; i++) {
      const file = path.join(root, ...(state.statuses().find((s) => s.kind === 'file' && s.subject.includes(`/module${i * step}.ts`))?.subject ?? '').split('/'));
      appendFileSync(file, `\n// edit ${i}\n`);
      const c0 = cpuMs();
      const t0 = nowMs();
      await state.update([{ path: file, kind: 'changed' }]);
      const stale = state.statuses().filter((s) => needsUpdate(s.state)).length;
      wall.push(nowMs() - t0);
      cpu.push(cpuMs() - c0);
      if (i === 0) staleAfterOne = stale;
    }
    log(`docs view: ${options.edits} saves, median ${formatMs(median(wall))}`);

    // What Update Stale Docs sends after one edit: a fresh full state, one file changed, one run.
    await runDocsTimed(root, server.openRouterBaseUrl, 16);
    await state.update([{ path: path.join(root, ...OUTPUT_DIR.split('/'), '.docsmith', 'manifest.json'), kind: 'changed' }]);
    if (state.statuses().some((s) => s.state !== 'fresh')) throw new Error('pages are not all fresh after updating the stale ones');
    const target = state.statuses().find((s) => s.kind === 'file' && s.subject.endsWith(`/module${options.files - 1}.ts`))!;
    appendFileSync(path.join(root, ...target.subject.split('/')), '\n// one more edit\n');
    await state.update([{ path: path.join(root, ...target.subject.split('/')), kind: 'changed' }]);
    const expected = state.statuses().filter((s) => needsUpdate(s.state)).map((s) => s.path);
    const update = await runDocsTimed(root, server.openRouterBaseUrl, 16);
    const folders = expected.filter((p) => p.endsWith('/README.md')).length;
    const written = update.requests.length === update.pagesWritten ? 'one request per page' : `${update.pagesWritten} pages written`;
    const agree = update.pagesWritten === expected.length ? `exactly the ${expected.length} pages the view showed stale` : `**the view showed ${expected.length} pages stale**`;
    log(`docs view: Update Stale Docs after one edit: ${update.requests.length} requests (${expected.join(', ')})`);

    return {
      title: '10. Docs view',
      settings: [
        `Generated TypeScript project of ${options.files} files (${pages} pages) after a full run against the zero-latency fake server; the live docs state loaded with the real parser.`,
        `${options.edits} saves, each of a different file (a comment appended, exports unchanged): \`LiveDocsState.update\` with the one changed path, then every page's state read as the view and the badges read it. Median of the saves.`,
      ],
      figures: [
        atMost(`view update after one saved file, ${options.files} files`, median(wall), UPDATE_BOUND_MS, formatMs, `the machine was loaded (1-minute load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores): the update itself took ${formatMs(median(cpu))} of CPU`),
        info('view update, CPU time', formatMs(median(cpu)), `slowest save ${formatMs(Math.max(...wall))} wall; ${staleAfterOne} pages stale after the first save`),
        info(`view load, ${options.files} files`, formatMs(loadMs), 'scan of every file and the parse cache, once per window (in the background after activation)'),
        info('Update Stale Docs after a one-file edit', `${update.requests.length} requests`, `the page, its ${folders} folder pages, ARCHITECTURE.md and README.md: ${written}, ${agree}`),
      ],
      notes: [
        'A save reads and hashes only the saved file and parses it only when its hash changed. When the file still imports the same files, the page plan stays and only the hashes of its page (and of its importers\' pages when its exports changed) and of the pages above them are computed again; a new, deleted or re-imported file rebuilds the import graph and the plan in memory, still without reading any other file. Every page\'s state comes from the same functions a run uses, so the view and the next run agree. In the editor a file-system watcher batches events for 60 ms before an update; the tree, the badges and the CodeLens redraw after it.',
      ],
    };
  } finally {
    await server.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
}
