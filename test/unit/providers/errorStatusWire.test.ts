/**
 * Error statuses from the fake, through the real providers AND our retry wrapper: right reason,
 * right retry behaviour, and the request count the server saw.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ErrorScenario, Scenario } from '../../fixtures/fakeLlm/scenarios';
import { createProvider } from '../../../src/core/providers/providerFactory';
import type { HttpProviderId } from '../../../src/core/providers/providerInfo';
import { ProviderError, type ChatResult } from '../../../src/core/providers/types';
import { withRetry, type RetryOutcome } from '../../../src/core/retry';
import { chatRequest, testContext, withFakeLlm } from './providerTestContext';

const MAX_ATTEMPTS = 3;

interface Run {
  outcome?: RetryOutcome<ChatResult>;
  error?: ProviderError;
  waits: number[];
}

const fake = withFakeLlm();

function baseUrl(id: HttpProviderId): string {
  return id === 'openrouter' ? fake.openRouterBaseUrl : id === 'anthropic' ? fake.anthropicBaseUrl : fake.openAiBaseUrl;
}

async function run(id: HttpProviderId, ...scenarios: Scenario[]): Promise<Run> {
  fake.enqueue(...scenarios);
  const provider = createProvider(id, testContext(baseUrl(id)));
  const waits: number[] = [];
  try {
    const outcome = await withRetry(() => provider.chat(chatRequest()), {
      maxAttempts: MAX_ATTEMPTS,
      baseDelayMs: 10,
      maxDelayMs: 5000,
      random: () => 1,
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
    return { outcome, waits };
  } catch (err) {
    assert.ok(err instanceof ProviderError, String(err));
    return { error: err, waits };
  }
}

const error = (status: number, extra: Partial<ErrorScenario> = {}): ErrorScenario => ({ kind: 'error', status, ...extra });

describe('error statuses through providers and withRetry: each status on each HTTP provider', () => {
  for (const id of ['openrouter', 'openai', 'anthropic'] as const) {
    describe(id, () => {
      for (const [status, reason] of [
        [401, 'unauthorized'],
        [402, 'insufficientCredits'],
        [404, 'modelNotFound'],
        [400, 'badRequest'],
      ] as const) {
        it(`${status} → ${reason}, not retried`, async () => {
          const r = await run(id, error(status), error(status));
          assert.equal(r.error?.reason, reason);
          assert.equal(r.error?.details.status, status);
          assert.equal(fake.chatRequests.length, 1);
          assert.deepEqual(r.waits, []);
        });
      }

      for (const [status, reason] of [
        [500, 'serverError'],
        [502, 'serverError'],
        [503, 'serverError'],
        [529, 'serverError'],
        [408, 'timeout'],
      ] as const) {
        it(`${status} → ${reason}, retried until success`, async () => {
          const r = await run(id, error(status), error(status), { kind: 'stream', text: 'recovered' });
          assert.equal(r.outcome?.value.text, 'recovered');
          assert.equal(r.outcome?.attempts, 3);
          assert.deepEqual(r.outcome?.failedAttempts.map((e) => e.reason), [reason, reason]);
          assert.equal(fake.chatRequests.length, 3);
          assert.deepEqual(r.waits, [10, 20], 'exponential backoff');
        });

        it(`${status} every time → gives up after ${MAX_ATTEMPTS} attempts with ${reason}`, async () => {
          const r = await run(id, error(status), error(status), error(status), error(status));
          assert.equal(r.error?.reason, reason);
          assert.equal(r.error?.details.attempts, MAX_ATTEMPTS);
          assert.equal(r.error?.details.earlierFailures?.length, MAX_ATTEMPTS - 1);
          assert.equal(fake.chatRequests.length, MAX_ATTEMPTS);
        });
      }

      it('429 with retry-after seconds waits that long, then succeeds', async () => {
        const r = await run(id, error(429, { retryAfter: '2' }), { kind: 'stream', text: 'ok' });
        assert.equal(r.outcome?.value.text, 'ok');
        assert.equal(r.outcome?.failedAttempts[0].reason, 'rateLimited');
        assert.deepEqual(r.waits, [2000]);
        assert.equal(fake.chatRequests.length, 2);
      });

      it('429 with retry-after-ms wins over retry-after', async () => {
        const r = await run(id, error(429, { retryAfterMs: '50', retryAfter: '3' }), { kind: 'stream', text: 'ok' });
        assert.equal(r.outcome?.value.text, 'ok');
        assert.deepEqual(r.waits, [50]);
      });

      it('429 with an HTTP-date retry-after waits until that date', async () => {
        const date = new Date(Date.now() + 3000).toUTCString();
        const r = await run(id, error(429, { retryAfter: date }), { kind: 'stream', text: 'ok' });
        assert.equal(r.waits.length, 1);
        assert.ok(r.waits[0] > 1000 && r.waits[0] <= 3000, `waited ${r.waits[0]}`);
      });

      it('429 asking for a longer wait than the cap is reported with the wait, not slept on', async () => {
        const r = await run(id, error(429, { retryAfter: '120' }), { kind: 'stream', text: 'never' });
        assert.equal(r.error?.reason, 'rateLimited');
        assert.equal(r.error?.details.retryAfterMs, 120_000);
        assert.equal(r.error?.retryable, false);
        assert.deepEqual(r.waits, []);
        assert.equal(fake.chatRequests.length, 1);
      });

      it('x-should-retry: false on a 500 is not retried', async () => {
        const r = await run(id, error(500, { shouldRetry: false }), { kind: 'stream', text: 'never' });
        assert.equal(r.error?.reason, 'serverError');
        assert.equal(fake.chatRequests.length, 1);
      });

      it('a connection reset before headers is retried', async () => {
        const r = await run(id, { kind: 'reset' }, { kind: 'stream', text: 'after reset' });
        assert.equal(r.outcome?.value.text, 'after reset');
        assert.equal(r.outcome?.failedAttempts[0].reason, 'network');
        assert.equal(fake.chatRequests.length, 2);
      });
    });
  }
});

describe('error statuses through providers and withRetry: bodies particular to a provider', () => {
  it('OpenRouter 402 carries the server figure for the user', async () => {
    const message = 'This request requires more credits, or fewer max_tokens. You requested up to 4096 tokens, but can only afford 1000.';
    const r = await run('openrouter', error(402, { message }));
    assert.equal(r.error?.reason, 'insufficientCredits');
    assert.equal(r.error?.details.detail, message);
  });

  it('OpenAI 429 insufficient_quota is quotaExhausted and not retried', async () => {
    const r = await run('openai', error(429, { errorType: 'insufficient_quota', code: 'insufficient_quota' }), { kind: 'stream' });
    assert.equal(r.error?.reason, 'quotaExhausted');
    assert.equal(r.error?.details.code, 'insufficient_quota');
    assert.equal(fake.chatRequests.length, 1);
  });

  it('OpenRouter free-tier daily 429 is quotaExhausted and not retried', async () => {
    const r = await run(
      'openrouter',
      error(429, { message: 'Rate limit exceeded: free-models-per-day', metadata: { limit_source: 'openrouter_free_tier_daily' } }),
      { kind: 'stream' },
    );
    assert.equal(r.error?.reason, 'quotaExhausted');
    assert.equal(fake.chatRequests.length, 1);
  });

  it('Anthropic spend-cap 429 is quotaExhausted', async () => {
    const r = await run('anthropic', error(429, { code: 'enforced_spend_limit_reached' }), { kind: 'stream' });
    assert.equal(r.error?.reason, 'quotaExhausted');
    assert.equal(fake.chatRequests.length, 1);
  });

  it('OpenRouter availability envelope without code: capacity_exhausted with retry_after in the body', async () => {
    const body = {
      error: {
        message: 'All providers are at capacity. Retry after 1 seconds.',
        error_type: 'rate_limit_exceeded',
        http_status: 429,
        availability: { code: 'capacity_exhausted', retryable: true, retry_after: 1, requested_models: ['m/x'], docs_url: 'x' },
      },
    };
    const r = await run('openrouter', error(429, { body }), { kind: 'stream', text: 'ok' });
    assert.equal(r.outcome?.failedAttempts[0].reason, 'rateLimited');
    assert.deepEqual(r.waits, [1000]);
  });

  it('a mid-stream failure after billing is retried and both attempts are reported for the ledger', async () => {
    const r = await run(
      'openrouter',
      { kind: 'stream', text: 'half of it', generationId: 'gen-failed', interrupt: { kind: 'errorChunk', afterChunks: 1, code: 502 } },
      { kind: 'stream', text: 'whole answer', generationId: 'gen-ok' },
    );
    assert.equal(r.outcome?.value.generationId, 'gen-ok');
    assert.equal(r.outcome?.failedAttempts.length, 1);
    assert.equal(r.outcome?.failedAttempts[0].details.partial?.generationId, 'gen-failed');
  });
});
