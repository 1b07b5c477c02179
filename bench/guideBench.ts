/**
 * Guides on real repositories (`node out/bench/run.js --only guide`, or `node out/bench/guideBench.js`
 * to print the figures alone): express (JavaScript) and zod (TypeScript sources), fetched with
 * `npm pack` at bench time and cached in `.bench/`, never committed.
 *
 * Per question: tool rounds and calls, prompt tokens per phase, the share of cited ranges the agent
 * read through its tools (grounding), citation validity on disk, wall time with 300 ms per model
 * answer, and the guide's cost next to a full Generate Docs of the same repository.
 *
 * The guide runs the real writer (`writeGuide`: toolset, exploration, outline, sections,
 * validation, save) with the deterministic agent of test/fixtures/fakeAgent as the model; the
 * Generate Docs run is the real engine with the realistic page-length responder. Both count prompt
 * and completion tokens with o200k_base and price them at the same catalog prices.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { writeGuide, type GuideResult } from '../src/core/guide/guideWriter';
import { runDocs } from '../src/core/docs/docRun';
import { findCitations } from '../src/core/docs/citations';
import type { ChatRequest, ChatResult } from '../src/core/providers/types';
import { guideAgentChat } from '../test/fixtures/fakeAgent/guideAgent';
import { createRealisticResponder } from '../test/fixtures/fakeLlm/realisticResponder';
import { citationValidityOnDisk } from '../test/unit/docs/docRunHarness';
import { prepareNpmTree } from './projectTrees';
import { benchParser, resetOutput } from './timedDocRun';
import { tokenCounter } from './tokenCounter';
import { info, type Section } from './report';

const LATENCY_MS = 300;
const MODEL = 'openai/gpt-4o-mini';
/** gpt-4o-mini's catalog prices, USD per token. */
const PRICES = { prompt: 0.15e-6, completion: 0.6e-6 };

interface Repo {
  label: string;
  spec: string;
  gitignore: string;
  topics: string[];
}

const REPOS: Repo[] = [
  { label: 'express (JavaScript)', spec: 'express@4.21.2', gitignore: 'node_modules/\n', topics: ['How does a request reach the router?', 'How are route parameters handled?'] },
  { label: 'zod (TypeScript)', spec: 'zod@3.25.76', gitignore: '/*\n!/src/\n!/package.json\n**/tests/\n**/benchmarks/\n', topics: ['How is an object schema parsed?', 'How are validation issues reported?'] },
];

export interface GuideFigures {
  repo: string;
  topic: string;
  rounds: number;
  toolCalls: number;
  byTool: Record<string, number>;
  promptTokens: { exploration: number; outline: number; sections: number };
  grounded: number;
  cited: number;
  validOnDisk: number;
  onDisk: number;
  wallMs: number;
  costUsd: number;
}

/** Cited ranges of a guide's sections that lie inside what the agent read / all cited ranges. */
function grounding(page: string, result: GuideResult): { grounded: number; cited: number } {
  const body = page.slice(0, page.indexOf('\n## Sources'));
  const cited = findCitations(body);
  const grounded = cited.filter((c) => result.sources.some((s) => s.path === c.path && s.startLine <= c.startLine && s.endLine >= c.endLine)).length;
  return { grounded, cited: cited.length };
}

/** The realistic responder as an in-process `chat` with a fixed answer time. */
function docsChat(): (r: ChatRequest) => Promise<ChatResult> {
  const responder = createRealisticResponder(() => PRICES);
  let n = 0;
  return async (r) => {
    await new Promise((resolve) => setTimeout(resolve, LATENCY_MS));
    const system = r.messages.filter((m) => m.role === 'system').map((m) => m.content).join('\n');
    const messages = r.messages.filter((m) => m.role !== 'system').map((m) => ({ role: m.role, content: m.content }));
    const answer = responder({ flavour: 'openrouter', model: r.model, messages, system, jsonSchema: r.jsonSchema, tools: [], includeUsage: true, headers: {}, body: {} });
    const usage = { promptTokens: answer.usage?.promptTokens ?? 0, completionTokens: answer.usage?.completionTokens ?? 0, cachedTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 };
    return { text: answer.text, usage, reportedCostUsd: answer.cost, generationId: `gen-docs-${++n}`, servedModel: r.model, finishReason: 'stop', latencyMs: LATENCY_MS };
  };
}

