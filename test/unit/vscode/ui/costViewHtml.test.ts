import { test } from 'node:test';
import assert from 'node:assert/strict';
import { groupTotals, totalsOf } from '../../../../src/core/cost/costTotals';
import type { CostRecord } from '../../../../src/core/cost/types';
import { dailyChartSvg, renderCostViewHtml, runName, type CostViewData } from '../../../../src/vscode/ui/costViewHtml';
import { escapeHtml } from '../../../../src/vscode/ui/htmlEscape';
import { sampleOfRecord, speedByModel } from '../../../../src/core/cost/speedStats';

const EVIL_FILE = 'src/<script>alert(1)</script>.ts';
const EVIL_MODEL = 'evil/"><img src=x onerror=alert(2)>';

function record(partial: Partial<CostRecord>): CostRecord {
  return {
    id: Math.random().toString(36), sessionId: 's', time: '2026-11-22T02:00:00Z', provider: 'openrouter', model: 'openai/gpt-4o-mini',
    purpose: { runId: 'run-1', phase: 'file', file: 'src/a.ts' }, latencyMs: 120, source: 'reported', costNanos: 12_300_000, costMicros: 12_300,
    promptTokens: 1000, completionTokens: 200, cachedTokens: 50, cacheWriteTokens: 0, reasoningTokens: 0, ...partial,
  };
}

function data(records: CostRecord[]): CostViewData {
  const totals = totalsOf(records);
  return {
    sessionRecords: records,
    sessionTotals: totals,
    byModel: [...groupTotals(records, (r) => r.model)].map(([model, t]) => ({ model, totals: t })),
    byRun: [...groupTotals(records, (r) => r.purpose.runId)].map(([runId, t]) => ({ runId, totals: t })),
    daily: [{ day: '2026-11-21', totals: totalsOf([record({})]) }, { day: '2026-11-22', totals }],
    today: totals,
    month: totals,
    speed: { session: speedByModel(records.map(sampleOfRecord)), history: speedByModel(records.map(sampleOfRecord)) },
  };
}

const page = { nonce: 'n0nce123', cspSource: 'https://webview.test' };

test('file, model and run names from outside are escaped, never markup', () => {
  const html = renderCostViewHtml(data([record({ model: EVIL_MODEL, purpose: { runId: '<b>run</b>', phase: 'file', file: EVIL_FILE } })]), page);
  assert.ok(!html.includes('<script>alert(1)'), 'file name became a script tag');
  assert.ok(!html.includes('<img src=x'), 'model name became an img tag');
  assert.ok(!html.includes('<b>run</b>'), 'run id became markup');
  assert.ok(html.includes('src/&lt;script&gt;alert(1)&lt;/script&gt;.ts'));
  assert.ok(html.includes('evil/&quot;&gt;&lt;img src=x onerror=alert(2)&gt;'));
  // The only script element is ours, carrying the nonce.
  assert.deepEqual(html.match(/<script[^>]*>/g), ['<script nonce="n0nce123">']);
});

test('the CSP forbids everything but nonce-carrying style and script, and no inline handlers exist', () => {
  const html = renderCostViewHtml(data([record({})]), page);
  const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /script-src 'nonce-n0nce123'/);
  assert.match(csp, /style-src 'nonce-n0nce123'/);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
  assert.doesNotMatch(html, /\son[a-z]+=/i, 'inline event handler');
  assert.doesNotMatch(html, /\sstyle="/, 'inline style attribute');
});

test('lists every request with tokens, cost and source, and totals per model and run', () => {
  const records = [
    record({ model: 'openai/gpt-4o-mini', costNanos: 12_300_000 }),
    record({ model: 'anthropic/claude-3-haiku', source: 'unknown', costNanos: undefined, costMicros: undefined, purpose: { runId: 'run-2', phase: 'folder', file: 'src' } }),
  ];
  const html = renderCostViewHtml(data(records), page);
  assert.equal((html.match(/<tr(?: class="failed")?><td>\d\d:\d\d:\d\d<\/td>/g) ?? []).length, 2);
  assert.match(html, /<td>file · src\/a\.ts<\/td><td class="num">1000<\/td><td class="num">200<\/td><td class="num">50<\/td><td class="num">\$0\.0123<\/td><td>reported<\/td>/);
  assert.match(html, /<td class="num">\$\?<\/td><td>unknown<\/td>/);
  assert.match(html, /<td>Run run-2<\/td>/);
  assert.match(html, /<td>anthropic\/claude-3-haiku<\/td><td class="num">1<\/td>/);
  assert.match(html, /This session<\/div><div class="value">\$0\.0123\+\?/);
  assert.match(html, /the total is a lower bound/);
});

