import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { backoffDelayMs, sleepCancellable, withRetry } from '../../src/core/retry';
import { ProviderError } from '../../src/core/providers/types';

function failing(...errors: ProviderError[]): { fn: (attempt: number) => Promise<string>; calls: number[] } {
  const calls: number[] = [];
  return {
    calls,
    fn: async (attempt) => {
      calls.push(attempt);
      const error = errors[attempt - 1];
      if (error) throw error;
      return `ok on ${attempt}`;
    },
  };
}

const serverError = () => new ProviderError('serverError', 'boom', { status: 500 });

describe('withRetry', () => {
  it('backs off exponentially with jitter, capped at maxDelayMs', async () => {
    const waits: number[] = [];
    const { fn } = failing(serverError(), serverError(), serverError(), serverError());
    const outcome = await withRetry(fn, {
      maxAttempts: 5,
      baseDelayMs: 100,
      maxDelayMs: 300,
      random: () => 0.5,
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
    assert.equal(outcome.value, 'ok on 5');
    assert.equal(outcome.attempts, 5);
    assert.equal(outcome.failedAttempts.length, 4);
    // factor 0.5 + 0.5·0.5 = 0.75 of 100, 200, 300 (capped), 300
    assert.deepEqual(waits, [75, 150, 225, 225]);
  });

  it('jitter stays within [50%, 100%] of the step', () => {
    assert.equal(backoffDelayMs(1, 1000, 30_000, () => 0), 500);
    assert.equal(backoffDelayMs(1, 1000, 30_000, () => 1), 1000);
    assert.equal(backoffDelayMs(3, 1000, 30_000, () => 1), 4000);
    assert.equal(backoffDelayMs(10, 1000, 30_000, () => 1), 30_000);
  });

  it('honours retryAfterMs instead of backoff', async () => {
    const waits: number[] = [];
    const { fn } = failing(new ProviderError('rateLimited', 'slow down', { retryAfterMs: 1234 }));
    await withRetry(fn, { baseDelayMs: 10, sleep: async (ms) => void waits.push(ms) });
    assert.deepEqual(waits, [1234]);
  });

  it('does not retry non-retryable reasons', async () => {
    for (const reason of ['unauthorized', 'insufficientCredits', 'modelNotFound', 'quotaExhausted', 'badRequest', 'cancelled', 'missingKey'] as const) {
      const { fn, calls } = failing(new ProviderError(reason, reason));
      await assert.rejects(withRetry(fn, { sleep: async () => undefined }), (err: ProviderError) => err.reason === reason);
      assert.deepEqual(calls, [1], reason);
    }
  });

  it('rethrows non-ProviderErrors untouched and unretried', async () => {
    let calls = 0;
    const bug = new RangeError('bug');
    await assert.rejects(
      withRetry(async () => {
        calls++;
        throw bug;
      }),
      (err) => err === bug,
    );
    assert.equal(calls, 1);
  });

  it('gives up after maxAttempts with attempts and earlier failures on the error', async () => {
    const first = new ProviderError('serverError', 'a', { partial: { generationId: 'gen-1' } });
    const second = new ProviderError('network', 'b');
    const third = new ProviderError('timeout', 'c', { partial: { generationId: 'gen-3' } });
    const { fn } = failing(first, second, third);
    await assert.rejects(withRetry(fn, { maxAttempts: 3, sleep: async () => undefined }), (err: ProviderError) => {
      assert.equal(err.reason, 'timeout');
      assert.equal(err.details.attempts, 3);
      assert.equal(err.details.partial?.generationId, 'gen-3');
      assert.deepEqual(err.details.earlierFailures, [first, second]);
      return true;
    });
  });

  it('reports a hint above maxDelayMs at once, as non-retryable, keeping the wait', async () => {
    const { fn, calls } = failing(new ProviderError('rateLimited', 'later', { retryAfterMs: 90_000 }));
    await assert.rejects(withRetry(fn, { maxDelayMs: 30_000, sleep: async () => assert.fail('must not sleep') }), (err: ProviderError) => {
      assert.equal(err.details.retryAfterMs, 90_000);
      assert.equal(err.retryable, false);
      return true;
    });
    assert.deepEqual(calls, [1]);
  });

  it('calls onWait with the delay, the failed attempt and its error', async () => {
    const seen: Array<[number, number, string]> = [];
    const { fn } = failing(new ProviderError('rateLimited', 'x', { retryAfterMs: 5 }));
    await withRetry(fn, { onWait: (ms, attempt, error) => seen.push([ms, attempt, error.reason]), sleep: async () => undefined });
    assert.deepEqual(seen, [[5, 1, 'rateLimited']]);
  });

  it('cancelling during the wait stops retrying with a cancelled error (real timer)', async () => {
    const controller = new AbortController();
    const { fn, calls } = failing(serverError(), serverError());
    const started = Date.now();
    setTimeout(() => controller.abort(), 30);
    await assert.rejects(withRetry(fn, { baseDelayMs: 10_000, random: () => 1, signal: controller.signal }), (err: ProviderError) => {
      assert.equal(err.reason, 'cancelled');
      assert.equal(err.details.earlierFailures?.length, 1, 'the billed-or-not first failure is still reported');
      return true;
    });
    assert.ok(Date.now() - started < 2000, 'did not sleep the full backoff');
    assert.deepEqual(calls, [1]);
  });

  it('an already aborted signal makes no attempt', async () => {
    const controller = new AbortController();
    controller.abort();
    const { fn, calls } = failing();
    await assert.rejects(withRetry(fn, { signal: controller.signal }), (err: ProviderError) => err.reason === 'cancelled');
    assert.deepEqual(calls, []);
  });

  it('sleepCancellable resolves after the delay without a signal', async () => {
    const started = Date.now();
    await sleepCancellable(20);
    assert.ok(Date.now() - started >= 15);
  });
});
