import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runDocs } from '../../../src/core/docs/docRun';
import { LiveDocsState } from '../../../src/core/docs/liveDocsState';
import type { DocRunOptions, DocRunServices } from '../../../src/core/docs/runScope';
import { readManifest } from '../../../src/core/docs/manifest';
import { writeGuide } from '../../../src/core/guide/guideWriter';
import { createGuideRefresher } from '../../../src/core/guide/guideRefresh';
import type { ChatRequest, ChatResult } from '../../../src/core/providers/types';
import { prepareFixture } from '../../fixtures/workspaces/prepare';
import { guideAgentChat } from '../../fixtures/fakeAgent/guideAgent';
import { citationValidityOnDisk } from '../docs/docRunHarness';
import { createTestParser } from '../docs/parse/parseTestSupport';

const TOPIC = 'Which services handle an order?';
const GUIDE = 'guides/which-services-handle-an-order.md';
let dir: string;
let root: string;
let outputDir: string;
const requests: ChatRequest[] = [];
const agent = guideAgentChat();
const chat = (r: ChatRequest): Promise<ChatResult> => (requests.push(r), agent(r));

const options = (): DocRunOptions => ({ root, outputDirectory: 'docs/generated', provider: 'openrouter', model: 'openai/gpt-4o-mini', concurrency: 4, maxFileSizeKB: 256, maxOutputTokens: 512, temperature: 0 });
const services = (): DocRunServices => ({
  chat,
  guides: createGuideRefresher({ outputDirectory: 'docs/generated', provider: 'openrouter', model: 'openai/gpt-4o-mini', maxOutputTokens: 512, temperature: 0, concurrency: 2 }, { chat }),
});

before(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'docsmith-guide-refresh-'));
  root = (await prepareFixture('ts-sample', path.join(dir, 'ws'))).root;
  outputDir = path.join(root, 'docs', 'generated');
});

after(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

test('a guide through its first write, a changed source and a deleted source (steps in order, each on the last one\'s output)', async (t) => {
  await t.test('the overview README lists the guides, and saving a guide updates that list without a model request', async () => {
    const first = await runDocs(options(), services());
    assert.equal(first.ok, true);
    assert.doesNotMatch(await fs.readFile(path.join(outputDir, 'README.md'), 'utf8'), /^## Guides$/m);

    const guide = await writeGuide({ ...options(), topic: TOPIC }, { chat });
    assert.equal(guide.status, 'written');
    // Folded at once, as a run folds its own: manifest.json alone holds the guide, no journal waits for the next run.
    const state = await fs.readdir(path.join(outputDir, '.docsmith'));
    assert.ok(!state.includes('manifest.journal'), `left: ${state.join(', ')}`);
    assert.ok(JSON.parse(await fs.readFile(path.join(outputDir, '.docsmith', 'manifest.json'), 'utf8')).pages[GUIDE]);
    const readme = await fs.readFile(path.join(outputDir, 'README.md'), 'utf8');
    assert.match(readme, /^## Guides$/m);
    assert.match(readme, /^- \[Guide: Which services handle an order\?\]\(guides\/which-services-handle-an-order\.md\) — Which services handle an order\?$/m);
    assert.ok(readme.indexOf('## Guides') < readme.indexOf('## Index'), 'listed before the index');

    // The README is still Docsmith's own (manifest hash follows), so a rerun with nothing changed makes no request.
    const before = requests.length;
    const again = await runDocs(options(), services());
    assert.equal(again.ok, true);
    assert.deepEqual(again.pages.written, []);
    assert.equal(requests.length, before);
    assert.ok((await readManifest(outputDir)).manifest.pages[GUIDE], 'the guide entry survives a run');
  });

  await t.test('a change to a file the guide read makes it stale; Generate Docs writes it again and the README keeps listing it', async () => {
    const entry = (await readManifest(outputDir)).manifest.pages[GUIDE];
    const readFile = Object.keys(entry.sources)[0];
    await fs.appendFile(path.join(root, readFile), '\n// a change the guide read\n');
    const before = requests.length;
    const run = await runDocs(options(), services());
    assert.equal(run.ok, true, JSON.stringify(run.failed));
    assert.ok(run.pages.written.includes(GUIDE), run.pages.written.join(', '));
    const guideRequests = requests.slice(before).filter((r) => r.purpose?.file === GUIDE);
    assert.deepEqual([...new Set(guideRequests.map((r) => r.purpose?.phase))], ['exploration', 'outline', 'sections']);
    const rewritten = (await readManifest(outputDir)).manifest.pages[GUIDE];
    assert.notEqual(rewritten.sources[readFile], entry.sources[readFile]);
    assert.equal(rewritten.topic, TOPIC);
    assert.match(await fs.readFile(path.join(outputDir, 'README.md'), 'utf8'), /guides\/which-services-handle-an-order\.md/);
    assert.deepEqual((await citationValidityOnDisk(root, outputDir)).invalid, []);

    const quiet = requests.length;
    const noop = await runDocs(options(), services());
    assert.deepEqual(noop.pages.written, []);
    assert.equal(requests.length, quiet);
  });

  await t.test('a guide whose read file is deleted is stale and written again from what exists', async () => {
    const entry = (await readManifest(outputDir)).manifest.pages[GUIDE];
    const gone = Object.keys(entry.sources).find((p) => p !== 'src/app.ts') ?? Object.keys(entry.sources)[0];
    await fs.rm(path.join(root, gone));
    const run = await runDocs(options(), services());
    assert.ok(run.pages.written.includes(GUIDE));
    const now = (await readManifest(outputDir)).manifest.pages[GUIDE];
    assert.equal(now.sources[gone], undefined);
    assert.ok(!(await fs.readFile(path.join(outputDir, GUIDE), 'utf8')).includes(`[${gone}:`));
  });

  await t.test('a guide page the user replaced by their own text is left alone and named, by a run and by Write a Guide, and the Docs view says it is not Docsmith\'s', async () => {
    const file = path.join(outputDir, GUIDE);
    const own = '# Orders\n\nOur own notes on the services that handle an order.\n';
    await fs.writeFile(file, own);
    const entry = (await readManifest(outputDir)).manifest.pages[GUIDE];
    await fs.appendFile(path.join(root, Object.keys(entry.sources)[0]), '\n// another change the guide read\n');
    const before = requests.length;
    const run = await runDocs(options(), services());
    assert.ok(run.pages.notOwned.includes(GUIDE), `left alone: ${run.pages.notOwned.join(', ')}`);
    assert.ok(!run.pages.written.includes(GUIDE) && !run.failed.some((f) => f.page === GUIDE));
    assert.deepEqual(requests.slice(before).filter((r) => r.purpose?.file === GUIDE), [], 'nothing asked for it');
    assert.equal(await fs.readFile(file, 'utf8'), own);

    const asked = requests.length;
    const guide = await writeGuide({ ...options(), topic: TOPIC, force: true }, { chat });
    assert.equal(guide.status, 'notSaved');
    assert.match(guide.notes.join('\n'), /guides\/which-services-handle-an-order\.md exists and was not written by Docsmith; it is left alone/);
    assert.equal(requests.length, asked);
    assert.equal(await fs.readFile(file, 'utf8'), own);

    const view = await LiveDocsState.load({ root, outputDirectory: 'docs/generated' }, { parse: await createTestParser() });
    assert.equal(view.status(GUIDE)?.state, 'notOwned');
  });
});
