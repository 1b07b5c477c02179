/**
 * Answers cut off at the output limit, on the real wires (the fake stops an answer at `max_tokens`
 * and says so as each provider does): a batch answer gives only the pages that arrived whole, the
 * rest are asked for again alone, no page on disk ends cut, the cut answer is not kept in the
 * response cache, the ledger bills the cut request as sent, and a single page cut short is failed
 * with its reason instead of written.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runDocs } from '../../../src/core/docs/docRun';
import { readManifest } from '../../../src/core/docs/manifest';
import { ResponseCache } from '../../../src/core/cache/responseCache';
import { CostLedger } from '../../../src/core/cost/costLedger';
import { createProvider } from '../../../src/core/providers/providerFactory';
import type { ProviderId } from '../../../src/core/providers/types';
import { startFakeLlm } from '../../fixtures/fakeLlm/fakeLlmServer';
import { batchFiles, fileByFile } from '../../fixtures/fakeLlm/batchAnswers';
import { defaultResponder } from '../../fixtures/fakeLlm/defaultResponder';
import type { FakeAnswer, FakeChatRequest, Responder } from '../../fixtures/fakeLlm/scenarios';
import type { FakeLlmServer } from '../../fixtures/fakeLlm/fakeLlmServer';
import { silentLogger } from './docRunHarness';
import { cachedAnswerFiles } from '../cache/cacheFiles';
import { createTestParser } from './parse/parseTestSupport';

const FILES = ['alpha', 'beta', 'delta', 'gamma'];
/** Output limit of the runs: one long page fits, four do not. */
const LIMIT = 2048;

function lastUser(request: FakeChatRequest): string {
  return request.messages.filter((m) => m.role === 'user').pop()?.content ?? '';
}

/** A page of `lines` lines (40: about 700 tokens) that ends with a line naming its subject, so a page cut short shows. */
function longPage(subject: string, lines = 40): { summary: string; markdown: string } {
  const body = Array.from({ length: lines }, (_, i) => `Line ${i + 1} of the page about the file: it explains one part of it in plain words.`);
  return { summary: `The page of ${subject}.`, markdown: `## Purpose\n\n${body.join('\n')}\n\nEnd of the page for ${subject}.` };
}

/** Long pages for what `subjectOf` finds in a prompt (asked alone or in a batch), the fake's short default pages for the rest. */
function longPagesFor(subjectOf: RegExp, lines?: number): Responder {
  return fileByFile((request): FakeAnswer => {
    const subject = subjectOf.exec(lastUser(request))?.[1];
    if (!subject) return defaultResponder(request);
    const page = longPage(subject, lines);
    return { text: request.jsonSchema ? JSON.stringify(page) : `Summary: ${page.summary}\n\n${page.markdown}` };
  });
}

