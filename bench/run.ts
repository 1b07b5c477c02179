/**
 * `npm run bench`: measures Docsmith against its bounds and writes BENCHMARKS.md.
 *   node out/bench/run.js [--only scan,catalog,extension,engine,pages,symbols,docsView,large,guide,promptCache] [--quick] [--no-write] [--cli <bundle>]
 *     [--concurrency 8,16] [--scheduling-runs 3] [--scheduling-only] [--cache-hit-only]
 * `--only` runs some sections (and then writes nothing unless `--write`, which replaces just those
 * sections in BENCHMARKS.md and keeps the others); `--quick` shrinks sizes for a smoke run; `--cli`
 * measures another CLI bundle in the large-workspace section (a previous build, for a
 * before/after). `--concurrency` and `--scheduling-runs` choose the engine's scheduling runs (runs at
 * each concurrency; median and spread reported) and `--scheduling-only` measures only those;
 * `--cache-hit-only` measures only the engine's CLI no-op reruns and cache-hit runs.
 * Progress goes to stderr.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { machineInfo } from './machineInfo';
import { mergeReport, notMeasured, renderReport, type Section } from './report';
import { runCatalogBench } from './catalogBench';
import { runDocsBench } from './docsBench';
import { runDocsViewBench } from './docsViewBench';
import { runExtensionBench } from './extensionBench';
import { runScanBench } from './scanBench';
import { runPageSetBench } from './pageSetBench';
import { runCommonJsBench } from './commonJsBench';
import { runLargeRunBench } from './largeRunBench';
import { runGuideBench } from './guideBench';
import { runPromptCacheBench } from './promptCacheBench';
import { nowMs } from './timing';

const repoRoot = path.resolve(__dirname, '..', '..');

interface SectionRunner {
  key: string;
  run: (quick: boolean) => Promise<Section | Section[]>;
}

function log(line: string): void {
  process.stderr.write(`[bench] ${line}\n`);
}

const SECTION_TITLES: Record<string, string> = { catalog: '6. Catalog', engine: '1–4. Engine', extension: '7. Extension', scan: '5. Scan', pages: '8. Page set', symbols: '9. CommonJS symbols', docsView: '10. Docs view', large: '11. Large workspace', guide: '12. Guides', promptCache: '13. Prompt caching' };

const SECTIONS: SectionRunner[] = [
  { key: 'catalog', run: (quick) => runCatalogBench({ models: 400, runs: quick ? 10 : 50, log }) },
  { key: 'engine', run: (quick) => runDocsBench({ repoRoot, noOpFiles: quick ? 200 : 2_000, concurrencies: listArg('--concurrency') ?? (quick ? [8] : [1, 4, 8, 16]), schedulingRuns: Number(argValue('--scheduling-runs') ?? (quick ? 1 : 3)), schedulingOnly: process.argv.includes('--scheduling-only'), cacheHitOnly: process.argv.includes('--cache-hit-only'), log }) },
  { key: 'extension', run: (quick) => runExtensionBench({ repoRoot, reloads: quick ? 1 : 3, nodeRuns: quick ? 2 : 5, log }) },
  { key: 'scan', run: (quick) => runScanBench({ targetFiles: quick ? 5_000 : 52_000, rounds: quick ? 1 : 3, log }) },
  { key: 'pages', run: () => runPageSetBench({ repoRoot, log }) },
  { key: 'symbols', run: () => runCommonJsBench({ repoRoot, log }) },
  { key: 'docsView', run: (quick) => runDocsViewBench({ files: quick ? 200 : 2_000, edits: quick ? 5 : 20, log }) },
  { key: 'large', run: (quick) => runLargeRunBench({ repoRoot, files: quick ? 2_000 : 20_000, cli: argValue('--cli'), log }) },
  { key: 'guide', run: () => runGuideBench({ repoRoot, log }) },
  { key: 'promptCache', run: () => runPromptCacheBench({ repoRoot, log }) },
];

function listArg(name: string): number[] | undefined {
  return argValue(name)
    ?.split(',')
    .map((s) => Number(s.trim()));
}

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const startedAt = new Date();
  const machine = machineInfo();
  const start = nowMs();
  const only = argValue('--only')?.split(',').map((s) => s.trim());
  const quick = process.argv.includes('--quick');
  const write = process.argv.includes('--write') || (!only && !quick && !process.argv.includes('--no-write'));
  const sections: Section[] = [];
  for (const runner of SECTIONS) {
    if (only && !only.includes(runner.key)) continue;
    log(`— ${runner.key} —`);
    try {
      const result = await runner.run(quick);
      const measured = Array.isArray(result) ? result : [result];
      if (only) {
        const note = `Measured on its own (\`npm run bench -- --only ${runner.key} --write\`) at ${new Date().toISOString()}, 1-minute load average ${os.loadavg()[0].toFixed(1)} on ${machine.cores} cores.`;
        for (const section of measured) section.settings.push(note);
      }
      sections.push(...measured);
    } catch (error) {
      // One broken section must not lose the figures of the others; the failure is reported.
      const message = error instanceof Error ? error.message : String(error);
      log(`${runner.key} failed: ${message}`);
      sections.push({ title: SECTION_TITLES[runner.key], settings: [], figures: [notMeasured(`${runner.key} benchmark`, '', `the benchmark failed: ${message.split('\n')[0]}`)], notes: [] });
    }
  }
  sections.sort((a, b) => parseInt(a.title, 10) - parseInt(b.title, 10));
  const report = renderReport({ machine, endLoadAverage: os.loadavg()[0], startedAt, totalMs: nowMs() - start, command: 'npm run bench', sections });
  if (write) {
    const file = path.join(repoRoot, 'BENCHMARKS.md');
    writeFileSync(file, only ? mergeReport(readFileSync(file, 'utf8'), report) : report);
    log('wrote BENCHMARKS.md');
  } else {
    process.stdout.write(report);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
