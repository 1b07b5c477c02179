/**
 * A guide whose outline or section answer is cut off at the output limit, on the real wire: the
 * fake server plays the agent and stops the answer at a token limit with the provider's own finish
 * reason. The guide fails with the reason and the setting to raise, nothing of it is on disk or in
 * the manifest, the cut answer is billed in the ledger, and the response cache holds no cut answer.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeGuide } from '../../../src/core/guide/guideWriter';
import { readManifest } from '../../../src/core/docs/manifest';
import { ResponseCache } from '../../../src/core/cache/responseCache';
import { CostLedger } from '../../../src/core/cost/costLedger';
import { createProvider } from '../../../src/core/providers/providerFactory';
import { startFakeLlm } from '../../fixtures/fakeLlm/fakeLlmServer';
import { fakeAgent } from '../../fixtures/fakeLlm/fakeAgent';
import type { FakeChatRequest, StreamScenario } from '../../fixtures/fakeLlm/scenarios';
import { prepareFixture } from '../../fixtures/workspaces/prepare';
import { silentLogger } from '../docs/docRunHarness';
import { cachedAnswerFiles } from '../cache/cacheFiles';

const TOPIC = 'How does orderTotal work out the tax on an order?';
/** The fake's limit for the answer it cuts, in tokens (4 characters each): well inside any answer. */
const CUT_AT = 20;

function asked(request: FakeChatRequest): string {
  return `${request.system ?? ''}\n${request.messages.map((m) => m.content).join('\n')}`;
}

const isSection = (r: FakeChatRequest): boolean => r.tools.length === 0 && asked(r).includes('Write section ');
const isOutline = (r: FakeChatRequest): boolean => r.tools.length === 0 && asked(r).includes('"sections": [{"heading"');

async function cachedFinishReasons(dir: string): Promise<(string | undefined)[]> {
  return (await cachedAnswerFiles(dir)).map((f) => f.entry.answer.finishReason);
}

async function cutGuideRun(provider: 'openrouter' | 'anthropic', cut: (r: FakeChatRequest) => boolean): Promise<{ sectionsAsked: number }> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'docsmith-guide-cut-'));
  const fake = await startFakeLlm();
  try {
    const root = (await prepareFixture('ts-sample', path.join(dir, 'ws'))).root;
    const outputDir = path.join(root, 'docs', 'generated');
    const agent = fakeAgent({ maxRounds: 2, readFiles: 2 });
    let cutAnswers = 0;
    let sectionsAsked = 0;
    fake.script = (request, n) => {
      const answer = agent(request, n) as StreamScenario;
      if (isSection(request)) sectionsAsked++;
      if (!cut(request)) return answer;
      cutAnswers++;
      return { ...answer, outputLimit: CUT_AT };
    };
    const baseUrl = provider === 'anthropic' ? fake.anthropicBaseUrl : fake.openRouterBaseUrl;
    const key = provider === 'anthropic' ? 'sk-ant-api03-guidecut000000000000000' : 'sk-or-v1-guidecut0000000000000000000000';
    const llm = createProvider(provider, { getApiKey: async () => key, baseUrl, log: silentLogger });
    const ledger = new CostLedger();
    const cacheDir = path.join(dir, 'responses');
    const model = provider === 'anthropic' ? 'claude-haiku-4-5' : 'openai/gpt-4o-mini';
    const result = await writeGuide(
      { root, outputDirectory: 'docs/generated', topic: TOPIC, provider, model, maxOutputTokens: 700, temperature: 0, concurrency: 1, maxToolRounds: 3 },
      { chat: (r) => llm.chat(r), ledger, retry: { baseDelayMs: 1, maxDelayMs: 20 }, log: silentLogger, responseCache: { cache: new ResponseCache({ dir: cacheDir }), scope: baseUrl } },
    );
    await ledger.whenSettled();

    assert.ok(cutAnswers >= 1, 'the fake cut an answer');
    assert.equal(result.status, 'failed');
    assert.equal(result.error?.reason, 'cutOff');
    assert.match(result.error?.message ?? '', /cut off at the output limit \(700 tokens\), so the guide was not written\. Raise docsmith\.maxOutputTokens \(CLI: --max-output-tokens\)/);
    // Nothing of the guide on disk or in the manifest.
    assert.equal(await fs.readFile(path.join(outputDir, ...result.pagePath.split('/')), 'utf8').catch(() => undefined), undefined);
    assert.equal((await readManifest(outputDir)).manifest.pages[result.pagePath], undefined);
    // The cut answer is billed as sent, and the guide's cost counts it.
    const cutRecords = ledger.records.filter((r) => r.completionTokens === CUT_AT);
    assert.equal(cutRecords.length, cutAnswers, 'every cut answer is in the ledger with the output it wrote');
    assert.equal(ledger.records.length, result.requests);
    assert.equal(result.requests, fake.chatRequests.length);
    assert.equal(result.tokens.completion, ledger.records.reduce((n, r) => n + r.completionTokens, 0));
    // The answers before the cut are cached; the cut one is not.
    const cached = await cachedFinishReasons(cacheDir);
    assert.ok(cached.length > 0, 'whole answers were cached');
    assert.deepEqual(cached.filter((r) => r === 'length' || r === 'max_tokens'), []);
    assert.equal(cached.length, result.requests - cutAnswers);
    return { sectionsAsked };
  } finally {
    await fake.stop();
    await fs.rm(dir, { recursive: true, force: true });
  }
}

test('a guide section cut off at the output limit (OpenRouter) fails the guide with the setting to raise; nothing cut on disk or in the cache', async () => void (await cutGuideRun('openrouter', isSection)));

test('a guide section cut off at the output limit (Anthropic) fails the guide the same way', async () => void (await cutGuideRun('anthropic', isSection)));

test('a guide outline cut off at the output limit (Anthropic) fails the guide before any section is asked', async () => {
  assert.equal((await cutGuideRun('anthropic', isOutline)).sectionsAsked, 0);
});
