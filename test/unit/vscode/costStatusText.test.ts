import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CostRecord, CostSource } from '../../../src/core/cost/types';
import { costStatusText, costTooltipMarkdown, formatSessionCost, formatTokenCount, formatUsdMicros, totalsOf } from '../../../src/vscode/ui/costStatusText';

let next = 0;
function record(source: CostSource, costMicros: number | undefined, tokens: Partial<CostRecord> = {}): CostRecord {
  return {
    id: `r${next++}`, sessionId: 's', time: '2026-11-22T02:00:00Z', provider: source === 'included' ? 'vscodeLm' : 'openrouter',
    model: 'openai/gpt-oss-20b', purpose: {}, latencyMs: 10, source, costMicros,
    promptTokens: 1000, completionTokens: 200, cachedTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0, ...tokens,
  };
}

test('a session with no requests reads $0.0000', () => {
  assert.equal(costStatusText(totalsOf([])), '$(book) $0.0000');
});

test('dollars: 4 decimals under $1, 2 decimals from $1', () => {
  assert.equal(formatUsdMicros(12_300), '$0.0123');
  assert.equal(formatUsdMicros(50), '$0.0001');
  assert.equal(formatUsdMicros(999_900), '$0.9999');
  assert.equal(formatUsdMicros(999_990), '$1.00');
  assert.equal(formatUsdMicros(1_234_567), '$1.23');
  assert.equal(formatUsdMicros(12_345_678_900), '$12,345.68');
});

test('totals are the exact sum of known costs', () => {
  // 0.1 + 0.2 in floating point is 0.30000000000000004; micro-dollars stay exact.
  const t = totalsOf([record('reported', 100_000), record('lookup', 200_000), record('computed', 1)]);
  assert.equal(t.knownMicros, 300_001);
  assert.equal(formatSessionCost(t), '$0.3000');
  assert.equal(t.promptTokens, 3000);
});

test('unknown cost is never shown as $0', () => {
  assert.equal(formatSessionCost(totalsOf([record('unknown', undefined)])), '$?');
  assert.equal(formatSessionCost(totalsOf([record('reported', 12_300), record('unknown', undefined)])), '$0.0123+?');
  // A record claiming a known source without a figure is unknown too.
  assert.equal(formatSessionCost(totalsOf([record('computed', undefined)])), '$?');
});

test('subscription-billed (vscodeLm) sessions show tokens, not dollars', () => {
  const t = totalsOf([record('included', undefined, { promptTokens: 12_000, completionTokens: 345 })]);
  assert.equal(formatSessionCost(t), '12.3K tokens');
  assert.equal(formatSessionCost(totalsOf([record('included', undefined), record('reported', 5_000)])), '$0.0050');
});

test('during a run the text shows progress and the running total', () => {
  assert.equal(costStatusText(totalsOf([record('reported', 12_300)]), { done: 12, total: 40 }), '$(book) 12/40 · $0.0123');
});

test('tooltip lists requests, tokens, total and the balance when known', () => {
  const t = totalsOf([record('reported', 12_300, { cachedTokens: 400 }), record('unknown', undefined)]);
  const md = costTooltipMarkdown(t, { balanceUsd: 4.5 });
  assert.match(md, /\| Requests \| 2 \|/);
  assert.match(md, /\| Input tokens \| 2,000 \(400 cached\) \|/);
  assert.match(md, /\| Output tokens \| 400 \|/);
  assert.match(md, /\| Total \| \$0\.0123\+\? \|/);
  assert.match(md, /\| OpenRouter balance \| \$4\.50 \|/);
  assert.doesNotMatch(costTooltipMarkdown(t), /balance/);
});

test('token counts are compact', () => {
  assert.equal(formatTokenCount(999), '999');
  assert.equal(formatTokenCount(131_072), '131K');
  assert.equal(formatTokenCount(1_048_576), '1.05M');
  assert.equal(formatTokenCount(2_000_000), '2M');
});
