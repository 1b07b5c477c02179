import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CostLedger, type GenerationCost, type LedgerChange } from '../../../src/core/cost/costLedger';
import { formatTotals } from '../../../src/core/cost/costTotals';
import { formatUsd, usdToNanos } from '../../../src/core/cost/money';
import { parseWireCost, parseWireUsage } from '../../../src/core/providers/openAiWire';
import { ProviderError, type ChatResult, type TokenUsage } from '../../../src/core/providers/types';
import type { CostRecord } from '../../../src/core/cost/types';
import { seededRandom } from '../../fixtures/badInput/seededRandom';

function usage(partial: Partial<TokenUsage> = {}): TokenUsage {
  return { promptTokens: 1000, completionTokens: 200, cachedTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0, ...partial };
}

function result(partial: Partial<ChatResult> = {}): ChatResult {
  return { text: 'ok', servedModel: 'openai/gpt-4o-mini', latencyMs: 100, usage: usage(), ...partial };
}

const noSleep = async (): Promise<void> => undefined;

test('the session total is the exact decimal sum of 1000 reported costs', async () => {
  const random = seededRandom(42).next;
  const ledger = new CostLedger();
  let exact = 0n; // nano-dollars, summed as BigInt from the decimal text
  let floatSum = 0;
  const models = ['openai/gpt-4o-mini', 'anthropic/claude-sonnet-4.5', 'deepseek/deepseek-r1'];
  for (let i = 0; i < 1000; i++) {
    const nanos = BigInt(Math.floor(random() * 50_000_000)); // up to $0.05, 9 decimals
    const text = `0.${nanos.toString().padStart(9, '0')}`;
    exact += nanos;
    floatSum += Number(text);
    await ledger.record({ provider: 'openrouter', model: models[i % 3], result: result({ reportedCostUsd: Number(text), servedModel: models[i % 3] }), purpose: { runId: `run-${i % 4}` } });
  }
  const totals = ledger.sessionTotals();
  assert.equal(totals.requests, 1000);
  assert.equal(BigInt(totals.costNanos), exact);
  assert.equal(formatTotals(totals), formatUsd(Number(exact)));
  assert.ok(ledger.records.every((r) => r.source === 'reported'));
  const byModel = [...ledger.totalsByModel().values()].reduce((sum, t) => sum + BigInt(t.costNanos), 0n);
  const byRun = [...ledger.totalsByRun().values()].reduce((sum, t) => sum + BigInt(t.costNanos), 0n);
  assert.equal(byModel, exact);
  assert.equal(byRun, exact);
  assert.equal(ledger.totalsByModel().size, 3);
  assert.ok(Number.isFinite(floatSum));
});

test('BYOK adds the upstream cost; non-BYOK never does (OpenRouter usage as the provider parses it)', async () => {
  const ledger = new CostLedger();
  const wire = { prompt_tokens: 1000, completion_tokens: 100, cost: 0.0002, cost_details: { upstream_inference_cost: 0.0019 } };
  const nonByok = { ...wire, is_byok: false };
  const byok = { ...wire, is_byok: true };
  const a = await ledger.record({ provider: 'openrouter', model: 'm', result: result({ usage: parseWireUsage(nonByok), reportedCostUsd: parseWireCost(nonByok), generationId: 'gen-a' }) });
  const b = await ledger.record({ provider: 'openrouter', model: 'm', result: result({ usage: parseWireUsage(byok), reportedCostUsd: parseWireCost(byok), generationId: 'gen-b' }) });
  assert.equal(a!.costNanos, usdToNanos(0.0002));
  assert.equal(b!.costNanos, usdToNanos(0.0021));
  assert.equal(ledger.sessionTotals().costNanos, usdToNanos(0.0023));
  assert.equal(formatTotals(ledger.sessionTotals()), '$0.0023');
});

