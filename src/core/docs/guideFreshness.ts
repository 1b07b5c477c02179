/**
 * Whether a recorded guide is fresh, and why not. One decision for the run that writes stale
 * guides again and for what shows them (the Docs view, the status bar, `cli check`), so they never
 * disagree. A guide is fresh while every file it read still has the hash it had, it was written
 * by this version of the guide prompts, and the page on disk is the page that was written.
 */
import { createHash } from 'node:crypto';
import type { ManifestPage } from './manifest';
import type { StaleCause } from './pageFreshness';
import type { PageOwnership } from './pageWriter';

/** Bump when the guide writer's prompts change in a way that should rewrite every guide. */
export const GUIDE_PROMPT_VERSION = 1;

/** Hash over what a guide was built from: prompt version, topic, and every file read with its hash. */
export function guideInputsHash(topic: string, sources: Readonly<Record<string, string>>): string {
  const h = createHash('sha256');
  for (const part of ['guide', String(GUIDE_PROMPT_VERSION), topic, ...Object.keys(sources).sort().map((p) => `${p}:${sources[p]}`)]) h.update(part).update('\0');
  return h.digest('hex');
}

export interface GuideCheck {
  /**
   * `missing`: the page file is gone (or is not a regular file); `notOwned`: a file without
   * Docsmith's marker is there (the user replaced the guide by their own text): it is left alone.
   */
  freshness: 'fresh' | 'stale' | 'missing' | 'notOwned';
  /** Files it read that changed or are gone; `other` when neither explains it. */
  cause: StaleCause;
  /** Why it is not fresh, in a few words (`src/a.ts changed`, `the page on disk differs`). */
  reason?: string;
}

/**
 * Checks a guide's manifest entry against the workspace's current file hashes (`hashOf` answers
 * undefined for a file that is gone or no longer readable) and what is on disk at its page.
 */
export function guideFreshness(entry: ManifestPage, hashOf: (path: string) => string | undefined, page: PageOwnership | undefined): GuideCheck {
  const cause: StaleCause = { changed: [], added: [], removed: [], other: false };
  let reason: string | undefined;
  for (const [p, hash] of Object.entries(entry.sources)) {
    const now = hashOf(p);
    if (now === hash) continue;
    (now === undefined ? cause.removed : cause.changed).push(p);
    reason ??= now === undefined ? `${p} is gone` : `${p} changed`;
  }
  cause.changed.sort();
  cause.removed.sort();
  if (!page) return { freshness: 'missing', cause, reason: reason ?? 'the page file is gone' };
  if (!page.generated) return { freshness: 'notOwned', cause, reason: 'a file Docsmith did not write is in its place' };
  if (reason) return { freshness: 'stale', cause, reason };
  if (entry.inputsHash !== guideInputsHash(entry.topic ?? '', entry.sources)) reason = 'written by another version';
  else if (page.hash !== entry.contentHash) reason = 'the page on disk differs';
  else return { freshness: 'fresh', cause };
  cause.other = true;
  return { freshness: 'stale', cause, reason };
}
