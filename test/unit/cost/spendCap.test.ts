import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkSpendCap, type CapRequest } from '../../../src/core/cost/spendCap';
import { usdToNanos } from '../../../src/core/cost/money';

// $1 / $2 per million: worst case of 1000 prompt + 4096 output = $0.001 + $0.008192
const request: CapRequest = { provider: 'openrouter', model: 'x/y', promptTokens: 1000, maxOutputTokens: 4096, pricing: { prompt: 0.000001, completion: 0.000002 } };
const worst = 1000 * 1000 + 4096 * 2000;

test('a request is refused when its worst case would cross the cap', () => {
  assert.deepEqual(checkSpendCap(1, 0, request), { allowed: true, reason: 'withinCap', worstCaseNanos: worst });
  assert.equal(checkSpendCap(0.01, usdToNanos(0.0008), request).allowed, true, 'exactly at the cap is allowed');
  const refused = checkSpendCap(0.01, usdToNanos(0.0009), request);
  assert.equal(refused.allowed, false);
  assert.equal(refused.reason, 'wouldExceed');
  assert.equal(checkSpendCap(0.01, usdToNanos(0.01), request).reason, 'capReached');
});

test('no cap at 0; zero-cost models never trip it', () => {
  assert.equal(checkSpendCap(0, usdToNanos(1000), request).reason, 'noCap');
  const free = { ...request, pricing: { prompt: 0, completion: 0 } };
  assert.deepEqual(checkSpendCap(0.01, usdToNanos(5), free), { allowed: true, reason: 'zeroCost', worstCaseNanos: 0 });
  assert.equal(checkSpendCap(0.01, usdToNanos(5), { ...request, isFree: true }).allowed, true);
  assert.equal(checkSpendCap(0.01, usdToNanos(5), { ...request, provider: 'vscodeLm' }).allowed, true);
});

test('unknown prices: allowed only while the recorded spend is below the cap', () => {
  const unknown = { ...request, pricing: {} };
  assert.equal(checkSpendCap(0.01, 0, unknown).reason, 'unknownPrice');
  assert.equal(checkSpendCap(0.01, usdToNanos(0.01), unknown).allowed, false);
});

test('cache-write pricing raises the worst case (Anthropic 1.25×)', () => {
  const claude = { ...request, model: 'anthropic/claude-sonnet-4.5', maxOutputTokens: 0, pricing: { prompt: 0.000003, completion: 0.000015 } };
  const decision = checkSpendCap(1, 0, claude);
  assert.equal(decision.allowed && decision.worstCaseNanos, 1000 * 3750);
});
