import { test } from 'node:test';
import assert from 'node:assert/strict';
import { countTokens as countO200k } from 'gpt-tokenizer/encoding/o200k_base';
import { countTokens as countCl100k } from 'gpt-tokenizer/encoding/cl100k_base';
import { estimateRunCost, outputBounds, outputStatsByPhase, type PlannedRequest } from '../../../src/core/cost/costEstimate';
import { createTokenCounter, openAiEncodingFor, REQUEST_OVERHEAD_TOKENS } from '../../../src/core/cost/tokenCount';
import type { CostRecord } from '../../../src/core/cost/types';

const source = `/**
 * Ledger of costs.
 */
export function add(a: number, b: number): number {
  return a + b; // <|endoftext|> appears in some files and must not throw
}
`.repeat(20);

const plan: PlannedRequest[] = [
  { phase: 'file', promptText: `Document this file:\n${source}`, maxOutputTokens: 4096 },
  { phase: 'file', promptText: `Document this file too:\n${source.slice(0, 500)}`, maxOutputTokens: 4096 },
  { phase: 'folder', promptTokens: 900, maxOutputTokens: 2048 },
  { phase: 'overview', promptTokens: 3000, maxOutputTokens: 4096 },
];

const special = { disallowedSpecial: new Set<string>() };

test('OpenAI models are counted with gpt-tokenizer, the right encoding per model', async () => {
  const estimate = await estimateRunCost(plan, { provider: 'openrouter', model: 'openai/gpt-4o-mini', pricing: { prompt: 0.00000015, completion: 0.0000006 } });
  const expected = countO200k(plan[0].promptText!, special) + countO200k(plan[1].promptText!, special) + 2 * REQUEST_OVERHEAD_TOKENS + 900 + 3000;
  assert.equal(estimate.promptTokens, expected);
  assert.equal(estimate.tokenizer, 'o200k_base');
  assert.equal(estimate.exactTokenCount, true);
  assert.equal(estimate.requests, 4);
  assert.deepEqual(Object.keys(estimate.byPhase).sort(), ['file', 'folder', 'overview']);
  assert.equal(estimate.byPhase.file.requests, 2);
  assert.notEqual(estimate.promptTokens, Math.round((plan[0].promptText!.length + plan[1].promptText!.length) / 4) + 3900, 'not characters/4');

  const gpt4 = await createTokenCounter('openai', 'gpt-4');
  assert.equal(gpt4.tokenizer, 'cl100k_base');
  assert.equal(gpt4.count(source), countCl100k(source, special));
  assert.equal(openAiEncodingFor('gpt-4.1-mini'), 'o200k_base');
  assert.equal(openAiEncodingFor('openai/gpt-3.5-turbo'), 'cl100k_base');
  assert.equal(openAiEncodingFor('gpt-oss-20b'), 'o200k_base');
});

test('other vendors get a documented, larger-than-o200k approximation', async () => {
  const claude = await createTokenCounter('openrouter', 'anthropic/claude-sonnet-4.5');
  assert.equal(claude.exact, false);
  assert.equal(claude.count(source), Math.ceil(countO200k(source, special) * 1.2));
  const llama = await createTokenCounter('openrouter', 'meta-llama/llama-3.3-70b-instruct');
  assert.equal(llama.count(source), Math.ceil(countO200k(source, special) * 1.1));
});

test('cost range: low uses expected output, high the worst case; exact against hand maths', async () => {
  const pricing = { prompt: 0.000001, completion: 0.000002 };
  const estimate = await estimateRunCost([{ phase: 'file', promptTokens: 2000, maxOutputTokens: 4096 }], { provider: 'openai', model: 'gpt-4o', pricing });
  // low output: a quarter of the prompt (500), high: max_tokens
  assert.equal(estimate.outputTokensLow, 500);
  assert.equal(estimate.outputTokensHigh, 4096);
  assert.equal(estimate.costLowNanos, 2000 * 1000 + 500 * 2000);
  assert.equal(estimate.costHighNanos, 2000 * 1000 + 4096 * 2000);
  assert.equal(estimate.costKind, 'known');
  assert.ok(Math.abs(estimate.costHighUsd! - 0.010192) < 1e-12);
});

