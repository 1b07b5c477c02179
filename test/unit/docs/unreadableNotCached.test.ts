import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { runDocs } from '../../../src/core/docs/docRun';
import { ResponseCache } from '../../../src/core/cache/responseCache';
import { setUpDocRun, wrongCitationResponder, type DocRunFixture } from './docRunHarness';

async function run(e: DocRunFixture, cacheDir: string): Promise<{ sent: number; hits: number; failed: number; written: number }> {
  const before = e.fake.chatRequests.length;
  const summary = await runDocs(e.options, {
    ...e.services,
    responseCache: { cache: new ResponseCache({ dir: cacheDir }), scope: e.fake.openRouterBaseUrl },
  });
  return { sent: e.fake.chatRequests.length - before, hits: summary.cache.hits, failed: summary.failed.length, written: summary.pages.written.length };
}

test('an answer that holds no page is not kept in the response cache: the next run asks again and writes the pages', async () => {
  const e = await setUpDocRun('ts-sample');
  const cacheDir = path.join(path.dirname(e.fixture.root), 'responses');
  try {
    // A model that answers every request with an empty page (and every batch with no page at all).
    e.fake.responder = () => ({ text: '{"summary": "", "markdown": ""}' });
    const broken = await run(e, cacheDir);
    assert.ok(broken.sent > 0 && broken.failed > 0, `the empty answers fail their pages: ${JSON.stringify(broken)}`);
    assert.equal(broken.written, 0);

    e.fake.responder = wrongCitationResponder;
    const next = await run(e, cacheDir);
    assert.equal(next.hits, 0, 'no empty answer was replayed from the cache');
    assert.equal(next.failed, 0);
    assert.ok(next.sent > 0 && next.written > 0, `the pages were asked for again and written: ${JSON.stringify(next)}`);
  } finally {
    await e.close();
  }
});
