/**
 * Items 1–4 — `runDocs` against the fake server in its own process, with the naive baseline
 * (naiveDriver.ts) measured in the same run over the same server:
 *   1. scheduling efficiency: a lower bound on the run's wall time from the service time the server
 *      measured for each of its requests (schedulingBound.ts) over the run's wall time;
 *   2. client overhead at zero latency: requests per second and engine CPU per request;
 *   3. token amplification: prompt tokens sent / tokens of the source documented;
 *   4. no-op rerun: requests and wall time (through the CLI bundle, as CI runs it).
 */
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildImportGraph } from '../src/core/docs/importGraph';
import { criticalPathLength, planDocs } from '../src/core/docs/plan';
import { scanWorkspace } from '../src/core/docs/scan';
import { buildSourceIndex } from '../src/core/docs/sourceIndex';
import { prepareFixture } from '../test/fixtures/workspaces/prepare';
import { BENCH_PARSE_CACHE, OUTPUT_DIR, benchParser, resetOutput, runDocsTimed, type TimedDocRunResult, type TimedRequest } from './timedDocRun';
import { FakeServerHandle } from './fakeServerHandle';
import { measureCli, noOpSection, type NoOpRuns } from './cliRuns';
import { requestTimeMs, type FakeServerSettings } from './fakeServerProcess';
import { planPages, schedulingBound, type PlanPages, type SchedulingBound } from './schedulingBound';
import { describeTrace, traceRun, type RunTrace } from './schedulingTrace';
import { replayMs } from './schedulingReplay';
import { runNaive, type NaiveRunResult } from './naiveDriver';
import { NPM_TREE_PACKAGE, generateProject, prepareNpmTree } from './projectTrees';
import { atLeast, atMost, info, type Figure, type Section } from './report';
import { LINE_NUMBER, tokenCounter } from './tokenCounter';
import { AMPLIFICATION_CHANGES } from './pageSetBench';
import { formatMs, formatRatio } from './timing';

export interface DocsBenchOptions {
  repoRoot: string;
  /** Files in the generated project of the no-op rerun. */
  noOpFiles: number;
  concurrencies: number[];
  /** Scheduling runs at each concurrency with a goal (8 and 16; median and spread reported). */
  schedulingRuns: number;
  /** Only the scheduling runs (item 1): no amplification or no-op runs. */
  schedulingOnly?: boolean;
  /** Only the CLI no-op and cache-hit runs of item 4. */
  cacheHitOnly?: boolean;
  log: (line: string) => void;
}

/** The latency server of item 1: 350 ms to the first byte, then 300 tokens at 2,000 tokens/s. */
const LATENCY_SERVER: FakeServerSettings = { latencyMs: 350, tokensPerSecond: 2000, answerTokens: 300 };
const ZERO_LATENCY_SERVER: FakeServerSettings = { latencyMs: 0, tokensPerSecond: 0, answerTokens: 300 };

/** Why scheduling can fall short of the bound, from the run's own phase timings (see the notes). */
const SCHEDULING_WHY =
  'the run also scans, parses and plans before its first request and validates and writes pages between answers, on the same two loaded cores as the fake server; ' +
  'the scheduler ranks requests by the expected time of the chain they are on, a request weighing the wait for its first token plus one page per page it writes, ' +
  'the wait learned from the run\'s own answers (about 2.3 pages on this server; one page until the first answer), and of two equally long chains the one with more requests goes first; ' +
  'batched pages send nothing and hold no request slot, and a finished request hands its slot to the pages it answered so the folder page they unblock goes next';

/** Why a run cannot reach the bound even with no overhead: the shape of its request graph (see `graphMs`). */
function graphWhy(b: SchedulingBound): string {
  if (b.graphMs <= b.boundMs * 1.02) return '';
  return (
    `; the shape of the request graph alone caps it at ${(b.boundMs / b.graphMs).toFixed(2)}: every page funnels into a few folder pages and the overview, ` +
    `which cannot start before nearly all other work is done (graph bound ${formatMs(b.graphMs)}: no schedule of these requests can finish sooner)`
  );
}

