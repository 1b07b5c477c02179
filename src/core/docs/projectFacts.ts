/**
 * Facts about the whole project that the parser and the manifest give without a model: the entry
 * points, the files most imported and their exported API, and the imports between folders with
 * their counts. The overview and architecture prompts are written from these and from the
 * children's summaries; no source text is repeated.
 */
import * as path from 'node:path';
import type { ImportGraph } from './importGraph';
import { parentFolder } from './pagePaths';
import { withoutExportSubpaths, type DeclaredEntryPoint, type ProjectContext } from './projectContext';
import type { ParsedFile, SourceSymbol } from './types';

export interface EntryPoint {
  /** A documented file. */
  path: string;
  /** Why it is an entry point (`package.json "main"`, `__main__.py`, …), several joined by `; `. */
  why: string;
}

const SCRIPT_EXTENSIONS = ['.js', '.cjs', '.mjs', '.ts', '.mts', '.cts', '.tsx', '.jsx'];
/** Folders that usually hold built output; their sources usually live under `src/`. */
const BUILT_FOLDERS = /^(?:dist|lib|build|out|esm|cjs)\//;

/** The documented file a declared path means: itself, with an extension or `/index`, or its source under `src/`. */
function resolveDeclared(target: string, documented: ReadonlySet<string>): { path: string; builtFrom: boolean } | undefined {
  const base = target.replace(/\/+$/, '');
  const stem = base.replace(/\.(?:[cm]?js|jsx|d\.[cm]?ts)$/, '');
  const candidates = [base, ...SCRIPT_EXTENSIONS.map((e) => base + e), ...SCRIPT_EXTENSIONS.map((e) => `${base}/index${e}`), ...SCRIPT_EXTENSIONS.map((e) => stem + e)];
  for (const c of candidates) if (documented.has(c)) return { path: c, builtFrom: false };
  if (BUILT_FOLDERS.test(stem)) {
    const source = stem.replace(BUILT_FOLDERS, 'src/');
    for (const e of SCRIPT_EXTENSIONS) {
      if (documented.has(source + e)) return { path: source + e, builtFrom: true };
      if (documented.has(`${source}/index${e}`)) return { path: `${source}/index${e}`, builtFrom: true };
    }
  }
  return undefined;
}

function resolveModule(module: string, documented: ReadonlySet<string>): string | undefined {
  const rel = module.replace(/\./g, '/');
  for (const prefix of ['', 'src/']) {
    for (const c of [`${prefix}${rel}.py`, `${prefix}${rel}/__init__.py`, `${prefix}${rel}/__main__.py`]) if (documented.has(c)) return c;
  }
  return undefined;
}

/** Conventional entry files, by name. */
function conventionalReason(file: string, hasPackageJson: boolean): string | undefined {
  const name = path.posix.basename(file);
  if (name === '__main__.py') return '`python -m` entry (`__main__.py`)';
  if (name === 'main.go') return 'Go `main.go`';
  if (file === 'src/main.rs' || /^src\/bin\/[^/]+\.rs$/.test(file)) return 'Rust binary';
  if (file === 'src/lib.rs') return 'Rust library root';
  if (hasPackageJson && file === 'index.js') return 'package.json default "main" (`index.js`)';
  return undefined;
}

/**
 * Reasons joined by `; `, those that differ only in what their parentheses name said once:
 * `package.json "exports" (./a)` and `package.json "exports" (./b)` → `package.json "exports" (./a, ./b)`.
 */
function joinReasons(reasons: readonly string[]): string {
  const merged = new Map<string, string[]>();
  for (const why of reasons) {
    const m = /^(.*) \(([^()]*)\)$/.exec(why);
    const key = m ? m[1] : why;
    const list = merged.get(key) ?? [];
    if (m) list.push(m[2]);
    merged.set(key, list);
  }
  return [...merged].map(([key, named]) => (named.length > 0 ? `${key} (${named.join(', ')})` : key)).join('; ');
}

/**
 * Entry points among the documented files, declared ones first; at most `max`. `subpaths`: the
 * package.json `exports` subpaths the entries shown name.
 */
export function findEntryPoints(documented: readonly string[], declared: readonly DeclaredEntryPoint[], hasPackageJson: boolean, max = 20): { entries: EntryPoint[]; more: number; subpaths: string[] } {
  const set = new Set(documented);
  const reasons = new Map<string, string[]>();
  const subpathsOf = new Map<string, string[]>();
  const add = (file: string, why: string): void => {
    const list = reasons.get(file) ?? [];
    if (!list.includes(why)) list.push(why);
    reasons.set(file, list);
  };
  for (const d of declared) {
    if (d.form === 'module') {
      const file = resolveModule(d.target, set);
      if (file) add(file, d.source);
      continue;
    }
    const resolved = resolveDeclared(d.target, set);
    if (!resolved) continue;
    add(resolved.path, resolved.builtFrom ? `${d.source}, built from it (\`${d.target}\`)` : d.source);
    if (d.subpath) subpathsOf.set(resolved.path, [...(subpathsOf.get(resolved.path) ?? []), d.subpath]);
  }
  const declaredMain = declared.some((d) => d.source.startsWith('package.json "main"'));
  for (const file of documented) {
    const why = conventionalReason(file, hasPackageJson && !declaredMain);
    if (why) add(file, why);
  }
  const entries = [...reasons.entries()].map(([file, why]) => ({ path: file, why: joinReasons(why) }));
  const shown = entries.slice(0, max);
  return { entries: shown, more: Math.max(0, entries.length - max), subpaths: shown.flatMap((e) => subpathsOf.get(e.path) ?? []) };
}

