/**
 * Guides in the live docs state (what the Docs view, the status bar and `cli check` show): a guide
 * is listed with its title and cost, turns stale when a file it read changes or goes, and the state
 * names exactly what the next run writes again. Tests run in order on one workspace.
 */
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runDocs } from '../../../src/core/docs/docRun';
import type { DocRunOptions, DocRunServices } from '../../../src/core/docs/runScope';
import { readManifest } from '../../../src/core/docs/manifest';
import { LiveDocsState, type FileChange } from '../../../src/core/docs/liveDocsState';
import { describeCause, needsUpdate } from '../../../src/core/docs/docStatus';
import { checkReport } from '../../../src/core/docs/checkReport';
import { writeGuide } from '../../../src/core/guide/guideWriter';
import { createGuideRefresher } from '../../../src/core/guide/guideRefresh';
import { ProviderError, type ChatRequest, type ChatResult } from '../../../src/core/providers/types';
import { prepareFixture } from '../../fixtures/workspaces/prepare';
import { guideAgentChat } from '../../fixtures/fakeAgent/guideAgent';
import { createTestParser } from '../docs/parse/parseTestSupport';
import type { ParseFn } from '../../../src/core/docs/sourceIndex';
import { pageLabel, pageTooltipMarkdown, stateSentence } from '../../../src/vscode/ui/docsViewText';

const TOPIC = 'Which services handle an order?';
const GUIDE = 'guides/which-services-handle-an-order.md';
let dir: string;
let root: string;
let outputDir: string;
let state: LiveDocsState;
let parse: ParseFn;
const requests: ChatRequest[] = [];
const agent = guideAgentChat();
const chat = (r: ChatRequest): Promise<ChatResult> => (requests.push(r), agent(r));

const options = (only?: DocRunOptions['only']): DocRunOptions => ({ root, outputDirectory: 'docs/generated', provider: 'openrouter', model: 'openai/gpt-4o-mini', concurrency: 4, maxFileSizeKB: 256, maxOutputTokens: 512, temperature: 0, only });
// The run, the guide writer and the state parse with the same parser, as the editor's do.
const services = (): DocRunServices => ({
  chat,
  parse,
  guides: createGuideRefresher({ outputDirectory: 'docs/generated', provider: 'openrouter', model: 'openai/gpt-4o-mini', maxOutputTokens: 512, temperature: 0, concurrency: 2 }, { chat, parse }),
});
const load = (): Promise<LiveDocsState> => LiveDocsState.load({ root, outputDirectory: 'docs/generated' }, { parse });

function needingUpdate(): string[] {
  return state.statuses().filter((s) => needsUpdate(s.state)).map((s) => s.path).sort();
}

/** Runs the engine, feeds the state the output folder's events as a watcher would, and returns the pages written and whether the guide was asked for. */
async function runAndObserve(only?: DocRunOptions['only']): Promise<{ written: string[]; guideRequests: number }> {
  const before = requests.length;
  const summary = await runDocs(options(only), services());
  assert.deepEqual(summary.failed, []);
  await state.update([{ path: path.join(outputDir, '.docsmith', 'manifest.json'), kind: 'changed' }, ...summary.pages.written.map((p): FileChange => ({ path: path.join(outputDir, p), kind: 'changed' }))]);
  return { written: [...summary.pages.written].sort(), guideRequests: requests.slice(before).filter((r) => r.purpose?.file === GUIDE).length };
}

async function readSources(): Promise<string[]> {
  return Object.keys((await readManifest(outputDir)).manifest.pages[GUIDE].sources).sort();
}

before(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'docsmith-guide-state-'));
  root = (await prepareFixture('ts-sample', path.join(dir, 'ws'))).root;
  outputDir = path.join(root, 'docs', 'generated');
  parse = await createTestParser();
  assert.equal((await runDocs(options(), services())).ok, true);
  assert.equal((await writeGuide({ ...options(), topic: TOPIC }, { chat, parse })).status, 'written');
  state = await load();
});

