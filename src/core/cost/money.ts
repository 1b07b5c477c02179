/**
 * Money as integers, so a session's total is the exact sum of its requests.
 *
 * The ledger's unit is the nano-dollar (1e-9 USD): cheap models cost a few micro-dollars per
 * request, so rounding each request to micro-dollars would drift visibly over a long run, while
 * nano-dollars stay exact integers in a JS number up to $9 million. Conversions from USD numbers
 * go through their decimal text, never through float multiplication chains.
 *
 * Display: `$0.0123` (4 decimals) under $1, `$12.34` (2 decimals) from $1;
 * an unknown cost is `$?`, a partly known one `$0.0123+?`, never `$0`.
 */

export const NANOS_PER_USD = 1_000_000_000;
export const NANOS_PER_MICRO = 1000;

/**
 * Integer count of `10^-scale` units in `value`, rounded half away from zero, computed on the
 * shortest decimal text of the number (`0.1` is exactly one tenth here, not 0.1000000000000000055).
 */
export function decimalToScaledBigInt(value: number | string, scale: number): bigint {
  const text = typeof value === 'number' ? String(value) : value.trim();
  const match = /^([+-]?)(\d*)(?:\.(\d*))?(?:e([+-]?\d+))?$/i.exec(text);
  if (!match || (match[2] === '' && (match[3] ?? '') === '')) throw new RangeError(`Not a decimal number: ${text}`);
  const negative = match[1] === '-';
  const digits = `${match[2]}${match[3] ?? ''}`.replace(/^0+(?=\d)/, '');
  // value = digits × 10^(exponent - fractionLength); we want value × 10^scale.
  const shift = Number(match[4] ?? 0) - (match[3] ?? '').length + scale;
  let scaled: bigint;
  if (shift >= 0) {
    scaled = BigInt(digits || '0') * 10n ** BigInt(shift);
  } else {
    const divisor = 10n ** BigInt(-shift);
    const whole = BigInt(digits || '0');
    scaled = whole / divisor;
    if ((whole % divisor) * 2n >= divisor) scaled += 1n;
  }
  return negative ? -scaled : scaled;
}

/** USD (a finite number or decimal string) → integer nano-dollars. */
export function usdToNanos(usd: number | string): number {
  if (typeof usd === 'number' && !Number.isFinite(usd)) throw new RangeError(`Not a finite amount: ${usd}`);
  return Number(decimalToScaledBigInt(usd, 9));
}

export function nanosToUsd(nanos: number): number {
  return nanos / NANOS_PER_USD;
}

/** Integer micro-dollars (the `CostRecord.costMicros` unit), rounded half up. */
export function nanosToMicros(nanos: number): number {
  return Math.round(nanos / NANOS_PER_MICRO);
}

export function microsToNanos(micros: number): number {
  return Math.round(micros) * NANOS_PER_MICRO;
}

/** Exact decimal text of a nano-dollar amount with 9 decimals (`1234` → `0.000001234`), for exports. */
export function nanosToDecimalString(nanos: number): string {
  const sign = nanos < 0 ? '-' : '';
  const digits = String(Math.abs(Math.round(nanos))).padStart(10, '0');
  return `${sign}${digits.slice(0, -9)}.${digits.slice(-9)}`;
}

function roundToUnit(nanos: number, unit: number): number {
  return Math.floor((nanos + unit / 2) / unit);
}

/** `$0.0123` under $1 (4 decimals), `$12.34` from $1 (2 decimals). Rounds half up. */
export function formatUsd(nanos: number): string {
  const sign = nanos < 0 ? '-' : '';
  const abs = Math.abs(nanos);
  const tenThousandths = roundToUnit(abs, NANOS_PER_USD / 10_000);
  if (tenThousandths < 10_000) {
    return `${sign}$0.${String(tenThousandths).padStart(4, '0')}`;
  }
  const cents = roundToUnit(abs, NANOS_PER_USD / 100);
  return `${sign}$${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
}

/** `950` → `950`, `12345` → `12.3K`, `2500000` → `2.5M`. */
export function formatTokenCount(tokens: number): string {
  if (tokens < 1000) return String(tokens);
  if (tokens < 1_000_000) return `${(Math.round(tokens / 100) / 10).toString()}K`;
  return `${(Math.round(tokens / 100_000) / 10).toString()}M`;
}

/** What a total is made of: enough to word it honestly. */
export interface CostAmount {
  /** Sum of the known costs, integer nano-dollars. */
  costNanos: number;
  /** Requests whose cost is known (reported, looked up or computed). */
  knownCount: number;
  /** Requests whose cost could not be known. */
  unknownCount: number;
  /** Requests billed by subscription (`vscodeLm`). */
  includedCount: number;
  /** Prompt + completion tokens of all requests, for the subscription-only wording. */
  tokens: number;
}

/**
 * The status-bar wording of a total: `$0.0123`; `$0.0123+?` when some requests' cost is unknown;
 * `$?` when none is known; `12.3K tokens` when every request was included in a subscription.
 * An empty session is `$0.0000`.
 */
export function formatCostAmount(amount: CostAmount): string {
  if (amount.unknownCount > 0) {
    return amount.knownCount > 0 ? `${formatUsd(amount.costNanos)}+?` : '$?';
  }
  if (amount.knownCount === 0 && amount.includedCount > 0) {
    return `${formatTokenCount(amount.tokens)} tokens`;
  }
  return formatUsd(amount.costNanos);
}