test('a run is named by its command, folder and start time, not its id', () => {
  const startedAt = new Date(Date.UTC(2026, 10, 30, 14, 2, 9));
  const records = [record({ purpose: { runId: '6f1c0d2e-8b7a-4e1f-9c3d-2a5b7e9f0c1d', phase: 'file', file: 'src/a.ts' } })];
  const html = renderCostViewHtml({ ...data(records), byRun: [{ runId: '6f1c0d2e-8b7a-4e1f-9c3d-2a5b7e9f0c1d', label: { command: 'Generate Docs', folder: 'ts-sample', startedAt }, totals: totalsOf(records) }] }, page);
  const at = startedAt.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', hour12: false });
  assert.ok(html.includes(`<td>Generate Docs · ts-sample · ${at}</td>`), 'the run row says what ran, where and when');
  assert.ok(!html.includes('6f1c0d2e-8b7a'), 'no UUID');
  assert.equal(runName('6f1c0d2e-8b7a-4e1f', undefined), 'Run 6f1c0d2e');
});

test('an empty session says so instead of showing an empty table', () => {
  const html = renderCostViewHtml(data([]), page);
  assert.match(html, /No requests in this session yet\./);
  assert.match(html, /This session<\/div><div class="value">\$0\.0000/);
});

test('the chart draws one bar per day, scaled to the largest day', () => {
  const small = totalsOf([record({ costNanos: 1_000_000 })]);
  const big = totalsOf([record({ costNanos: 4_000_000 })]);
  const svg = dailyChartSvg([{ day: '2026-11-20', totals: small }, { day: '2026-11-21', totals: big }]);
  const heights = [...svg.matchAll(/<rect class="bar" [^>]*height="(\d+)"/g)].map((m) => Number(m[1]));
  assert.equal(heights.length, 2);
  assert.ok(heights[1] > heights[0] * 3.5 && heights[1] <= heights[0] * 4.5, `heights ${heights}`);
  assert.match(dailyChartSvg([]), /No spending recorded yet/);
});

test('the speed tables compare models per provider over the session and the whole history', () => {
  const session = [
    record({ latencyMs: 1000, ttftMs: 200, completionTokens: 400 }),
    record({ latencyMs: 3000, ttftMs: 600, completionTokens: 480 }),
    record({ source: 'unbilled', failed: true, latencyMs: 0, completionTokens: 0, costNanos: undefined, costMicros: undefined }),
    record({ source: 'cached', latencyMs: 0, costNanos: 0 }),
    record({ provider: 'anthropic', model: EVIL_MODEL, latencyMs: 800, ttftMs: 300, completionTokens: 100 }),
  ];
  const older = [record({ latencyMs: 5000, ttftMs: 1000, completionTokens: 400 }), record({ provider: 'openai', model: 'gpt-4o', latencyMs: 2500 })];
  const html = renderCostViewHtml({ ...data(session), speed: { session: speedByModel(session.map(sampleOfRecord)), history: speedByModel([...older, ...session].map(sampleOfRecord)) } }, page);
  const table = (scope: string): string[][] =>
    [...(new RegExp(`<table class="speed" data-scope="${scope}">(.*?)</table>`, 's').exec(html)?.[1] ?? '').matchAll(/<tr><td>(.*?)<\/td><\/tr>/g)].map((m) => m[1].split(/<\/td><td(?: class="num")?>/));
  // Three requests sent to gpt-4o-mini (the cached answer is not one), one failed: 33.3% errors;
  // latency from the two answered ones; tokens/s after the first token: 400/0.8 s and 480/2.4 s.
  assert.deepEqual(table('session'), [
    ['openai/gpt-4o-mini', 'OpenRouter', '3', '1.0 s', '3.0 s', '200 ms', '200 tokens/s', '33.3% (1)'],
    ['evil/&quot;&gt;&lt;img src=x onerror=alert(2)&gt;', 'Anthropic', '1', '800 ms', '800 ms', '300 ms', '200 tokens/s', '0% (0)'],
  ]);
  const history = table('history');
  assert.deepEqual(history[0], ['openai/gpt-4o-mini', 'OpenRouter', '4', '3.0 s', '5.0 s', '600 ms', '200 tokens/s', '25% (1)']);
  // A record from before speed was measured: latency only, and tokens/s over the whole time.
  assert.deepEqual(history[1], ['gpt-4o', 'OpenAI', '1', '2.5 s', '2.5 s', '—', '80 tokens/s', '0% (0)']);
  assert.match(renderCostViewHtml(data([]), page), /No requests recorded yet\./);
});

test('escapeHtml covers the five HTML specials', () => {
  assert.equal(escapeHtml(`<a href="x" title='y'>&</a>`), '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
});