after(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

test('a written guide is listed fresh after the planned pages, with its title, question and cost, and counted', () => {
  const guide = state.status(GUIDE);
  assert.equal(guide?.kind, 'guide');
  assert.equal(guide?.state, 'fresh');
  assert.equal(guide?.subject, TOPIC);
  assert.equal(pageLabel(guide!), guide?.entry?.title);
  assert.match(pageTooltipMarkdown(guide!), /Question: Which services handle an order\?/);
  assert.equal(typeof guide?.entry?.costUsd, 'number');
  assert.equal(state.statuses().at(-1)?.path, GUIDE);
  const counts = state.counts();
  assert.equal(counts.fresh, counts.total);
  assert.equal(counts.total, state.statuses().filter((s) => s.kind !== 'guide').length + 1);
});

test('editing a file the guide read makes it stale, naming the file; a one-file update run leaves it for a whole run, which writes it again', async () => {
  const read = (await readSources()).find((p) => p.endsWith('.ts'))!;
  await fs.appendFile(path.join(root, read), '\n// an edit the guide read\n');
  await state.update([{ path: path.join(root, read), kind: 'changed' }]);
  const guide = state.status(GUIDE);
  assert.equal(guide?.state, 'stale');
  assert.deepEqual(guide?.cause?.changed, [read]);
  assert.equal(stateSentence(guide!), `Stale: \`${read}\` changed.`);
  assert.ok(needingUpdate().includes(GUIDE));
  const check = checkReport(state.statuses(), 'docs/generated', true);
  assert.deepEqual(check.pages.find((p) => p.page === GUIDE)?.changed, [read], 'cli check lists the stale guide');

  // "Docs stale — Update" on the file: only its page and the pages above it, not the guide.
  const page = state.pageOfSource(read)!;
  const above = state.pagesAbove(page).sort();
  const one = await runAndObserve({ pages: above });
  assert.deepEqual(one.written, above);
  assert.equal(one.guideRequests, 0);
  assert.deepEqual(needingUpdate(), [GUIDE]);

  // Update Stale Docs: exactly what the state lists, the guide included.
  const all = await runAndObserve();
  assert.deepEqual(all.written, [GUIDE]);
  assert.ok(all.guideRequests >= 3, 'exploration, outline and sections');
  assert.equal(state.status(GUIDE)?.state, 'fresh');
  assert.deepEqual(needingUpdate(), []);
});

test('a guide page edited by hand is stale with that reason; deleted, it is missing; a run writes it again', async () => {
  await fs.appendFile(path.join(outputDir, GUIDE), '\nA line added by hand.\n');
  await state.update([{ path: path.join(outputDir, GUIDE), kind: 'changed' }]);
  const edited = state.status(GUIDE);
  assert.equal(edited?.state, 'stale');
  assert.equal(describeCause(edited?.cause), 'the page on disk differs');

  await fs.rm(path.join(outputDir, GUIDE));
  await state.update([{ path: path.join(outputDir, GUIDE), kind: 'deleted' }]);
  assert.equal(state.status(GUIDE)?.state, 'missing');
  assert.equal(stateSentence(state.status(GUIDE)!), 'Missing: the page file was deleted.');
  assert.deepEqual(needingUpdate(), [GUIDE]);
  assert.deepEqual((await runAndObserve()).written, [GUIDE]);
  assert.equal(state.status(GUIDE)?.state, 'fresh');
});

test('Regenerate Page on a fresh guide writes it again; other pages are left alone', async () => {
  const result = await runAndObserve({ pages: [GUIDE], force: true });
  assert.deepEqual(result.written, [GUIDE]);
  assert.ok(result.guideRequests >= 3);
  assert.deepEqual(needingUpdate(), []);
});

test('deleting a file the guide read makes it stale with the file named as gone, and a fresh load agrees', async () => {
  const gone = (await readSources()).find((p) => p !== 'src/app.ts')!;
  await fs.rm(path.join(root, gone));
  await state.update([{ path: path.join(root, gone), kind: 'deleted' }]);
  assert.deepEqual(state.status(GUIDE)?.cause?.removed, [gone]);
  assert.equal(state.status(GUIDE)?.state, 'stale');
  const reloaded = await load();
  assert.equal(reloaded.status(GUIDE)?.state, 'stale');
  const stale = needingUpdate();
  assert.deepEqual((await runAndObserve()).written, stale);
  assert.deepEqual(needingUpdate(), []);
});

test('a run whose model cannot call tools fails its stale guides at once, with the reason kept for the view, and sends no guide request', async () => {
  const read = (await readSources()).find((p) => p.endsWith('.ts'))!;
  await fs.appendFile(path.join(root, read), '\n// another edit the guide read\n');
  const noTools = (): never => {
    throw new ProviderError('toolsUnsupported', 'openrouter: openai/chatgpt-4o-latest cannot call tools; openai/gpt-4.1 can', { provider: 'openrouter', model: 'openai/chatgpt-4o-latest', retryable: false });
  };
  const before = requests.length;
  const summary = await runDocs(options(), { ...services(), guides: createGuideRefresher({ outputDirectory: 'docs/generated', provider: 'openrouter', model: 'openai/chatgpt-4o-latest', maxOutputTokens: 512, temperature: 0, concurrency: 2 }, { chat, parse, requireTools: noTools }) });
  assert.deepEqual(summary.failed.map((f) => [f.page, f.reason]), [[GUIDE, 'toolsUnsupported']]);
  assert.equal(requests.slice(before).filter((r) => r.purpose?.file === GUIDE).length, 0);
  await state.update([{ path: path.join(root, read), kind: 'changed' }, { path: path.join(outputDir, '.docsmith', 'manifest.json'), kind: 'changed' }]);
  const guide = state.status(GUIDE);
  assert.equal(guide?.state, 'failed');
  assert.match(stateSentence(guide!), /cannot call tools; openai\/gpt-4\.1 can/);
});