const longPages = longPagesFor(/^Document the file `([^`]+)`/m);

async function workspace(): Promise<{ root: string; dir: string }> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'docsmith-cut-'));
  const root = path.join(dir, 'ws');
  await fs.mkdir(path.join(root, 'src'), { recursive: true });
  for (const name of FILES) await fs.writeFile(path.join(root, 'src', `${name}.ts`), `/** The ${name} value. */\nexport const ${name} = '${name}';\n`);
  return { root, dir };
}

function keyFor(provider: ProviderId): string {
  return provider === 'anthropic' ? 'sk-ant-api03-cuttest0000000000000000' : 'sk-or-v1-cuttest00000000000000000000000';
}

async function cachedAnswers(dir: string): Promise<{ text: string; finishReason?: string }[]> {
  return (await cachedAnswerFiles(dir)).map((f) => f.entry.answer);
}

/** A run of `root` against the fake on `provider`'s wire, with a ledger and a response cache in `dir`. */
async function runSetup(fake: FakeLlmServer, provider: 'openrouter' | 'anthropic', root: string, dir: string, maxOutputTokens: number, structured?: boolean) {
  const baseUrl = provider === 'anthropic' ? fake.anthropicBaseUrl : fake.openRouterBaseUrl;
  const llm = createProvider(provider, { getApiKey: async () => keyFor(provider), baseUrl, log: silentLogger });
  const ledger = new CostLedger();
  const cacheDir = path.join(dir, 'responses');
  const services = {
    chat: (r: Parameters<typeof llm.chat>[0]) => llm.chat(r),
    parse: await createTestParser(),
    retry: { baseDelayMs: 1, maxDelayMs: 20 },
    log: silentLogger,
    ledger,
    responseCache: { cache: new ResponseCache({ dir: cacheDir }), scope: baseUrl },
  };
  const model = provider === 'anthropic' ? 'claude-haiku-4-5' : 'openai/gpt-4o-mini';
  const options = { root, outputDirectory: 'docs/generated', parseCacheDirectory: path.join(dir, 'parse-cache'), provider, model, concurrency: 2, maxFileSizeKB: 256, maxOutputTokens, temperature: 0.1, structuredOutput: structured };
  return { options, services, ledger, cacheDir };
}

/** The user text of every chat request the fake received, in order. */
function userTexts(fake: FakeLlmServer): string[] {
  const bodies = fake.chatRequests.map((r) => r.body as { messages?: { role: string; content: unknown }[] });
  return bodies.map((b) => (b.messages ?? []).filter((m) => m.role === 'user').map((m) => (typeof m.content === 'string' ? m.content : JSON.stringify(m.content))).join('\n'));
}

async function cutBatchRun(provider: 'openrouter' | 'anthropic', structured: boolean): Promise<void> {
  const { root, dir } = await workspace();
  const fake = await startFakeLlm({ responder: longPages, honourMaxTokens: true });
  try {
    const { options, services, ledger, cacheDir } = await runSetup(fake, provider, root, dir, LIMIT, structured);

    const first = await runDocs(options, services);
    assert.equal(first.ok, true, JSON.stringify(first.failed));
    const texts = userTexts(fake);
    const batch = texts.filter((t) => batchFiles(t).length > 0);
    assert.equal(batch.length, 1, 'the four files go in one request');
    assert.deepEqual(batchFiles(batch[0]).map((f) => f.path), FILES.map((f) => `src/${f}.ts`));
    // The answer stops in the third page: the first two are kept, the third and fourth asked alone.
    const alone = texts.map((t) => /^Document the file `([^`]+)`/m.exec(t)?.[1]).filter((f) => f !== undefined);
    assert.deepEqual(alone.sort(), ['src/delta.ts', 'src/gamma.ts']);

    for (const name of FILES) {
      const page = await fs.readFile(path.join(root, 'docs', 'generated', 'src', `${name}.ts.md`), 'utf8');
      assert.match(page, new RegExp(`End of the page for src/${name}\\.ts\\.`), `${name}'s page is whole`);
      assert.match(page, /Line 40 of the page/);
    }
    const manifest = await readManifest(path.join(root, 'docs', 'generated'));
    assert.equal(manifest.manifest.pages['src/alpha.ts.md']?.requests, 1, 'a kept page carries its share of the batch');

    for (const answer of await cachedAnswers(cacheDir)) {
      assert.ok(answer.finishReason !== 'length' && answer.finishReason !== 'max_tokens', `a cut answer was cached: ${answer.finishReason}`);
      for (const f of FILES) if (answer.text.includes(`about the file`) && answer.text.includes(`src/${f}.ts`)) assert.match(answer.text, new RegExp(`End of the page for src/${f}\\.ts`));
    }
    await ledger.whenSettled();
    const cutRecord = ledger.records.find((r) => (r.purpose.files?.length ?? 0) === FILES.length);
    assert.ok(cutRecord, 'the cut batch request is in the ledger');
    assert.equal(cutRecord.completionTokens, LIMIT, 'billed for the output limit it wrote');
    assert.equal(ledger.records.length, first.requests);

    assert.match(first.warnings.join('\n'), /A batch answer was cut off at the output limit \(2,048 tokens\): 2 pages kept from what arrived whole, 2 pages asked for again alone; no page was written cut\./);

    const before = fake.chatRequests.length;
    const rerun = await runDocs(options, services);
    assert.equal(rerun.requests, 0);
    assert.equal(fake.chatRequests.length, before, 'a rerun sends nothing');

    // Output deleted: the cache has the pages asked alone and the summaries, never the cut batch
    // answer, so that one request is sent (and cut) again, and its whole pages kept again.
    await fs.rm(path.join(root, 'docs'), { recursive: true });
    const rebuilt = await runDocs(options, services);
    assert.equal(rebuilt.ok, true, JSON.stringify(rebuilt.failed));
    assert.equal(fake.chatRequests.length - before, 1, 'only the cut batch is asked again');
    assert.equal(rebuilt.cache.hits, first.requests - 1);
  } finally {
    await fake.stop();
    await fs.rm(dir, { recursive: true, force: true });
  }
}