test('past runs bound the output per phase', async () => {
  const records = [300, 500, 700].map((completionTokens, i): CostRecord => ({
    id: `r${i}`, sessionId: 's', time: new Date().toISOString(), provider: 'openrouter', model: 'm', purpose: { phase: 'file' }, latencyMs: 1,
    promptTokens: 1000, completionTokens, cachedTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0, source: 'reported', costNanos: 1,
  }));
  records.push({ ...records[0], id: 'failed', completionTokens: 4000, failed: true });
  const stats = outputStatsByPhase(records);
  assert.deepEqual(stats, { file: { samples: 3, averageOutputTokens: 500, maxOutputTokens: 700 } });
  assert.deepEqual(outputBounds(1000, 4096, stats.file), { low: 500, high: 1000 });
  assert.deepEqual(outputBounds(1000, 600, stats.file), { low: 500, high: 600 }, 'never above max_tokens');
  assert.deepEqual(outputBounds(100, 4096), { low: 256, high: 4096 });
  assert.deepEqual(outputBounds(100, 100), { low: 100, high: 100 });
  const estimate = await estimateRunCost(plan, { provider: 'openrouter', model: 'openai/gpt-4o-mini', pricing: { prompt: 0, completion: 0 }, pastOutput: stats });
  assert.equal(estimate.byPhase.file.outputTokensLow, 1000);
  assert.equal(estimate.byPhase.file.outputTokensHigh, 2000);
  assert.equal(estimate.byPhase.overview.outputTokensHigh, 4096, 'a phase without history keeps max_tokens');
});

test('free models cost 0, unknown prices are unknown, vscodeLm is included', async () => {
  const free = await estimateRunCost(plan, { provider: 'openrouter', model: 'openai/gpt-oss-20b:free', pricing: { prompt: 0, completion: 0 }, isFree: true });
  assert.equal(free.costKind, 'free');
  assert.equal(free.costHighUsd, 0);
  const unknown = await estimateRunCost(plan, { provider: 'openrouter', model: 'openrouter/auto', pricing: {} });
  assert.equal(unknown.costKind, 'unknown');
  assert.equal(unknown.costLowUsd, undefined);
  assert.equal(unknown.costHighUsd, undefined);
  assert.ok(unknown.promptTokens > 0, 'tokens are still counted');
  const none = await estimateRunCost(plan, { provider: 'openaiCompatible', model: 'llama3.2' });
  assert.equal(none.costKind, 'unknown');
  const lm = await estimateRunCost(plan, { provider: 'vscodeLm', model: 'copilot/gpt-4o' });
  assert.equal(lm.costKind, 'included');
  assert.equal(lm.costHighUsd, undefined);
});

test('without history, summary pages expect a whole page and file pages at most ~1k tokens', () => {
  // A folder prompt is a short list, but the answer is a page: a quarter of the prompt (256) was half the real length.
  assert.deepEqual(outputBounds(300, 4096, undefined, 'folder'), { low: 384, high: 4096 });
  assert.deepEqual(outputBounds(300, 4096, undefined, 'overview'), { low: 768, high: 4096 });
  assert.deepEqual(outputBounds(300, 4096, undefined, 'architecture'), { low: 1024, high: 4096 });
  assert.deepEqual(outputBounds(300, 500, undefined, 'architecture'), { low: 500, high: 500 }, 'never above max_tokens');
  // A large file's part (8,000 prompt tokens) no longer expects 2,000 output tokens.
  assert.deepEqual(outputBounds(8000, 4096, undefined, 'file'), { low: 1024, high: 4096 });
  assert.deepEqual(outputBounds(2000, 4096, undefined, 'file'), { low: 500, high: 4096 });
});

test('a batch request counts once with its expected answer; its worst case adds each page asked again alone after a cut answer', async () => {
  const pricing = { prompt: 0.000001, completion: 0.000002 };
  const alone = ['Document the file `a.ts`:\nexport const a = 1;', 'Document the file `b.ts`:\nexport const b = 2;'];
  const batch: PlannedRequest = { phase: 'file', promptTokens: 2000, maxOutputTokens: 4096 };
  const plain = await estimateRunCost([batch], { provider: 'openai', model: 'gpt-4o', pricing });
  const withReasks = await estimateRunCost([{ ...batch, askedAgainIfCut: alone }], { provider: 'openai', model: 'gpt-4o', pricing });
  assert.equal(withReasks.requests, 1, 'a re-ask is not expected: the request count stays');
  assert.equal(withReasks.outputTokensLow, plain.outputTokensLow);
  assert.equal(withReasks.costLowNanos, plain.costLowNanos);
  assert.equal(withReasks.outputTokensHigh, 3 * 4096, 'the batch and both pages alone at max_tokens');
  const counter = await createTokenCounter('openai', 'gpt-4o');
  const againNanos = alone.reduce((n, text) => n + (counter.count(text) + REQUEST_OVERHEAD_TOKENS) * 1000 + 4096 * 2000, 0);
  assert.equal(withReasks.costHighNanos, plain.costHighNanos! + againNanos);
});
