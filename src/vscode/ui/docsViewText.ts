/**
 * Words and icons of the Docsmith Docs view, the stale-file badges, the editor's "Docs stale"
 * action and the status bar's docs line. No `vscode` import: unit-tested in plain Node.
 */
import { formatUsd, usdToNanos } from '../../core/cost/money';
import { escapeMarkdownText } from '../../core/docs/markdownEscape';
import { describeCause, type DocCounts, type DocState, type DocStatus } from '../../core/docs/docStatus';

/** Codicon and theme colour id per state. */
export const STATE_ICONS: Readonly<Record<DocState, { icon: string; color?: string }>> = {
  fresh: { icon: 'pass', color: 'testing.iconPassed' },
  stale: { icon: 'history', color: 'list.warningForeground' },
  missing: { icon: 'circle-large-outline', color: 'disabledForeground' },
  failed: { icon: 'error', color: 'list.errorForeground' },
  notOwned: { icon: 'lock' },
};

const STATE_WORDS: Readonly<Record<DocState, string>> = {
  fresh: 'fresh',
  stale: 'stale',
  missing: 'missing',
  failed: 'failed',
  notOwned: 'not Docsmith’s',
};

/** Name shown in the tree: the file or folder name, a guide's title, or what the summary page is. */
export function pageLabel(status: Pick<DocStatus, 'kind' | 'subject' | 'entry'>): string {
  switch (status.kind) {
    case 'overview':
      return 'Overview';
    case 'architecture':
      return 'Architecture';
    case 'guide':
      return status.entry?.title || status.subject;
    default:
      return status.subject.slice(status.subject.lastIndexOf('/') + 1);
  }
}

/** The cost of a page as written (unknown shown as `$?`, never as $0); empty before it was written. */
export function pageCost(status: Pick<DocStatus, 'entry'>): string {
  const entry = status.entry;
  if (!entry) return '';
  return entry.costUsd === null ? '$?' : formatUsd(usdToNanos(entry.costUsd));
}

/** `stale · $0.0012`: the state, then the cost of the page as last written. */
export function pageDescription(status: DocStatus): string {
  const cost = pageCost(status);
  return cost ? `${STATE_WORDS[status.state]} · ${cost}` : STATE_WORDS[status.state];
}

/** Why the page is in its state, in one sentence. */
export function stateSentence(status: DocStatus): string {
  switch (status.state) {
    case 'fresh':
      return 'Up to date with its sources.';
    case 'stale':
      return `Stale: ${describeCause(status.cause) || 'what it was built from changed'}.`;
    case 'missing': {
      const why = describeCause(status.cause);
      if (status.entry) return 'Missing: the page file was deleted.';
      return why ? `Missing: ${why}.` : 'Missing: not generated yet.';
    }
    case 'failed':
      return `Failed in the last run: ${status.failure?.message ?? 'no reason recorded'}.`;
    case 'notOwned':
      return 'A file Docsmith did not write is where this page goes; it is left alone.';
  }
}

/** Markdown tooltip of a tree item: page, state and why, then who wrote it, when, and at what cost. */
export function pageTooltipMarkdown(status: DocStatus): string {
  const lines = [`**\`${status.path}\`**`, '', stateSentence(status)];
  if (status.kind === 'guide' && status.subject) lines.splice(1, 0, '', `Question: ${escapeMarkdownText(status.subject)}`);
  const e = status.entry;
  if (e) {
    const when = e.generatedAt ? e.generatedAt.replace('T', ' ').replace(/\.\d+Z$/, ' UTC') : 'unknown';
    lines.push('', `Written ${when} by \`${e.model}\` (${e.provider}): ${e.requests} request${e.requests === 1 ? '' : 's'}, ${e.tokens.total} tokens, ${pageCost(status)}.`);
  }
  return lines.join('\n');
}

export interface SourceBadge {
  badge: string;
  tooltip: string;
}

/** Badge of a source file whose page is stale (or failed after it changed); none otherwise. */
export function staleSourceBadge(status: DocStatus | undefined): SourceBadge | undefined {
  if (!status || status.kind !== 'file') return undefined;
  if (status.state !== 'stale' && !(status.state === 'failed' && status.entry)) return undefined;
  return { badge: '↻', tooltip: `Docsmith: the page of this file is ${status.state === 'failed' ? 'stale (the last update failed)' : 'stale'}` };
}

/** Title of the editor action over a source file whose page is stale. */
export const STALE_LENS_TITLE = '$(history) Docs stale — Update';

/** `3 stale · 1 missing · 1 failed`, or '' when everything is fresh. */
export function countsLine(counts: Pick<DocCounts, 'stale' | 'missing' | 'failed'>): string {
  return [counts.stale && `${counts.stale} stale`, counts.missing && `${counts.missing} missing`, counts.failed && `${counts.failed} failed`].filter(Boolean).join(' · ');
}
