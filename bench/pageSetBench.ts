/**
 * Section 8 — what a full run spends, page by page kind: requests and prompt tokens of a whole
 * run on the benchmark repositories (the samples, axios and express from `npm pack`), the prompt
 * tokens of the overview and architecture pages, and token amplification (prompt tokens sent /
 * tokens of the source files that got a page).
 *   node out/bench/run.js --only pages
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { prepareFixture } from '../test/fixtures/workspaces/prepare';
import { resetOutput, runDocsTimed, type TimedDocRunResult } from './timedDocRun';
import { FakeServerHandle } from './fakeServerHandle';
import { COMMONJS_PACKAGE, NPM_TREE_PACKAGE, prepareNpmTree } from './projectTrees';
import { atMost, info, type Figure, type Section } from './report';
import { LINE_NUMBER, tokenCounter } from './tokenCounter';

export interface PageSetBenchOptions {
  repoRoot: string;
  log: (line: string) => void;
}

export interface FullRunFigures {
  project: string;
  requests: number;
  promptTokens: number;
  /** Files that got a page of their own. */
  filePages: string[];
  /** Tokens of those files' source. */
  sourceTokens: number;
  overviewTokens: number;
  architectureTokens: number;
  /** Prompt tokens by page kind (`file`, `folder`, `architecture`, `overview`). */
  byPhase: Record<string, number>;
  /** Tokens of the `12 ` line-number prefixes in file prompts. */
  numberingTokens: number;
}

/** Measures one full run from an empty output folder against the zero-latency fake server. */
export async function measureFullRun(project: string, root: string, baseUrl: string, count: (t: string) => number): Promise<FullRunFigures> {
  resetOutput(root);
  const run: TimedDocRunResult = await runDocsTimed(root, baseUrl, 8);
  const tokensOf = (phase: string): number => run.requests.filter((r) => r.phase === phase).reduce((n, r) => n + count(r.promptText), 0);
  const filePages = [...new Set(run.requests.filter((r) => r.phase === 'file').flatMap((r) => r.files))].sort();
  let sourceTokens = 0;
  for (const file of filePages) sourceTokens += count(readFileSync(path.join(root, file), 'utf8'));
  const byPhase: Record<string, number> = {};
  for (const r of run.requests) byPhase[r.phase ?? '?'] = (byPhase[r.phase ?? '?'] ?? 0) + count(r.promptText);
  const numberingTokens = run.requests.filter((r) => r.phase === 'file').reduce((n, r) => n + count(r.promptText) - count(r.promptText.replace(LINE_NUMBER, '')), 0);
  return {
    project,
    byPhase,
    numberingTokens,
    requests: run.requests.length,
    promptTokens: run.requests.reduce((n, r) => n + count(r.promptText), 0),
    filePages,
    sourceTokens,
    overviewTokens: tokensOf('overview'),
    architectureTokens: tokensOf('architecture'),
  };
}

/** What was done to bring amplification down, for the notes of sections 3 and 8. */
export const AMPLIFICATION_CHANGES =
  'What brought it down: small files are documented several to a request, packed folder by folder across folders (with the folder batches below, axios makes 22 requests instead of 80); ' +
  'an indented line follows its line number directly (a number, a space and a doc comment\'s " * " cost two tokens, the number and the indentation one); ' +
  'a whole file carries no parser outline (its page lists its symbols from the parser) and no licence header (its other lines keep their numbers); ' +
  "a batched file's section is its `=== FILE` line and its numbered source (no language, line count or list of imports: its import statements are in the source); " +
  'the rules every request repeats are said in fewer words, and summary prompts list children as `- name: summary` (a folder\'s name ends with `/`); ' +
  "a file's prompt lists an imported file's exports only when its source does not already name them all; " +
  'batches are sized by their expected answer (the estimate\'s guess per page, within half the output limit: eight small files at 4,096) and carry up to 20 KB of files of up to 8 KB; ' +
  'the overview pages of sibling folders are asked for in one request (axios: 14 folder requests became 7); ' +
  "a batch's instructions are one rule with its answer format, among the rules every batch shares (its user message is the files or folders alone); " +
  "the overview's README excerpt is cleaned of HTML, badges, link targets, its own table of contents, install-only command blocks (with the line leading into them) and headings left empty before it is bounded at 2,000 characters, " +
  'and the condensed package.json names dependencies without versions, folds script variants and names 12 development tools, ' +
  'and leaves out the `exports` subpaths the entry point lines beside it name with their files; ' +
  'entry points that one field declares under their own names (a package\'s `exports` subpaths) share one line for that field in the architecture and overview prompts.';

