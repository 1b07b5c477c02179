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
import type { FakeAnswer, FakeChatRequest } from '../../fixtures/fakeLlm/scenarios';
import { silentLogger } from './docRunHarness';
import { createTestParser } from './parse/parseTestSupport';

const FILES = ['alpha', 'beta', 'delta', 'gamma'];
/** Output limit of the runs: one long page fits, four do not. */
const LIMIT = 2048;

function lastUser(request: FakeChatRequest): string {
  return request.messages.filter((m) => m.role === 'user').pop()?.content ?? '';
}

/** A file page of about 700 tokens that ends with a line naming its file, so a page cut short shows. */
function longPage(file: string): { summary: string; markdown: string } {
  const lines = Array.from({ length: 40 }, (_, i) => `Line ${i + 1} of the page about the file: it explains one part of it in plain words.`);
  return { summary: `The page of ${file}.`, markdown: `## Purpose\n\n${lines.join('\n')}\n\nEnd of the page for ${file}.` };
}

/** Long pages for files (asked alone or in a batch), the fake's short default pages for the rest. */
const longPages = fileByFile((request): FakeAnswer => {
  const file = /^Document the file `([^`]+)`/m.exec(lastUser(request))?.[1];
  if (!file) return defaultResponder(request);
  const page = longPage(file);
  return { text: request.jsonSchema ? JSON.stringify(page) : `Summary: ${page.summary}\n\n${page.markdown}` };
});

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
  const out: { text: string; finishReason?: string }[] = [];
  for (const shard of await fs.readdir(dir).catch(() => [] as string[])) {
    for (const name of await fs.readdir(path.join(dir, shard))) {
      if (name.endsWith('.json')) out.push((JSON.parse(await fs.readFile(path.join(dir, shard, name), 'utf8')) as { answer: { text: string; finishReason?: string } }).answer);
    }
  }
  return out;
}

async function cutBatchRun(provider: 'openrouter' | 'anthropic', structured: boolean): Promise<void> {
  const { root, dir } = await workspace();
  const fake = await startFakeLlm({ responder: longPages, honourMaxTokens: true });
  try {
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
    const options = { root, outputDirectory: 'docs/generated', parseCacheDirectory: path.join(dir, 'parse-cache'), provider, model, concurrency: 2, maxFileSizeKB: 256, maxOutputTokens: LIMIT, temperature: 0.1, structuredOutput: structured };

    const first = await runDocs(options, services);
    assert.equal(first.ok, true, JSON.stringify(first.failed));
    const bodies = fake.chatRequests.map((r) => r.body as { messages?: { role: string; content: unknown }[] });
    const texts = bodies.map((b) => (b.messages ?? []).filter((m) => m.role === 'user').map((m) => (typeof m.content === 'string' ? m.content : JSON.stringify(m.content))).join('\n'));
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
    const llm = createProvider('openrouter', { getApiKey: async () => keyFor('openrouter'), baseUrl: fake.openRouterBaseUrl, log: silentLogger });
    const cacheDir = path.join(dir, 'responses');
    const services = { chat: (r: Parameters<typeof llm.chat>[0]) => llm.chat(r), parse: await createTestParser(), retry: { baseDelayMs: 1, maxDelayMs: 20 }, log: silentLogger, responseCache: { cache: new ResponseCache({ dir: cacheDir }), scope: fake.openRouterBaseUrl } };
    // 512 tokens: too few for two pages in one request, and for any of these pages alone.
    const options = { root, outputDirectory: 'docs/generated', parseCacheDirectory: path.join(dir, 'parse-cache'), provider: 'openrouter' as const, model: 'openai/gpt-4o-mini', concurrency: 2, maxFileSizeKB: 256, maxOutputTokens: 512, temperature: 0.1 };
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
