/**
 * A server that ignores `max_tokens` and streams megabytes (or a model that loops): every request
 * carries `max_tokens`, the model caller stops reading past its byte limit and keeps what arrived as
 * a cut answer, which no page is written from; the request is billed once and not retried.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs, mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { withFakeLlm } from '../providers/providerTestContext';
import type { Scenario } from '../../fixtures/fakeLlm/scenarios';
import { createOpenRouterProvider } from '../../../src/core/providers/openRouterProvider';
import { CostLedger } from '../../../src/core/cost/costLedger';
import { runDocs } from '../../../src/core/docs/docRun';
import { wrongCitationResponder } from '../docs/docRunHarness';
import { providerContext, recordingLogger } from './reliabilityHarness';

const CHUNK = 64 * 1024;
const HUGE = 'This sentence repeats because the model is looping. [src/big.ts:1-1]\n'.repeat(Math.ceil((6 * 1024 * 1024) / 70));

let tmp: string;
const fake = withFakeLlm({ responder: wrongCitationResponder }, { resetBeforeEach: false });

before(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'docsmith-enormous-'));
});

after(async () => {
  rmSync(tmp, { recursive: true, force: true });
});

test('a reply of 6 MB is cut while streaming, no page is written from it, and the request is billed once', async () => {
  const root = path.join(tmp, 'ws');
  await fs.mkdir(path.join(root, 'src'), { recursive: true });
  await fs.writeFile(path.join(root, 'src', 'big.ts'), 'export const big = 1;\n');
  await fs.writeFile(path.join(root, 'src', 'small.ts'), 'export const small = 2;\n');
  fake.script = (request): Scenario | undefined =>
    request.messages.some((m) => m.content.includes('the file `src/big.ts`')) ? { kind: 'stream', text: `Summary: loops.\n\n${HUGE}`, chunkChars: CHUNK, tokenDelayMs: 2 } : undefined;
  const provider = createOpenRouterProvider(providerContext(fake.openRouterBaseUrl, recordingLogger(), { requestTimeoutMs: 5000, idleTimeoutMs: 5000 }));
  const ledger = new CostLedger({ lookupGeneration: (id, signal) => provider.getGeneration(id, signal), lookupDelaysMs: [5, 10, 20] });
  const summary = await runDocs(
    // One file, one request: the cut is measured on the answer of a single page.
    { root, outputDirectory: 'docs/generated', provider: 'openrouter', model: 'openai/gpt-4o-mini', concurrency: 2, maxFileSizeKB: 256, maxOutputTokens: 777, temperature: 0.1, batchSmallFiles: false },
    { chat: (r) => provider.chat(r), ledger, retry: { baseDelayMs: 2, maxDelayMs: 50 } },
  );
  await ledger.whenSettled();

  assert.deepEqual(summary.failed.map((f) => [f.page, f.reason]), [['src/big.ts.md', 'cutOff']], 'a page cut short is not a page');
  assert.deepEqual(summary.pages.written.filter((p) => p.endsWith('.ts.md')), ['src/small.ts.md']);
  for (const r of fake.chatRequests) assert.equal((r.body as { max_tokens?: number }).max_tokens, 777, 'max_tokens is always sent');
  const big = fake.chatRequests.filter((r) => JSON.stringify(r.body).includes('the file `src/big.ts`'));
  assert.equal(big.length, 1, 'the cut answer is kept, not retried');
  assert.equal(big[0].clientClosedEarly, true, 'the client stopped reading');
  assert.ok(big[0].chunksSent < Math.ceil(HUGE.length / CHUNK), `${big[0].chunksSent} chunks read of ${Math.ceil(HUGE.length / CHUNK)}`);
  await assert.rejects(fs.stat(path.join(root, 'docs', 'generated', 'src', 'big.ts.md')), 'no page from the cut answer');
  const billed = ledger.records.filter((r) => r.purpose.file === 'src/big.ts.md' || r.purpose.file === 'src/big.ts');
  assert.equal(billed.length, 1, JSON.stringify(ledger.records.map((r) => r.purpose)));
});
