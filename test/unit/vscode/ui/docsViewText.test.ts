import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DocStatus } from '../../../../src/core/docs/docStatus';
import type { ManifestPage } from '../../../../src/core/docs/manifest';
import { countsLine, pageDescription, pageLabel, pageTooltipMarkdown, staleSourceBadge, stateSentence } from '../../../../src/vscode/ui/docsViewText';

function entry(costUsd: number | null): ManifestPage {
  return {
    kind: 'file', inputsHash: 'h', sources: {}, summary: 's', contentHash: 'c', provider: 'openrouter', model: 'openai/gpt-4o-mini',
    tokens: { prompt: 900, completion: 300, cached: 0, total: 1200 }, costUsd, requests: 1, generatedAt: '2026-11-30T04:00:00.000Z', durationMs: 10,
    citations: { total: 0, repaired: 0, removed: 0 },
  };
}

function status(over: Partial<DocStatus>): DocStatus {
  return { path: 'src/util/format.ts.md', kind: 'file', subject: 'src/util/format.ts', state: 'fresh', entry: entry(0.0012), ...over };
}

const noCause = { changed: [], added: [], removed: [], other: false };

test('a source file gets a badge only when its page is stale, or failed after having been written', () => {
  assert.deepEqual(staleSourceBadge(status({ state: 'stale', cause: { ...noCause, changed: ['src/util/format.ts'] } }))?.badge, '↻');
  assert.equal(staleSourceBadge(status({ state: 'fresh' })), undefined);
  assert.equal(staleSourceBadge(status({ state: 'missing', entry: undefined })), undefined, 'a new file has no page to be stale');
  assert.match(staleSourceBadge(status({ state: 'failed', failure: { page: 'p', reason: 'io', message: 'm', at: '' } }))?.tooltip ?? '', /stale \(the last update failed\)/);
  assert.equal(staleSourceBadge(status({ state: 'failed', entry: undefined })), undefined, 'never written: nothing to be stale');
  assert.equal(staleSourceBadge(status({ kind: 'folder', subject: 'src', state: 'stale' })), undefined, 'folders get the badge by propagation, not from their page');
  assert.equal(staleSourceBadge(undefined), undefined);
});

test('tree items show the state and the cost of the page as written; unknown cost is $?, never $0', () => {
  assert.equal(pageDescription(status({ state: 'stale' })), 'stale · $0.0012');
  assert.equal(pageDescription(status({ state: 'fresh', entry: entry(null) })), 'fresh · $?');
  assert.equal(pageDescription(status({ state: 'missing', entry: undefined })), 'missing');
  assert.equal(pageLabel(status({})), 'format.ts');
  assert.equal(pageLabel(status({ kind: 'overview', subject: '' })), 'Overview');
  assert.equal(pageLabel(status({ kind: 'architecture', subject: '' })), 'Architecture');
});

test('the tooltip says which source changed, what is new or gone, or why the last run failed', () => {
  assert.equal(stateSentence(status({ state: 'stale', cause: { ...noCause, changed: ['src/a.ts', 'src/b.ts', 'src/c.ts', 'src/d.ts'] } })), 'Stale: `src/a.ts`, `src/b.ts`, `src/c.ts` and 1 more changed.');
  assert.equal(stateSentence(status({ state: 'missing', entry: undefined, cause: { ...noCause, added: ['src/new.ts'] } })), 'Missing: `src/new.ts` has no page yet.');
  assert.equal(stateSentence(status({ state: 'stale', cause: { ...noCause, removed: ['src/old.ts'] } })), 'Stale: `src/old.ts` is gone.');
  assert.match(stateSentence(status({ state: 'stale', cause: { ...noCause, other: true } })), /imported file’s exports/);
  assert.equal(stateSentence(status({ state: 'failed', failure: { page: 'p', reason: 'rateLimited', message: 'Rate limited: try again in 20 s', at: '' } })), 'Failed in the last run: Rate limited: try again in 20 s.');
  assert.equal(stateSentence(status({ state: 'missing' })), 'Missing: the page file was deleted.');
  const md = pageTooltipMarkdown(status({ state: 'stale', cause: { ...noCause, changed: ['src/util/format.ts'] } }));
  assert.match(md, /^\*\*`src\/util\/format\.ts\.md`\*\*/);
  assert.match(md, /Written 2026-11-30 04:00:00 UTC by `openai\/gpt-4o-mini` \(openrouter\): 1 request, 1200 tokens, \$0\.0012\./);
});

test('the view description counts what needs an update and is empty when all is fresh', () => {
  assert.equal(countsLine({ stale: 3, missing: 1, failed: 0 }), '3 stale · 1 missing');
  assert.equal(countsLine({ stale: 0, missing: 0, failed: 2 }), '2 failed');
  assert.equal(countsLine({ stale: 0, missing: 0, failed: 0 }), '');
});
