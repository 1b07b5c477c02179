import { formatUsd, usdToNanos } from '../../core/cost/money';
import type { GuideProgress, GuideResult } from '../../core/guide/guideWriter';

function cost(usd: number | undefined): string {
  return usd === undefined ? '$?' : formatUsd(usdToNanos(usd));
}

/** The progress notification's line: phase, the tool call just made, cost so far. */
export function guideProgressMessage(p: GuideProgress): string | undefined {
  const spent = cost(p.costUsd);
  switch (p.phase) {
    case 'scan':
      return 'reading the workspace…';
    case 'exploration':
      return p.toolCall
        ? `exploring (round ${p.round}/${p.maxRounds}): ${p.toolCall.label}${p.toolCall.isError ? ' — refused' : ''} · ${spent}`
        : `exploring (round ${p.round}/${p.maxRounds}) · ${spent}`;
    case 'outline':
      return `outlining · ${spent}`;
    case 'sections':
      return `writing sections ${p.sectionsDone}/${p.sectionsTotal} · ${spent}`;
    case 'answer':
      return `answering · ${spent}`;
    case 'saving':
      return `saving · ${spent}`;
    default:
      return undefined;
  }
}

/** One line about how a guide ended, and how loudly to say it. */
export function guideOutcomeMessage(r: GuideResult): { severity: 'info' | 'warning' | 'error'; message: string } {
  const spent = `${r.requests} request${r.requests === 1 ? '' : 's'}, ${cost(r.costUsd)}`;
  switch (r.status) {
    case 'written':
      return { severity: 'info', message: `Docsmith saved ${r.pagePath} (${r.toolCalls.total} tool calls, ${r.sources.length} ranges read, ${spent}).` };
    case 'unchanged':
      return { severity: 'info', message: `Docsmith: ${r.pagePath} is up to date — nothing it read has changed, no request made.` };
    case 'answered':
      return { severity: 'info', message: `Answered (${spent}).` };
    case 'declined':
      return { severity: 'info', message: 'Docsmith: nothing was sent; the guide was not started.' };
    case 'cancelled':
      return { severity: 'info', message: `Docsmith: the guide was cancelled; nothing was saved (${spent}).` };
    case 'stoppedByCap':
      return { severity: 'warning', message: `Docsmith stopped the guide at the cost cap (docsmith.maxCostPerRun); nothing was saved (${spent}).` };
    case 'notSaved':
      return { severity: 'warning', message: `Docsmith did not save ${r.pagePath}: a file Docsmith did not write is already there.` };
    case 'failed':
      return { severity: 'error', message: `Docsmith could not write the guide: ${r.error?.message ?? 'unknown error'} (${spent}).` };
  }
}
