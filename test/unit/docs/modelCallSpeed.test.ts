/**
 * Speed figures of real requests, end to end: a ModelCaller on the OpenRouter wire against the fake
 * server, with the cost ledger, its history file and the response cache. The ledger keeps each
 * answer's time to first token and tokens per second, a request that failed unbilled counts in the
 * error rate only, a cached answer in neither, and the history file reads all of it back.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, appendFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createProvider } from '../../../src/core/providers/providerFactory';
import { ModelCaller } from '../../../src/core/docs/modelCalls';
import { CostLedger } from '../../../src/core/cost/costLedger';
import { CostHistory } from '../../../src/core/cost/costHistory';
import { ResponseCache } from '../../../src/core/cache/responseCache';
import { sampleOfRecord, speedByModel } from '../../../src/core/cost/speedStats';
import { formatHumanSummary, toJsonSummary } from '../../../src/core/docs/runReport';
import { emptySummary } from '../../../src/core/docs/runSummary';
import { testContext, withFakeLlm } from '../providers/providerTestContext';

const fake = withFakeLlm();
let dir: string;
before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'docsmith-speed-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

const MODEL = 'openai/gpt-4o-mini';
const ask = { messages: [{ role: 'user' as const, content: 'Describe src/a.ts' }], purpose: { phase: 'file', file: 'src/a.ts.md' } };

test('a 503 then an answer then the same request again: one error, one timed answer, one cached answer that is not a request', async () => {
  const history = new CostHistory(dir);
  const ledger = new CostLedger({ history });
  const llm = createProvider('openrouter', testContext(fake.openRouterBaseUrl));
  const caller = new ModelCaller({
    provider: 'openrouter',
    model: MODEL,
    chat: (r) => llm.chat(r),
    maxTokens: 256,
    temperature: 0,
    ledger,
    retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2 },
    responseCache: { cache: new ResponseCache({ dir: path.join(dir, 'responses') }), scope: fake.openRouterBaseUrl },
  });
  fake.enqueue(
    { kind: 'error', status: 503, message: 'overloaded' },
    { kind: 'stream', text: 'y'.repeat(60), chunkChars: 6, tokenDelayMs: 20, quietPause: { afterChunks: 0, ms: 250 }, cost: 0.0002, usage: { promptTokens: 40, completionTokens: 30 } },
  );
  const told: { file?: string; latencyMs: number; ttftMs?: number }[] = [];
  caller.onAnswer = (purpose, result) => told.push({ file: purpose.file, latencyMs: result.latencyMs, ttftMs: result.ttftMs });
  await caller.call(ask);
  await caller.call(ask);
  await ledger.whenSettled();
  assert.equal(fake.chatRequests.length, 2, 'the 503 and the answer; the repeat came from the cache');

  const [answer, cached] = ledger.records;
  assert.equal(answer.source, 'reported');
  assert.ok(answer.ttftMs !== undefined && answer.ttftMs >= 230 && answer.ttftMs < answer.latencyMs, `ttft ${answer.ttftMs} of ${answer.latencyMs} ms`);
  assert.equal(answer.outputTokensPerSec, Math.round((30_000 / (answer.latencyMs - answer.ttftMs)) * 10) / 10);
  assert.equal(cached.source, 'cached');
  assert.equal(cached.ttftMs, undefined, 'a cached answer has no timing');
  assert.deepEqual(told, [{ file: 'src/a.ts.md', latencyMs: answer.latencyMs, ttftMs: answer.ttftMs }], 'onAnswer hears of the answer over the wire only');
  assert.deepEqual(ledger.failures.map((f) => [f.source, f.failed, f.model, f.costNanos]), [['unbilled', true, MODEL, undefined]]);
  assert.equal(ledger.sessionTotals().requests, 1, 'the unbilled failure costs nothing and is no billed request');
  assert.equal(ledger.sessionTotals().failedCount, 0);

  const expected = { provider: 'openrouter', model: MODEL, requests: 2, errors: 1, errorRate: 0.5, p50LatencyMs: answer.latencyMs, p95LatencyMs: answer.latencyMs, p50TtftMs: answer.ttftMs };
  const [run] = speedByModel(caller.speed);
  assert.deepEqual({ ...run, tokensPerSec: undefined }, { ...expected, tokensPerSec: undefined });
  const [fromLedger] = speedByModel([...ledger.records, ...ledger.failures].map(sampleOfRecord));
  assert.deepEqual(fromLedger, run, 'the run and the ledger agree');

  // The history file holds the answer, the cached answer and the failure; a line from before speed
  // was measured reads back without timings instead of with zeros.
  await appendFile(history.filePath, `${JSON.stringify({ id: 'old-1', sessionId: 'old', time: '2026-11-01T10:00:00Z', provider: 'openrouter', model: MODEL, purpose: {}, latencyMs: 900, promptTokens: 10, completionTokens: 45, cachedTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0, source: 'reported', costNanos: 1000 })}\n`);
  const loaded = await history.load();
  assert.equal(loaded.skipped, 0);
  assert.deepEqual(loaded.records.map((r) => r.source), ['unbilled', 'reported', 'cached', 'reported']);
  assert.equal(loaded.records[1].ttftMs, answer.ttftMs);
  assert.equal(loaded.records[3].ttftMs, undefined);
  const [all] = speedByModel(loaded.records.map(sampleOfRecord));
  assert.equal(all.requests, 3);
  assert.equal(all.errors, 1);

  const summary = { ...emptySummary('run', 'docs', 'openrouter', MODEL), speed: [run] };
  const [json] = toJsonSummary(summary).speed;
  assert.deepEqual(Object.keys(json), ['provider', 'model', 'requests', 'errors', 'error_rate', 'p50_latency_ms', 'p95_latency_ms', 'p50_ttft_ms', 'tokens_per_sec']);
  assert.equal(json.error_rate, 0.5);
  assert.equal(json.p50_ttft_ms, answer.ttftMs);
  assert.match(formatHumanSummary(summary), /^Speed: openai\/gpt-4o-mini \(OpenRouter\): 2 requests, p50 \d+ ms, p95 \d+ ms, first token \d+ ms, [\d.]+ tokens\/s, 50% errors$/m);
});