/** `line numbers 0.12, rest of the file prompts 0.08, folder 0.09, architecture 0.03, overview 0.04`. */
function perSourceToken(r: FullRunFigures): string {
  const per = (n: number): string => (n / r.sourceTokens).toFixed(2);
  const fileRest = (r.byPhase.file ?? 0) - r.sourceTokens - r.numberingTokens;
  return `line numbers ${per(r.numberingTokens)}, rest of the file prompts ${per(fileRest)}, folder ${per(r.byPhase.folder ?? 0)}, architecture ${per(r.architectureTokens)}, overview ${per(r.overviewTokens)}`;
}

export async function runPageSetBench(options: PageSetBenchOptions): Promise<Section> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'docsmith-bench-pages-'));
  const count = await tokenCounter();
  const server = await FakeServerHandle.start({ latencyMs: 0, tokensPerSecond: 0, answerTokens: 300 });
  try {
    const roots: Array<[string, string]> = [];
    for (const name of ['ts-sample', 'py-sample'] as const) {
      await prepareFixture(name, path.join(tmp, name));
      roots.push([name, path.join(tmp, name)]);
    }
    for (const spec of [NPM_TREE_PACKAGE, COMMONJS_PACKAGE]) {
      const dest = path.join(tmp, spec.replace('@', '-'));
      prepareNpmTree(path.join(options.repoRoot, '.bench'), dest, spec);
      roots.push([spec, dest]);
    }
    const runs: FullRunFigures[] = [];
    for (const [name, root] of roots) {
      const figures = await measureFullRun(name, root, server.openRouterBaseUrl, count);
      options.log(`pages: ${name}: ${figures.requests} requests, ${figures.promptTokens} prompt tokens, ${figures.filePages.length} file pages (${figures.sourceTokens} source tokens), overview ${figures.overviewTokens}, architecture ${figures.architectureTokens}; by kind ${JSON.stringify(figures.byPhase)}, line numbers ${figures.numberingTokens}`);
      runs.push(figures);
    }
    const figures: Figure[] = [];
    for (const r of runs) {
      const amplification = r.promptTokens / r.sourceTokens;
      figures.push(
        info(`full run, ${r.project}`, `${r.requests} requests, ${r.promptTokens} prompt tokens`, `${r.filePages.length} file pages`),
        atMost(`amplification, ${r.project}`, amplification, 1.3, (n) => n.toFixed(2), 'on a project of many small files in many folders the rules and headers each request repeats and the folder, architecture and overview prompts weigh more; the notes below split the figure'),
        info(`overview + architecture prompts, ${r.project}`, `${r.overviewTokens} + ${r.architectureTokens} tokens`),
      );
    }
    return {
      title: '8. Page set and summary prompts',
      settings: [
        `Full runs from an empty output folder at concurrency 8 against the zero-latency fake server (300-token answers); projects: the two samples, \`${NPM_TREE_PACKAGE}\` and \`${COMMONJS_PACKAGE}\` from \`npm pack\` (cached in \`.bench/\`, never committed).`,
        'Tokens counted with o200k_base over the exact prompts sent; amplification = prompt tokens of the run / tokens of the files that got a page of their own.',
      ],
      figures,
      notes: [
        ...runs.map((r) => `${r.project}: file pages for ${r.filePages.filter((f) => !/\.(?:[cm]?[jt]sx?|py)$/.test(f)).join(', ') || 'source files only'} besides the source files.`),
        `Per source token, above the source itself: ${runs.map((r) => `${r.project} ${perSourceToken(r)}`).join('; ')}.`,
        AMPLIFICATION_CHANGES,
      ],
    };
  } finally {
    await server.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
}