test('a stream without usage: generation lookup (after 404s), else computed, else unknown', async () => {
  const asked: string[] = [];
  let notYet = 2;
  const lookupGeneration = async (id: string): Promise<GenerationCost | undefined> => {
    asked.push(id);
    if (id !== 'gen-known') return undefined;
    if (notYet-- > 0) return undefined; // OpenRouter answers 404 at first
    return { totalCostUsd: 0.00042, isByok: false, model: 'openai/gpt-4o-mini', tokensPrompt: 1200, tokensCompletion: 300, nativeTokensCached: 200 };
  };
  const delays: number[] = [];
  const ledger = new CostLedger({
    lookupGeneration,
    sleep: async (ms) => void delays.push(ms),
    lookupDelaysMs: [10, 20, 40, 80],
    pricingFor: (_provider, model) => (model === 'openai/gpt-4o-mini' ? { prompt: 0.00000015, completion: 0.0000006, cacheRead: 0.000000075 } : undefined),
  });

  const looked = await ledger.record({ provider: 'openrouter', model: 'openai/gpt-4o-mini', result: { text: 'x', latencyMs: 5, generationId: 'gen-known' } });
  assert.equal(looked!.source, 'lookup');
  assert.equal(looked!.costNanos, 420_000);
  assert.equal(looked!.promptTokens, 1200, 'tokens filled from the generation record');
  assert.equal(looked!.cachedTokens, 200);
  assert.deepEqual(delays, [10, 20, 40]);

  // Lookup never finds it, but usage arrived: computed from prices (cached at the cache price).
  const computed = await ledger.record({
    provider: 'openrouter', model: 'openai/gpt-4o-mini',
    result: result({ generationId: 'gen-missing', usage: usage({ promptTokens: 1000, cachedTokens: 400, completionTokens: 100 }) }),
  });
  assert.equal(computed!.source, 'computed');
  assert.equal(computed!.costNanos, 600 * 150 + 400 * 75 + 100 * 600);

  // No lookup hit and no price: unknown, shown as such.
  const unknown = await ledger.record({ provider: 'openrouter', model: 'acme/secret', result: result({ servedModel: 'acme/secret', generationId: 'gen-none' }) });
  assert.equal(unknown!.source, 'unknown');
  assert.equal(unknown!.costNanos, undefined);
  assert.equal(formatTotals(ledger.sessionTotals()), `${formatUsd(420_000 + computed!.costNanos!)}+?`);
  assert.equal(asked.filter((id) => id === 'gen-missing').length, 4);
});

test('a lookup error (not a 404) falls back to prices at once', async () => {
  let calls = 0;
  const ledger = new CostLedger({
    lookupGeneration: async () => {
      calls++;
      throw new ProviderError('unauthorized', 'bad key');
    },
    sleep: noSleep,
    pricingFor: () => ({ prompt: 0.000001, completion: 0.000002 }),
  });
  const record = await ledger.record({ provider: 'openrouter', model: 'x/y', result: result({ generationId: 'gen-1' }) });
  assert.equal(calls, 1);
  assert.equal(record!.source, 'computed');
  assert.equal(record!.costNanos, 1000 * 1000 + 200 * 2000);
});

test('OpenAI and Anthropic direct are computed; vscodeLm is included and shows tokens', async () => {
  const ledger = new CostLedger({ pricingFor: (provider) => (provider === 'anthropic' ? { prompt: 0.000003, completion: 0.000015 } : undefined) });
  const lm = await ledger.record({ provider: 'vscodeLm', model: 'copilot/gpt-4o', result: result({ reportedCostUsd: undefined, usage: usage({ promptTokens: 10_000, completionTokens: 2345 }) }) });
  assert.equal(lm!.source, 'included');
  assert.equal(formatTotals(ledger.sessionTotals()), '12.3K tokens');
  const claude = await ledger.record({
    provider: 'anthropic', model: 'claude-sonnet-4-5',
    result: result({ servedModel: 'claude-sonnet-4-5', usage: usage({ promptTokens: 3000, cachedTokens: 1000, cacheWriteTokens: 1000, completionTokens: 0 }) }),
  });
  // Anthropic multipliers (no explicit cache prices here): 1000 × 3 + 1000 × 0.3 + 1000 × 3.75 per 1M
  assert.equal(claude!.costNanos, 3_000_000 + 300_000 + 3_750_000);
  assert.equal(claude!.costMicros, 7050);
  assert.equal(formatTotals(ledger.sessionTotals()), '$0.0071');
});

test('a request billed then failed is recorded once; retried attempts are never double counted', async () => {
  const ledger = new CostLedger();
  const first = new ProviderError('serverError', 'provider disconnected mid-stream', {
    partial: { usage: usage({ completionTokens: 50 }), reportedCostUsd: 0.001, generationId: 'gen-1' },
  });
  const notBilled = new ProviderError('rateLimited', '429');
  const final = new ProviderError('serverError', 'again', {
    partial: { usage: usage({ completionTokens: 10 }), reportedCostUsd: 0.0005, generationId: 'gen-2' },
    earlierFailures: [first, notBilled],
  });
  // The runner may report each attempt as it fails, then the final error: still once each.
  await ledger.recordFailure('openrouter', 'm', first);
  await ledger.recordFailure('openrouter', 'm', notBilled);
  const records = await ledger.recordFailure('openrouter', 'm', final, { runId: 'r1' });
  await ledger.recordFailure('openrouter', 'm', final);
  assert.equal(records.length, 1);
  assert.equal(ledger.records.length, 2);
  assert.ok(ledger.records.every((r) => r.failed === true));
  assert.equal(ledger.sessionTotals().costNanos, usdToNanos(0.0015));
  assert.equal(ledger.sessionTotals().failedCount, 2);

  // Success after a billed failure: the failure comes from the retry outcome, the result itself.
  const billed = new ProviderError('network', 'reset', { partial: { reportedCostUsd: 0.002, generationId: 'gen-3' } });
  const ok = result({ reportedCostUsd: 0.003, generationId: 'gen-4' });
  await ledger.recordFailedAttempts('openrouter', 'm', [billed, billed]);
  await ledger.record({ provider: 'openrouter', model: 'm', result: ok });
  await ledger.record({ provider: 'openrouter', model: 'm', result: ok });
  await ledger.record({ provider: 'openrouter', model: 'm', result: { ...ok } }); // same generation id
  assert.equal(ledger.records.length, 4);
  assert.equal(ledger.sessionTotals().costNanos, usdToNanos(0.0065));
  // Not a ProviderError: nothing known to record.
  assert.deepEqual(await ledger.recordFailure('openrouter', 'm', new Error('boom')), []);
});

