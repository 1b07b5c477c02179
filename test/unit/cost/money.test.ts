import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  decimalToScaledBigInt,
  formatCostAmount,
  formatTokenCount,
  formatUsd,
  nanosToDecimalString,
  nanosToMicros,
  usdToNanos,
} from '../../../src/core/cost/money';

test('USD → nano-dollars is exact on the decimal text, not float products', () => {
  assert.equal(usdToNanos(0.1), 100_000_000);
  assert.equal(usdToNanos(0.00014), 140_000);
  assert.equal(usdToNanos(1.5e-7), 150);
  assert.equal(usdToNanos('0.0000000015'), 2, 'half a nano rounds up');
  assert.equal(usdToNanos(0), 0);
  assert.equal(usdToNanos(12.345678912), 12_345_678_912);
  assert.equal(decimalToScaledBigInt('1e-3', 6), 1000n);
  assert.equal(decimalToScaledBigInt('-2.5', 1), -25n);
  assert.throws(() => usdToNanos(Number.NaN));
  assert.throws(() => decimalToScaledBigInt('abc', 3));
  // The float way drifts; ours does not.
  assert.notEqual(0.1 + 0.2, 0.3);
  assert.equal(usdToNanos(0.1) + usdToNanos(0.2), usdToNanos(0.3));
});

test('formatting: 4 decimals under $1, 2 from $1', () => {
  assert.equal(formatUsd(usdToNanos(0.0123)), '$0.0123');
  assert.equal(formatUsd(0), '$0.0000');
  assert.equal(formatUsd(usdToNanos(0.00005)), '$0.0001');
  assert.equal(formatUsd(usdToNanos(0.00004999)), '$0.0000');
  assert.equal(formatUsd(usdToNanos(0.99994)), '$0.9999');
  assert.equal(formatUsd(usdToNanos(0.99996)), '$1.00');
  assert.equal(formatUsd(usdToNanos(1)), '$1.00');
  assert.equal(formatUsd(usdToNanos(12.345)), '$12.35');
  assert.equal(formatUsd(usdToNanos(1234.5)), '$1234.50');
  assert.equal(nanosToMicros(1499), 1);
  assert.equal(nanosToMicros(1500), 2);
  assert.equal(nanosToDecimalString(1234), '0.000001234');
  assert.equal(nanosToDecimalString(12_000_000_001), '12.000000001');
});

test('unknown is never shown as $0; included shows tokens', () => {
  const base = { costNanos: 0, knownCount: 0, unknownCount: 0, includedCount: 0, tokens: 0 };
  assert.equal(formatCostAmount({ ...base, unknownCount: 1 }), '$?');
  assert.equal(formatCostAmount({ ...base, costNanos: usdToNanos(0.0123), knownCount: 2, unknownCount: 1 }), '$0.0123+?');
  assert.equal(formatCostAmount({ ...base, costNanos: 0, knownCount: 3 }), '$0.0000', 'a known zero (free model) is $0');
  assert.equal(formatCostAmount({ ...base, includedCount: 2, tokens: 12_345 }), '12.3K tokens');
  assert.equal(formatCostAmount({ ...base, includedCount: 1, knownCount: 1, costNanos: usdToNanos(0.5), tokens: 10 }), '$0.5000');
  assert.equal(formatCostAmount(base), '$0.0000');
  assert.equal(formatTokenCount(950), '950');
  assert.equal(formatTokenCount(2_500_000), '2.5M');
});
