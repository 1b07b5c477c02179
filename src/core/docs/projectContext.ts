/**
 * What the project says about itself, for the overview: its name (the title of the generated
 * README), its own README (bounded) and its package manifest (condensed), and the entry points
 * the manifest declares. None of these files gets a page of its own by default; they are context.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { readmeProse } from './readmeText';
import { redactSource } from './redactSource';

/** Manifests in the order their name is preferred for the title. */
const MANIFEST_NAMES = ['package.json', 'pyproject.toml', 'Cargo.toml', 'go.mod'] as const;
const README_NAME = /^readme(?:\.(?:md|markdown|mdx|rst|txt|adoc|org))?$/i;

/**
 * About 500 tokens of prose once the markup and the install-only steps are gone: enough for what
 * the project is for, its vocabulary and a first example; the overview is mostly written from the
 * code's own summaries, the manifest and the entry points.
 */
export const README_MAX_CHARS = 2_000;
const MANIFEST_MAX_CHARS = 3_000;
/** Development dependencies named in the condensed package.json. */
const DEV_DEPENDENCIES_SHOWN = 12;
/** Bytes read from a README at most (enough for {@link README_MAX_CHARS} after clean-up). */
const README_READ_BYTES = 64 * 1024;

/** An entry point as the manifest declares it (path not yet checked against the workspace). */
export interface DeclaredEntryPoint {
  /** Workspace-relative path as written, `./` removed; a Python module for `module`. */
  target: string;
  /** Where it is declared, e.g. `package.json "bin" (express)`. */
  source: string;
  /** `file`: a path; `module`: a dotted Python module. */
  form: 'file' | 'module';
  /** For a package.json `exports` entry: the subpath it offers (`./unsafe/utils.js`). */
  subpath?: string;
}

export interface ProjectContext {
  /** The project's name: from its manifest, else the folder's. */
  title: string;
  /** The manifest the title came from; undefined when it is the folder name. */
  titleFrom?: string;
  /** The README's start; `cut` when the rest was left out. */
  readme?: { path: string; text: string; cut: boolean };
  /** Condensed, redacted manifests. */
  manifests: { path: string; text: string }[];
  declaredEntryPoints: DeclaredEntryPoint[];
}

/** The root README and manifests among the scanned files. */
export function projectContextFiles(files: readonly { path: string }[]): { readme?: string; manifests: string[] } {
  const atRoot = files.map((f) => f.path).filter((p) => !p.includes('/'));
  const readmes = atRoot.filter((p) => README_NAME.test(p)).sort((a, b) => readmeRank(a) - readmeRank(b) || (a < b ? -1 : 1));
  return { readme: readmes[0], manifests: MANIFEST_NAMES.filter((m) => atRoot.includes(m)) };
}

function readmeRank(name: string): number {
  const ext = path.extname(name).toLowerCase();
  return ext === '.md' ? 0 : ext === '' ? 2 : 1;
}

/** The first `bytes` of a file; `more` when the file is longer. */
async function readHead(absolute: string, bytes: number): Promise<{ text: string; more: boolean } | undefined> {
  try {
    const handle = await fs.open(absolute, 'r');
    try {
      const buffer = Buffer.alloc(bytes + 1);
      const { bytesRead } = await handle.read(buffer, 0, bytes + 1, 0);
      return { text: buffer.subarray(0, Math.min(bytesRead, bytes)).toString('utf8'), more: bytesRead > bytes };
    } finally {
      await handle.close();
    }
  } catch {
    return undefined;
  }
}

/** Reads the README and manifests the scan listed (`files`), bounded; `fallbackTitle` is the folder's name. */
export async function readProjectContext(root: string, files: readonly { path: string }[], fallbackTitle: string): Promise<ProjectContext> {
  const found = projectContextFiles(files);
  const context: ProjectContext = { title: fallbackTitle, manifests: [], declaredEntryPoints: [] };
  for (const manifest of found.manifests) {
    const head = await readHead(path.join(root, manifest), 256 * 1024);
    if (head === undefined) continue;
    const read = readManifest(manifest, head.text);
    if (read.name && context.titleFrom === undefined) {
      context.title = read.name;
      context.titleFrom = manifest;
    }
    context.manifests.push({ path: manifest, text: redactSource(read.condensed, manifest) });
    context.declaredEntryPoints.push(...read.entryPoints);
  }
  if (found.readme) {
    const head = await readHead(path.join(root, found.readme), README_READ_BYTES);
    if (head !== undefined) {
      const start = boundReadme(redactSource(head.text, found.readme), README_MAX_CHARS);
      context.readme = { path: found.readme, text: start.text, cut: start.cut || head.more };
    }
  }
  return context;
}

