/**
 * Provider-side prompt caching (`node out/bench/run.js --only promptCache`, or
 * `node out/bench/promptCacheBench.js` to print the figures alone).
 *
 * Each run goes through the real OpenRouter provider to the fake server with its prompt cache on
 * (OpenAI-style automatic caching for openai/gpt-4o-mini, Anthropic's marked prefixes for
 * anthropic/claude-sonnet-4.5), and the run's own summary gives the cached tokens and the money
 * saved at the catalog's cache prices. Beside them, from the prompts as sent: the share of prompt
 * tokens that repeat the start of an earlier prompt of the run (what any prefix cache could serve
 * at best), the part of it in repeats of at least 1,024 tokens (what OpenAI caches), and the size
 * of the rules every request starts with.
 *
 * Documentation runs: the TypeScript and Python samples and axios from `npm pack`. Guides: two
 * questions on express, with the fake server playing the agent over the wire.
 */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runDocs } from '../src/core/docs/docRun';
import { writeGuide } from '../src/core/guide/guideWriter';
import { createProvider } from '../src/core/providers/providerFactory';
import { parseOpenRouterPricing } from '../src/core/providers/openRouterModels';
import { cacheMultipliersFor, cacheSavingsNanos, computeCostNanos } from '../src/core/cost/pricing';
import type { ChatRequest, ChatResult, ModelPricing } from '../src/core/providers/types';
import type { Logger } from '../src/core/logger';
import { startFakeLlm, type FakeLlmServer } from '../test/fixtures/fakeLlm/fakeLlmServer';
import { createRealisticResponder } from '../test/fixtures/fakeLlm/realisticResponder';
import { defaultResponder } from '../test/fixtures/fakeLlm/defaultResponder';
import { fakeAgent, type AgentTurn } from '../test/fixtures/fakeLlm/fakeAgent';
import { sharedStart } from '../test/fixtures/fakeLlm/promptCache';
import { buildOpenRouterModelsPayload } from '../test/fixtures/catalog/openRouterModelsPayload';
import { prepareFixture } from '../test/fixtures/workspaces/prepare';
import { COMMONJS_PACKAGE, NPM_TREE_PACKAGE, prepareNpmTree } from './projectTrees';
import { benchParser, resetOutput } from './timedDocRun';
import { tokenCounter } from './tokenCounter';
import { info, type Section } from './report';

const MODELS = ['openai/gpt-4o-mini', 'anthropic/claude-sonnet-4.5'] as const;
/**
 * Each question's exploration as an agent on a real model goes about it: a listing and a search,
 * then one file a round (120 lines), then the answer.
 */
const GUIDES: { topic: string; search: string; reads: string[] }[] = [
  { topic: 'How does a request reach the router?', search: 'handle', reads: ['lib/express.js', 'lib/application.js', 'lib/router/index.js', 'lib/router/layer.js', 'lib/router/route.js'] },
  { topic: 'How are route parameters handled?', search: 'params', reads: ['lib/router/index.js', 'lib/router/layer.js', 'lib/request.js', 'lib/utils.js'] },
];

