/**
 * HTML in model names, file names, run ids and a tampered cost-history file stays inert in the
 * cost view: the rendered page holds only the tags the view itself writes, no event-handler
 * attribute, one script (the nonce'd one) and a CSP without `unsafe-inline`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderCostViewHtml, type CostViewData } from '../../../src/vscode/ui/costViewHtml';
import { parseHistoryLine } from '../../../src/core/cost/costHistory';
import { totalsOf } from '../../../src/core/cost/costTotals';
import { sampleOfRecord, speedByModel } from '../../../src/core/cost/speedStats';
import type { CostRecord } from '../../../src/core/cost/types';

const HOSTILE = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '"><svg onload=alert(1)>',
  "'><iframe src=javascript:alert(1)>",
  '</td></tr></table><script src=https://evil.example/x.js></script>',
  '<style>body{display:none}</style>',
  '&lt;script&gt; already escaped',
];

function record(i: number, overrides: Partial<CostRecord> = {}): CostRecord {
  return {
    id: `r${i}`,
    sessionId: 's',
    time: new Date(Date.UTC(2026, 10, 22, 1, 0, i)).toISOString(),
    provider: 'openrouter',
    model: HOSTILE[i % HOSTILE.length],
    purpose: { runId: HOSTILE[(i + 1) % HOSTILE.length], phase: 'file', file: `src/${HOSTILE[(i + 2) % HOSTILE.length]}.ts` },
    latencyMs: 10,
    promptTokens: 100,
    completionTokens: 50,
    cachedTokens: 0,
    cacheWriteTokens: 0,
    reasoningTokens: 0,
    costMicros: 12,
    costNanos: 12_000,
    source: 'reported',
    ...overrides,
  };
}

const ALLOWED_TAGS = new Set(['html', 'head', 'meta', 'title', 'style', 'body', 'h1', 'h2', 'h3', 'div', 'p', 'table', 'tr', 'th', 'td', 'svg', 'g', 'rect', 'text', 'button', 'script']);

function checkInert(html: string, nonce: string): void {
  const tags = [...html.matchAll(/<\/?([a-zA-Z][\w-]*)([^>]*)>/g)];
  const unexpected = tags.map((t) => t[1].toLowerCase()).filter((name) => !ALLOWED_TAGS.has(name));
  assert.deepEqual([...new Set(unexpected)], [], 'only the view’s own tags');
  const handlers = tags.filter((t) => /\son[a-z]+\s*=/i.test(t[2])).map((t) => t[0]);
  assert.deepEqual(handlers, [], 'no event-handler attribute');
  const scripts = tags.filter((t) => t[1].toLowerCase() === 'script' && !t[0].startsWith('</'));
  assert.equal(scripts.length, 1, 'one script');
  assert.match(scripts[0][0], new RegExp(`nonce="${nonce}"`));
  assert.doesNotMatch(scripts[0][0], /\ssrc=/);
  const styles = tags.filter((t) => t[1].toLowerCase() === 'style' && !t[0].startsWith('</'));
  assert.equal(styles.length, 1, 'one style block');
  const csp = /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)?.[1] ?? '';
  assert.match(csp, /default-src 'none'/);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*/);
}

test('hostile model, file and run names in session records render as text', () => {
  const records = HOSTILE.map((_, i) => record(i));
  const data: CostViewData = {
    sessionRecords: records,
    sessionTotals: totalsOf(records),
    byModel: records.map((r) => ({ model: r.model, totals: totalsOf([r]) })),
    byRun: records.map((r) => ({ runId: r.purpose.runId ?? '', totals: totalsOf([r]) })),
    daily: [{ day: '2026-11-22<script>', totals: totalsOf(records) }],
    today: totalsOf(records),
    month: totalsOf(records),
    speed: { session: speedByModel(records.map(sampleOfRecord)), history: speedByModel(records.map(sampleOfRecord)) },
  };
  const html = renderCostViewHtml(data, { nonce: 'abc123', cspSource: 'vscode-resource:' });
  checkInert(html, 'abc123');
  assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'), 'the text is still shown, escaped');
  assert.ok(html.includes('&amp;lt;script&amp;gt;'), 'already-escaped text is escaped again, not trusted');
});

test('a tampered cost-history file cannot inject markup through any field', () => {
  const lines = [
    JSON.stringify({ ...record(0), time: '<script>alert(1)</script>', latencyMs: '<img src=x onerror=alert(1)>', promptTokens: '<b>1</b>', costNanos: '<svg onload=alert(1)>' }),
    JSON.stringify({ ...record(1), source: '<script>', provider: 'openrouter' }),
    JSON.stringify({ ...record(2), purpose: { file: '<iframe src=javascript:alert(1)>', phase: '<script>x</script>', runId: '"><script>' } }),
    JSON.stringify({ ...record(3), time: '2026-11-22T01:00:00.000Z<script>', generationId: '<script>' }),
  ];
  const records = lines.map(parseHistoryLine).filter((r): r is CostRecord => r !== undefined);
  assert.ok(records.some((r) => String(r.purpose.file).includes('<iframe')), 'a tampered line that still parses is rendered');
  const data: CostViewData = {
    sessionRecords: records,
    sessionTotals: totalsOf(records),
    byModel: [],
    byRun: records.map((r) => ({ runId: String(r.purpose.runId), totals: totalsOf([r]) })),
    daily: [],
    today: totalsOf(records),
    month: totalsOf(records),
    speed: { session: [], history: speedByModel(records.map(sampleOfRecord)) },
  };
  checkInert(renderCostViewHtml(data, { nonce: 'n0nce', cspSource: 'vscode-resource:' }), 'n0nce');
});

test('a hostile nonce cannot break out of its attribute', () => {
  const nonce = '"><script>alert(1)</script>';
  const html = renderCostViewHtml(
    { sessionRecords: [], sessionTotals: totalsOf([]), byModel: [], byRun: [], daily: [], today: totalsOf([]), month: totalsOf([]), speed: { session: [], history: [] } },
    { nonce, cspSource: 'vscode-resource:' },
  );
  const scripts = html.match(/<script\b/g) ?? [];
  assert.equal(scripts.length, 1);
});
