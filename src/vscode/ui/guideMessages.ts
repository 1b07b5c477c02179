/**
 * Words of Write a Guide and `@docsmith`: the progress line and how a guide ended. No `vscode`
 * import: the editor passes `vscode.l10n.t` as `t`, so every message is translatable; tests and
 * English use {@link formatEnglish}.
 */
import { formatUsd, usdToNanos } from '../../core/cost/money';
import type { GuideProgress, GuideResult } from '../../core/guide/guideWriter';
import { formatEnglish, type Translate } from './providerErrorText';

function cost(usd: number | undefined): string {
  return usd === undefined ? '$?' : formatUsd(usdToNanos(usd));
}

/** The progress notification's line: phase, the tool call just made, cost so far. */
export function guideProgressMessage(p: GuideProgress, t: Translate = formatEnglish): string | undefined {
  const spent = cost(p.costUsd);
  switch (p.phase) {
    case 'scan':
      return t('reading the workspace…');
    case 'exploration':
      if (!p.toolCall) return t('exploring (round {0}/{1}) · {2}', p.round ?? 0, p.maxRounds ?? 0, spent);
      return p.toolCall.isError
        ? t('exploring (round {0}/{1}): {2} — refused · {3}', p.round ?? 0, p.maxRounds ?? 0, p.toolCall.label, spent)
        : t('exploring (round {0}/{1}): {2} · {3}', p.round ?? 0, p.maxRounds ?? 0, p.toolCall.label, spent);
    case 'outline':
      return t('outlining · {0}', spent);
    case 'sections':
      return t('writing sections {0}/{1} · {2}', p.sectionsDone ?? 0, p.sectionsTotal ?? 0, spent);
    case 'answer':
      return t('answering · {0}', spent);
    case 'saving':
      return t('saving · {0}', spent);
    default:
      return undefined;
  }
}

/** One line about how a guide ended, and how loudly to say it. */
export function guideOutcomeMessage(r: GuideResult, t: Translate = formatEnglish): { severity: 'info' | 'warning' | 'error'; message: string } {
  const spent = r.requests === 1 ? t('1 request, {0}', cost(r.costUsd)) : t('{0} requests, {1}', r.requests, cost(r.costUsd));
  switch (r.status) {
    case 'written':
      return { severity: 'info', message: t('Docsmith saved {0} ({1} tool calls, {2} ranges read, {3}).', r.pagePath, r.toolCalls.total, r.sources.length, spent) };
    case 'unchanged':
      return { severity: 'info', message: t('Docsmith: {0} is up to date — nothing it read has changed, no request made.', r.pagePath) };
    case 'answered':
      return { severity: 'info', message: t('Answered ({0}).', spent) };
    case 'declined':
      return { severity: 'info', message: t('Docsmith: nothing was sent; the guide was not started.') };
    case 'cancelled':
      return { severity: 'info', message: t('Docsmith: the guide was cancelled; nothing was saved ({0}).', spent) };
    case 'stoppedByCap':
      return { severity: 'warning', message: t('Docsmith stopped the guide at the cost cap (docsmith.maxCostPerRun); nothing was saved ({0}).', spent) };
    case 'notSaved':
      return { severity: 'warning', message: t('Docsmith did not save {0}: a file Docsmith did not write is already there.', r.pagePath) };
    case 'failed':
      return { severity: 'error', message: t('Docsmith could not write the guide: {0} ({1}).', r.error?.message ?? t('unknown error'), spent) };
  }
}
