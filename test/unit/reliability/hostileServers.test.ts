/**
 * A model server is untrusted too. Whatever it does — take requests and never answer, send
 * keep-alives forever, stream chunks without text or one line without end — a run ends in bounded
 * time and memory, says why, and leaves the workspace as a rerun can finish: each case a whole run
 * of the engine against the fake server playing that server (timeouts scaled down to milliseconds).
 */
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs, mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { withFakeLlm } from '../providers/providerTestContext';
import type { Interrupt, Scenario } from '../../fixtures/fakeLlm/scenarios';
import { createOpenRouterProvider } from '../../../src/core/providers/openRouterProvider';
import type { ProviderContext } from '../../../src/core/providers/types';
import { runDocs } from '../../../src/core/docs/docRun';
import type { DocRunSummary } from '../../../src/core/docs/runSummary';
import { hostileCorpus } from './hostileCorpus';
import { providerContext, recordingLogger } from './reliabilityHarness';

const hostileTest = hostileCorpus(__filename, 'model server');
const MiB = 1024 * 1024;

let tmp: string;
const fake = withFakeLlm(undefined, { resetBeforeEach: false });

before(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'docsmith-hostile-server-'));
});

after(async () => {
  rmSync(tmp, { recursive: true, force: true });
});

async function workspace(name: string, files: number): Promise<string> {
  const root = path.join(tmp, name);
  await fs.mkdir(path.join(root, 'src'), { recursive: true });
  for (let i = 1; i <= files; i++) await fs.writeFile(path.join(root, 'src', `part${i}.ts`), `export const part${i} = ${i};\n`);
  return root;
}

async function run(root: string, ctx: Partial<ProviderContext>, concurrency = 2): Promise<{ summary: DocRunSummary; ms: number }> {
  const provider = createOpenRouterProvider({ ...providerContext(fake.openRouterBaseUrl, recordingLogger(), { requestTimeoutMs: 2000, idleTimeoutMs: 2000 }), ...ctx });
  const started = Date.now();
  const summary = await runDocs(
    { root, outputDirectory: 'docs/generated', provider: 'openrouter', model: 'openai/gpt-4o-mini', concurrency, maxFileSizeKB: 256, maxOutputTokens: 256, temperature: 0.1 },
    { chat: (r) => provider.chat(r), retry: { baseDelayMs: 5, maxDelayMs: 50 } },
  );
  return { summary, ms: Date.now() - started };
}

function interrupted(interrupt: Interrupt): Scenario {
  return { kind: 'stream', text: 'never finished', interrupt };
}

/** A rerun against a server that answers writes every page: nothing the hostile run left stands in the way. */
async function rerunIsComplete(root: string): Promise<void> {
  fake.reset();
  fake.script = undefined;
  const { summary } = await run(root, {});
  assert.deepEqual(summary.failed, []);
  assert.ok(summary.ok, JSON.stringify(summary.fatal));
}

hostileTest({ attack: 'a server takes every request and never answers', holds: 'the run stops after two silent requests with "does not answer", not 4 tries per page' }, async () => {
  const root = await workspace('silent', 1);
  fake.reset();
  fake.script = () => ({ kind: 'stream', firstByteDelayMs: 60_000 });
  const { summary, ms } = await run(root, { requestTimeoutMs: 300 });
  assert.equal(summary.fatal?.reason, 'noAnswer', JSON.stringify(summary.fatal));
  assert.equal(fake.chatRequests.length, 2, 'the page was tried twice, then nothing more was sent');
  assert.ok(ms < 30_000, `the run took ${ms} ms`);
  assert.ok(summary.pages.notStarted.length > 0, 'the pages that depend on it were not started');
  await rerunIsComplete(root);
});

hostileTest({ attack: 'a server that never answers, with several pages in flight', holds: 'no request is sent after the second silent one' }, async () => {
  const root = await workspace('silent-many', 6);
  fake.reset();
  fake.script = () => ({ kind: 'stream', firstByteDelayMs: 60_000 });
  const { summary, ms } = await run(root, { requestTimeoutMs: 300 }, 3);
  assert.equal(summary.fatal?.reason, 'noAnswer');
  assert.ok(fake.chatRequests.length <= 4, `${fake.chatRequests.length} requests sent`);
  assert.ok(ms < 30_000, `the run took ${ms} ms`);
});

hostileTest({ attack: 'a server sends `: ping` forever and no answer', holds: 'each request ends at its deadline and the run stops as a server that does not answer' }, async () => {
  const root = await workspace('pings', 3);
  fake.reset();
  fake.script = () => interrupted({ kind: 'pingForever', afterChunks: 0, everyMs: 40 });
  const { summary, ms } = await run(root, { requestDeadlineMs: 500 });
  assert.equal(summary.fatal?.reason, 'noAnswer');
  assert.ok(fake.chatRequests.length <= 3, `${fake.chatRequests.length} requests sent`);
  assert.ok(ms < 30_000, `the run took ${ms} ms`);
  await fake.waitFor((reqs) => reqs.every((r) => r.completed || r.clientClosedEarly));
  await rerunIsComplete(root);
});

hostileTest({ attack: 'a server streams chunks without text without end', holds: 'each request stops at the byte cap; the page fails with a reason, not retried' }, async () => {
  const root = await workspace('chunks', 2);
  fake.reset();
  fake.script = () => interrupted({ kind: 'endlessChunks', afterChunks: 1 });
  const { summary, ms } = await run(root, { maxResponseBytes: 2 * MiB });
  assert.ok(summary.failed.length > 0 && summary.failed.every((f) => f.reason === 'badResponse'), JSON.stringify(summary.failed));
  assert.ok(ms < 30_000, `the run took ${ms} ms`);
  for (const r of fake.chatRequests) assert.ok(r.bytesSent < 12 * MiB, `a request was sent ${r.bytesSent} bytes`);
  const pages = new Set(fake.chatRequests.map((r) => JSON.stringify(r.body)));
  assert.equal(pages.size, fake.chatRequests.length, 'no request was retried');
  await rerunIsComplete(root);
});

hostileTest({ attack: 'a server streams one SSE line that never ends', holds: 'each request stops at the 1 MiB event cap; memory stays bounded' }, async () => {
  const root = await workspace('line', 2);
  fake.reset();
  fake.script = () => interrupted({ kind: 'endlessLine', afterChunks: 1 });
  const heapBefore = process.memoryUsage().heapUsed;
  const { summary, ms } = await run(root, {});
  assert.ok(summary.failed.length > 0 && summary.failed.every((f) => f.reason === 'badResponse'), JSON.stringify(summary.failed));
  assert.ok(ms < 30_000, `the run took ${ms} ms`);
  for (const r of fake.chatRequests) assert.ok(r.bytesSent < 12 * MiB, `a request was sent ${r.bytesSent} bytes`);
  const grown = process.memoryUsage().heapUsed - heapBefore;
  assert.ok(grown < 64 * MiB, `heap grew by ${Math.round(grown / MiB)} MiB`);
  await rerunIsComplete(root);
});
