import { describeFallback, type FallbackUse } from '../../core/docs/modelFallback';
import { formatTokenCount, formatUsd, usdToNanos } from '../../core/cost/money';
import type { RunEstimate } from '../../core/docs/runEstimate';
import type { DocRunSummary } from '../../core/docs/runSummary';

function usd(value: number): string {
  return formatUsd(usdToNanos(value));
}

/** Whether an estimate needs the user's yes: above `docsmith.confirmCostAbove`, or of unknown cost on a priced provider. */
export function needsConfirmation(estimate: RunEstimate, thresholdUsd: number, options: { free: boolean; included: boolean }): boolean {
  if (options.free || options.included || estimate.requests === 0) return false;
  if (estimate.costUsd === undefined) return true;
  return estimate.costUsd > thresholdUsd;
}

/** The confirmation's headline: the estimate itself (or that it is unknown). */
export function estimateHeadline(estimate: RunEstimate): string {
  if (estimate.costUsd === undefined) return 'Docsmith: the cost of this run is unknown.';
  const high = estimate.costHighUsd !== undefined && estimate.costHighUsd > estimate.costUsd ? ` (at most ${usd(estimate.costHighUsd)})` : '';
  return `Docsmith: this run is estimated at ${usd(estimate.costUsd)}${high}.`;
}

/**
 * The modal's figures: requests and tokens, the answers the response cache holds, why it asks, and — when the upper bound is above
 * `docsmith.maxCostPerRun` — that the run stops at the cap.
 */
export function estimateDetail(estimate: RunEstimate, model: string, limits: { confirmAboveUsd: number; maxCostPerRunUsd: number }): string {
  const cached = estimate.cachedAnswers ?? 0;
  const lines = [
    `${estimate.requests} request${estimate.requests === 1 ? '' : 's'} to ${model}: about ${formatTokenCount(estimate.promptTokens)} input and ${formatTokenCount(estimate.outputTokens)} output tokens.`,
    ...(cached > 0 ? [`${cached} of ${cached + estimate.requests} answers from the response cache, at no cost.`] : []),
    estimate.costUsd === undefined
      ? 'This model has no known prices.'
      : `Docsmith asks before runs estimated above ${usd(limits.confirmAboveUsd)} (docsmith.confirmCostAbove).`,
  ];
  const cap = limits.maxCostPerRunUsd;
  const high = estimate.costHighUsd ?? estimate.costUsd;
  if (cap > 0 && high !== undefined && high > cap) {
    lines.push(`The upper bound is above the per-run cap of ${usd(cap)} (docsmith.maxCostPerRun): the run stops at the cap, and the next run continues from there.`);
  }
  return lines.join('\n');
}

/** The progress line while the requests are counted: `estimating 1 page…`, `estimating 12 pages…`. */
export function estimatingMessage(pagesTotal: number): string {
  return `estimating ${pages(pagesTotal)}…`;
}

export type RunNoticeAction = 'openDocs' | 'showOutput';

export interface RunNotice {
  severity: 'info' | 'warning' | 'error';
  message: string;
  actions: RunNoticeAction[];
}

function pages(n: number): string {
  return `${n} page${n === 1 ? '' : 's'}`;
}

function runCost(s: DocRunSummary): string {
  if (s.requests === 0) return s.cache.hits > 0 ? usd(0) : 'no model requests';
  return s.cost.actualUsd !== undefined ? usd(s.cost.actualUsd) : `${usd(s.cost.knownUsd)}+? (some costs unknown)`;
}

/**
 * The notification after a workspace run. Fatal provider errors are worded by the error mapping
 * instead (the caller checks `summary.fatal` first); this covers every other outcome.
 */
export function runNotice(s: DocRunSummary): RunNotice {
  const written = s.pages.written.length;
  const unchanged = s.pages.unchanged.length;
  const openDocs: RunNoticeAction[] = written + unchanged > 0 ? ['openDocs'] : [];
  if (s.declined) return { severity: 'info', message: 'Docsmith: nothing was sent; the run was not started.', actions: [] };
  if (s.cancelled) {
    return { severity: 'info', message: `Docsmith: cancelled after ${pages(written)} (${runCost(s)}). Run Generate Docs again to continue.`, actions: openDocs };
  }
  if (s.stoppedByCap) {
    return {
      severity: 'warning',
      message: `Docsmith stopped at the cost cap (docsmith.maxCostPerRun) after ${pages(written)}, ${runCost(s)}. ${s.pages.notStarted.length} left: run again to continue.`,
      actions: [...openDocs, 'showOutput'],
    };
  }
  if (s.failed.length > 0) {
    return {
      severity: 'warning',
      message: `Docsmith wrote ${pages(written)}; ${s.failed.length} failed (see the Docsmith output). Cost: ${runCost(s)}.${cacheNote(s)}${fallbackNote(s)}`,
      actions: [...openDocs, 'showOutput'],
    };
  }
  if (written === 0) return { severity: 'info', message: `Docsmith: the docs are up to date (${pages(unchanged)} unchanged, no model requests).`, actions: openDocs };
  return { severity: 'info', message: `Docsmith wrote ${pages(written)}${unchanged ? ` (${unchanged} unchanged)` : ''} for ${runCost(s)}.${cacheNote(s)}${fallbackNote(s)}`, actions: openDocs };
}

function cacheNote(s: DocRunSummary): string {
  return servedNote(s.cache.hits, []);
}

function fallbackNote(s: DocRunSummary): string {
  return servedNote(0, s.fallbacks);
}

/**
 * What served a command's answers besides the chosen model: " 24 answers came from the response
 * cache, at no cost." and " 12 pages served by `x/y` (fallback for `a/b`: 503)." for each
 * fallback used; empty when the chosen model answered everything.
 */
export function servedNote(cacheHits: number, fallbacks: readonly FallbackUse[]): string {
  const cached = cacheHits > 0 ? ` ${cacheHits} answer${cacheHits === 1 ? '' : 's'} came from the response cache, at no cost.` : '';
  return cached + fallbacks.map((f) => ` ${describeFallback(f)}.`).join('');
}
