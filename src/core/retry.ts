/**
 * Our one retry policy. The SDKs are built with `maxRetries: 0`, so attempts never multiply.
 *
 * - Only `ProviderError.retryable` errors are retried (rate limits, 5xx/529, timeouts, network);
 *   400/401/402/403/404 and quota-exhausted 429s fail at once. Anything that is not a
 *   ProviderError is rethrown untouched.
 * - Waits grow exponentially with jitter: `min(maxDelayMs, baseDelayMs · 2^(n-1))`, scaled by a
 *   random factor in [0.5, 1].
 * - A server hint (`retryAfterMs`, from `retry-after-ms` / `retry-after`) replaces the backoff.
 *   A hint longer than `maxDelayMs` is not slept on: the error is thrown at once, still carrying
 *   `retryAfterMs` so the UI can say how long to wait ("capped with a visible wait").
 * - Sleeping is cancelled by `signal`, which throws a `cancelled` ProviderError.
 *
 * Cost accounting: a failed attempt may have been billed (mid-stream failure, `details.partial`).
 * The outcome lists every failed attempt, and the error finally thrown carries the earlier ones in
 * `details.earlierFailures`, so a ledger records each billed attempt exactly once: the value (or
 * the final error's own partial) plus each earlier failure's partial.
 */
import { ProviderError } from './providers/types';

export interface RetryOptions {
  /** Total attempts including the first. Default 4. */
  maxAttempts?: number;
  /** First backoff step. Default 1000 ms. */
  baseDelayMs?: number;
  /** Longest wait between attempts, for backoff and for server hints. Default 30000 ms. */
  maxDelayMs?: number;
  signal?: AbortSignal;
  /** Called before each wait: how long, which attempt just failed (1-based), and why. */
  onWait?: (ms: number, attempt: number, error: ProviderError) => void;
  /** Injectable for tests; default Math.random. */
  random?: () => number;
  /** Injectable for tests; default a timer cancelled by `signal`. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface RetryOutcome<T> {
  value: T;
  /** Attempts made, including the successful one. */
  attempts: number;
  /** Errors of the attempts that failed before the success, in order. */
  failedAttempts: ProviderError[];
}

export const DEFAULT_RETRY = { maxAttempts: 4, baseDelayMs: 1000, maxDelayMs: 30_000 } as const;

function cancelledError(): ProviderError {
  return new ProviderError('cancelled', 'Cancelled while waiting to retry');
}

/** Default sleep: a timer that rejects with a `cancelled` ProviderError when `signal` aborts. */
export function sleepCancellable(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(cancelledError());
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(cancelledError());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Backoff before attempt `failedAttempt + 1`, without server hints. */
export function backoffDelayMs(failedAttempt: number, baseDelayMs: number, maxDelayMs: number, random: () => number): number {
  const exponential = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.max(0, failedAttempt - 1));
  return Math.round(exponential * (0.5 + 0.5 * random()));
}

function finalError(error: ProviderError, attempts: number, earlier: ProviderError[], retryable?: boolean): ProviderError {
  const details: ProviderError['details'] = { ...error.details, attempts, earlierFailures: earlier };
  if (retryable !== undefined) details.retryable = retryable;
  const copy = new ProviderError(error.reason, error.message, details);
  copy.stack = error.stack;
  return copy;
}

/** Runs `fn` (given the 1-based attempt number) until it succeeds or retrying cannot help. */
export async function withRetry<T>(fn: (attempt: number) => Promise<T>, options: RetryOptions = {}): Promise<RetryOutcome<T>> {
  const maxAttempts = Math.max(1, options.maxAttempts ?? DEFAULT_RETRY.maxAttempts);
  const baseDelayMs = options.baseDelayMs ?? DEFAULT_RETRY.baseDelayMs;
  const maxDelayMs = options.maxDelayMs ?? DEFAULT_RETRY.maxDelayMs;
  const random = options.random ?? Math.random;
  const sleep = options.sleep ?? sleepCancellable;
  const failed: ProviderError[] = [];

  for (let attempt = 1; ; attempt++) {
    if (options.signal?.aborted) throw finalError(cancelledError(), attempt - 1, failed);
    try {
      const value = await fn(attempt);
      return { value, attempts: attempt, failedAttempts: failed };
    } catch (err) {
      if (!(err instanceof ProviderError)) throw err;
      if (!err.retryable || attempt >= maxAttempts || options.signal?.aborted) {
        throw finalError(err, attempt, failed);
      }
      const hint = err.details.retryAfterMs;
      if (hint !== undefined && hint > maxDelayMs) {
        // Waiting that long inside a run is not acceptable; report it with the wait instead.
        throw finalError(err, attempt, failed, false);
      }
      const delay = hint ?? backoffDelayMs(attempt, baseDelayMs, maxDelayMs, random);
      failed.push(err);
      options.onWait?.(delay, attempt, err);
      try {
        await sleep(delay, options.signal);
      } catch (sleepError) {
        const cancelled = sleepError instanceof ProviderError ? sleepError : cancelledError();
        throw finalError(cancelled, attempt, failed);
      }
    }
  }
}
