/**
 * Whether a planned page is fresh, stale or missing, and why. One decision shared by the engine
 * (which pages a run regenerates), the Docsmith Docs view, the file badges, the status bar and
 * `cli check`, so they can never disagree about what "stale" means.
 *
 * A page is fresh when the manifest has it, it is on disk, and the hash of what it was built from
 * equals the hash of what it would be built from now ({@link expectedInputs}). The expected hashes
 * roll up: a changed file makes its page, the folder pages above it, ARCHITECTURE.md (through the
 * folders it summarises) and the overview stale.
 */
import { buildImportGraph } from './importGraph';
import type { ManifestPage } from './manifest';
import type { PageState } from './pageWriter';
import { combineInputs, expectedInputs, exportedNames, MISSING, ownInputs, type InputsContext } from './pageInputs';
import { planDocs, type DocPlan, type PlannedPage } from './plan';
import { ARCHITECTURE_PAGE, OVERVIEW_PAGE } from './pagePaths';
import type { ProjectContext } from './projectContext';
import { buildProjectFacts, type ProjectFacts } from './projectFacts';
import type { ParsedFile, SkippedFile } from './types';

/** `notOwned`: a file Docsmith did not write sits where the page goes; it is left alone. */
export type PageFreshness = 'fresh' | 'stale' | 'missing' | 'notOwned';

export interface DocsInputs {
  plan: DocPlan;
  inputs: InputsContext;
  /** Expected inputs hash of every planned page. */
  expected: Map<string, string>;
  /** README, manifest, entry points and most imported files, as the overview and architecture see them. */
  facts: ProjectFacts;
  /** Own inputs of summary pages, kept while the plan and the facts stay. */
  summaryOwn?: Map<string, string>;
}

/** What the page plan and its hashes are built from. */
export interface DocsInputsSource {
  /** The documented files (the page set), sorted by path. */
  files: readonly { path: string; hash: string }[];
  parsed: ReadonlyMap<string, ParsedFile>;
  skipped: readonly SkippedFile[];
  /** The project's README, manifest and title. */
  project: ProjectContext;
  /** Files without a page because they are not code. */
  notCode: readonly string[];
}

/** The page plan of the documented files and the hash each page should have been built from. */
export function docsInputs(source: DocsInputsSource): DocsInputs {
  const { files, parsed } = source;
  const graph = buildImportGraph(files.map((f) => parsed.get(f.path)!));
  const plan = planDocs(graph);
  const facts = buildProjectFacts(source.project, graph, parsed, source.notCode);
  const inputs: InputsContext = { plan, fileHashes: new Map(files.map((f) => [f.path, f.hash])), parsed, skipped: source.skipped, projectName: source.project.title, facts };
  return { plan, inputs, expected: expectedInputs(inputs), facts };
}

/**
 * The same result as {@link docsInputs} after some files' contents changed, when the plan cannot
 * have changed: the same files, each importing the same files. Only the changed files' pages, the
 * pages of files importing one whose exports changed, and the pages above them are hashed again.
 * Returns undefined when the plan may have changed (a new or gone file, an import added or
 * removed): compute it whole then.
 */
export function refreshDocsInputs(previous: DocsInputs, changed: ReadonlyMap<string, { hash: string; before: ParsedFile | undefined }>): DocsInputs | undefined {
  const { plan, inputs } = previous;
  const fileHashes = new Map(inputs.fileHashes);
  const dirty = new Set<string>();
  let exportsChanged = false;
  for (const [file, change] of changed) {
    const page = plan.pageOfFile.get(file);
    const now = inputs.parsed.get(file);
    if (!page || !now || !change.before || !sameTargets(change.before, now, plan.pageOfFile)) return undefined;
    fileHashes.set(file, change.hash);
    dirty.add(page);
    exportsChanged ||= exportedNames(change.before).join('\n') !== exportedNames(now).join('\n');
  }
  let facts = previous.facts;
  const summaryOwn = new Map(previous.summaryOwn ?? []);
  if (exportsChanged) {
    // Importers show the imported exports in their prompts, the architecture page the most
    // imported files' API: those pages are hashed again too.
    for (const [file, imports] of plan.graph.imports) if (imports.some((i) => changed.has(i))) dirty.add(plan.pageOfFile.get(file)!);
    facts = buildProjectFacts(facts.context, plan.graph, inputs.parsed, facts.notCode);
    summaryOwn.delete(ARCHITECTURE_PAGE);
    summaryOwn.delete(OVERVIEW_PAGE);
  }
  const next: InputsContext = { ...inputs, fileHashes, facts };
  const expected = new Map(previous.expected);
  for (const page of plan.pages) {
    if (!dirty.has(page.path) && !page.children.some((c) => dirty.has(c))) continue;
    let own = page.kind === 'file' ? undefined : summaryOwn.get(page.path);
    if (own === undefined) {
      own = ownInputs(page, next);
      if (page.kind !== 'file') summaryOwn.set(page.path, own);
    }
    const hash = combineInputs(own, page.children.map((c) => [c, expected.get(c)] as const));
    if (hash !== expected.get(page.path)) dirty.add(page.path);
    else dirty.delete(page.path);
    expected.set(page.path, hash);
  }
  return { plan, inputs: next, expected, facts, summaryOwn };
}

