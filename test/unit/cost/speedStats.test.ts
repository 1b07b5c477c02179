import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeModelSpeed, failureSamples, outputTokensPerSec, percentile, speedByModel, type SpeedSample } from '../../../src/core/cost/speedStats';
import { ProviderError } from '../../../src/core/providers/types';

function answered(latencyMs: number, ttftMs: number | undefined, completionTokens: number, extra: Partial<SpeedSample> = {}): SpeedSample {
  return { provider: 'openrouter', model: 'openai/gpt-4o-mini', ok: true, latencyMs, ttftMs, completionTokens, ...extra };
}

test('percentiles are nearest-rank: p50 of ten values is the fifth, p95 the tenth; none gives nothing', () => {
  const values = [900, 100, 800, 200, 700, 300, 600, 400, 500, 1000];
  assert.equal(percentile(values, 50), 500);
  assert.equal(percentile(values, 95), 1000);
  assert.equal(percentile(values, 90), 900);
  assert.equal(percentile([42], 95), 42);
  assert.equal(percentile([], 50), undefined);
  assert.deepEqual(values.slice(0, 2), [900, 100], 'the input is not sorted in place');
});

test('tokens per second count the time after the first token, or the whole time when that is unknown', () => {
  assert.equal(outputTokensPerSec(400, 1000, 200), 500);
  assert.equal(outputTokensPerSec(400, 1000, undefined), 400);
  assert.equal(outputTokensPerSec(400, 1000, 1000), 400, 'a first token at the very end leaves the whole time');
  assert.equal(outputTokensPerSec(0, 1000, 200), undefined, 'no output, no rate');
  assert.equal(outputTokensPerSec(50, 0, undefined), undefined, 'no time, no rate');
});

test('a failed request counts in the error rate and not in the timings; a cached answer counts nowhere', () => {
  const [speed] = speedByModel([
    answered(1000, 250, 300),
    answered(2000, 500, 300),
    answered(4000, 400, 360),
    { provider: 'openrouter', model: 'openai/gpt-4o-mini', ok: false, latencyMs: 30_000, completionTokens: 0 },
    answered(0, undefined, 9999, { cached: true }),
  ]);
  assert.equal(speed.requests, 4, 'three answered and one failed; the cached answer was never sent');
  assert.equal(speed.errors, 1);
  assert.equal(speed.errorRate, 0.25);
  assert.equal(speed.p50LatencyMs, 2000, 'the failure\'s 30 s is not a latency');
  assert.equal(speed.p95LatencyMs, 4000);
  assert.equal(speed.p50TtftMs, 400);
  // 300/0.75 s = 400, 300/1.5 s = 200, 360/3.6 s = 100 tokens/s: the median is 200.
  assert.equal(speed.tokensPerSec, 200);
});

test('the same model on two providers is two rows, in the order first used; a model with only failures has no timings', () => {
  const rows = speedByModel([
    answered(800, 100, 70, { provider: 'openai', model: 'gpt-4o' }),
    answered(1200, 300, 90, { provider: 'openrouter', model: 'gpt-4o' }),
    { provider: 'anthropic', model: 'claude-3-5-haiku', ok: false, latencyMs: 0, completionTokens: 0 },
  ]);
  assert.deepEqual(rows.map((r) => `${r.provider} ${r.model} ${r.requests}`), ['openai gpt-4o 1', 'openrouter gpt-4o 1', 'anthropic claude-3-5-haiku 1']);
  assert.deepEqual(rows[2], { provider: 'anthropic', model: 'claude-3-5-haiku', requests: 1, errors: 1, errorRate: 1, p50LatencyMs: undefined, p95LatencyMs: undefined, p50TtftMs: undefined, tokensPerSec: undefined });
  assert.equal(describeModelSpeed(rows[0], 'OpenAI'), 'gpt-4o (OpenAI): 1 request, p50 800 ms, p95 800 ms, first token 100 ms, 100 tokens/s, 0% errors');
  assert.equal(describeModelSpeed(rows[2], 'Anthropic'), 'claude-3-5-haiku (Anthropic): 1 request, p50 —, p95 —, first token —, —, 100% errors');
});

test('failures the server never saw (a cancel, a missing key, a request not sent) do not count against the model', () => {
  const sent = new ProviderError('serverError', '503', { status: 503 });
  const earlier = new ProviderError('rateLimited', '429', { status: 429, model: 'openai/gpt-4o' });
  const samples = failureSamples('openrouter', 'openai/gpt-4o-mini', [
    earlier,
    sent,
    new ProviderError('cancelled', 'cancelled'),
    new ProviderError('missingKey', 'no key'),
    new ProviderError('noAnswer', 'not sent', { notSent: true }),
    new Error('not a provider error'),
  ]);
  assert.deepEqual(samples.map((s) => [s.model, s.ok]), [['openai/gpt-4o', false], ['openai/gpt-4o-mini', false]]);
});
