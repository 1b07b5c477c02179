/**
 * Sums of cost records and their wording. Integer nano-dollars only, so any grouping of the same
 * records adds up to the same total.
 */
import type { CostRecord, CostTotals } from './types';
import { formatCostAmount, microsToNanos } from './money';

export function emptyTotals(): CostTotals {
  return {
    requests: 0,
    promptTokens: 0,
    completionTokens: 0,
    cachedTokens: 0,
    cacheWriteTokens: 0,
    reasoningTokens: 0,
    costNanos: 0,
    knownCount: 0,
    unknownCount: 0,
    includedCount: 0,
    failedCount: 0,
    cachedCount: 0,
    savedTokens: 0,
  };
}

/** The record's cost in nano-dollars, from `costNanos` or, for records written without it, `costMicros`. */
export function recordCostNanos(record: CostRecord): number | undefined {
  if (record.costNanos !== undefined) return record.costNanos;
  if (record.costMicros !== undefined) return microsToNanos(record.costMicros);
  return undefined;
}

/** Adds one record to `totals` in place and returns it. */
export function addRecord(totals: CostTotals, record: CostRecord): CostTotals {
  // Nothing was billed: it counts only in a model's error rate.
  if (record.source === 'unbilled') return totals;
  if (record.source === 'cached') {
    totals.cachedCount += 1;
    totals.savedTokens += record.promptTokens + record.completionTokens;
    return totals;
  }
  totals.requests += 1;
  totals.promptTokens += record.promptTokens;
  totals.completionTokens += record.completionTokens;
  totals.cachedTokens += record.cachedTokens;
  totals.cacheWriteTokens += record.cacheWriteTokens;
  totals.reasoningTokens += record.reasoningTokens;
  if (record.failed) totals.failedCount += 1;
  const nanos = recordCostNanos(record);
  if (record.source === 'included') totals.includedCount += 1;
  else if (record.source === 'unknown' || nanos === undefined) totals.unknownCount += 1;
  else {
    totals.knownCount += 1;
    totals.costNanos += nanos;
  }
  return totals;
}

export function totalsOf(records: Iterable<CostRecord>): CostTotals {
  const totals = emptyTotals();
  for (const record of records) addRecord(totals, record);
  return totals;
}

/** Records grouped by a key (model, run id, day…), groups in first-seen order. */
export function groupTotals(records: Iterable<CostRecord>, keyOf: (record: CostRecord) => string | undefined): Map<string, CostTotals> {
  const groups = new Map<string, CostTotals>();
  for (const record of records) {
    const key = keyOf(record);
    if (key === undefined) continue;
    let totals = groups.get(key);
    if (!totals) {
      totals = emptyTotals();
      groups.set(key, totals);
    }
    addRecord(totals, record);
  }
  return groups;
}

/** `$0.0123`, `$0.0123+?`, `$?`, or `12.3K tokens` (subscription only): see {@link formatCostAmount}. */
export function formatTotals(totals: CostTotals): string {
  return formatCostAmount({ ...totals, tokens: totals.promptTokens + totals.completionTokens });
}

/** Local calendar day `YYYY-MM-DD` of an ISO time: "today" means the user's day. */
export function localDayKey(time: string | Date): string {
  const date = typeof time === 'string' ? new Date(time) : time;
  const month = String(date.getMonth() + 1).padStart(2, '0');
  const day = String(date.getDate()).padStart(2, '0');
  return `${date.getFullYear()}-${month}-${day}`;
}

/** Local calendar month `YYYY-MM`. */
export function localMonthKey(time: string | Date): string {
  return localDayKey(time).slice(0, 7);
}
