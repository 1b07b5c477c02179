/**
 * The bad-input corpus through the whole documentation run: every documentable odd file gets its page (linked
 * from the index), a huge data file opted in by `include` is documented in parts, a file deleted between the scan and the
 * prompt is reported instead of crashing the run, nothing is written outside the output folder,
 * nothing outside the workspace or in a secret file reaches a request, and the run ends.
 * An empty workspace runs to an empty result and leaves no output folder behind.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs, mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { withFakeLlm } from '../providers/providerTestContext';
import { buildBadInputCorpus, buildEmptyWorkspace, deleteWhenOpened, type BadInputCorpus } from '../../fixtures/badInput/badInputCorpus';
import { createOpenRouterProvider } from '../../../src/core/providers/openRouterProvider';
import { runDocs } from '../../../src/core/docs/docRun';
import type { DocRunOptions, DocRunServices } from '../../../src/core/docs/runScope';
import type { DocRunSummary } from '../../../src/core/docs/runSummary';
import { readManifest } from '../../../src/core/docs/manifest';
import { citationValidityOnDisk, markdownLinks, tempFilesIn, wrongCitationResponder } from '../docs/docRunHarness';
import { createTestParser } from '../docs/parse/parseTestSupport';
import { snapshotChanges, snapshotOutside } from './faultTrial';
import { leaksIn, providerContext, recordingLogger, treeLeaks } from './reliabilityHarness';

const HUGE_BYTES = 3 * 1024 * 1024;

let tmp: string;
const fake = withFakeLlm({ responder: wrongCitationResponder }, { resetBeforeEach: false });
let corpus: BadInputCorpus;
let summary: DocRunSummary;
let outputDir: string;
let outsideChanges: string[];
let lateVictim: string;
let lateVictimDeleted: boolean;
let runMs: number;

function options(root: string): DocRunOptions {
  // The huge file is data (CSV), which gets no page by default: `include` opts it in, as a user would.
  return { root, outputDirectory: 'docs/generated', provider: 'openrouter', model: 'openai/gpt-4o-mini', concurrency: 4, maxFileSizeKB: 256, maxOutputTokens: 512, temperature: 0.1, include: ['data/*.csv'] };
}

async function services(): Promise<DocRunServices> {
  const provider = createOpenRouterProvider(providerContext(fake.openRouterBaseUrl, recordingLogger(), { requestTimeoutMs: 5000, idleTimeoutMs: 5000 }));
  return { chat: (r) => provider.chat(r), parse: await createTestParser(), retry: { baseDelayMs: 2, maxDelayMs: 100 } };
}

before(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'docsmith-badrun-'));
  // The scan test reads the full 20 MB file; here 3 MB is enough to force a split into parts
  // and keeps the suite's time modest.
  corpus = await buildBadInputCorpus(tmp, { hugeBytes: HUGE_BYTES });
  lateVictim = 'src/deletedBeforePrompt.ts';
  await fs.writeFile(path.join(corpus.root, lateVictim), 'export const late = 1;\n');
  outputDir = path.join(corpus.root, 'docs', 'generated');
  const before = await snapshotOutside(corpus.root, outputDir);
  const scanHook = deleteWhenOpened(path.join(corpus.root, ...corpus.vanishingFile.split('/')));
  // Read once by the scan, deleted before the run reads it again for the prompt.
  const promptHook = deleteWhenOpened(path.join(corpus.root, ...lateVictim.split('/')), { skipOpens: 1 });
  const started = performance.now();
  try {
    summary = await runDocs(options(corpus.root), await services());
  } finally {
    promptHook.restore();
    scanHook.restore();
  }
  runMs = performance.now() - started;
  lateVictimDeleted = promptHook.fired;
  const deletedOnPurpose = new Set([`deleted ${corpus.vanishingFile}`, `deleted ${lateVictim}`]);
  outsideChanges = snapshotChanges(before, await snapshotOutside(corpus.root, outputDir)).filter((c) => !deletedOnPurpose.has(c));
});

after(async () => {
  rmSync(tmp, { recursive: true, force: true });
});

test('every documentable odd file has its page on disk, linked from the index', async () => {
  const readme = await fs.readFile(path.join(outputDir, 'README.md'), 'utf8');
  const linked = new Set(markdownLinks('README.md', readme));
  const missing: string[] = [];
  for (const c of corpus.cases.filter((k) => k.expect === 'documented')) {
    const page = `${c.path}.md`;
    if (!summary.pages.written.includes(page)) missing.push(`${JSON.stringify(page)} not written`);
    else if (!linked.has(page)) missing.push(`${JSON.stringify(page)} not linked from README.md`);
    try {
      await fs.stat(path.join(outputDir, ...page.split('/')));
    } catch {
      missing.push(`${JSON.stringify(page)} not on disk`);
    }
  }
  assert.deepEqual(missing, []);
  assert.deepEqual(summary.failed.filter((f) => f.page !== `${lateVictim}.md`), []);
});

test('the huge file is documented in parts, each part a bounded request with max_tokens', async () => {
  const page = await fs.readFile(path.join(outputDir, 'data', 'huge.csv.md'), 'utf8');
  const parts = Number(/documented in (\d+) parts/.exec(page)?.[1] ?? 0);
  assert.ok(parts >= HUGE_BYTES / (256 * 1024), `${parts} parts`);
  const sizes = fake.chatRequests.map((r) => JSON.stringify(r.body).length);
  assert.ok(Math.max(...sizes) < 2 * 256 * 1024 * 1.6, `largest request ${Math.max(...sizes)} bytes`);
  for (const r of fake.chatRequests) assert.equal((r.body as { max_tokens?: number }).max_tokens, 512);
});

test('a file deleted between the scan and its prompt is reported, and the run goes on', () => {
  assert.ok(lateVictimDeleted, 'the hook deleted the file after the scan read it');
  const reported = summary.skipped.some((s) => s.path === lateVictim) || summary.failed.some((f) => f.page === `${lateVictim}.md` && f.reason !== '');
  assert.ok(reported, `neither skipped nor failed: ${JSON.stringify(summary.skipped.filter((s) => s.path.startsWith('src/d')))}`);
  assert.ok(summary.pages.written.includes('src/main.ts.md'));
});

test('nothing is written outside the output folder; nothing from outside the workspace or .env is sent', async () => {
  assert.deepEqual(outsideChanges, []);
  const bodies = JSON.stringify(fake.chatRequests.map((r) => r.body));
  const canaries = [corpus.outsideCanary, corpus.envCanary];
  assert.deepEqual(leaksIn('requests', bodies, canaries), []);
  assert.deepEqual(await treeLeaks(outputDir).then((l) => l.filter((x) => canaries.some((c) => x.includes(c.slice(0, 18))))), []);
});

test('the run ends in bounded time with a valid manifest, valid citations and no temp files', async () => {
  assert.ok(runMs < 240_000, `${Math.round(runMs)} ms`);
  assert.equal((await readManifest(outputDir)).problem, undefined);
  assert.deepEqual(await tempFilesIn(outputDir), []);
  assert.deepEqual((await citationValidityOnDisk(corpus.root, outputDir)).invalid, []);
});

test('an empty workspace runs to a valid, empty result and leaves no output folder behind', async () => {
  const root = await buildEmptyWorkspace(tmp);
  fake.reset();
  const empty = await runDocs(options(root), await services());
  assert.deepEqual(empty.failed, []);
  assert.equal(fake.chatRequests.length, 0);
  await assert.rejects(fs.stat(path.join(root, 'docs')), 'nothing was written, so no folder was left');
});
