/**
 * A run's planning phases: the pages the sources call for (import graph, plan, manifest, project
 * facts, each page's expected inputs), then which of them are stale — and, once the run may
 * write, tidying the output folder of what an earlier run left.
 */
import * as path from 'node:path';
import type { PlannedPage } from './plan';
import { readProjectContext } from './projectContext';
import { ManifestStore, readManifest } from './manifest';
import { PageWriter } from './pageWriter';
import { docsInputs, needsOwnershipCheck, pageFreshness, type DocsInputs } from './pageFreshness';
import type { DocRunSummary } from './runSummary';
import type { RunSources } from './runSources';
import type { RunScope } from './runScope';

/** The pages a run's sources call for, and what decides whether each is stale. */
export interface PagePlan extends Pick<DocsInputs, 'plan' | 'inputs' | 'expected' | 'facts'> {
  manifest: ManifestStore;
  writer: PageWriter;
  /** The project's title: its manifest's name, or the folder's. */
  projectName: string;
}

export async function planPages(run: RunScope, sources: RunSources): Promise<PagePlan> {
  const loaded = await readManifest(run.output.abs);
  if (loaded.problem === 'corrupt' || loaded.problem === 'newerVersion') run.summary.warnings.push(`The manifest could not be used (${loaded.problem}); pages are regenerated and adopted.`);
  const manifest = new ManifestStore(run.output.abs, loaded.manifest, run.now);
  const project = await readProjectContext(run.root, sources.scan.files, run.options.projectName ?? path.basename(run.root));
  const { plan, inputs, expected, facts } = docsInputs({ files: sources.files, parsed: sources.index.parsed, skipped: sources.skipped, project, notCode: run.summary.notCode });
  return { plan, manifest, writer: new PageWriter(run.output.abs), projectName: project.title, facts, inputs, expected };
}

/** The pages to generate, and the planned pages that a file Docsmith does not own occupies. */
export interface StalePages {
  stale: PlannedPage[];
  notOwned: Set<string>;
}

/**
 * The pages to generate among the planned ones (or those of `options.only`). A page is
 * overwritten only where nothing is, or where a file carrying Docsmith's generated marker is: a
 * manifest entry alone (a repository can ship one) never claims a file.
 */
export async function findStalePages(run: RunScope, pages: PagePlan): Promise<StalePages> {
  const { summary, options } = run;
  const { writer, expected } = pages;
  const only = options.only ? new Set(options.only.pages) : undefined;
  const notOwned = new Set<string>();
  const stale: PlannedPage[] = [];
  for (const page of pages.plan.pages) {
    if (only && !only.has(page.path)) continue;
    const entry = pages.manifest.get(page.path);
    const onDisk = await writer.state(page.path);
    const generated = needsOwnershipCheck(entry, expected.get(page.path), onDisk) && (await writer.hasMarker(page.path));
    let state = pageFreshness(entry, expected.get(page.path), onDisk, generated);
    // Regenerate Page rewrites a fresh page too, but never a file without the generated marker.
    if (state === 'fresh' && options.only?.force) state = (await writer.hasMarker(page.path)) ? 'stale' : 'notOwned';
    if (state === 'fresh') {
      summary.pages.unchanged.push(page.path);
    } else if (state === 'notOwned') {
      notOwned.add(page.path);
      summary.pages.notOwned.push(page.path);
    } else {
      stale.push(page);
    }
  }
  summary.pages.planned = only ? stale.length + summary.pages.unchanged.length + notOwned.size : pages.plan.pages.length;
  return { stale, notOwned };
}

/**
 * Removes what a killed run left (temp files) and the pages whose source is gone; a run limited to
 * some pages leaves the latter for a whole run. A write: only once the run may write.
 */
export async function tidyOutputFolder(run: RunScope, pages: PagePlan): Promise<void> {
  const leftovers = await pages.writer.removeLeftoverTempFiles();
  if (leftovers.length > 0) run.summary.warnings.push(`Removed ${leftovers.length} temporary file(s) left by an interrupted run.`);
  if (!run.options.only) await removeObsoletePages(pages, run.summary);
}

/**
 * Pages in the manifest that the plan no longer has (their source is gone). The manifest may
 * come from the repository, so an entry alone proves nothing: a page is deleted only when it is a
 * regular file inside the real output folder, carries the generated marker, and hashes to what
 * Docsmith wrote. Anything else is kept and its entry dropped.
 */
async function removeObsoletePages({ plan, manifest, writer }: PagePlan, summary: DocRunSummary): Promise<void> {
  const planned = new Set(plan.pages.map((p) => p.path));
  for (const [pagePath, entry] of Object.entries(manifest.manifest.pages)) {
    // Guides are not planned from the tree: a change in what they read makes them stale instead.
    if (planned.has(pagePath) || entry.kind === 'guide') continue;
    const state = await writer.state(pagePath);
    const owned = state === 'file' ? await writer.ownership(pagePath) : undefined;
    if (owned?.generated && owned.hash === entry.contentHash) {
      await writer.remove(pagePath);
      summary.pages.removed.push(pagePath);
    } else if (owned) {
      summary.warnings.push(`Kept ${pagePath}: its source is gone but ${owned.generated ? 'the page was edited by hand' : 'Docsmith did not write it'}.`);
    } else if (state !== 'absent') {
      summary.warnings.push(`Ignored the manifest entry ${pagePath}: it does not lead to a page file inside the output folder.`);
    }
    await manifest.remove(pagePath);
  }
}