/** What the request set itself costs at this concurrency, when its replay with no overhead is well above the bound. */
function replayWhy(r: SchedulingRun): string {
  if (r.replayMs <= r.bound.boundMs * 1.02) return '';
  return (
    `; the request set itself caps it at ${(r.bound.boundMs / r.replayMs).toFixed(2)}: replayed with no overhead at all in the scheduler's order, its requests take ${formatMs(r.replayMs)}, ` +
    'so the sizes and order of the requests, not the run\'s overhead, hold it back (on axios at 8: more six-page batches lead to the folder pages under lib than there are slots, so one of them starts only when another has ended)'
  );
}

/** Efficiency goals by concurrency; runs at these concurrencies are repeated (`schedulingRuns`), others run once. */
const EFFICIENCY_GOALS = new Map([
  [8, 0.9],
  [16, 0.8],
]);

/** The file the one-file-change run edits in the npm tree. */
const CHANGED_FILE = 'lib/core/Axios.js';

interface Project {
  name: string;
  root: string;
  sourceTokens: number;
  files: number;
  criticalPath: number;
  plan: PlanPages;
}

async function describeProject(name: string, root: string, count: (t: string) => number): Promise<Project> {
  const scan = await scanWorkspace({ root, outputDirectory: OUTPUT_DIR });
  let sourceTokens = 0;
  for (const f of scan.files) sourceTokens += count(readFileSync(path.join(root, f.path), 'utf8'));
  const parser = await benchParser();
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'docsmith-bench-plan-'));
  try {
    const index = await buildSourceIndex(root, scan.files, (p, language, text, files) => parser.parseFile(p, language, text, files), { cacheDirectory: scratch });
    const plan = planDocs(buildImportGraph(scan.files.map((f) => index.parsed.get(f.path)!)));
    return { name, root, sourceTokens, files: scan.files.length, criticalPath: criticalPathLength(plan.pages), plan: planPages(plan.pages) };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function promptTokens(requests: readonly TimedRequest[], count: (t: string) => number): number {
  return requests.reduce((n, r) => n + count(r.promptText), 0);
}

/** Prompt tokens that are the `12 ` line-number prefixes the citations are made against. */
function numberingTokens(requests: readonly TimedRequest[], count: (t: string) => number): number {
  return requests.reduce((n, r) => n + count(r.promptText) - count(r.promptText.replace(LINE_NUMBER, '')), 0);
}


interface SchedulingRun {
  concurrency: number;
  run: TimedDocRunResult;
  bound: SchedulingBound;
  /** bound / wall time of the whole run. */
  value: number;
  /** 1-minute load average when the run started. */
  load: number;
  /** Where its wall time went along the path that decided it. */
  trace: RunTrace;
  /** Its requests replayed with their service times only, no overhead (schedulingReplay.ts), ms. */
  replayMs: number;
}

/** The runs at one concurrency, and the one with the median efficiency. */
interface SchedulingAt {
  concurrency: number;
  runs: SchedulingRun[];
  median: SchedulingRun;
}

/** Item 1: the npm tree at each concurrency against the latency server (several runs each), and the naive baseline. */
async function measureScheduling(options: DocsBenchOptions, npmProject: Project, server: FakeServerHandle): Promise<{ at: SchedulingAt[]; naive: NaiveRunResult | undefined }> {
  const at: SchedulingAt[] = [];
  for (const concurrency of options.concurrencies) {
    const runs: SchedulingRun[] = [];
    const repeat = EFFICIENCY_GOALS.has(concurrency) ? Math.max(1, options.schedulingRuns) : 1;
    for (let i = 0; i < repeat; i++) {
      resetOutput(npmProject.root);
      server.serviceTimesByPrompt.clear();
      const load = os.loadavg()[0];
      const run = await runDocsTimed(npmProject.root, server.openRouterBaseUrl, concurrency);
      await server.settle();
      const bound = schedulingBound(run.requests, server.serviceTimesByPrompt, npmProject.plan, concurrency);
      const trace = traceRun(run, bound, npmProject.plan);
      const replay = replayMs(bound.serviceMs, bound.preds, concurrency);
      runs.push({ concurrency, run, bound, value: bound.boundMs / run.wallMs, load, trace, replayMs: replay });
      options.log(
        `engine: concurrency ${concurrency}: ${run.requests.length} requests, ${formatMs(run.wallMs)} (first request at ${formatMs(run.firstRequestMs)}), bound ${formatMs(bound.boundMs)} ` +
          `(work ${formatMs(bound.workMs)}, chain ${formatMs(bound.chainMs)}: ${bound.chain.join(' → ')}; ${bound.matched}/${run.requests.length} server-timed), ` +
          `efficiency ${(bound.boundMs / run.wallMs).toFixed(2)}, graph bound ${formatMs(bound.graphMs)}, peak in flight ${run.peakInFlight}, failed ${run.failed}, load ${load.toFixed(1)}`,
      );
      options.log(`engine: concurrency ${concurrency}: replayed with no overhead ${formatMs(replay)} (bound / replay ${(bound.boundMs / replay).toFixed(2)}); ${describeTrace(trace)}`);
    }
    const sorted = [...runs].sort((a, b) => a.value - b.value);
    at.push({ concurrency, runs, median: sorted[(sorted.length - 1) >> 1] });
  }
  const naive = options.schedulingOnly ? undefined : await runNaive(npmProject.root, server.openRouterBaseUrl);
  if (naive) options.log(`engine: naive baseline ${naive.requests.length} requests in ${formatMs(naive.wallMs)}`);
  return { at, naive };
}

interface AmplificationRuns {
  /** `pagedTokens`: tokens of the source files that got a page of their own (the denominator). */
  full: { run: TimedDocRunResult; tokens: number; pagedTokens: number; pagedFiles: number; project: Project }[];
  naiveFullTokens: number;
  npmNumbering: number;
  changedTokens: number;
  oneFile: TimedDocRunResult;
  oneFileTokens: number;
  naiveRerun: NaiveRunResult;
  naiveRerunTokens: number;
}

/** Item 3: full runs of every project at zero latency, then one changed file in the npm tree. */
async function measureAmplification(options: DocsBenchOptions, projects: readonly Project[], npmProject: Project, naive: NaiveRunResult, server: FakeServerHandle, count: (t: string) => number): Promise<AmplificationRuns> {
  const full: AmplificationRuns['full'] = [];
  for (const project of projects) {
    resetOutput(project.root);
    const run = await runDocsTimed(project.root, server.openRouterBaseUrl, 8);
    // Files only scanned (the README as context, bundles, declaration files) are never sent as a page's source.
    const paged = [...new Set(run.requests.filter((r) => r.phase === 'file').flatMap((r) => r.files))];
    const pagedTokens = paged.reduce((n, f) => n + count(readFileSync(path.join(project.root, f), 'utf8')), 0);
    full.push({ run, tokens: promptTokens(run.requests, count), pagedTokens, pagedFiles: paged.length, project });
  }
  const npmFull = full.find((f) => f.project === npmProject)!;
  const changedAbs = path.join(npmProject.root, CHANGED_FILE);
  appendFileSync(changedAbs, '\n/** Added by the benchmark: a one-file change. */\nexport function benchmarkEdit(value) {\n  return value;\n}\n');
  const changedTokens = count(readFileSync(changedAbs, 'utf8'));
  const oneFile = await runDocsTimed(npmProject.root, server.openRouterBaseUrl, 8);
  const oneFileTokens = promptTokens(oneFile.requests, count);
  const naiveRerun = await runNaive(npmProject.root, server.openRouterBaseUrl);
  options.log(`engine: one-file change: ${oneFile.requests.length} requests, ${oneFileTokens} prompt tokens (changed file ${changedTokens} tokens); naive rerun ${naiveRerun.requests.length} requests`);
  return {
    full,
    naiveFullTokens: promptTokens(naive.requests, count),
    npmNumbering: numberingTokens(npmFull.run.requests, count),
    changedTokens,
    oneFile,
    oneFileTokens,
    naiveRerun,
    naiveRerunTokens: promptTokens(naiveRerun.requests, count),
  };
}

/** Items 2 and 4: a full run of the generated project (client overhead), then no-op reruns through the CLI and in-process. */
async function measureNoOp(options: DocsBenchOptions, npmRoot: string, genRoot: string, server: FakeServerHandle, tmp: string): Promise<Required<NoOpRuns>> {
  const npmNoOp = await runDocsTimed(npmRoot, server.openRouterBaseUrl, 8);
  resetOutput(genRoot);
  const genFull = await runDocsTimed(genRoot, server.openRouterBaseUrl, 16);
  options.log(`engine: ${options.noOpFiles}-file project: ${genFull.requests.length} requests in ${formatMs(genFull.wallMs)}, CPU ${formatMs(genFull.cpuMs)}`);
  const cli = await measureCli(options.repoRoot, genRoot, server, tmp, options.log);
  const genNoOp = await runDocsTimed(genRoot, server.openRouterBaseUrl, 16);
  return { npmNoOp, genFull, genNoOp, cli };
}

/** `0.88–0.93 over 3 runs`, or the one value. */
function spread(values: readonly number[], format: (n: number) => string): string {
  if (values.length < 2) return format(values[0]);
  return `${format(Math.min(...values))}–${format(Math.max(...values))} over ${values.length} runs`;
}

function schedulingSection(npmProject: Project, { at, naive }: { at: SchedulingAt[]; naive: NaiveRunResult | undefined }): Section {
  const at8 = at.find((s) => s.concurrency === 8);
  const figures: Figure[] = at.map(({ concurrency, runs, median: m }) => {
    const b = m.bound;
    const detail =
      `median run ${formatMs(m.run.wallMs)} vs bound ${formatMs(b.boundMs)} (bound by the ${b.workMs >= b.chainMs ? 'work' : 'chain'}: work ${formatMs(b.workMs)}, chain ${formatMs(b.chainMs)}); ` +
      `efficiency ${spread(runs.map((r) => r.value), (n) => n.toFixed(2))}, wall ${spread(runs.map((r) => r.run.wallMs), formatMs)}; first request at ${formatMs(m.run.firstRequestMs)}; peak ${m.run.peakInFlight} in flight`;
    const goal = EFFICIENCY_GOALS.get(concurrency);
    const name = `efficiency at concurrency ${concurrency} (${m.run.requests.length} requests)`;
    if (goal === undefined) return info(name, m.value.toFixed(2), detail);
    const figure = atLeast(name, m.value, goal, (n) => n.toFixed(2), `${SCHEDULING_WHY}${graphWhy(b)}${replayWhy(m)} (${detail})`);
    if (figure.verdict === 'met') figure.note = detail;
    return figure;
  });
  for (const { concurrency, runs, median: m } of at) {
    const graph = runs.map((r) => r.bound.graphMs / r.run.wallMs);
    figures.push(info(`concurrency ${concurrency}: graph bound / wall time`, (m.bound.graphMs / m.run.wallMs).toFixed(2), `graph bound ${formatMs(m.bound.graphMs)} (${spread(graph, (n) => n.toFixed(2))}): what is left to scheduling and overhead once the shape of the graph is allowed for`));
    figures.push(
      info(
        `concurrency ${concurrency}: bound / the requests replayed with no overhead`,
        (m.bound.boundMs / m.replayMs).toFixed(2),
        `${formatMs(m.replayMs)} (${spread(runs.map((r) => r.bound.boundMs / r.replayMs), (n) => n.toFixed(2))}): the run's requests with their service times on a virtual clock, nothing before the first or between an answer and the next request, ranked as the scheduler ranks them; the best the run could score with this request set and this ranking`,
      ),
    );
  }
  if (at8) {
    const m = at8.median;
    figures.push(info('concurrency 8: bound / request window only', (m.bound.boundMs / m.run.requestWindowMs).toFixed(2), `first request start → last request end ${formatMs(m.run.requestWindowMs)}; scan ${formatMs(m.run.durations.scanMs)}, parse ${formatMs(m.run.durations.parseMs)}`));
    if (naive) figures.push(info('naive baseline (one request at a time)', formatMs(naive.wallMs), `${naive.requests.length} requests; engine at 8 is ${formatRatio(naive.wallMs / m.run.wallMs, 1)} faster`));
  }
  const all = at.flatMap((a) => a.runs);
  return {
    title: '1. Scheduling efficiency',
    settings: [
      `Project: \`${NPM_TREE_PACKAGE}\` from \`npm pack\` (cached in \`.bench/\`, never committed), \`dist/\` git-ignored: ${npmProject.files} documented files, critical path ${npmProject.criticalPath} pages deep.`,
      `Fake server (own process): ${LATENCY_SERVER.latencyMs} ms to the first byte, then ${LATENCY_SERVER.answerTokens} tokens per page at ${LATENCY_SERVER.tokensPerSecond} tokens/s: ${formatMs(requestTimeMs(LATENCY_SERVER))} for a one-page answer, longer for a batch answer (${LATENCY_SERVER.answerTokens} tokens for each of its pages).`,
      'Bound = a lower bound on the wall time of the run from the requests it made: max(sum of the service times / concurrency, longest chain of dependent requests weighted by their service times). ' +
        'A service time is what the fake server measured for that request (request in → last byte out); request B depends on request A when a page B answers has a prerequisite page A answered (a folder page after the pages of its files). ' +
        'Efficiency = bound / wall time of the whole run (runDocs from lock to summary: scan, parse, plan, estimate, requests, validation, writes, manifest). ' +
        'Graph bound = max over requests R of (service times of every request R depends on, directly or not, / concurrency + longest chain from R to the end): also a lower bound, tighter when the graph funnels into a few pages.',
      `Engine through \`runDocs\` with the real OpenRouter provider (openai SDK, SSE), parser warm, no cost ledger; each run starts from an empty output folder; ${at.map((a) => `${a.runs.length} run${a.runs.length === 1 ? '' : 's'} at ${a.concurrency}`).join(', ')}, the median reported; 1-minute load average at the start of the runs ${spread(all.map((r) => r.load), (n) => n.toFixed(1))}.`,
    ],
    figures,
    notes: [
      `Runs — ${all.map((s) => `c=${s.concurrency}: ${s.run.requests.length} requests, ${formatMs(s.run.wallMs)} (scan ${formatMs(s.run.durations.scanMs)}, parse ${formatMs(s.run.durations.parseMs)}, first request ${formatMs(s.run.firstRequestMs)}, generate ${formatMs(s.run.durations.generateMs)}), bound ${formatMs(s.bound.boundMs)}`).join('; ')}.`,
      ...at.map(({ concurrency, median: m }) => `Where the median run at ${concurrency} spent its ${formatMs(m.run.wallMs)}, along the requests that decided its end: ${describeTrace(m.trace)}.`),
    ],
  };
}

function overheadSection(noOpFiles: number, genFull: TimedDocRunResult): Section {
  const rps = genFull.requests.length / (genFull.requestWindowMs / 1000);
  return {
    title: '2. Client overhead',
    settings: [`Generated TypeScript project of ${noOpFiles} files (imports between modules, nested folders); fake server with zero latency and no streaming delay; concurrency 16.`],
    figures: [
      info('requests per second, end to end', rps.toFixed(0), `${genFull.requests.length} requests in a ${formatMs(genFull.requestWindowMs)} request window; whole run ${formatMs(genFull.wallMs)}`),
      info('engine CPU per request', formatMs(genFull.cpuMs / genFull.requests.length), `whole-run CPU ${formatMs(genFull.cpuMs)} of the engine process (scan, parse, plan, estimate, HTTP client, validation, writes) / requests`),
    ],
    notes: ['The fake server runs in its own process, so the CPU figure is the engine\'s (and its HTTP client\'s) alone.'],
  };
}

const AMPLIFICATION_WHY =
  'every file prompt numbers its source lines for citations (about 0.12 per source token), and each request repeats the rules and its instructions; ' +
  'on a project of many small files and folders, the folder, architecture and overview prompts (written from summaries; sibling folders share a request) add about 0.11 more; see the notes';

function amplificationSection(npmProject: Project, a: AmplificationRuns): Section {
  const figures: Figure[] = a.full.map(({ run, tokens, pagedTokens, pagedFiles, project }) => {
    const ratio = tokens / pagedTokens;
    const name = `full run, ${project.name} (${run.requests.length} requests)`;
    const figure = atMost(name, ratio, 1.3, (n) => n.toFixed(2), AMPLIFICATION_WHY);
    const of = `${tokens} prompt tokens / ${pagedTokens} tokens of the ${pagedFiles} files that got a page (${project.files} files scanned, ${project.sourceTokens} tokens)`;
    figure.note = figure.verdict === 'met' ? of : `${figure.note} (${of})`;
    return figure;
  });
  figures.push(
    info(`naive baseline, full run, ${npmProject.name}`, (a.naiveFullTokens / npmProject.sourceTokens).toFixed(2), `${a.naiveFullTokens} / ${npmProject.sourceTokens} tokens`),
    info(`one-file change (${CHANGED_FILE})`, (a.oneFileTokens / a.changedTokens).toFixed(2), `${a.oneFile.requests.length} requests, ${a.oneFileTokens} prompt tokens / ${a.changedTokens} tokens of the changed file`),
    info('naive baseline, one-file change', (a.naiveRerunTokens / a.changedTokens).toFixed(1), `${a.naiveRerun.requests.length} requests (no incremental state: everything again)`),
  );
  const npmFull = a.full.find((f) => f.project === npmProject)!;
  return {
    title: '3. Token amplification',
    settings: [
      'Tokens counted by the bench with o200k_base (gpt-tokenizer) over the exact prompts the provider sent (system + user messages) and over the source files that got a page of their own; files only scanned (the README read as context, bundles, declaration files) are not counted, so the naive baseline and one-file figures below, which divide by every scanned file or by the changed file, are not comparable with the full-run figures.',
      'Full runs at concurrency 8 against the zero-latency server, from an empty output folder.',
    ],
    figures,
    notes: [
      `npm tree: engine ${npmFull.tokens} prompt tokens for ${npmFull.pagedTokens} tokens of the files that got a page; naive ${a.naiveFullTokens}. ` +
        `Of the engine's tokens, ${a.npmNumbering} (${(a.npmNumbering / npmFull.pagedTokens).toFixed(2)} per source token) are the line-number prefixes citations need, ` +
        `and the rest above 1.0 is what every request repeats (the rules, the request's instructions, each file's section line and the exports of imported files its source does not name) and the folder, architecture and overview prompts: ` +
        `the npm tree has many small files in many folders (${npmProject.files} files, ${Math.round(npmProject.sourceTokens / npmProject.files)} tokens each on average), so those parts weigh more than in the samples.`,
      AMPLIFICATION_CHANGES,
    ],
  };
}

/** Only item 4's CLI runs (`--cache-hit-only`): the generated project against the zero-latency server. */
async function runCacheHitOnly(options: DocsBenchOptions, tmp: string): Promise<Section[]> {
  const server = await FakeServerHandle.start(ZERO_LATENCY_SERVER);
  try {
    const genRoot = path.join(tmp, `generated-${options.noOpFiles}`);
    generateProject(genRoot, options.noOpFiles);
    return [noOpSection(options.noOpFiles, { cli: await measureCli(options.repoRoot, genRoot, server, tmp, options.log) })];
  } finally {
    await server.stop();
  }
}

export async function runDocsBench(options: DocsBenchOptions): Promise<Section[]> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'docsmith-bench-docs-'));
  if (options.cacheHitOnly) {
    try {
      return await runCacheHitOnly(options, tmp);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  }
  const count = await tokenCounter();
  await benchParser();
  const latencyServer = await FakeServerHandle.start(LATENCY_SERVER);
  const zeroServer = await FakeServerHandle.start(ZERO_LATENCY_SERVER);
  try {
    // Projects.
    const tsRoot = path.join(tmp, 'ts-sample');
    const pyRoot = path.join(tmp, 'py-sample');
    await prepareFixture('ts-sample', tsRoot);
    await prepareFixture('py-sample', pyRoot);
    const npmRoot = path.join(tmp, 'npm-tree');
    prepareNpmTree(path.join(options.repoRoot, '.bench'), npmRoot);
    const genRoot = path.join(tmp, `generated-${options.noOpFiles}`);
    generateProject(genRoot, options.noOpFiles);
    const tsProject = await describeProject('ts-sample', tsRoot, count);
    const pyProject = await describeProject('py-sample', pyRoot, count);
    const npmProject = await describeProject(NPM_TREE_PACKAGE, npmRoot, count);
    options.log(`engine: ${npmProject.name} has ${npmProject.files} documented files, critical path ${npmProject.criticalPath} pages`);

    const scheduling = await measureScheduling(options, npmProject, latencyServer);
    if (options.schedulingOnly) return [schedulingSection(npmProject, scheduling)];
    const naive = scheduling.naive ?? (await runNaive(npmProject.root, latencyServer.openRouterBaseUrl));
    const amplification = await measureAmplification(options, [tsProject, pyProject, npmProject], npmProject, naive, zeroServer, count);
    const noOp = await measureNoOp(options, npmRoot, genRoot, zeroServer, tmp);
    return [
      schedulingSection(npmProject, scheduling),
      overheadSection(options.noOpFiles, noOp.genFull),
      amplificationSection(npmProject, amplification),
      noOpSection(options.noOpFiles, noOp, { name: npmProject.name, naiveRequests: amplification.naiveRerun.requests.length }),
    ];
  } finally {
    await latencyServer.stop();
    await zeroServer.stop();
    rmSync(tmp, { recursive: true, force: true });
    rmSync(BENCH_PARSE_CACHE, { recursive: true, force: true });
  }
}