/** How a symbol reads in an API list: `name`, `Container.name`, with `()` for callables. */
function apiName(s: SourceSymbol): string {
  const name = s.container ? `${s.container}.${s.name}` : s.name;
  return s.kind === 'function' || s.kind === 'method' ? `${name}(${s.parameters.map((p) => p.name).join(', ')})` : name;
}

export interface ImportedFile {
  path: string;
  /** Documented files that import it. */
  importers: number;
  /** Its exported API, from the parser (at most `maxNames`). */
  api: string[];
  /** Exported names not shown. */
  moreApi: number;
}

/** The files imported by the most other files (at least two), with their exported API. */
export function mostImportedFiles(graph: ImportGraph, parsed: ReadonlyMap<string, ParsedFile>, max = 10, maxNames = 16): ImportedFile[] {
  const fanIn = new Map<string, number>();
  for (const e of graph.edges) fanIn.set(e.to, (fanIn.get(e.to) ?? 0) + 1);
  return [...fanIn.entries()]
    .filter(([, n]) => n >= 2)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, max)
    .map(([file, importers]) => {
      const exported = (parsed.get(file)?.symbols ?? []).filter((s) => s.exported).map(apiName);
      return { path: file, importers, api: exported.slice(0, maxNames), moreApi: Math.max(0, exported.length - maxNames) };
    });
}

export interface FolderDependency {
  from: string;
  to: string;
  imports: number;
}

/** Imports between folders (`.` for the root), with how many file-to-file imports each stands for. */
export function folderDependencies(graph: ImportGraph): FolderDependency[] {
  const counts = new Map<string, FolderDependency>();
  for (const e of graph.edges) {
    const from = parentFolder(e.from) || '.';
    const to = parentFolder(e.to) || '.';
    if (from === to) continue;
    const key = `${from}\0${to}`;
    const entry = counts.get(key) ?? { from, to, imports: 0 };
    entry.imports++;
    counts.set(key, entry);
  }
  return [...counts.values()].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : a.to < b.to ? -1 : a.to > b.to ? 1 : 0));
}

/** `[field, name]` of an entry point declared by one field alone under a name (`package.json "exports" (./a)`). */
function namedByOneField(e: EntryPoint): [string, string] | undefined {
  const m = e.why.includes('; ') ? null : /^(.*) \(([^()]*)\)$/.exec(e.why);
  return m ? [m[1], m[2]] : undefined;
}

/**
 * Entry points as prompt lines, `- \`bin/cli.js\` — package.json "bin" (cli)`. Files that one field
 * alone declares, each under its own name, share one line for that field instead of repeating it:
 * `- package.json "exports": \`lib/a.js\` (./a), \`lib/b.js\` (./b)`.
 */
export function entryPointLines(found: { entries: readonly EntryPoint[]; more: number }): string[] {
  const byField = new Map<string, string[]>();
  for (const e of found.entries) {
    const named = namedByOneField(e);
    if (named) byField.set(named[0], [...(byField.get(named[0]) ?? []), `\`${e.path}\` (${named[1]})`]);
  }
  const lines: string[] = [];
  const listed = new Set<string>();
  for (const e of found.entries) {
    const field = namedByOneField(e)?.[0];
    if (field === undefined || byField.get(field)!.length < 2) lines.push(`- \`${e.path}\` — ${e.why}`);
    else if (!listed.has(field)) {
      listed.add(field);
      lines.push(`- ${field}: ${byField.get(field)!.join(', ')}`);
    }
  }
  if (found.more > 0) lines.push(`- … and ${found.more} more`);
  return lines;
}

/** Most imported files as prompt lines. */
export function importedFileLines(files: readonly ImportedFile[]): string[] {
  return files.map((f) => `- \`${f.path}\` (imported by ${f.importers} files): ${f.api.join(', ') || '(no exports found)'}${f.moreApi > 0 ? `, … and ${f.moreApi} more` : ''}`);
}

/** Everything the overview and architecture prompts know beyond their children's summaries. */
export interface ProjectFacts {
  context: ProjectContext;
  /** Entry points as prompt lines. */
  entryPoints: string[];
  /**
   * The manifests as the overview shows them, beside the entry point lines: a package.json's
   * `exports` subpaths that an entry point line names with its file are not listed again.
   */
  overviewManifests: { path: string; text: string }[];
  /** Most imported files with their API, as prompt lines. */
  mostImported: string[];
  dependencies: FolderDependency[];
  /** Files without a page because they are not code, sorted. */
  notCode: string[];
}

export function buildProjectFacts(context: ProjectContext, graph: ImportGraph, parsed: ReadonlyMap<string, ParsedFile>, notCode: readonly string[]): ProjectFacts {
  const hasPackageJson = context.manifests.some((m) => m.path === 'package.json');
  const entries = findEntryPoints(graph.nodes, context.declaredEntryPoints, hasPackageJson);
  const shown = new Set(entries.subpaths);
  return {
    context,
    entryPoints: entryPointLines(entries),
    overviewManifests: context.manifests.map((m) => (m.path === 'package.json' ? { path: m.path, text: withoutExportSubpaths(m.text, shown) } : m)),
    mostImported: importedFileLines(mostImportedFiles(graph, parsed)),
    dependencies: folderDependencies(graph),
    notCode: [...notCode].sort(),
  };
}