function agentTurns(guide: (typeof GUIDES)[number]): AgentTurn[] {
  return [
    { call: [{ name: 'list_files', arguments: { path: 'lib' } }, { name: 'search', arguments: { query: guide.search } }] },
    ...guide.reads.map((file): AgentTurn => ({ call: [{ name: 'read_file', arguments: { path: file, start_line: 1, end_line: 120 } }] })),
  ];
}
const quiet: Logger = { trace: () => undefined, debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

interface Sent {
  text: string;
  system: string;
}

export interface CacheFigures {
  label: string;
  model: string;
  requests: number;
  promptTokens: number;
  /** Tokens repeating the start of an earlier prompt of the same run, any length / only repeats of 1,024+ tokens. */
  repeated: number;
  repeatedLong: number;
  /** Tokens of the rules (system prompt) the requests start with: the smallest and the largest. */
  rules: [number, number];
  cached: number;
  written: number;
  savedUsd: number | undefined;
  costUsd: number | undefined;
}

function catalogPricing(model: string): ModelPricing {
  const raw = buildOpenRouterModelsPayload().data.find((m) => m.id === model);
  if (!raw) throw new Error(`no catalog entry for ${model}`);
  return parseOpenRouterPricing(raw.pricing);
}

/** The wire text of a request in prefix order: tools, then every message. */
function sentText(r: ChatRequest): Sent {
  const turns = r.messages.map((m) => `${m.role}:${m.content}${m.role === 'assistant' && m.toolCalls ? JSON.stringify(m.toolCalls) : ''}`);
  return { text: [JSON.stringify(r.tools ?? []), ...turns].join('\n'), system: r.messages.filter((m) => m.role === 'system').map((m) => m.content).join('\n') };
}

/** Repeated-prefix tokens of each prompt against all earlier ones. */
function repeats(sent: readonly Sent[], count: (t: string) => number): { repeated: number; repeatedLong: number; rules: [number, number] } {
  let repeated = 0;
  let repeatedLong = 0;
  for (let i = 0; i < sent.length; i++) {
    let best = 0;
    for (let j = 0; j < i; j++) best = Math.max(best, sharedStart(sent[i].text, sent[j].text));
    const tokens = best > 0 ? count(sent[i].text.slice(0, best)) : 0;
    repeated += tokens;
    if (tokens >= 1024) repeatedLong += tokens;
  }
  const ruleSizes = [...new Set(sent.map((s) => s.system))].map(count);
  return { repeated, repeatedLong, rules: [Math.min(...ruleSizes), Math.max(...ruleSizes)] };
}

function recordingChat(fake: FakeLlmServer, sent: Sent[], results: ChatResult[]): (r: ChatRequest) => Promise<ChatResult> {
  const provider = createProvider('openrouter', { baseUrl: fake.openRouterBaseUrl, getApiKey: () => Promise.resolve('sk-or-v1-bench'), log: quiet });
  return async (r) => {
    sent.push(sentText(r));
    const result = await provider.chat(r);
    results.push(result);
    return result;
  };
}

async function docsRun(fake: FakeLlmServer, label: string, root: string, model: string, count: (t: string) => number): Promise<CacheFigures> {
  resetOutput(root);
  fake.reset();
  const parser = await benchParser();
  const sent: Sent[] = [];
  const summary = await runDocs(
    { root, outputDirectory: 'docs/generated', provider: 'openrouter', model, concurrency: 4, maxFileSizeKB: 256, maxOutputTokens: 4096, temperature: 0.1 },
    {
      chat: recordingChat(fake, sent, []),
      parse: (p, language, text, files) => parser.parseFile(p, language, text, files),
      retry: { baseDelayMs: 1, maxDelayMs: 10 },
      spendCap: { maxCostUsd: 0, pricing: catalogPricing(model) },
    },
  );
  resetOutput(root);
  return { label, model, requests: summary.requests, promptTokens: summary.tokens.prompt, ...repeats(sent, count), cached: summary.tokens.cached, written: summary.tokens.cacheWrite, savedUsd: summary.cost.cacheSavedUsd, costUsd: summary.cost.actualUsd };
}

async function guideRun(fake: FakeLlmServer, root: string, guide: (typeof GUIDES)[number], model: string, count: (t: string) => number): Promise<CacheFigures> {
  const topic = guide.topic;
  resetOutput(root);
  fake.reset();
  // The agent's turns are short: their usage is counted from what it writes, not a page's length.
  const pageResponder = fake.responder;
  fake.responder = defaultResponder;
  fake.script = fakeAgent({ turns: agentTurns(guide) });
  const parser = await benchParser();
  const sent: Sent[] = [];
  const results: ChatResult[] = [];
  const pricing = catalogPricing(model);
  const result = await writeGuide(
    { root, outputDirectory: 'docs/generated', topic, provider: 'openrouter', model, maxOutputTokens: 4096, temperature: 0.1, concurrency: 4, maxToolRounds: 12 },
    { chat: recordingChat(fake, sent, results), parse: (p, language, text, files) => parser.parseFile(p, language, text, files) },
  );
  fake.script = undefined;
  fake.responder = pageResponder;
  if (result.status !== 'written') throw new Error(`guide "${topic}" ended ${result.status}`);
  let saved: number | undefined = 0;
  let cost: number | undefined = 0;
  let cached = 0;
  let written = 0;
  let prompt = 0;
  for (const r of results) {
    if (!r.usage) continue;
    prompt += r.usage.promptTokens;
    cached += r.usage.cachedTokens;
    written += r.usage.cacheWriteTokens;
    const multipliers = cacheMultipliersFor('openrouter', model);
    const s = cacheSavingsNanos(r.usage, pricing, multipliers);
    saved = saved === undefined || s === undefined ? undefined : saved + s;
    const c = computeCostNanos(r.usage, pricing, multipliers);
    cost = cost === undefined || c === undefined ? undefined : cost + c;
  }
  resetOutput(root);
  return { label: `express guide: "${topic}"`, model, requests: results.length, promptTokens: prompt, ...repeats(sent, count), cached, written, savedUsd: saved === undefined ? undefined : saved / 1e9, costUsd: cost === undefined ? undefined : cost / 1e9 };
}

export async function measurePromptCache(repoRoot: string, log: (line: string) => void): Promise<CacheFigures[]> {
  const count = await tokenCounter();
  const work = await fs.mkdtemp(path.join(os.tmpdir(), 'docsmith-bench-cache-'));
  const fake = await startFakeLlm({
    promptCache: true,
    responder: createRealisticResponder((model) => {
      const p = catalogPricing(model);
      return { prompt: p.prompt ?? 0, completion: p.completion ?? 0, cacheRead: p.cacheRead, cacheWrite: p.cacheWrite };
    }),
  });
  const figures: CacheFigures[] = [];
  try {
    const repos: { label: string; root: string }[] = [];
    for (const name of ['ts-sample', 'py-sample'] as const) repos.push({ label: name, root: (await prepareFixture(name, path.join(work, name))).root });
    const axios = path.join(repoRoot, '.bench', 'cache', 'axios');
    await fs.mkdir(path.dirname(axios), { recursive: true });
    prepareNpmTree(path.join(repoRoot, '.bench'), axios, NPM_TREE_PACKAGE);
    repos.push({ label: NPM_TREE_PACKAGE, root: axios });
    const express = path.join(repoRoot, '.bench', 'cache', 'express');
    prepareNpmTree(path.join(repoRoot, '.bench'), express, COMMONJS_PACKAGE);
    await fs.writeFile(path.join(express, '.gitignore'), 'node_modules/\n');
    for (const model of MODELS) {
      for (const repo of repos) {
        log(`promptCache: Generate Docs of ${repo.label} with ${model}`);
        figures.push(await docsRun(fake, `${repo.label}: Generate Docs`, repo.root, model, count));
      }
      for (const guide of GUIDES) {
        log(`promptCache: guide "${guide.topic}" with ${model}`);
        figures.push(await guideRun(fake, express, guide, model, count));
      }
    }
  } finally {
    await fake.stop();
    await fs.rm(work, { recursive: true, force: true });
  }
  return figures;
}

const pct = (part: number, whole: number): string => `${whole === 0 ? 0 : ((100 * part) / whole).toFixed(1)}%`;
const usd = (v: number | undefined): string => (v === undefined ? 'unknown' : `${v < 0 ? '-' : ''}$${Math.abs(v).toFixed(5)}`);

export async function runPromptCacheBench(options: { repoRoot: string; log: (line: string) => void }): Promise<Section> {
  const figures = (await measurePromptCache(options.repoRoot, options.log)).map((f) =>
    info(
      `${f.label} (${f.model})`,
      `${f.requests} requests, ${f.promptTokens} prompt tokens; repeated start ${pct(f.repeated, f.promptTokens)} (${pct(f.repeatedLong, f.promptTokens)} in repeats of 1,024+ tokens); rules ${f.rules[0]}–${f.rules[1]} tokens; cached ${f.cached} (${pct(f.cached, f.promptTokens)}), written ${f.written}; saved ${usd(f.savedUsd)} of ${usd(f.costUsd)}`,
    ),
  );
  return {
    title: '13. Prompt caching',
    settings: [
      'Fake server with its prompt cache on, through the OpenRouter provider: openai/gpt-4o-mini is cached automatically (prompts of 1,024+ tokens, 128-token steps; cached input $0.075/M against $0.15/M), anthropic/claude-sonnet-4.5 only up to blocks marked cache_control (1,024+ tokens; read $0.30/M, write $3.75/M against $3/M). Tokens counted with o200k_base; concurrency 4.',
      `Documentation runs: ts-sample and py-sample (test fixtures) and ${NPM_TREE_PACKAGE} from npm pack; guides on ${COMMONJS_PACKAGE} from npm pack, the fake playing the agent over the wire: a listing and a search, then one file a round (120 lines; ${GUIDES.map((g) => g.reads.length).join(' and ')} rounds), then the answer, outline and sections.`,
    ],
    figures,
    notes: [
      "Repeated start = for each prompt, the tokens of its longest common start with any earlier prompt of the same run (the most a prefix cache could serve, at any minimum length). Cached and saved come from the run's own summary; for guides from the usage of each answer (tokens estimated at 4 characters each by the fake), both priced with the catalog's prices, cache prices included.",
      'A documentation prompt starts with rules of about 100 tokens and then holds one file, one part of a file or one folder of its own, so no start of 1,024 tokens ever repeats: OpenAI caches nothing, and the rules are too short for Anthropic to cache, so Docsmith does not mark them (a mark there would only be ignored). Making pages cacheable would mean sending the same 1,000+ tokens of shared context with every file, more tokens than it saves. A guide sends its whole conversation again each tool round: that is where the cache reads happen, and where Anthropic\'s marks (the opening turn and the last tool result of each round) pay; the last round\'s write is not read again when the agent then answers.',
    ],
  };
}

if (require.main === module) {
  const repoRoot = path.resolve(__dirname, '..', '..');
  void runPromptCacheBench({ repoRoot, log: (l) => process.stderr.write(`[bench] ${l}\n`) }).then((s) => {
    process.stdout.write(`${s.title}\n${s.settings.join('\n')}\n${s.figures.map((f) => `- ${f.name}: ${f.value}`).join('\n')}\n`);
  });
}