/** What one manifest gives: the project's name, a condensed text for the prompt, entry points. */
export interface ManifestReading {
  name?: string;
  condensed: string;
  entryPoints: DeclaredEntryPoint[];
}

export function readManifest(file: string, text: string): ManifestReading {
  switch (path.posix.basename(file)) {
    case 'package.json':
      return readPackageJson(text);
    case 'go.mod':
      return readGoMod(text);
    default:
      return readTomlManifest(file, text);
  }
}

/** How the condensed package.json starts its line of `exports` subpaths. */
const EXPORTS_LINE = 'exports: ';
const cleanPath = (p: string): string => p.replace(/\\/g, '/').replace(/^(?:\.\/)+/, '');
const bounded = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, max)}\n… (cut at ${max} characters)`);

function readPackageJson(text: string): ManifestReading {
  let data: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
    data = parsed as Record<string, unknown>;
  } catch {
    return { condensed: bounded(text, MANIFEST_MAX_CHARS), entryPoints: [] };
  }
  const name = typeof data.name === 'string' && data.name.trim() !== '' ? data.name.trim() : undefined;
  const lines: string[] = [];
  const scalar = (key: string): void => {
    const v = data[key];
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') lines.push(`${key}: ${String(v)}`);
  };
  for (const key of ['name', 'version', 'description', 'license', 'type', 'main', 'module', 'types', 'typings']) scalar(key);
  if (Array.isArray(data.keywords)) lines.push(`keywords: ${data.keywords.filter((k) => typeof k === 'string').join(', ')}`);
  for (const key of ['bin', 'engines', 'workspaces']) if (data[key] !== undefined) lines.push(`${key}: ${JSON.stringify(data[key])}`);
  // The subpaths a package offers say how it is used; the conditions and targets behind them are long.
  const exported = data.exports;
  if (typeof exported === 'string') lines.push(`${EXPORTS_LINE}${exported}`);
  else if (typeof exported === 'object' && exported !== null && !Array.isArray(exported)) {
    const keys = Object.keys(exported);
    lines.push(`${EXPORTS_LINE}${keys.every((k) => k.startsWith('.')) ? keys.join(', ') : JSON.stringify(exported)}`);
  }
  const record = (key: string, withValues: boolean, max = Infinity): void => {
    const v = data[key];
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return;
    const entries = Object.entries(v as Record<string, unknown>);
    const shown = entries.slice(0, max).map(([k, val]) => (withValues ? `${k} ${String(val)}` : k));
    if (entries.length > max) shown.push(`… and ${entries.length - max} more`);
    if (entries.length > 0) lines.push(`${key}: ${shown.join(', ')}`);
  };
  // Script names say what can be run; their command lines are long and say how, which an overview does not need.
  const scripts = data.scripts;
  if (typeof scripts === 'object' && scripts !== null && !Array.isArray(scripts) && Object.keys(scripts).length > 0) lines.push(`scripts: ${scriptNames(Object.keys(scripts)).join(', ')}`);
  // Which packages it builds on names its vocabulary; the version ranges say nothing an overview uses.
  record('dependencies', false);
  record('peerDependencies', false);
  record('optionalDependencies', false);
  // Development tools say how the project is built and tested; a few name them, the rest repeat the kind.
  record('devDependencies', false, DEV_DEPENDENCIES_SHOWN);

  const entryPoints: DeclaredEntryPoint[] = [];
  const add = (target: unknown, source: string, subpath?: string): void => {
    if (typeof target === 'string' && target.trim() !== '') entryPoints.push({ target: cleanPath(target.trim()), source, form: 'file', ...(subpath ? { subpath } : {}) });
  };
  add(data.main, 'package.json "main"');
  add(data.module, 'package.json "module"');
  if (typeof data.bin === 'string') add(data.bin, `package.json "bin"${name ? ` (${name.replace(/^@[^/]+\//, '')})` : ''}`);
  else if (typeof data.bin === 'object' && data.bin !== null) for (const [command, target] of Object.entries(data.bin)) add(target, `package.json "bin" (${command})`);
  for (const [subpath, target] of exportTargets(data.exports, '.')) add(target, `package.json "exports" (${subpath})`, subpath);
  return { name, condensed: bounded(lines.join('\n'), MANIFEST_MAX_CHARS), entryPoints };
}

/**
 * A condensed package.json without the `exports` subpaths in `shown` (those an entry point line
 * already names with its file); the line goes when none is left.
 */
export function withoutExportSubpaths(condensed: string, shown: ReadonlySet<string>): string {
  if (shown.size === 0) return condensed;
  return condensed
    .split('\n')
    .flatMap((line) => {
      if (!line.startsWith(EXPORTS_LINE)) return [line];
      const rest = line.slice(EXPORTS_LINE.length).split(', ').filter((subpath) => !shown.has(subpath));
      return rest.length > 0 ? [`${EXPORTS_LINE}${rest.join(', ')}`] : [];
    })
    .join('\n');
}

/** Script names, variants of one script (`test:unit`, `test:e2e`) folded into `test:*`. */
function scriptNames(names: readonly string[]): string[] {
  const out: string[] = [];
  for (const name of names) {
    const stem = name.split(':')[0];
    const shown = names.some((n) => n !== name && n.split(':')[0] === stem) && name.includes(':') ? `${stem}:*` : name;
    if (!out.includes(shown)) out.push(shown);
  }
  return out;
}

/** `[subpath, file]` pairs of a package.json `exports` field (conditions flattened; `types` skipped). */
function exportTargets(value: unknown, subpath: string): [string, string][] {
  if (typeof value === 'string') return [[subpath, value]];
  if (Array.isArray(value)) return value.flatMap((v) => exportTargets(v, subpath));
  if (typeof value !== 'object' || value === null) return [];
  const out: [string, string][] = [];
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    if (key === 'types') continue;
    out.push(...exportTargets(v, key.startsWith('.') ? key : subpath));
  }
  return out;
}

function readGoMod(text: string): ManifestReading {
  const module = /^\s*module\s+(\S+)/m.exec(text)?.[1];
  const segments = module?.split('/') ?? [];
  // `example.com/tool/v2` is the module `tool`, major version 2.
  if (segments.length > 1 && /^v\d+$/.test(segments[segments.length - 1])) segments.pop();
  const stripped = text.replace(/^\s*\/\/.*$/gm, '').replace(/\n{3,}/g, '\n\n').trim();
  return { name: segments[segments.length - 1], condensed: bounded(stripped, MANIFEST_MAX_CHARS), entryPoints: [] };
}

/** `pyproject.toml` or `Cargo.toml`: a small reader for the sections and string keys we need. */
function readTomlManifest(file: string, text: string): ManifestReading {
  const sections = tomlStrings(text);
  const get = (section: string, key: string): string | undefined => sections.find((s) => s.section === section)?.values.get(key);
  const entryPoints: DeclaredEntryPoint[] = [];
  let name: string | undefined;
  if (file.endsWith('pyproject.toml')) {
    name = get('project', 'name') ?? get('tool.poetry', 'name');
    for (const section of ['project.scripts', 'tool.poetry.scripts', 'project.gui-scripts']) {
      for (const [command, target] of sections.find((s) => s.section === section)?.values ?? []) {
        entryPoints.push({ target: target.split(':')[0].trim(), source: `pyproject.toml [${section}] (${command})`, form: 'module' });
      }
    }
  } else {
    name = get('package', 'name');
    for (const s of sections) {
      const binPath = s.section === 'bin' ? s.values.get('path') : undefined;
      if (binPath) entryPoints.push({ target: cleanPath(binPath), source: `Cargo.toml [[bin]]${s.values.get('name') ? ` (${s.values.get('name')})` : ''}`, form: 'file' });
    }
  }
  const stripped = text.replace(/^\s*#.*$/gm, '').replace(/\n{3,}/g, '\n\n').trim();
  return { name, condensed: bounded(stripped, MANIFEST_MAX_CHARS), entryPoints };
}

/** Each `[section]` / `[[section]]` with its single-line string values (`key = "value"`). */
export function tomlStrings(text: string): { section: string; values: Map<string, string> }[] {
  const out: { section: string; values: Map<string, string> }[] = [{ section: '', values: new Map() }];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    const header = /^\[\[?\s*([^\]]+?)\s*\]\]?$/.exec(line);
    if (header) {
      out.push({ section: header[1].replace(/\s*\.\s*/g, '.').replace(/["']/g, ''), values: new Map() });
      continue;
    }
    const pair = /^("?)([A-Za-z0-9_.-]+)\1\s*=\s*(?:"((?:[^"\\]|\\.)*)"|'([^']*)')/.exec(line);
    if (pair) out[out.length - 1].values.set(pair[2], pair[3] ?? pair[4]);
  }
  return out;
}

/**
 * The start of a README, cut at a line boundary after at most `maxChars` characters. The markup is
 * removed first ({@link readmeProse}), so the bound is spent on what a reader of the README sees.
 */
export function boundReadme(text: string, maxChars: number): { text: string; cut: boolean } {
  const cleaned = readmeProse(text).split('\n');
  let used = 0;
  let shown = 0;
  while (shown < cleaned.length && used + cleaned[shown].length + 1 <= maxChars) used += cleaned[shown++].length + 1;
  if (shown === 0 && cleaned.length > 0) return { text: cleaned[0].slice(0, maxChars), cut: true }; // one huge line
  const rest = cleaned.slice(shown).some((line) => line.trim() !== '');
  return { text: cleaned.slice(0, shown).join('\n').trim(), cut: rest };
}
