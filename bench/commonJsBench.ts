/**
 * Section 9 — CommonJS symbol completeness on express, held against Node itself: the names each
 * module really exposes (exposedApi.ts loads it and walks `module.exports`, locating every function
 * through the V8 inspector) against the exported symbols Docsmith's parser lists for the file's page,
 * with their spans. express is fetched with `npm pack` and its dependencies installed from the npm
 * registry at bench time (cached in `.bench/`, never committed).
 *   node out/bench/run.js --only symbols
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { scanWorkspace } from '../src/core/docs/scan';
import type { SourceSymbol } from '../src/core/docs/types';
import type { ExposedEntry, ExposedModule } from './exposedApi';
import { COMMONJS_PACKAGE, prepareNpmTree } from './projectTrees';
import { atLeast, info, type Section } from './report';
import { benchParser } from './timedDocRun';

export interface FileCompleteness {
  file: string;
  /** Set when the file only re-exports another file's module. */
  reExports?: string;
  /** Names defined one by one (static). */
  names: number;
  listed: number;
  missing: string[];
  /** Of the listed names defined by a function in this file: the listed span holds the definition. */
  spanChecked: number;
  spanAgrees: number;
  spanDisagrees: string[];
  /** Functions made in a loop under many names (one definition, ≥ 3 names): names, and whether an entry spans the definition. */
  loopNames: number;
  loopCovered: number;
  /** Exported symbols matched by no exposed name (the exported object itself, `var app = module.exports = {}`, is one). */
  extra: string[];
}

const displayName = (s: SourceSymbol): string => (s.container ? `${s.container}.${s.name}` : s.name);

/** Compares one file's runtime exports with the parser's exported symbols. */
export function compareFile(file: string, exposed: ExposedModule, symbols: readonly SourceSymbol[]): FileCompleteness {
  const result: FileCompleteness = { file, names: 0, listed: 0, missing: [], spanChecked: 0, spanAgrees: 0, spanDisagrees: [], loopNames: 0, loopCovered: 0, extra: [] };
  const own = (e: ExposedEntry): boolean => e.file === file;
  if (exposed.sameAs.length > 0 && !exposed.entries.some(own)) {
    result.reExports = exposed.sameAs.join(', ');
    return result;
  }
  const listed = symbols.filter((s) => s.exported);
  const spans = (line: number) => (s: SourceSymbol): boolean => s.startLine <= line && line <= s.endLine;
  const byLocation = new Map<string, number>();
  for (const e of exposed.entries) if (e.line !== undefined) byLocation.set(`${e.file}:${e.line}`, (byLocation.get(`${e.file}:${e.line}`) ?? 0) + 1);
  const matchedSymbols = new Set<SourceSymbol>();
  for (const entry of exposed.entries) {
    const name = entry.name.replace(/^prototype\./, '');
    const inLoop = entry.line !== undefined && own(entry) && (byLocation.get(`${entry.file}:${entry.line}`) ?? 0) >= 3;
    if (entry.name === '(module.exports)') {
      const found = own(entry) ? listed.find((s) => !s.container && spans(entry.line!)(s)) : undefined;
      result.names++;
      if (found) {
        result.listed++;
        result.spanChecked++;
        result.spanAgrees++;
        matchedSymbols.add(found);
      } else result.missing.push('(module.exports)');
      continue;
    }
    if (inLoop) {
      result.loopNames++;
      const found = listed.find((s) => s.name.startsWith('[') && spans(entry.line!)(s));
      if (found) {
        result.loopCovered++;
        matchedSymbols.add(found);
      }
      continue;
    }
    result.names++;
    const candidates = listed.filter((s) => s.name === name);
    if (candidates.length === 0) {
      result.missing.push(entry.name);
      continue;
    }
    result.listed++;
    candidates.forEach((c) => matchedSymbols.add(c));
    if (entry.line !== undefined && own(entry)) {
      result.spanChecked++;
      if (candidates.some(spans(entry.line))) result.spanAgrees++;
      else result.spanDisagrees.push(`${entry.name} (defined at line ${entry.line}, listed at ${candidates.map((c) => `${c.startLine}-${c.endLine}`).join(', ')})`);
    }
  }
  result.extra = listed.filter((s) => !matchedSymbols.has(s)).map((s) => `${displayName(s)} (${s.kind}, ${s.startLine}-${s.endLine})`);
  return result;
}