test('a failed request with nothing known of its cost is unknown, not $0', async () => {
  const ledger = new CostLedger();
  await ledger.recordFailure('openrouter', 'm', new ProviderError('serverError', 'x', { partial: { text: 'half a page' } }));
  assert.equal(ledger.records[0].source, 'unknown');
  assert.equal(formatTotals(ledger.sessionTotals()), '$?');
});

test('events, reset and day/month totals', async () => {
  const appended: CostRecord[] = [];
  let clock = new Date(2026, 10, 21, 12, 0, 0);
  let n = 0;
  const ledger = new CostLedger({ now: () => clock, newId: () => `id-${n++}`, history: { append: async (r) => void appended.push(r) } });
  const events: LedgerChange[] = [];
  ledger.onDidChange((e) => events.push(e));
  const firstSession = ledger.sessionId;
  await ledger.record({ provider: 'openrouter', model: 'm', result: result({ reportedCostUsd: 0.01 }), purpose: { runId: 'a', phase: 'file', file: 'src/x.ts' } });
  assert.equal(events[0].kind, 'record');
  ledger.reset();
  assert.notEqual(ledger.sessionId, firstSession);
  assert.equal(ledger.records.length, 0);
  assert.equal(events[1].kind, 'reset');
  await ledger.record({ provider: 'openrouter', model: 'm', result: result({ reportedCostUsd: 0.02 }), purpose: { runId: 'b' } });
  assert.equal(ledger.sessionTotals().costNanos, usdToNanos(0.02));
  assert.equal(ledger.dayTotals().costNanos, usdToNanos(0.03), 'today keeps the reset session');
  clock = new Date(2026, 10, 22, 9, 0, 0);
  await ledger.record({ provider: 'openrouter', model: 'm', result: result({ reportedCostUsd: 0.04 }) });
  assert.equal(ledger.dayTotals().costNanos, usdToNanos(0.04));
  assert.equal(ledger.monthTotals().costNanos, usdToNanos(0.07));
  assert.equal(ledger.dailyTotals().length, 2);
  assert.equal(appended.length, 3);
  assert.equal(appended[0].sessionId, firstSession);
  assert.deepEqual([...ledger.totalsByRun().keys()], ['b'], 'run totals are per session');
  assert.equal(ledger.totalsByRun().get('b')?.costNanos, usdToNanos(0.02));
  // Loading the same records from history does not count them twice.
  ledger.loadHistory(appended);
  assert.equal(ledger.monthTotals().costNanos, usdToNanos(0.07));
  assert.equal(events.at(-1)!.kind, 'history');
});

test('a reset during a generation lookup keeps the record out of the new session', async () => {
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const ledger = new CostLedger({ lookupGeneration: async () => ({ totalCostUsd: 0.001, isByok: false }), sleep: () => gate, lookupDelaysMs: [1] });
  const pending = ledger.record({ provider: 'openrouter', model: 'm', result: { text: '', latencyMs: 1, generationId: 'gen-slow' } });
  ledger.reset();
  release();
  await ledger.whenSettled();
  const record = await pending;
  assert.equal(record!.source, 'lookup');
  assert.equal(ledger.records.length, 0);
  assert.equal(ledger.dayTotals().costNanos, usdToNanos(0.001));
});

test('the ledger prices an answer at the model that served it: a version of the model asked for at its prices, another model never at them', async () => {
  const ledger = new CostLedger({ pricingFor: (_p, m) => (m === 'openai/gpt-4o-mini' ? { prompt: 1.5e-7, completion: 6e-7 } : undefined) });
  const record = (servedModel: string) => ledger.record({ provider: 'openrouter', model: 'openai/gpt-4o-mini', result: result({ servedModel, usage: usage({ promptTokens: 1000, completionTokens: 100 }) }) });
  assert.deepEqual(await record('openai/gpt-4o-mini-2024-07-18').then((r) => [r?.source, r?.costNanos]), ['computed', 1000 * 150 + 100 * 600]);
  assert.deepEqual(await record('anthropic/claude-3-5-haiku').then((r) => [r?.source, r?.costNanos]), ['unknown', undefined]);
});
