/**
 * A server that never finishes must not hold a request, or memory, without bound: a deadline per
 * request, a cap on the bytes of one answer and on one server-sent event, and a cancel that takes
 * effect at once, on both wires. Each case is a repro of a hostile server played by the fake.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { FakeLlmServer } from '../../fixtures/fakeLlm/fakeLlmServer';
import { createOpenRouterProvider } from '../../../src/core/providers/openRouterProvider';
import { createAnthropicProvider } from '../../../src/core/providers/anthropicProvider';
import { LOCAL_SERVER_DEADLINE_MS } from '../../../src/core/providers/openAiCompatibleProvider';
import { DEFAULT_MAX_SSE_EVENT_BYTES, DEFAULT_REQUEST_DEADLINE_MS, requestLimits } from '../../../src/core/providers/streamWatchdog';
import type { LlmProvider, ProviderContext } from '../../../src/core/providers/types';
import { anthropicSdk, openAiSdk } from '../../../src/core/providers/sdkModules';
import { chatRequest, failure, withFakeLlm, testContext } from './providerTestContext';

const MiB = 1024 * 1024;

const WIRES: Array<[string, (fake: FakeLlmServer, ctx: Partial<ProviderContext>) => LlmProvider]> = [
  ['OpenAI wire (OpenRouter)', (fake, ctx) => createOpenRouterProvider(testContext(fake.openRouterBaseUrl, ctx))],
  ['Anthropic', (fake, ctx) => createAnthropicProvider(testContext(fake.anthropicBaseUrl, ctx))],
];

describe('request limits', () => {
  it('default to minutes for the deadline (longer for local servers), 32 MiB per answer and 1 MiB per event', () => {
    const limits = requestLimits({ baseUrl: '', getApiKey: async () => undefined, log: testContext('').log });
    assert.equal(limits.deadlineMs, DEFAULT_REQUEST_DEADLINE_MS);
    assert.ok(DEFAULT_REQUEST_DEADLINE_MS >= 2 * 60_000 && DEFAULT_REQUEST_DEADLINE_MS <= 10 * 60_000);
    assert.ok(LOCAL_SERVER_DEADLINE_MS > DEFAULT_REQUEST_DEADLINE_MS);
    assert.equal(limits.maxResponseBytes, 32 * MiB);
    assert.equal(limits.maxEventBytes, DEFAULT_MAX_SSE_EVENT_BYTES);
  });
});

for (const [name, make] of WIRES) {
  describe(`${name}: a server that never finishes`, () => {
    const fake = withFakeLlm();
    before(() => {
      // Load the SDKs now: the timings below are the server's, not a cold require's.
      openAiSdk();
      anthropicSdk();
    });

    it('keep-alives forever and no answer: stopped at the deadline, not retried, marked as a server that does not answer', async () => {
      fake.enqueue({ kind: 'stream', text: 'never sent', interrupt: { kind: 'pingForever', afterChunks: 0, everyMs: 40 } });
      const started = Date.now();
      const err = await failure(make(fake, { requestDeadlineMs: 500, idleTimeoutMs: 200 }).chat(chatRequest()));
      const elapsed = Date.now() - started;
      assert.equal(err.reason, 'timeout');
      assert.equal(err.retryable, false, 'the same request would take as long again');
      assert.equal(err.details.serverSilent, true);
      assert.ok(elapsed >= 450 && elapsed < 2500, `ended after ${elapsed} ms`);
      await fake.waitFor((r) => r[0]?.clientClosedEarly === true);
    });

    it('an answer still streaming at the deadline is a timeout with its text kept, not a silent server', async () => {
      fake.enqueue({ kind: 'stream', text: 'slow words '.repeat(40), chunkChars: 5, tokenDelayMs: 30 });
      // 88 chunks 30 ms apart take 2.6 s; the deadline cuts them in the middle.
      const err = await failure(make(fake, { requestDeadlineMs: 1500 }).chat(chatRequest()));
      assert.equal(err.reason, 'timeout');
      assert.equal(err.details.serverSilent, false);
      assert.ok((err.details.partial?.text ?? '').startsWith('slow'), 'the billed part is kept for the ledger');
    });

    it('endless chunks without text: stopped at the byte cap, whatever they hold', async () => {
      fake.enqueue({ kind: 'stream', text: 'x', interrupt: { kind: 'endlessChunks', afterChunks: 0 } });
      const err = await failure(make(fake, { maxResponseBytes: 2 * MiB }).chat(chatRequest()));
      assert.equal(err.reason, 'badResponse');
      assert.equal(err.retryable, false);
      assert.match(err.message, /more than 2 MiB/);
      await fake.waitFor((r) => r[0]?.clientClosedEarly === true);
      assert.ok(fake.chatRequests[0].bytesSent < 12 * MiB, `server wrote ${fake.chatRequests[0].bytesSent} bytes before the client left`);
    });

    it('one SSE line that never ends: stopped at the default event cap, with little read', async () => {
      fake.enqueue({ kind: 'stream', text: 'x', interrupt: { kind: 'endlessLine', afterChunks: 0 } });
      const started = Date.now();
      const err = await failure(make(fake, {}).chat(chatRequest()));
      assert.equal(err.reason, 'badResponse');
      assert.match(err.message, /event longer than 1 MiB/);
      assert.ok(Date.now() - started < 5000);
      await fake.waitFor((r) => r[0]?.clientClosedEarly === true);
      assert.ok(fake.chatRequests[0].bytesSent < 12 * MiB, `server wrote ${fake.chatRequests[0].bytesSent} bytes before the client left`);
    });

    for (const [what, interrupt] of [
      ['endless chunks', { kind: 'endlessChunks', afterChunks: 1 }],
      ['a line that never ends', { kind: 'endlessLine', afterChunks: 1, everyMs: 20 }],
    ] as const) {
      it(`cancel during ${what} takes effect within a second`, async () => {
        fake.enqueue({ kind: 'stream', text: 'first words', interrupt });
        const controller = new AbortController();
        const pending = make(fake, { maxResponseBytes: 1024 * MiB, maxSseEventBytes: 1024 * MiB }).chat(chatRequest({ signal: controller.signal }));
        await fake.waitFor((r) => (r[0]?.bytesSent ?? 0) > 256 * 1024);
        const cancelledAt = Date.now();
        controller.abort();
        const err = await failure(pending);
        const latency = Date.now() - cancelledAt;
        assert.equal(err.reason, 'cancelled');
        assert.ok(latency < 1000, `cancel took ${latency} ms`);
        await fake.waitFor((r) => r[0]?.clientClosedEarly === true);
      });
    }

    it('no byte at all after the headers: the idle watchdog ends it as a server that does not answer', async () => {
      fake.enqueue({ kind: 'stream', text: 'x', keepAlive: false, interrupt: { kind: 'stall', afterChunks: 0 } });
      const err = await failure(make(fake, { idleTimeoutMs: 150 }).chat(chatRequest()));
      assert.equal(err.reason, 'timeout');
      assert.equal(err.retryable, true);
    });

    it('no response headers before the request timeout: a timeout from a server that does not answer', async () => {
      fake.enqueue({ kind: 'stream', text: 'late', firstByteDelayMs: 600 });
      const err = await failure(make(fake, { requestTimeoutMs: 150 }).chat(chatRequest()));
      assert.equal(err.reason, 'timeout');
      assert.equal(err.details.serverSilent, true);
    });

    it('a stall after some of the answer is an ordinary, retryable timeout', async () => {
      fake.enqueue({ kind: 'stream', text: 'some text then nothing', chunkChars: 4, keepAlive: false, interrupt: { kind: 'stall', afterChunks: 2 } });
      const err = await failure(make(fake, { idleTimeoutMs: 150 }).chat(chatRequest()));
      assert.equal(err.reason, 'timeout');
      assert.equal(err.details.serverSilent, false);
      assert.equal(err.retryable, true);
    });
  });
}
