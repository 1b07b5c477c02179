import { test } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { runDocs } from '../../../src/core/docs/docRun';
import { ResponseCache } from '../../../src/core/cache/responseCache';
import type { RunEstimate } from '../../../src/core/docs/runEstimate';
import type { DocRunServices } from '../../../src/core/docs/runScope';
import { setUpDocRun, wrongCitationResponder, type DocRunFixture } from './docRunHarness';

const PRICING = { prompt: 0.15e-6, completion: 0.6e-6 };

/** A run of the fixture with the response cache and a confirmation that records the estimate it is shown. */
async function run(e: DocRunFixture, cacheDir: string, extra: Partial<DocRunServices> = {}): Promise<{ estimate: RunEstimate | undefined; sent: number; hits: number; written: number }> {
  let estimate: RunEstimate | undefined;
  const before = e.fake.chatRequests.length;
  const summary = await runDocs(e.options, {
    ...e.services,
    spendCap: { maxCostUsd: 0, pricing: PRICING },
    responseCache: { cache: new ResponseCache({ dir: cacheDir }), scope: e.fake.openRouterBaseUrl },
    confirm: (shown) => {
      estimate = shown;
      return true;
    },
    ...extra,
  });
  assert.deepEqual(summary.failed, []);
  return { estimate, sent: e.fake.chatRequests.length - before, hits: summary.cache.hits, written: summary.pages.written.length };
}

test('the estimate counts the answers the response cache holds at $0: a rebuild with the output deleted is estimated at no request and $0', async () => {
  const e = await setUpDocRun('ts-sample');
  const cacheDir = path.join(path.dirname(e.fixture.root), 'responses');
  try {
    const first = await run(e, cacheDir);
    assert.ok(first.estimate && first.estimate.requests > 5, `a first run has requests to estimate: ${first.estimate?.requests}`);
    assert.equal(first.estimate.cachedAnswers, 0);
    assert.ok((first.estimate.costUsd ?? 0) > 0);
    assert.equal(first.sent, first.estimate.requests, 'each planned request was sent once (the fake answers every page)');

    await fs.rm(e.outputDir, { recursive: true });
    const rebuilt = await run(e, cacheDir);
    assert.equal(rebuilt.sent, 0, 'the rebuild sent nothing');
    assert.equal(rebuilt.written, first.written);
    assert.deepEqual(
      { requests: rebuilt.estimate?.requests, cachedAnswers: rebuilt.estimate?.cachedAnswers, costUsd: rebuilt.estimate?.costUsd },
      { requests: 0, cachedAnswers: first.estimate.requests, costUsd: 0 },
      'every page, summary pages included, is foreseen as an answer from the cache',
    );
    assert.equal(rebuilt.hits, first.estimate.requests);
  } finally {
    await e.close();
  }
});

test('after an edit, the edited file and the summary pages above it count as paid (an upper bound); every other page counts as cached', async () => {
  const e = await setUpDocRun('ts-sample');
  const cacheDir = path.join(path.dirname(e.fixture.root), 'responses');
  try {
    const first = await run(e, cacheDir);
    const file = path.join(e.fixture.root, 'src', 'util', 'format.ts');
    await fs.appendFile(file, '\n// a note for the next reader\n');
    await fs.rm(e.outputDir, { recursive: true });
    const after = await run(e, cacheDir);
    const estimate = after.estimate!;
    // The batch holding format.ts (small files packed folder by folder, eight to a batch: the last holds src/util/'s three),
    // the request of src/util/ and its sibling folders (src/cli/, src/models/, src/services/), src/, the architecture and the overview.
    assert.equal(estimate.requests, 5, `paid: ${estimate.requests}, cached: ${estimate.cachedAnswers}`);
    assert.equal(estimate.requests + (estimate.cachedAnswers ?? 0), first.estimate!.requests, 'the same requests are planned');
    assert.ok(after.sent >= 1 && after.sent <= estimate.requests, `sent ${after.sent}: at least the edited file, never more than estimated`);
    assert.equal(after.sent + after.hits, first.estimate!.requests);
  } finally {
    await e.close();
  }
});

