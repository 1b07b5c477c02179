import type { CostRecord } from '../../core/cost/types';

/** Sums of a session's cost records, as the status bar and the cost view show them. */
export interface CostTotals {
  requests: number;
  failedRequests: number;
  promptTokens: number;
  completionTokens: number;
  cachedTokens: number;
  cacheWriteTokens: number;
  reasoningTokens: number;
  /** Exact sum of every known cost, in micro-dollars. */
  knownMicros: number;
  /** Requests whose cost is known (`reported`, `lookup`, `computed`). */
  pricedRequests: number;
  /** Requests whose cost cannot be known: never shown as $0. */
  unknownRequests: number;
  /** Requests billed by subscription (vscodeLm). */
  includedRequests: number;
}

/** Run progress shown in the status bar while a run is going. */
export interface RunProgress {
  done: number;
  total: number;
}

export function emptyTotals(): CostTotals {
  return {
    requests: 0, failedRequests: 0, promptTokens: 0, completionTokens: 0, cachedTokens: 0, cacheWriteTokens: 0,
    reasoningTokens: 0, knownMicros: 0, pricedRequests: 0, unknownRequests: 0, includedRequests: 0,
  };
}

export function totalsOf(records: readonly CostRecord[]): CostTotals {
  const t = emptyTotals();
  for (const r of records) {
    t.requests += 1;
    if (r.failed) t.failedRequests += 1;
    t.promptTokens += r.promptTokens;
    t.completionTokens += r.completionTokens;
    t.cachedTokens += r.cachedTokens;
    t.cacheWriteTokens += r.cacheWriteTokens;
    t.reasoningTokens += r.reasoningTokens;
    if (r.source === 'included') t.includedRequests += 1;
    else if (r.source === 'unknown' || r.costMicros === undefined) t.unknownRequests += 1;
    else {
      t.pricedRequests += 1;
      t.knownMicros += r.costMicros;
    }
  }
  return t;
}

/** US dollars from integer micro-dollars: 4 decimals under $1, 2 decimals from $1 up. */
export function formatUsdMicros(micros: number): string {
  const negative = micros < 0;
  const abs = Math.abs(Math.round(micros));
  const tenThousandths = Math.round(abs / 100);
  let text: string;
  if (tenThousandths < 10_000) {
    text = `0.${String(tenThousandths).padStart(4, '0')}`;
  } else {
    const cents = Math.round(abs / 10_000);
    text = `${Math.floor(cents / 100).toLocaleString('en-US')}.${String(cents % 100).padStart(2, '0')}`;
  }
  return `${negative ? '-' : ''}$${text}`;
}

/** 1234 → `1,234`; 12_345 → `12.3K`; 1_500_000 → `1.5M`. */
export function formatTokenCount(n: number): string {
  if (n < 10_000) return n.toLocaleString('en-US');
  if (n < 1_000_000) return `${trimZeros((n / 1000).toFixed(n < 100_000 ? 1 : 0))}K`;
  return `${trimZeros((n / 1_000_000).toFixed(2))}M`;
}

function trimZeros(s: string): string {
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

/**
 * The session's cost as one short string: `$0.0123`, `$?` when nothing is known, `$0.0123+?` when
 * part is unknown, and tokens instead of dollars when every request was included in a subscription.
 */
export function formatSessionCost(t: CostTotals): string {
  if (t.requests > 0 && t.includedRequests === t.requests) {
    return `${formatTokenCount(t.promptTokens + t.completionTokens)} tokens`;
  }
  if (t.unknownRequests > 0) return t.pricedRequests > 0 ? `${formatUsdMicros(t.knownMicros)}+?` : '$?';
  return formatUsdMicros(t.knownMicros);
}

/** Status bar text: `$(book) $0.0123`, or `$(book) 12/40 · $0.0123` during a run. */
export function costStatusText(t: CostTotals, progress?: RunProgress): string {
  const cost = formatSessionCost(t);
  return progress ? `$(book) ${progress.done}/${progress.total} · ${cost}` : `$(book) ${cost}`;
}

/** Screen-reader label for the cost item. */
export function costStatusLabel(t: CostTotals, progress?: RunProgress): string {
  const cost = formatSessionCost(t).replace('+?', ' plus unknown costs').replace('$?', 'unknown');
  const run = progress ? `Run progress ${progress.done} of ${progress.total}. ` : '';
  return `${run}Docsmith session cost ${cost}, ${t.requests} requests`;
}

/** Markdown tooltip: requests, tokens, total and the OpenRouter balance when known. */
export function costTooltipMarkdown(t: CostTotals, options: { progress?: RunProgress; balanceUsd?: number } = {}): string {
  const rows: [string, string][] = [
    ['Requests', `${t.requests}${t.failedRequests ? ` (${t.failedRequests} failed after billing)` : ''}`],
    ['Input tokens', `${formatTokenCount(t.promptTokens)}${t.cachedTokens ? ` (${formatTokenCount(t.cachedTokens)} cached)` : ''}`],
    ['Output tokens', formatTokenCount(t.completionTokens)],
    ['Total', formatSessionCost(t)],
  ];
  if (t.cacheWriteTokens) rows.splice(2, 0, ['Cache-write tokens', formatTokenCount(t.cacheWriteTokens)]);
  if (t.unknownRequests) rows.push(['Unknown cost', `${t.unknownRequests} request${t.unknownRequests === 1 ? '' : 's'}`]);
  if (t.includedRequests) rows.push(['Included in subscription', `${t.includedRequests} request${t.includedRequests === 1 ? '' : 's'}`]);
  if (options.progress) rows.unshift(['Run progress', `${options.progress.done}/${options.progress.total}`]);
  if (options.balanceUsd !== undefined) rows.push(['OpenRouter balance', formatUsdMicros(Math.round(options.balanceUsd * 1e6))]);
  const table = ['| | |', '|---|---:|', ...rows.map(([k, v]) => `| ${k} | ${v} |`)].join('\n');
  return `**Docsmith — this session**\n\n${table}\n\nClick for the cost of every request.`;
}
