/**
 * Canary secrets: a key for every provider and a canary `.env`. Each key goes only to its own
 * provider's requests; none appears in a request body, a log line, an error message, an output
 * page, the manifest, the cost history, the run summary or the workspace settings — even when a
 * server echoes the key back in an error. An OpenRouter key never goes to a custom compatible URL.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs, mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { withFakeLlm } from '../providers/providerTestContext';
import type { Scenario } from '../../fixtures/fakeLlm/scenarios';
import { prepareFixture, ENV_CANARY, KEY_CANARY } from '../../fixtures/workspaces/prepare';
import { createProvider } from '../../../src/core/providers/providerFactory';
import { HTTP_PROVIDER_IDS, type HttpProviderId } from '../../../src/core/providers/providerInfo';
import { createOpenRouterProvider } from '../../../src/core/providers/openRouterProvider';
import { ProviderError, type LlmProvider } from '../../../src/core/providers/types';
import { NO_KEY_PLACEHOLDER } from '../../../src/core/providers/providerKeys';
import { createRedactingLogger } from '../../../src/core/logger';
import { CostLedger } from '../../../src/core/cost/costLedger';
import { CostHistory } from '../../../src/core/cost/costHistory';
import { runDocs } from '../../../src/core/docs/docRun';
import { allCanaries, CANARY_KEYS, type ContextOptions, ENV_FILE_CANARY, leaksIn, providerContext, recordingLogger, requestLeaks, treeLeaks } from './reliabilityHarness';

const fake = withFakeLlm(undefined, { resetBeforeEach: false });
let tmp: string;

before(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'docsmith-secrets-'));
});

after(async () => {
  rmSync(tmp, { recursive: true, force: true });
});

function baseUrlFor(id: HttpProviderId): string {
  return id === 'openrouter' ? fake.openRouterBaseUrl : id === 'anthropic' ? fake.anthropicBaseUrl : fake.openAiBaseUrl;
}

function providerFor(id: HttpProviderId, log = recordingLogger(), keys?: ContextOptions['keys']): LlmProvider {
  return createProvider(id, providerContext(baseUrlFor(id), log, { requestTimeoutMs: 2000, idleTimeoutMs: 2000, keys }));
}

const chatOnce = (provider: LlmProvider): Promise<unknown> =>
  provider.chat({ model: 'fake/model', messages: [{ role: 'user', content: 'Document src/app.ts' }], maxTokens: 64, temperature: 0.1 });

for (const id of HTTP_PROVIDER_IDS) {
  test(`${id}: its key goes in its own auth header only; no other canary in any header or body`, async () => {
    fake.reset();
    const provider = providerFor(id);
    await chatOnce(provider);
    await provider.listModels();
    assert.ok(fake.requests.length >= 2);
    for (const r of fake.requests) {
      const auth = r.headers.authorization ?? r.headers['x-api-key'] ?? '';
      assert.ok(auth.includes(CANARY_KEYS[id]), `${r.path} carries ${id}'s key`);
    }
    assert.deepEqual(requestLeaks(fake.requests, CANARY_KEYS[id]), []);
  });

  test(`${id}: a server that echoes the key in an error gets it into no error message and no log line`, async () => {
    fake.reset();
    const key = CANARY_KEYS[id];
    fake.script = (): Scenario => ({ kind: 'error', status: 401, message: `Invalid API key: ${key}. Key ${key} is not valid.` });
    const log = recordingLogger();
    const error = await chatOnce(providerFor(id, log)).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(error instanceof ProviderError, String(error));
    assert.equal(error.reason, 'unauthorized');
    // What can be shown or logged: message, stack and the details other than the raw SDK `cause`.
    const { cause: _cause, ...details } = error.details;
    const shown = [error.message, String(error), error.stack ?? '', JSON.stringify(details)].join('\n');
    assert.deepEqual(leaksIn('error', shown), []);
    assert.deepEqual(leaksIn('log', log.lines.join('\n')), []);

    fake.reset();
    fake.script = (): Scenario => ({ kind: 'stream', interrupt: { kind: 'errorChunk', afterChunks: 1, message: `upstream rejected ${key}` } });
    const midStream = await chatOnce(providerFor(id, log)).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(midStream instanceof ProviderError);
    assert.deepEqual(leaksIn('mid-stream error', `${midStream.message}\n${midStream.stack ?? ''}`), []);
  });
}

test('an OpenRouter key never goes to a custom OpenAI-compatible base URL', async () => {
  fake.reset();
  const provider = providerFor('openaiCompatible', recordingLogger(), { openaiCompatible: undefined });
  await chatOnce(provider);
  await provider.listModels();
  for (const r of fake.requests) assert.equal(r.headers.authorization, `Bearer ${NO_KEY_PLACEHOLDER}`, r.path);
  assert.deepEqual(requestLeaks(fake.requests), []);
});

test('OpenAI and Anthropic at custom base URLs never receive the OpenRouter key either', async () => {
  for (const id of ['openai', 'anthropic'] as const) {
    fake.reset();
    const error = await chatOnce(providerFor(id, recordingLogger(), { [id]: undefined })).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(error instanceof ProviderError && error.reason === 'missingKey', `${id}: ${String(error)}`);
    assert.equal(fake.requests.length, 0, `${id} sent a request without its own key`);
  }
});

test('a whole run: canaries reach no request, log line, page, manifest, cost history, summary or settings file', async () => {
  fake.reset();
  const ws = await prepareFixture('ts-sample', path.join(tmp, 'ws'));
  await fs.writeFile(path.join(ws.root, '.env.local'), `OPENROUTER_API_KEY=${CANARY_KEYS.openrouter}\nSECRET=${ENV_FILE_CANARY}\n`);
  const settingsFile = path.join(ws.root, '.vscode', 'settings.json');
  await fs.mkdir(path.dirname(settingsFile), { recursive: true });
  const settings = `${JSON.stringify({ 'docsmith.openrouter.baseUrl': fake.openRouterBaseUrl, 'docsmith.outputDirectory': 'docs/generated' }, null, 2)}\n`;
  await fs.writeFile(settingsFile, settings);
  const key = CANARY_KEYS.openrouter;
  // Some requests fail with the key echoed back, so failure reasons are written into the summary and README.
  fake.script = (_request, n): Scenario | undefined =>
    n % 7 === 3 ? { kind: 'error', status: 400, message: `Bad request for key ${key}` } : n % 11 === 5 ? { kind: 'stream', interrupt: { kind: 'errorChunk', afterChunks: 1, code: 400, message: `key ${key} refused` } } : undefined;

  const raw = recordingLogger();
  const log = createRedactingLogger(raw, () => Object.values(CANARY_KEYS));
  const provider = createOpenRouterProvider(providerContext(fake.openRouterBaseUrl, log, { requestTimeoutMs: 2000, idleTimeoutMs: 2000 }));
  const historyDir = path.join(tmp, 'globalStorage');
  const ledger = new CostLedger({ lookupGeneration: (id, signal) => provider.getGeneration(id, signal), lookupDelaysMs: [5, 10], history: new CostHistory(historyDir) });
  const summary = await runDocs(
    { root: ws.root, outputDirectory: 'docs/generated', provider: 'openrouter', model: 'openai/gpt-4o-mini', concurrency: 4, maxFileSizeKB: 256, maxOutputTokens: 512, temperature: 0.1 },
    { chat: (r) => provider.chat(r), ledger, retry: { baseDelayMs: 1, maxDelayMs: 20 }, log },
  );
  await ledger.whenSettled();
  assert.ok(summary.failed.length > 0, 'some pages failed with the echoed key in their reason');
  assert.ok(summary.failed.some((f) => f.message.includes('[REDACTED]')), JSON.stringify(summary.failed.map((f) => f.message)));
  assert.ok(summary.pages.written.length > 10);

  const canaries = [...allCanaries(), ENV_CANARY, KEY_CANARY];
  const leaks = [
    ...requestLeaks(fake.requests, key).filter((l) => !l.includes('headers')),
    ...leaksIn('request bodies', JSON.stringify(fake.chatRequests.map((r) => r.body)), canaries),
    ...leaksIn('log', raw.lines.join('\n'), canaries),
    ...leaksIn('summary', JSON.stringify(summary), canaries),
    ...(await treeLeaks(path.join(ws.root, 'docs'))),
    ...(await treeLeaks(historyDir)),
  ];
  const manifestText = await fs.readFile(path.join(ws.root, 'docs', 'generated', '.docsmith', 'manifest.json'), 'utf8');
  leaks.push(...leaksIn('manifest', manifestText, canaries));
  assert.deepEqual(leaks, []);
  assert.equal(await fs.readFile(settingsFile, 'utf8'), settings, 'the settings file is untouched');
  assert.ok((await fs.readFile(path.join(historyDir, 'cost-history.jsonl'), 'utf8')).trim().split('\n').length > 10, 'the cost history was written');
});