test('a batch answer cut off at max_tokens (OpenRouter, sections): two pages kept, two asked alone, nothing written or cached cut', () => cutBatchRun('openrouter', false));

test('a batch answer cut off at max_tokens (OpenRouter, JSON): the page objects that closed are kept, the rest asked alone', () => cutBatchRun('openrouter', true));

test('a batch answer cut off at max_tokens (Anthropic, stop_reason max_tokens): the same', () => cutBatchRun('anthropic', false));

test('a single page cut off at max_tokens is not written: it fails with the reason and a next step, is not cached, and the next run asks again', async () => {
  const { root, dir } = await workspace();
  const fake = await startFakeLlm({ responder: longPages, honourMaxTokens: true });
  try {
    // 512 tokens: too few for two pages in one request, and for any of these pages alone.
    const { options, services, cacheDir } = await runSetup(fake, 'openrouter', root, dir, 512);
    const first = await runDocs(options, services);
    assert.deepEqual(first.failed.map((f) => [f.page, f.reason]).sort(), FILES.map((f) => [`src/${f}.ts.md`, 'cutOff']));
    assert.match(first.failed[0].message, /cut off at the output limit \(512 tokens\), so the page was not written\. Raise docsmith\.maxOutputTokens/);
    for (const name of FILES) await assert.rejects(fs.stat(path.join(root, 'docs', 'generated', 'src', `${name}.ts.md`)), `${name}'s cut page is not on disk`);
    const manifest = await readManifest(path.join(root, 'docs', 'generated'));
    assert.equal(manifest.manifest.pages['src/alpha.ts.md'], undefined);
    assert.deepEqual((await cachedAnswers(cacheDir)).filter((a) => a.text.includes('about the file')), [], 'no cut answer cached');
    const before = fake.chatRequests.length;
    const again = await runDocs(options, services);
    assert.equal(again.cache.hits > 0, true, 'the folder and overview pages come from the cache');
    assert.equal(fake.chatRequests.length - before >= FILES.length, true, 'the cut pages are asked for again');
  } finally {
    await fake.stop();
    await fs.rm(dir, { recursive: true, force: true });
  }
});

test('sibling folders\' pages cut off at max_tokens: the folder that arrived whole is kept, the cut one asked alone and written whole', async () => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'docsmith-cut-'));
  const root = path.join(dir, 'ws');
  for (const f of ['src/api/client.ts', 'src/cli/main.ts', 'src/core/engine.ts']) {
    await fs.mkdir(path.join(root, path.dirname(f)), { recursive: true });
    await fs.writeFile(path.join(root, f), `export const ${path.posix.basename(f, '.ts')} = 1;\n`);
  }
  // Folder pages of ~1,200 tokens: one fits the limit, two asked together do not.
  const fake = await startFakeLlm({ responder: longPagesFor(/^Write the overview page of the folder `([^`]+)\/`/m, 55), honourMaxTokens: true });
  try {
    const { options, services } = await runSetup(fake, 'openrouter', root, dir, LIMIT);
    const first = await runDocs(options, services);
    assert.equal(first.ok, true, JSON.stringify(first.failed));
    const texts = userTexts(fake);
    const folderBatches = texts.map((t) => batchFiles(t).filter((f) => f.kind === 'folder').map((f) => f.path)).filter((b) => b.length > 0);
    assert.equal(folderBatches.length, 1);
    const [batch] = folderBatches;
    assert.equal(batch.length, 2, `two sibling folders share a request: ${JSON.stringify(batch)}`);
    const alone = texts.map((t) => /^Write the overview page of the folder `([^`]+)\/`/m.exec(t)?.[1]).filter((f) => f !== undefined);
    assert.ok(alone.includes(batch[1]) && !alone.includes(batch[0]), `the cut folder is asked alone, the whole one not: ${JSON.stringify(alone)}`);
    for (const folder of ['src/api', 'src/cli', 'src/core']) {
      assert.match(await fs.readFile(path.join(root, 'docs', 'generated', folder, 'README.md'), 'utf8'), new RegExp(`End of the page for ${folder}\\.`), `${folder}'s page is whole`);
    }
    assert.match(first.warnings.join('\n'), /A batch answer was cut off at the output limit \(2,048 tokens\): 1 page kept from what arrived whole, 1 page asked for again alone/);
    const before = fake.chatRequests.length;
    assert.equal((await runDocs(options, services)).requests, 0);
    assert.equal(fake.chatRequests.length, before);
  } finally {
    await fake.stop();
    await fs.rm(dir, { recursive: true, force: true });
  }
});