export async function measureGuides(repoRoot: string, log: (line: string) => void): Promise<{ guides: GuideFigures[]; docs: { repo: string; files: number; requests: number; costUsd: number; wallMs: number }[] }> {
  const parser = await benchParser();
  const parse = (p: string, language: string, text: string, files: ReadonlySet<string>) => parser.parseFile(p, language, text, files);
  const count = await tokenCounter();
  const guides: GuideFigures[] = [];
  const docs = [];
  for (const repo of REPOS) {
    const root = path.join(repoRoot, '.bench', 'guide', repo.spec.replace(/[@/]/g, '-'));
    log(`guide: preparing ${repo.spec}`);
    await fs.mkdir(path.dirname(root), { recursive: true });
    prepareNpmTree(path.join(repoRoot, '.bench'), root, repo.spec);
    await fs.writeFile(path.join(root, '.gitignore'), repo.gitignore);
    for (const topic of repo.topics) {
      resetOutput(root);
      const started = Date.now();
      const result = await writeGuide(
        { root, outputDirectory: 'docs/generated', topic, provider: 'openrouter', model: MODEL, maxOutputTokens: 4096, temperature: 0.1, concurrency: 4, maxToolRounds: 12 },
        { chat: guideAgentChat({ latencyMs: LATENCY_MS, countTokens: count, pricePerToken: PRICES, readRounds: 2 }), parse },
      );
      const wallMs = Date.now() - started;
      if (result.status !== 'written') throw new Error(`guide on ${repo.spec} ended ${result.status}: ${result.error?.message ?? ''}`);
      const page = await fs.readFile(result.absolutePath, 'utf8');
      const validity = await citationValidityOnDisk(root, path.join(root, 'docs', 'generated'));
      const g = grounding(page, result);
      guides.push({
        repo: repo.label,
        topic,
        rounds: result.rounds,
        toolCalls: result.toolCalls.total,
        byTool: result.toolCalls.byTool,
        promptTokens: { exploration: result.phases.exploration.promptTokens, outline: result.phases.outline.promptTokens, sections: result.phases.sections.promptTokens },
        ...g,
        validOnDisk: validity.total - validity.invalid.length,
        onDisk: validity.total,
        wallMs,
        costUsd: result.costUsd ?? NaN,
      });
      log(`guide: ${repo.spec} "${topic}": ${result.rounds} rounds, ${result.toolCalls.total} calls, ${wallMs} ms`);
    }
    resetOutput(root);
    log(`guide: Generate Docs of ${repo.spec}`);
    const started = Date.now();
    const summary = await runDocs(
      { root, outputDirectory: 'docs/generated', provider: 'openrouter', model: MODEL, concurrency: 4, maxFileSizeKB: 256, maxOutputTokens: 4096, temperature: 0.1 },
      { chat: docsChat(), parse, retry: { baseDelayMs: 1, maxDelayMs: 10 } },
    );
    docs.push({ repo: repo.label, files: summary.pages.written.length, requests: summary.requests, costUsd: summary.cost.knownUsd, wallMs: Date.now() - started });
    resetOutput(root);
  }
  return { guides, docs };
}

const usd = (v: number): string => `$${v.toFixed(5)}`;

export async function runGuideBench(options: { repoRoot: string; log: (line: string) => void }): Promise<Section> {
  const { guides, docs } = await measureGuides(options.repoRoot, options.log);
  const figures = guides.map((g) => {
    const full = docs.find((d) => d.repo === g.repo)!;
    return info(
      `${g.repo}: "${g.topic}"`,
      `${g.rounds} rounds, ${g.toolCalls} calls; prompt tokens ${g.promptTokens.exploration}/${g.promptTokens.outline}/${g.promptTokens.sections}; grounded ${g.grounded}/${g.cited}; valid on disk ${g.validOnDisk}/${g.onDisk}; ${(g.wallMs / 1000).toFixed(1)} s; ${usd(g.costUsd)} = ${((100 * g.costUsd) / full.costUsd).toFixed(1)}% of Generate Docs`,
      `calls by tool: ${Object.entries(g.byTool).map(([k, v]) => `${k} ${v}`).join(', ')}`,
    );
  });
  for (const d of docs) figures.push(info(`${d.repo}: full Generate Docs`, `${d.files} pages, ${d.requests} requests, ${usd(d.costUsd)}, ${(d.wallMs / 1000).toFixed(1)} s`));
  return {
    title: '12. Guides',
    settings: [`${LATENCY_MS} ms per model answer; model priced as ${MODEL} ($0.15/M in, $0.60/M out); tokens counted with o200k_base; maxToolRounds 12, token budget 120k; concurrency 4.`, ...REPOS.map((r) => `${r.label}: ${r.spec} from npm pack; .gitignore ${JSON.stringify(r.gitignore)}.`)],
    figures,
    notes: [
      'Prompt tokens are given per phase as exploration/outline/sections. Grounded = cited ranges in the sections that lie inside ranges read with read_file / all cited ranges. The agent is deterministic (test/fixtures/fakeAgent/guideAgent.ts): it lists, searches the longest word of the question, outlines and reads the code around the hits for two rounds, then answers; its sections are three sentences, so output tokens are lower than a real model\'s and the cost ratio is dominated by prompts. It also cites one unread range and one missing file per section on purpose; validation removes both, so grounding on disk is measured after validation.',
    ],
  };
}

if (require.main === module) {
  const repoRoot = path.resolve(__dirname, '..', '..');
  void runGuideBench({ repoRoot, log: (l) => process.stderr.write(`[bench] ${l}\n`) }).then((s) => {
    process.stdout.write(`${s.title}\n${s.settings.join('\n')}\n${s.figures.map((f) => `- ${f.name}: ${f.value}${f.note ? ` (${f.note})` : ''}`).join('\n')}\n`);
  });
}
