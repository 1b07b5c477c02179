/**
 * The state of every page of a workspace's docs — what the Docsmith Docs view lists, the file
 * badges mark, the status bar counts and `cli check` reports — from the page plan, the manifest,
 * the pages on disk and the failures of the last runs. Freshness itself is {@link pageFreshness}.
 */
import type { Manifest, ManifestPage, ManifestPageKind } from './manifest';
import { guideFreshness } from './guideFreshness';
import { pageFreshness, staleCause, type DocsInputs, type StaleCause } from './pageFreshness';
import type { PageOwnership, PageState } from './pageWriter';
import type { RecordedFailure } from './runFailures';

/** `failed`: not fresh, and the last run that tried it failed (the reason is kept). */
export type DocState = 'fresh' | 'stale' | 'missing' | 'failed' | 'notOwned';

export interface DocStatus {
  /** Output-relative page path. */
  path: string;
  kind: ManifestPageKind;
  /** file: the source path; folder: the folder; guide: its question; architecture/overview: `''`. */
  subject: string;
  state: DocState;
  /** What changed, for pages that are not fresh. */
  cause?: StaleCause;
  failure?: RecordedFailure;
  /** The manifest entry (model, cost, time) when the page was written before. */
  entry?: ManifestPage;
}

export interface DocStatusInputs {
  docs: DocsInputs;
  entry: (page: string) => ManifestPage | undefined;
  /** What is at a page's path. */
  onDisk: (page: string) => PageState;
  /** Whether the page file carries Docsmith's marker (asked only where the manifest does not vouch for the page). */
  generated: (page: string) => boolean;
  failures: ReadonlyMap<string, RecordedFailure>;
}

/** True for the states Update Stale Docs and `cli check` act on. */
export function needsUpdate(state: DocState): boolean {
  return state === 'stale' || state === 'missing' || state === 'failed';
}

/** Every planned page with its state, in plan order (files bottom-up, folders, architecture, overview). */
export function docStatuses(input: DocStatusInputs): DocStatus[] {
  const { plan, expected, inputs } = input.docs;
  const view = { plan, expected, fileHashes: inputs.fileHashes, entry: input.entry };
  const memo = new Map<string, StaleCause>();
  return plan.pages.map((page) => {
    const entry = input.entry(page.path);
    const freshness = pageFreshness(entry, expected.get(page.path), input.onDisk(page.path), input.generated(page.path));
    const failure = freshness === 'fresh' || freshness === 'notOwned' ? undefined : input.failures.get(page.path);
    const state: DocState = failure ? 'failed' : freshness;
    const status: DocStatus = { path: page.path, kind: page.kind, subject: page.subject, state, entry };
    if (needsUpdate(state)) status.cause = staleCause(page, view, memo);
    if (failure) status.failure = failure;
    return status;
  });
}

/**
 * Every guide recorded in the manifest with its state, by page path. `hashOf` gives a workspace
 * file's current hash (undefined when it is gone), `pageOf` what is at a guide's page on disk.
 */
export function guideStatuses(manifest: Manifest, hashOf: (path: string) => string | undefined, pageOf: (page: string) => PageOwnership | undefined, failures: ReadonlyMap<string, RecordedFailure>): DocStatus[] {
  const out: DocStatus[] = [];
  for (const [path, entry] of Object.entries(manifest.pages)) {
    if (entry.kind !== 'guide') continue;
    const check = guideFreshness(entry, hashOf, pageOf(path));
    const failure = check.freshness === 'fresh' || check.freshness === 'notOwned' ? undefined : failures.get(path);
    const status: DocStatus = { path, kind: 'guide', subject: entry.topic ?? '', state: failure ? 'failed' : check.freshness, entry };
    if (needsUpdate(status.state)) status.cause = check.cause.other ? { ...check.cause, note: check.reason } : check.cause;
    if (failure) status.failure = failure;
    out.push(status);
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

export interface DocCounts {
  total: number;
  fresh: number;
  stale: number;
  missing: number;
  failed: number;
  notOwned: number;
}

export function countStates(statuses: readonly DocStatus[]): DocCounts {
  const counts: DocCounts = { total: statuses.length, fresh: 0, stale: 0, missing: 0, failed: 0, notOwned: 0 };
  for (const s of statuses) counts[s.state]++;
  return counts;
}

/** One line about a page that is not fresh: which sources changed, are new or are gone. */
export function describeCause(cause: StaleCause | undefined, max = 3): string {
  if (!cause) return '';
  const parts: string[] = [];
  const list = (files: readonly string[], verb: string): void => {
    if (files.length === 0) return;
    const shown = files.slice(0, max).map((f) => `\`${f}\``).join(', ');
    parts.push(`${shown}${files.length > max ? ` and ${files.length - max} more` : ''} ${verb}`);
  };
  list(cause.changed, 'changed');
  list(cause.added, cause.added.length === 1 ? 'has no page yet' : 'have no page yet');
  list(cause.removed, cause.removed.length === 1 ? 'is gone' : 'are gone');
  if (parts.length === 0 && cause.other && cause.note) parts.push(cause.note);
  else if (parts.length === 0 && cause.other) parts.push('other inputs changed (an imported file’s exports, the files not documented, or Docsmith’s prompts)');
  return parts.join('; ');
}
