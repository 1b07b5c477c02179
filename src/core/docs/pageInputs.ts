/**
 * What each page is built from, reduced to one hash, so that a page is regenerated exactly when
 * something it was built from changed:
 * - file page: the file's content hash and the exported names of the workspace files it imports
 *   (its prompt shows them, so an importer is refreshed when an imported API changes, not when
 *   an imported body changes);
 * - folder page: its children's hashes;
 * - ARCHITECTURE.md: the import graph, the entry points, the most imported files' API and its
 *   prerequisite pages' hashes;
 * - overview: its children's hashes, the project's README and manifest as shown to it, the entry
 *   points and the list of files not documented.
 *
 * "Expected" hashes assume every child page is present; the hash recorded in the manifest uses
 * what the children really were when the page was written (a failed child counts as missing),
 * so a page written around a failed child is stale again once the child succeeds.
 */
import { createHash } from 'node:crypto';
import type { DocPlan, PlannedPage } from './plan';
import type { ParsedFile, SkippedFile } from './types';
import type { ProjectFacts } from './projectFacts';
import { PROMPT_VERSION } from './prompts';
import { folderPageDiagram } from './importDiagram';

export const MISSING = 'missing';

function hashOf(parts: readonly string[]): string {
  const h = createHash('sha256');
  for (const p of parts) h.update(p).update('\0');
  return h.digest('hex');
}

/** Exported names of a file, as shown to importers' prompts. */
export function exportedNames(parsed: ParsedFile | undefined): string[] {
  if (!parsed) return [];
  return parsed.symbols.filter((s) => s.exported && !s.container).map((s) => `${s.name} (${s.kind})`);
}

export interface InputsContext {
  plan: DocPlan;
  /** Content hash per documented file. */
  fileHashes: ReadonlyMap<string, string>;
  parsed: ReadonlyMap<string, ParsedFile>;
  skipped: readonly SkippedFile[];
  projectName: string;
  /** README, manifest, entry points and most imported files given to the overview and architecture. */
  facts?: ProjectFacts;
}

/** The part of a page's inputs that does not come from other pages. */
export function ownInputs(page: PlannedPage, ctx: InputsContext): string {
  switch (page.kind) {
    case 'file': {
      const imports = ctx.plan.graph.imports.get(page.subject) ?? [];
      return hashOf(['file', String(PROMPT_VERSION), page.subject, ctx.fileHashes.get(page.subject) ?? '', ...imports.map((i) => `${i}:${exportedNames(ctx.parsed.get(i)).join(',')}`)]);
    }
    case 'folder': {
      // A folder's page may show the imports inside it.
      return hashOf(['folder', String(PROMPT_VERSION), page.subject, folderPageDiagram(ctx.plan.graph, page.subject)?.text ?? '']);
    }
    case 'architecture':
      return hashOf(['architecture', String(PROMPT_VERSION), ...ctx.plan.graph.edges.map((e) => `${e.from}>${e.to}`), ...(ctx.facts?.entryPoints ?? []), ...(ctx.facts?.mostImported ?? [])]);
    case 'overview': {
      const f = ctx.facts;
      const context = f ? [f.context.readme?.text ?? '', ...f.context.manifests.map((m) => `${m.path}:${m.text}`), ...f.entryPoints, ...f.notCode] : [];
      return hashOf(['overview', String(PROMPT_VERSION), ctx.projectName, ...ctx.skipped.map((s) => `${s.path}:${s.reason}`), ...context]);
    }
  }
}

/** Combines a page's own inputs with its children's hashes (`missing` for absent children). */
export function combineInputs(own: string, children: readonly (readonly [string, string | undefined])[]): string {
  return hashOf([own, ...children.map(([p, h]) => `${p}=${h ?? MISSING}`)]);
}

/** Expected inputs hash of every page, assuming all pages are present. Pages are bottom-up. */
export function expectedInputs(ctx: InputsContext): Map<string, string> {
  const out = new Map<string, string>();
  for (const page of ctx.plan.pages) {
    out.set(page.path, combineInputs(ownInputs(page, ctx), page.children.map((c) => [c, out.get(c)] as const)));
  }
  return out;
}