test('without the response cache every request counts as paid', async () => {
  const e = await setUpDocRun('ts-sample');
  const cacheDir = path.join(path.dirname(e.fixture.root), 'responses');
  try {
    const first = await run(e, cacheDir);
    await fs.rm(e.outputDir, { recursive: true });
    const uncached = await run(e, cacheDir, { responseCache: undefined });
    assert.equal(uncached.estimate?.requests, first.estimate?.requests);
    assert.equal(uncached.estimate?.cachedAnswers, 0);
    assert.equal(uncached.sent, first.sent);
  } finally {
    await e.close();
  }
});

test('with nobody to confirm (the CLI) the estimate is made after the run and counts the answers the cache gave it at $0', async () => {
  const e = await setUpDocRun('ts-sample');
  const cacheDir = path.join(path.dirname(e.fixture.root), 'responses');
  const headless = async (): Promise<{ estimate: RunEstimate | undefined; sent: number }> => {
    const before = e.fake.chatRequests.length;
    const summary = await runDocs(e.options, { ...e.services, spendCap: { maxCostUsd: 0, pricing: PRICING }, responseCache: { cache: new ResponseCache({ dir: cacheDir }), scope: e.fake.openRouterBaseUrl } });
    assert.deepEqual(summary.failed, []);
    return { estimate: summary.estimate, sent: e.fake.chatRequests.length - before };
  };
  try {
    const first = await run(e, cacheDir);
    await fs.rm(e.outputDir, { recursive: true });
    const rebuilt = await headless();
    assert.equal(rebuilt.sent, 0, 'the cache answered every request');
    assert.deepEqual({ requests: rebuilt.estimate?.requests, cachedAnswers: rebuilt.estimate?.cachedAnswers, costUsd: rebuilt.estimate?.costUsd, promptTokens: rebuilt.estimate?.promptTokens }, { requests: 0, cachedAnswers: first.estimate?.requests, costUsd: 0, promptTokens: 0 });

    // One file edited: what the run sent is what the estimate counts as paid, the rest at $0.
    await fs.appendFile(path.join(e.fixture.root, 'src', 'util', 'format.ts'), '\n// a note for the next reader\n');
    await fs.rm(e.outputDir, { recursive: true });
    const edited = await headless();
    assert.ok(edited.sent > 0, 'the edited file was asked for');
    assert.equal(edited.estimate?.requests, edited.sent, `paid: ${edited.estimate?.requests}, sent: ${edited.sent}`);
    assert.equal(edited.sent + (edited.estimate?.cachedAnswers ?? 0), first.estimate?.requests, 'the same requests are planned');
    assert.ok((edited.estimate?.costUsd ?? 0) > 0);
  } finally {
    await e.close();
  }
});

test('a forced run (Regenerate Page) asks the model anew: the cache is neither counted in the estimate nor read, and the new answer replaces the old one', async () => {
  const e = await setUpDocRun('ts-sample');
  const cacheDir = path.join(path.dirname(e.fixture.root), 'responses');
  try {
    await run(e, cacheDir);
    // Asked for alone in both runs, with the same prompt: without the bypass the cache would answer it.
    const page = 'ARCHITECTURE.md';
    const forcedOptions = { ...e.options, only: { pages: [page], force: true } };
    e.fake.script = (request) => ({ kind: 'stream', text: wrongCitationResponder(request).text.replace('## About', '## About\n\nA second opinion.') });
    const forced = await run({ ...e, options: forcedOptions }, cacheDir);
    assert.deepEqual({ requests: forced.estimate?.requests, cachedAnswers: forced.estimate?.cachedAnswers }, { requests: 1, cachedAnswers: 0 });
    assert.deepEqual({ sent: forced.sent, hits: forced.hits, written: forced.written }, { sent: 1, hits: 0, written: 1 });
    e.fake.script = undefined;

    // Not forced, the same page deleted is written again from the answer the forced run cached.
    await fs.rm(path.join(e.outputDir, page));
    const again = await run(e, cacheDir);
    assert.deepEqual({ sent: again.sent, hits: again.hits, written: again.written }, { sent: 0, hits: 1, written: 1 });
    assert.match(await fs.readFile(path.join(e.outputDir, page), 'utf8'), /A second opinion\./, 'the forced answer replaced the old one in the cache');
  } finally {
    await e.close();
  }
});
