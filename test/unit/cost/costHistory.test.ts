import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CostHistory, parseHistory, recordsToCsv, recordsToJson } from '../../../src/core/cost/costHistory';
import { CostLedger } from '../../../src/core/cost/costLedger';
import { usdToNanos } from '../../../src/core/cost/money';
import type { CostRecord } from '../../../src/core/cost/types';

function record(id: string, usd: number | undefined, extra: Partial<CostRecord> = {}): CostRecord {
  const r: CostRecord = {
    id, sessionId: 's1', time: new Date(2026, 10, 21, 10).toISOString(), provider: 'openrouter', model: 'openai/gpt-4o-mini',
    purpose: { runId: 'r1', phase: 'file', file: 'src/a.ts' }, latencyMs: 12, promptTokens: 100, completionTokens: 20,
    cachedTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0, source: usd === undefined ? 'unknown' : 'reported', ...extra,
  };
  if (usd !== undefined) {
    r.costNanos = usdToNanos(usd);
    r.costMicros = Math.round(r.costNanos / 1000);
  }
  return r;
}

async function tempDir(t: { after: (fn: () => Promise<void>) => void }): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'docsmith-history-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

test('records appended by one ledger are loaded by the next (a reload keeps today\'s total)', async (t) => {
  const dir = await tempDir(t);
  const history = new CostHistory(dir);
  const ledger = new CostLedger({ history });
  await ledger.record({ provider: 'openrouter', model: 'm', result: { text: '', latencyMs: 1, reportedCostUsd: 0.0123 } });
  await ledger.record({ provider: 'openrouter', model: 'm', result: { text: '', latencyMs: 1, reportedCostUsd: 0.0001 } });
  await ledger.whenSettled();
  const { records, skipped } = await new CostHistory(dir).load();
  assert.equal(skipped, 0);
  assert.equal(records.length, 2);
  const reloaded = new CostLedger();
  reloaded.loadHistory(records);
  assert.equal(reloaded.dayTotals().costNanos, usdToNanos(0.0124));
  assert.equal(reloaded.records.length, 0, 'history is not the session');
});

test('a corrupt line is skipped, the rest loads', async (t) => {
  const dir = await tempDir(t);
  const file = path.join(dir, 'cost-history.jsonl');
  await writeFile(file, [
    JSON.stringify(record('a', 0.01)),
    '{"id":"broken","time":', // half-written line
    'not json at all',
    JSON.stringify({ id: 'x', time: 'yesterday', provider: 'openrouter', model: 'm', source: 'reported' }),
    JSON.stringify(record('b', 0.02)),
    '',
  ].join('\n'));
  const { records, skipped } = await new CostHistory(dir).load();
  assert.deepEqual(records.map((r) => r.id), ['a', 'b']);
  assert.equal(skipped, 3);
  assert.equal(records[1].costNanos, usdToNanos(0.02));
});

test('appending after a crash mid-line never glues a good record onto the broken one', async (t) => {
  const dir = await tempDir(t);
  const file = path.join(dir, 'cost-history.jsonl');
  await writeFile(file, `${JSON.stringify(record('a', 0.01))}\n{"id":"half`);
  const history = new CostHistory(dir);
  await history.append(record('b', 0.02));
  await history.append(record('c', 0.03));
  const { records, skipped } = await history.load();
  assert.deepEqual(records.map((r) => r.id), ['a', 'b', 'c']);
  assert.equal(skipped, 1);
});

test('older lines with only costMicros still count', () => {
  const old = { ...record('m', undefined), source: 'computed', costMicros: 1234 };
  const { records } = parseHistory(JSON.stringify(old));
  assert.equal(records[0].costNanos, 1_234_000);
  const unknown = parseHistory(JSON.stringify({ ...record('u', undefined), costNanos: 5 })).records[0];
  assert.equal(unknown.costNanos, undefined, 'an unknown record never carries a cost');
});

test('missing file is an empty history; concurrent appends all land', async (t) => {
  const dir = await tempDir(t);
  const history = new CostHistory(path.join(dir, 'nested', 'storage'));
  assert.deepEqual(await history.load(), { records: [], skipped: 0 });
  await Promise.all(Array.from({ length: 50 }, (_, i) => history.append(record(`r${i}`, 0.001))));
  const { records } = await history.load();
  assert.equal(records.length, 50);
  const text = await readFile(history.filePath, 'utf8');
  assert.equal(text.split('\n').filter(Boolean).length, 50);
  await appendFile(history.filePath, '');
});

test('CSV and JSON exports: exact amounts, unknown left empty, hostile strings neutralised', () => {
  const rows = [
    record('a', 0.000001234),
    record('b', undefined, { purpose: { runId: 'r1', phase: 'file', file: '=HYPERLINK("http://evil")' } }),
    record('c', 1.5, { model: 'vendor/model,"quoted"', failed: true }),
  ];
  const csv = recordsToCsv(rows);
  const lines = csv.trimEnd().split('\r\n');
  assert.equal(lines.length, 4);
  assert.match(lines[0], /^time,sessionId,provider,model,runId,phase,file,/);
  assert.ok(lines[1].includes(',0.000001234,reported,false,'));
  assert.ok(lines[2].includes(`,"'=HYPERLINK(""http://evil"")",`));
  assert.ok(lines[2].includes(',,unknown,'), 'unknown cost is an empty cell, not 0');
  assert.ok(lines[3].includes('"vendor/model,""quoted"""'));
  assert.ok(lines[3].includes(',1.500000000,reported,true,'));
  const json = JSON.parse(recordsToJson(rows)) as Array<{ id: string; costUsd: number | null }>;
  assert.deepEqual(json.map((r) => r.costUsd), [0.000001234, null, 1.5]);
});
