/**
 * Each fault of the plan, once, against the real OpenRouter provider, the docs model caller
 * (spend cap + retry policy) and the cost ledger: the call ends in bounded time, either answered
 * (after a retry when the fault is transient) or failed with a reason; the ledger holds exactly
 * one record per request the fake billed — mid-stream failures included — and none twice.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withFakeLlm } from '../providers/providerTestContext';
import type { Scenario } from '../../fixtures/fakeLlm/scenarios';
import { createOpenRouterProvider } from '../../../src/core/providers/openRouterProvider';
import { ProviderError, type ErrorReason } from '../../../src/core/providers/types';
import { CostLedger } from '../../../src/core/cost/costLedger';
import { ModelCaller } from '../../../src/core/docs/modelCalls';
import { FAULT_KINDS, scenarioFor, type FaultKind } from './faultPlan';
import { allCanaries, leaksIn, providerContext, recordingLogger, requestLeaks, CANARY_KEYS } from './reliabilityHarness';

const TIMEOUTS = { requestTimeoutMs: 1500, idleTimeoutMs: 300 };

/** What each fault must lead to, for a call that may try 3 times. */
const EXPECTED: Readonly<Record<FaultKind, { attempts: number } | { reason: ErrorReason }>> = {
  ok: { attempts: 1 },
  noUsage: { attempts: 1 },
  hostileText: { attempts: 1 },
  rateLimitMs: { attempts: 2 },
  rateLimitSeconds: { attempts: 2 },
  rateLimitDate: { attempts: 2 },
  server500: { attempts: 2 },
  badGateway502: { attempts: 2 },
  unavailable503: { attempts: 2 },
  overloaded529: { attempts: 2 },
  errorChunk: { attempts: 2 },
  errorChunkStringCode: { attempts: 2 },
  choiceError: { attempts: 2 },
  resetBeforeHeaders: { attempts: 2 },
  resetMidStream: { attempts: 2 },
  stall: { attempts: 2 },
  slowFirstByte: { attempts: 2 },
  cutWithoutFinish: { attempts: 2 },
  credits402: { reason: 'insufficientCredits' },
  // A broken answer (no choices, a chunk that is not JSON) is transient: retried like a reset.
  emptyChoices: { attempts: 2 },
  malformedChunk: { attempts: 2 },
};

const fake = withFakeLlm(undefined, { resetBeforeEach: false });

for (const fault of FAULT_KINDS) {
  test(`fault ${fault}: bounded, answered or failed with a reason, billed requests recorded exactly once`, async () => {
    fake.reset();
    const billed: string[] = [];
    fake.script = (request, n): Scenario => {
      const id = `gen-call-${fault}-${n}`;
      const scenario: Scenario = n === 1 ? scenarioFor(fault, request, { seed: 1, ...TIMEOUTS }, id, 2) : { kind: 'stream', generationId: id };
      // A 200 JSON answer (no choices) was taken by the server too: it may have been billed.
      if ((scenario.kind === 'stream' || scenario.kind === 'json') && !(n === 1 && fault === 'slowFirstByte')) billed.push(id);
      return scenario;
    };
    const log = recordingLogger();
    const provider = createOpenRouterProvider(providerContext(fake.openRouterBaseUrl, log, TIMEOUTS));
    const ledger = new CostLedger({
      lookupGeneration: (id, signal) => provider.getGeneration(id, signal),
      lookupDelaysMs: [5, 10, 20, 40],
    });
    const caller = new ModelCaller({
      provider: 'openrouter',
      model: 'fake/model',
      chat: (r) => provider.chat(r),
      maxTokens: 256,
      temperature: 0.1,
      ledger,
      retry: { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 500 },
      runId: 'run-1',
    });

    const started = performance.now();
    let outcome: { attempts: number } | { reason: ErrorReason };
    try {
      const result = await caller.call({ messages: [{ role: 'user', content: 'Document src/app.ts' }], purpose: { phase: 'file', file: 'src/app.ts' } });
      outcome = { attempts: result.attempts };
      assert.ok(result.result.text.length > 0, 'an answer has text');
    } catch (error) {
      assert.ok(error instanceof ProviderError, `a ProviderError, not ${String(error)}`);
      outcome = { reason: error.reason };
    }
    const elapsed = performance.now() - started;
    await ledger.whenSettled();

    assert.deepEqual(outcome, EXPECTED[fault]);
    assert.ok(elapsed < 5000, `took ${Math.round(elapsed)} ms`);
    assert.equal(caller.totals.requests, fake.chatRequests.length, 'every HTTP request is counted once');

    const recorded = ledger.records.map((r) => r.generationId ?? '(none)').sort();
    assert.deepEqual(recorded, [...billed].sort(), 'ledger = billed requests, once each');
    const failedRecords = ledger.records.filter((r) => r.failed).map((r) => r.generationId ?? '(none)');
    const failedBilled = billed.filter((id) => id.endsWith('-1') && fault !== 'ok' && fault !== 'noUsage' && fault !== 'hostileText');
    assert.deepEqual(failedRecords, failedBilled, 'a billed attempt that failed is marked failed');
    assert.ok(ledger.records.every((r) => r.source !== 'unknown' || r.costMicros === undefined), 'an unknown cost is never a number');
    for (const r of ledger.records) assert.equal(r.purpose.runId, 'run-1');

    assert.deepEqual(requestLeaks(fake.requests, CANARY_KEYS.openrouter), []);
    assert.deepEqual(leaksIn('log', log.lines.join('\n'), allCanaries()), []);
  });
}
