import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emptySummary, type DocRunSummary } from '../../../../src/core/docs/runSummary';
import { estimateDetail, estimateHeadline, estimatingMessage, needsConfirmation, runNotice } from '../../../../src/vscode/ui/runMessages';

const estimate = { requests: 12, promptTokens: 48_000, outputTokens: 9_000, costUsd: 0.0712, costHighUsd: 0.31 };

test('confirmation is asked above the threshold, and for unknown cost on a priced provider', () => {
  assert.equal(needsConfirmation(estimate, 0.05, { free: false, included: false }), true);
  assert.equal(needsConfirmation(estimate, 0.1, { free: false, included: false }), false);
  assert.equal(needsConfirmation({ ...estimate, costUsd: undefined }, 0.1, { free: false, included: false }), true);
  assert.equal(needsConfirmation({ ...estimate, costUsd: undefined }, 0.1, { free: true, included: false }), false, 'free models never ask');
  assert.equal(needsConfirmation(estimate, 0.05, { free: false, included: true }), false, 'vscodeLm is included');
  assert.equal(needsConfirmation({ ...estimate, requests: 0 }, 0, { free: false, included: false }), false);
});

test('the headline is the estimate itself, with its upper bound', () => {
  assert.equal(estimateHeadline(estimate), 'Docsmith: this run is estimated at $0.0712 (at most $0.3100).');
  assert.equal(estimateHeadline({ ...estimate, costHighUsd: undefined }), 'Docsmith: this run is estimated at $0.0712.');
  assert.equal(estimateHeadline({ ...estimate, costUsd: undefined }), 'Docsmith: the cost of this run is unknown.');
});

test('the modal shows requests and tokens, and says when the upper bound passes the per-run cap', () => {
  const limits = { confirmAboveUsd: 0.05, maxCostPerRunUsd: 1 };
  const text = estimateDetail(estimate, 'openai/gpt-4o-mini', limits);
  assert.match(text, /12 requests to openai\/gpt-4o-mini: about 48K input and 9K output tokens\./);
  assert.match(text, /above \$0\.0500 \(docsmith\.confirmCostAbove\)/);
  assert.doesNotMatch(text, /cap/, 'an upper bound under the cap is not worth a word');
  const capped = estimateDetail(estimate, 'openai/gpt-4o-mini', { ...limits, maxCostPerRunUsd: 0.25 });
  assert.match(capped, /upper bound is above the per-run cap of \$0\.2500 \(docsmith\.maxCostPerRun\): the run stops at the cap/);
  assert.doesNotMatch(estimateDetail(estimate, 'x/y', { ...limits, maxCostPerRunUsd: 0 }), /cap/, '0 means no cap');
  assert.match(estimateDetail({ ...estimate, costUsd: undefined }, 'x/y', limits), /no known prices/);
});

test('answers the response cache holds are named in the modal, and a run they all come from asks nothing', () => {
  const limits = { confirmAboveUsd: 0.05, maxCostPerRunUsd: 1 };
  const text = estimateDetail({ ...estimate, cachedAnswers: 32 }, 'openai/gpt-4o-mini', limits);
  assert.match(text, /^12 requests to openai\/gpt-4o-mini: about 48K input and 9K output tokens\.\n32 of 44 answers from the response cache, at no cost\.\n/);
  assert.doesNotMatch(estimateDetail({ ...estimate, cachedAnswers: 0 }, 'x/y', limits), /response cache/);
  const allCached = { requests: 0, cachedAnswers: 44, promptTokens: 0, outputTokens: 0, costUsd: 0, costHighUsd: 0 };
  assert.equal(needsConfirmation(allCached, 0, { free: false, included: false }), false, 'even with docsmith.confirmCostAbove at 0');
});

test('the progress counts pages in the right number', () => {
  assert.equal(estimatingMessage(1), 'estimating 1 page…');
  assert.equal(estimatingMessage(12), 'estimating 12 pages…');
});

function summary(edit: (s: DocRunSummary) => void): DocRunSummary {
  const s = emptySummary('run-1', '/ws/docs/generated', 'openrouter', 'x/y');
  s.ok = true;
  s.requests = 3;
  s.cost.actualUsd = 0.0123;
  s.cost.knownUsd = 0.0123;
  edit(s);
  return s;
}

test('a finished run says what was written and what it cost, with Open Docs', () => {
  const n = runNotice(summary((s) => (s.pages.written = ['a.md', 'b.md'])));
  assert.deepEqual(n, { severity: 'info', message: 'Docsmith wrote 2 pages for $0.0123.', actions: ['openDocs'] });
});

test('pages rebuilt from the response cache say so and cost $0, not "no model requests"', () => {
  const allCached = runNotice(summary((s) => {
    s.pages.written = ['a.md', 'b.md'];
    s.requests = 0;
    s.cost.actualUsd = 0;
    s.cache = { hits: 2, savedTokens: 5000 };
  }));
  assert.equal(allCached.message, 'Docsmith wrote 2 pages for $0.0000. 2 answers came from the response cache, at no cost.');
  const some = runNotice(summary((s) => {
    s.pages.written = ['a.md'];
    s.cache = { hits: 1, savedTokens: 900 };
  }));
  assert.equal(some.message, 'Docsmith wrote 1 page for $0.0123. 1 answer came from the response cache, at no cost.');
});

test('unknown cost is shown as unknown, not $0', () => {
  const n = runNotice(summary((s) => {
    s.pages.written = ['a.md'];
    s.cost.actualUsd = undefined;
    s.cost.knownUsd = 0;
    s.cost.unknownRequests = 1;
  }));
  assert.match(n.message, /\$0\.0000\+\? \(some costs unknown\)/);
});

test('failures, the cap, cancellation and a no-op run each read differently', () => {
  assert.equal(runNotice(summary((s) => s.failed.push({ page: 'a.md', reason: 'serverError', message: '502' }))).severity, 'warning');
  const capped = runNotice(summary((s) => {
    s.stoppedByCap = true;
    s.pages.written = ['a.md'];
    s.pages.notStarted = ['b.md', 'c.md'];
  }));
  assert.match(capped.message, /cost cap .* 2 left: run again to continue/);
  assert.match(runNotice(summary((s) => (s.cancelled = true))).message, /cancelled after 0 pages/);
  const upToDate = runNotice(summary((s) => {
    s.requests = 0;
    s.pages.unchanged = ['a.md', 'b.md'];
  }));
  assert.equal(upToDate.message, 'Docsmith: the docs are up to date (2 pages unchanged, no model requests).');
  assert.deepEqual(runNotice(summary((s) => (s.declined = true))).actions, []);
});
