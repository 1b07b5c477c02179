import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { RequestTimes, RunningMedian } from '../../../src/core/docs/requestTimes';

test('before any answer the wait for the first token weighs one page', () => {
  const times = new RequestTimes();
  assert.equal(times.weight(1), 2);
  assert.equal(times.weight(6), 7);
  assert.equal(times.version, 0);
});

test('answers teach the wait in pages: median time to first token over median time per page', () => {
  const times = new RequestTimes();
  // 350 ms to the first token, then 150 ms per page (a one-page answer and a batch of six).
  times.observe({ pages: 1, latencyMs: 500, ttftMs: 350 });
  times.observe({ pages: 6, latencyMs: 1250, ttftMs: 350 });
  assert.ok(Math.abs(times.waitInPages - 350 / 150) < 1e-9, `wait ${times.waitInPages} pages`);
  assert.ok(Math.abs(times.weight(6) - (350 / 150 + 6)) < 1e-9);
  assert.ok(times.version > 0, 'the run is ranked again');
});

test('a hosted model that streams a page in seconds after a short wait: the wait weighs little', () => {
  const times = new RequestTimes();
  times.observe({ pages: 1, latencyMs: 6_500, ttftMs: 500 });
  times.observe({ pages: 2, latencyMs: 12_600, ttftMs: 600 });
  assert.ok(times.waitInPages < 0.2, `wait ${times.waitInPages} pages`);
});

test('a small change keeps the ranking; answers without a first-token time or pages teach nothing', () => {
  const times = new RequestTimes();
  times.observe({ pages: 1, latencyMs: 500, ttftMs: 350 });
  const version = times.version;
  times.observe({ pages: 1, latencyMs: 510, ttftMs: 355 });
  assert.equal(times.version, version, 'within a tenth: no re-ranking');
  const learned = times.waitInPages;
  times.observe({ pages: 1, latencyMs: 9_000 });
  times.observe({ pages: 0, latencyMs: 9_000, ttftMs: 10 });
  times.observe({ pages: 1, latencyMs: 100, ttftMs: 200 });
  assert.equal(times.waitInPages, learned);
});

test('the running median matches the median of the values sorted, after every value added', () => {
  const running = new RunningMedian();
  assert.ok(Number.isNaN(running.median()));
  const values: number[] = [];
  let seed = 7;
  for (let i = 0; i < 500; i++) {
    seed = (seed * 48271) % 2147483647;
    // Repeats and runs in order as well as scattered values.
    const value = i % 50 < 10 ? i : seed % 97;
    values.push(value);
    running.add(value);
    const sorted = [...values].sort((a, b) => a - b);
    const mid = sorted.length >> 1;
    const expected = sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    assert.equal(running.median(), expected, `after ${values.length} values`);
  }
});
