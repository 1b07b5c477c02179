/**
 * Guides in the overview README: a `## Guides` section listing every guide of the manifest by
 * title and question. It is built without a model request, so it is rewritten in place whenever
 * a guide is saved, and added when the overview itself is generated. And what a documentation
 * run asks of the guide writer to keep guides fresh.
 */
import * as path from 'node:path';
import type { Manifest, ManifestPage, ManifestStore } from './manifest';
import type { ModelCaller } from './modelCalls';
import type { PageWriter } from './pageWriter';
import type { RunEstimate } from './runEstimate';
import type { ScanResult } from './types';
import { pageToPageLink } from './pagePaths';
import { escapeMarkdownText } from './markdownEscape';

/** Output-relative folder of guides. */
export const GUIDES_FOLDER = 'guides';

/** `## Guides` of the overview README: every guide in the manifest, by title. */
export function guidesSection(manifest: Manifest, fromPage: string): string | undefined {
  // Not Object.entries: the overview of a large project holds tens of thousands of pages.
  const guides: [string, ManifestPage][] = [];
  for (const p in manifest.pages) if (manifest.pages[p].kind === 'guide') guides.push([p, manifest.pages[p]]);
  guides.sort(([a], [b]) => (a < b ? -1 : 1));
  if (guides.length === 0) return undefined;
  const rows = guides.map(([p, e]) => `- [${escapeMarkdownText(e.title || path.posix.basename(p, '.md'))}](${pageToPageLink(fromPage, p)})${e.topic ? ` — ${escapeMarkdownText(e.topic)}` : ''}`);
  return `## Guides\n\nAnswers to questions about the code, written from the lines they cite:\n\n${rows.join('\n')}`;
}

/**
 * The README with its `## Guides` section replaced (or inserted before `## Index`, or appended),
 * or removed when `section` is undefined.
 */
export function withGuidesSection(readme: string, section: string | undefined): string {
  const start = readme.search(/^## Guides\s*$/m);
  let text = readme;
  if (start >= 0) {
    const rest = readme.slice(start + 1);
    const next = rest.search(/^## /m);
    const end = next >= 0 ? start + 1 + next : readme.length;
    text = `${readme.slice(0, start)}${readme.slice(end)}`;
  }
  if (!section) return text;
  const index = text.search(/^## Index\s*$/m);
  if (index >= 0) return `${text.slice(0, index)}${section}\n\n${text.slice(index)}`;
  return `${text.trimEnd()}\n\n${section}\n`;
}

/** A guide recorded in the manifest whose sources changed or are gone, or whose page is not Docsmith's. */
export interface StaleGuide {
  pagePath: string;
  topic: string;
  /** A file without Docsmith's marker is in the guide's place: it is left alone, never written over. */
  notOwned?: boolean;
}

/**
 * The guides a run writes: every stale one, or with `only` the stale ones it lists — and, when
 * `only.force` is set, a listed guide even when it is fresh (Regenerate Page on a guide). Never a
 * guide whose page is not Docsmith's ({@link guidesLeftAlone}).
 */
export function guidesToWrite(stale: readonly StaleGuide[], manifest: Manifest, only?: { pages: readonly string[]; force?: boolean }): StaleGuide[] {
  return guidesInScope(stale, manifest, only).filter((g) => !g.notOwned);
}

/** The guides of the run's scope left alone because a file Docsmith did not write is in their place. */
export function guidesLeftAlone(stale: readonly StaleGuide[], only?: { pages: readonly string[] }): string[] {
  const listed = only ? new Set(only.pages) : undefined;
  return stale.filter((g) => g.notOwned && (!listed || listed.has(g.pagePath))).map((g) => g.pagePath);
}

function guidesInScope(stale: readonly StaleGuide[], manifest: Manifest, only?: { pages: readonly string[]; force?: boolean }): StaleGuide[] {
  if (!only) return [...stale];
  const listed = new Set(only.pages);
  const out = stale.filter((g) => listed.has(g.pagePath));
  if (!only.force) return out;
  for (const pagePath of listed) {
    const entry = Object.prototype.hasOwnProperty.call(manifest.pages, pagePath) ? manifest.pages[pagePath] : undefined;
    if (entry?.kind === 'guide' && entry.topic && !out.some((g) => g.pagePath === pagePath)) out.push({ pagePath, topic: entry.topic });
  }
  return out.sort((a, b) => (a.pagePath < b.pagePath ? -1 : 1));
}

export interface GuideRefreshOutcome {
  pagePath: string;
  status: 'written' | 'unchanged' | 'answered' | 'notSaved' | 'cancelled' | 'declined' | 'stoppedByCap' | 'failed';
  error?: { reason: string; message: string };
}

/**
 * What a documentation run needs to keep guides fresh, provided by the guide writer: which
 * guides are stale, what rewriting them adds to the estimate, and rewriting them with the run's
 * lock, manifest, writer and model caller (so its cap, ledger and cancellation cover them).
 */
export interface GuideRefresher {
  stale(manifest: ManifestStore, scan: ScanResult, writer: PageWriter): Promise<StaleGuide[]>;
  estimate(estimate: RunEstimate, count: number): Promise<RunEstimate>;
  refresh(guides: readonly StaleGuide[], run: { root: string; scan: ScanResult; manifest: ManifestStore; writer: PageWriter; caller: ModelCaller; signal?: AbortSignal }): Promise<GuideRefreshOutcome[]>;
}
