/**
 * Guides on disk: where a topic's guide lives (`guides/<slug>.md`, a free slug when another topic
 * holds it), whether it is fresh (same topic, nothing it read has changed, the page as written),
 * and saving it — atomically, recorded in the manifest with the hashes of every file it read, and
 * listed in the overview README when Docsmith owns that README.
 */
import { promises as fs } from 'node:fs';
import type { ManifestPage, ManifestStore } from '../docs/manifest';
import { OVERVIEW_PAGE } from '../docs/pagePaths';
import type { PageWriter } from '../docs/pageWriter';
import { guideFreshness } from '../docs/guideFreshness';
import { slugForTopic } from './guidePage';
import { GUIDES_FOLDER, guidesSection, withGuidesSection, type StaleGuide } from '../docs/guideIndex';

function sameTopic(a: string | undefined, b: string): boolean {
  return (a ?? '').replace(/\s+/g, ' ').trim() === b.replace(/\s+/g, ' ').trim();
}

/** The page of a topic: its existing guide, else the first slug no other topic holds. */
export function guidePagePath(topic: string, manifest: ManifestStore): string {
  const base = slugForTopic(topic);
  for (let n = 1; n < 1000; n++) {
    const candidate = `${GUIDES_FOLDER}/${n === 1 ? base : `${base}-${n}`}.md`;
    const entry = manifest.get(candidate);
    if (!entry || (entry.kind === 'guide' && sameTopic(entry.topic, topic))) return candidate;
  }
  return `${GUIDES_FOLDER}/${base}-${Date.now()}.md`;
}

/** Why a recorded guide must be written again, or undefined when it is fresh. */
export async function guideStaleness(entry: ManifestPage | undefined, topic: string, currentHashes: ReadonlyMap<string, string>, writer: PageWriter, pagePath: string): Promise<string | undefined> {
  if (!entry || entry.kind !== 'guide') return 'new';
  if (!sameTopic(entry.topic, topic)) return 'another topic';
  const check = guideFreshness(entry, (p) => currentHashes.get(p), await writer.ownership(pagePath));
  return check.freshness === 'fresh' ? undefined : check.reason;
}

/**
 * Guides recorded in the manifest that are not fresh, with their topics: made stale by a source
 * change (or gone), or marked `notOwned` when a file without Docsmith's marker is in their place.
 */
export async function staleGuides(manifest: ManifestStore, currentHashes: ReadonlyMap<string, string>, writer: PageWriter): Promise<StaleGuide[]> {
  const out: StaleGuide[] = [];
  for (const [pagePath, entry] of Object.entries(manifest.manifest.pages)) {
    if (entry.kind !== 'guide' || !entry.topic) continue;
    const check = guideFreshness(entry, (p) => currentHashes.get(p), await writer.ownership(pagePath));
    if (check.freshness !== 'fresh') out.push({ pagePath, topic: entry.topic, ...(check.freshness === 'notOwned' ? { notOwned: true } : {}) });
  }
  return out.sort((a, b) => (a.pagePath < b.pagePath ? -1 : 1));
}

/**
 * Something at the page's place that Docsmith did not write: a file without the generated marker
 * (even with a manifest entry: the user may have replaced the guide by their own text) or not a
 * regular file. Pages follow the same rule.
 */
export async function occupiedByOther(writer: PageWriter, pagePath: string): Promise<boolean> {
  return !(await writer.mayWrite(pagePath));
}

/** Writes the guide and its manifest entry (page first, so an entry always has its page). */
export async function saveGuide(writer: PageWriter, manifest: ManifestStore, pagePath: string, content: string, entry: Omit<ManifestPage, 'contentHash'>): Promise<void> {
  const contentHash = await writer.write(pagePath, content);
  await manifest.set(pagePath, { ...entry, contentHash });
  await refreshOverviewGuides(writer, manifest);
}

/**
 * Rewrites the `## Guides` list of the overview README in place — only when Docsmith wrote that
 * README and it is unchanged since (its hash matches the manifest); its manifest hash follows.
 */
export async function refreshOverviewGuides(writer: PageWriter, manifest: ManifestStore): Promise<boolean> {
  const entry = manifest.get(OVERVIEW_PAGE);
  if (!entry) return false;
  if ((await writer.ownership(OVERVIEW_PAGE))?.hash !== entry.contentHash) return false;
  let text: string;
  try {
    text = await fs.readFile(writer.resolve(OVERVIEW_PAGE), 'utf8');
  } catch {
    return false;
  }
  const updated = withGuidesSection(text, guidesSection(manifest.manifest, OVERVIEW_PAGE));
  if (updated === text) return true;
  const contentHash = await writer.write(OVERVIEW_PAGE, updated);
  await manifest.set(OVERVIEW_PAGE, { ...entry, contentHash });
  return true;
}