/** Unpacks express with its runtime dependencies (installed once, cached). */
function prepareExpress(cacheDir: string, log: (line: string) => void): string {
  const root = path.join(cacheDir, `${COMMONJS_PACKAGE.replace('@', '-')}-runtime`);
  if (existsSync(path.join(root, 'node_modules', '.package-lock.json')) || existsSync(path.join(root, 'node_modules', 'accepts'))) return root;
  log(`symbols: installing ${COMMONJS_PACKAGE}'s dependencies from the npm registry (once)`);
  prepareNpmTree(cacheDir, root, COMMONJS_PACKAGE);
  execFileSync('npm', ['install', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--no-package-lock'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], timeout: 300_000 });
  return root;
}

export async function runCommonJsBench(options: { repoRoot: string; log: (line: string) => void }): Promise<Section> {
  const root = prepareExpress(path.join(options.repoRoot, '.bench'), options.log);
  const scan = await scanWorkspace({ root, outputDirectory: 'docs/generated' });
  const files = scan.files.filter((f) => f.language === 'javascript').map((f) => f.path);
  const run = spawnSync(process.execPath, [path.join(__dirname, 'exposedApi.js'), root, ...files], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`loading ${COMMONJS_PACKAGE} failed: ${run.stderr}`);
  const exposed = JSON.parse(run.stdout) as Record<string, ExposedModule>;
  const parser = await benchParser();
  const results = files.map((file) => {
    const parsed = parser.parseFile(file, 'javascript', readFileSync(path.join(root, file), 'utf8'), new Set(files));
    return compareFile(file, exposed[file], parsed.symbols);
  });
  const sum = (key: 'names' | 'listed' | 'spanChecked' | 'spanAgrees' | 'loopNames' | 'loopCovered'): number => results.reduce((n, r) => n + r[key], 0);
  for (const r of results) {
    options.log(`symbols: ${r.file}: ${r.reExports ? `re-exports ${r.reExports}` : `${r.listed}/${r.names} names, spans ${r.spanAgrees}/${r.spanChecked}, loop ${r.loopCovered}/${r.loopNames}${r.missing.length ? `, missing ${r.missing.join(', ')}` : ''}${r.extra.length ? `, extra ${r.extra.join(', ')}` : ''}`}`);
  }
  const completeness = sum('listed') / sum('names');
  const missing = results.flatMap((r) => r.missing.map((m) => `${r.file}: ${m}`));
  const disagreements = results.flatMap((r) => r.spanDisagrees.map((d) => `${r.file}: ${d}`));
  const extra = results.flatMap((r) => r.extra.map((x) => `${r.file}: ${x}`));
  return {
    title: '9. CommonJS symbol completeness',
    settings: [
      `\`${COMMONJS_PACKAGE}\` from \`npm pack\`, its dependencies installed from the npm registry (cached in \`.bench/\`, never committed); ${files.length} JavaScript files.`,
      'Reference: Node loads each file and lists what `module.exports` exposes (own properties and getters, and the prototype\'s for a function), with each function\'s definition line from the V8 inspector. Parser: the exported symbols the file\'s page lists.',
      'A name is listed when an exported symbol has that name; its span agrees when the symbol\'s lines hold the function\'s definition. Functions made in a loop under many names (one definition, 3 names or more, e.g. `app.get`, `app.post`…) are counted apart: covered when a computed entry such as `app.[method]` spans the definition.',
    ],
    figures: [
      atLeast('symbol completeness (names defined one by one)', completeness, 0.98, (n) => n.toFixed(3), `names not listed: ${missing.slice(0, 12).join('; ')}${missing.length > 12 ? ` and ${missing.length - 12} more` : ''}`),
      info('listed / exposed names', `${sum('listed')} / ${sum('names')}`),
      info('spans holding the definition', `${sum('spanAgrees')} / ${sum('spanChecked')}`, disagreements.length > 0 ? `disagree: ${disagreements.join('; ')}` : undefined),
      info('names made in a loop, covered by a computed entry', `${sum('loopCovered')} / ${sum('loopNames')}`),
      info('exported symbols the runtime does not expose', String(extra.length), extra.join('; ') || undefined),
    ],
    notes: results.map((r) => `${r.file}: ${r.reExports ? `re-exports ${r.reExports} (counted there)` : `${r.listed}/${r.names} listed, spans ${r.spanAgrees}/${r.spanChecked}, loop names ${r.loopCovered}/${r.loopNames}`}.`),
  };
}
