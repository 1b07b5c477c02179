import { formatTotals } from '../../core/cost/costTotals';
import { formatTokenCount, formatUsd, usdToNanos } from '../../core/cost/money';
import type { CostTotals } from '../../core/cost/types';

/** Pages done of pages planned, shown in the status bar while a run is going (the part of a run's progress it shows). */
export interface PagesProgress {
  done: number;
  total: number;
}

/** Status bar text: `$(book) $0.0123`, or `$(book) 12/40 · $0.0123` during a run. */
export function costStatusText(t: CostTotals, progress?: PagesProgress): string {
  const cost = formatTotals(t);
  return progress ? `$(book) ${progress.done}/${progress.total} · ${cost}` : `$(book) ${cost}`;
}

/** Screen-reader label for the cost item: words instead of `$?` and `+?`. */
export function costStatusLabel(t: CostTotals, progress?: PagesProgress): string {
  const cost = formatTotals(t).replace(/\+\?$/, ' plus unknown costs').replace(/^\$\?$/, 'unknown');
  const run = progress ? `Run progress ${progress.done} of ${progress.total}. ` : '';
  return `${run}Docsmith session cost ${cost}, ${t.requests} request${t.requests === 1 ? '' : 's'}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Pages of the workspace's docs that Update Stale Docs would regenerate. */
export interface DocsNeedingUpdate {
  stale: number;
  missing: number;
  failed: number;
}

/**
 * Markdown tooltip: requests, input/output/cached tokens, total, the OpenRouter balance when
 * known, and how many pages of the docs are stale.
 */
export function costTooltipMarkdown(t: CostTotals, options: { progress?: PagesProgress; balanceUsd?: number; docs?: DocsNeedingUpdate } = {}): string {
  const rows: [string, string][] = [];
  if (options.progress) rows.push(['Run progress', `${options.progress.done}/${options.progress.total}`]);
  rows.push(['Requests', `${t.requests}${t.failedCount ? ` (${t.failedCount} failed after billing)` : ''}`]);
  rows.push(['Input tokens', `${formatTokenCount(t.promptTokens)}${t.cachedTokens ? ` (${formatTokenCount(t.cachedTokens)} cached)` : ''}`]);
  if (t.cacheWriteTokens) rows.push(['Cache-write tokens', formatTokenCount(t.cacheWriteTokens)]);
  rows.push(['Output tokens', `${formatTokenCount(t.completionTokens)}${t.reasoningTokens ? ` (${formatTokenCount(t.reasoningTokens)} reasoning)` : ''}`]);
  rows.push(['Total', formatTotals(t)]);
  if (t.unknownCount) rows.push(['Unknown cost', plural(t.unknownCount, 'request')]);
  if (t.includedCount) rows.push(['Included in subscription', plural(t.includedCount, 'request')]);
  if (options.balanceUsd !== undefined && Number.isFinite(options.balanceUsd)) rows.push(['OpenRouter balance', formatUsd(usdToNanos(options.balanceUsd))]);
  const table = ['| | |', '|---|---:|', ...rows.map(([k, v]) => `| ${k} | ${v} |`)].join('\n');
  const docs = options.docs ? `\n\n${docsLine(options.docs)}` : '';
  return `**Docsmith — this session**\n\n${table}${docs}\n\nClick for the cost of every request.`;
}

/** `Docs: 3 stale pages, 1 missing — run Update Stale Docs.`, or that they are up to date. */
function docsLine(d: DocsNeedingUpdate): string {
  const parts = [d.stale && plural(d.stale, 'stale page'), d.missing && `${d.missing} missing`, d.failed && `${d.failed} failed`].filter(Boolean);
  return parts.length === 0 ? 'Docs: up to date.' : `Docs: ${parts.join(', ')} — run **Update Stale Docs**.`;
}