/** True when two parses of a file import the same workspace files (the graph's edges). */
function sameTargets(a: ParsedFile, b: ParsedFile, known: ReadonlyMap<string, string>): boolean {
  const targets = (p: ParsedFile): string => [...new Set(p.imports.map((i) => i.resolved).filter((r): r is string => r !== undefined && r !== p.path && known.has(r)))].sort().join('\n');
  return targets(a) === targets(b);
}

/**
 * True when the generated marker of the page file must be read to decide: a file is there and
 * the manifest does not vouch for it as fresh.
 */
export function needsOwnershipCheck(entry: ManifestPage | undefined, expected: string | undefined, onDisk: PageState): boolean {
  return onDisk === 'file' && !(entry !== undefined && entry.inputsHash === expected);
}

/**
 * The state of one planned page. `onDisk`: what is at the page's path; `generated`: that file
 * carries Docsmith's marker (only looked at when {@link needsOwnershipCheck}). A manifest entry
 * alone never claims a file (a repository can ship one): only a file with the marker is rewritten.
 */
export function pageFreshness(entry: ManifestPage | undefined, expected: string | undefined, onDisk: PageState, generated: boolean): PageFreshness {
  if (entry && onDisk === 'file' && entry.inputsHash === expected) return 'fresh';
  if (onDisk === 'other' || onDisk === 'outside' || (onDisk === 'file' && !generated)) return 'notOwned';
  return entry && onDisk === 'file' ? 'stale' : 'missing';
}

/** Why a page is not fresh, in terms a reader knows: source files and pages. */
export interface StaleCause {
  /** Source files that changed since the page (or a page it summarises) was written. */
  changed: string[];
  /** Source files that have no page yet below this page. */
  added: string[];
  /** Source files the page was built from that are no longer documented. */
  removed: string[];
  /** True when no source file explains it: an imported file's exports, the file set or Docsmith's prompts changed. */
  other: boolean;
  /** What changed when `other` is set and Docsmith can say it (a guide: `the page on disk differs`). */
  note?: string;
}

export interface FreshnessView {
  plan: DocPlan;
  expected: ReadonlyMap<string, string>;
  fileHashes: ReadonlyMap<string, string>;
  entry: (page: string) => ManifestPage | undefined;
}

/**
 * Explains a stale or missing page. For a summary page, the causes of the children that changed
 * since it was written, down to the source files; memoised per call site through `memo`.
 */
export function staleCause(page: PlannedPage, view: FreshnessView, memo = new Map<string, StaleCause>()): StaleCause {
  const known = memo.get(page.path);
  if (known) return known;
  const cause: StaleCause = { changed: [], added: [], removed: [], other: false };
  memo.set(page.path, cause);
  const entry = view.entry(page.path);
  if (page.kind === 'file') {
    if (!entry) cause.added.push(page.subject);
    else if (entry.sources[page.subject] !== view.fileHashes.get(page.subject)) cause.changed.push(page.subject);
    else cause.other = entry.inputsHash !== view.expected.get(page.path);
    return cause;
  }
  const before = entry?.pages ?? {};
  for (const child of page.children) {
    const was = before[child];
    if (was !== undefined && was !== MISSING && was === view.expected.get(child)) continue;
    const childPage = view.plan.byPath.get(child);
    if (!childPage) continue;
    const sub = staleCause(childPage, view, memo);
    cause.changed.push(...sub.changed);
    cause.added.push(...sub.added);
    cause.removed.push(...sub.removed);
    cause.other ||= sub.other;
  }
  const planned = new Set(page.children);
  for (const [child] of Object.entries(before)) {
    if (planned.has(child)) continue;
    // A child page that left the plan: its source (or every source of a folder) is gone.
    const sources = Object.keys(view.entry(child)?.sources ?? {});
    cause.removed.push(...(sources.length > 0 ? sources : [child.replace(/(\/README)?\.md$/, '')]));
  }
  for (const source of Object.keys(entry?.sources ?? {})) if (!view.fileHashes.has(source)) cause.removed.push(source);
  for (const list of [cause.changed, cause.added, cause.removed]) {
    const unique = [...new Set(list)].sort();
    list.splice(0, list.length, ...unique);
  }
  if (entry && cause.changed.length + cause.added.length + cause.removed.length === 0) cause.other ||= entry.inputsHash !== view.expected.get(page.path);
  return cause;
}
