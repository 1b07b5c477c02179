import { test } from 'node:test';
import assert from 'node:assert/strict';
import { totalsOf } from '../../../../src/core/cost/costTotals';
import type { CostRecord, CostSource } from '../../../../src/core/cost/types';
import { costStatusLabel, costStatusText, costTooltipMarkdown } from '../../../../src/vscode/ui/costStatusText';

let next = 0;
function record(source: CostSource, costNanos: number | undefined, tokens: Partial<CostRecord> = {}): CostRecord {
  return {
    id: `r${next++}`, sessionId: 's', time: '2026-11-22T02:00:00Z', provider: source === 'included' ? 'vscodeLm' : 'openrouter',
    model: 'openai/gpt-oss-20b', purpose: {}, latencyMs: 10, source, costNanos,
    costMicros: costNanos === undefined ? undefined : Math.round(costNanos / 1000),
    promptTokens: 1000, completionTokens: 200, cachedTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0, ...tokens,
  };
}

test('a session with no requests reads $0.0000', () => {
  assert.equal(costStatusText(totalsOf([])), '$(book) $0.0000');
});

test('the status text is the exact sum: 4 decimals under $1, 2 from $1', () => {
  assert.equal(costStatusText(totalsOf([record('reported', 100_000_000), record('lookup', 200_000_000), record('computed', 23_000)])), '$(book) $0.3000');
  assert.equal(costStatusText(totalsOf([record('reported', 1_234_000_000), record('reported', 1_000_000)])), '$(book) $1.24');
});

test('unknown cost is never shown as $0', () => {
  assert.equal(costStatusText(totalsOf([record('unknown', undefined)])), '$(book) $?');
  assert.equal(costStatusText(totalsOf([record('reported', 12_300_000), record('unknown', undefined)])), '$(book) $0.0123+?');
  assert.equal(costStatusLabel(totalsOf([record('reported', 12_300_000), record('unknown', undefined)])), 'Docsmith session cost $0.0123 plus unknown costs, 2 requests');
});

test('subscription-billed (vscodeLm) sessions show tokens, not dollars', () => {
  assert.equal(costStatusText(totalsOf([record('included', undefined, { promptTokens: 12_000, completionTokens: 345 })])), '$(book) 12.3K tokens');
});

test('during a run the text shows progress and the running total', () => {
  assert.equal(costStatusText(totalsOf([record('reported', 12_300_000)]), { done: 12, total: 40 }), '$(book) 12/40 · $0.0123');
  assert.match(costStatusLabel(totalsOf([]), { done: 1, total: 3 }), /^Run progress 1 of 3\./);
});

test('tooltip lists requests, tokens, total and the balance when known', () => {
  const t = totalsOf([record('reported', 12_300_000, { cachedTokens: 400 }), record('unknown', undefined)]);
  const md = costTooltipMarkdown(t, { balanceUsd: 4.5 });
  assert.match(md, /\| Requests \| 2 \|/);
  assert.match(md, /\| Input tokens \| 2K \(400 cached\) \|/);
  assert.match(md, /\| Output tokens \| 400 \|/);
  assert.match(md, /\| Total \| \$0\.0123\+\? \|/);
  assert.match(md, /\| Unknown cost \| 1 request \|/);
  assert.match(md, /\| OpenRouter balance \| \$4\.50 \|/);
  assert.doesNotMatch(costTooltipMarkdown(t), /balance/);
});

test('the tooltip counts the pages Update Stale Docs would regenerate, and says when the docs are up to date', () => {
  const t = totalsOf([]);
  assert.match(costTooltipMarkdown(t, { docs: { stale: 3, missing: 1, failed: 0 } }), /Docs: 3 stale pages, 1 missing — run \*\*Update Stale Docs\*\*\./);
  assert.match(costTooltipMarkdown(t, { docs: { stale: 1, missing: 0, failed: 2 } }), /Docs: 1 stale page, 2 failed/);
  assert.match(costTooltipMarkdown(t, { docs: { stale: 0, missing: 0, failed: 0 } }), /Docs: up to date\./);
  assert.doesNotMatch(costTooltipMarkdown(t), /Docs:/, 'no docs line without docs');
});
