/**
 * The projects the docs benchmarks document: the sample fixtures, a real published npm package
 * (fetched with `npm pack` at bench time, cached in `.bench/`, never committed), and a generated
 * TypeScript project of a chosen size for the no-op rerun.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

/** A mid-size JavaScript package with nested folders and real imports between its modules. */
export const NPM_TREE_PACKAGE = 'axios@1.7.9';
/** A CommonJS package whose API is built by `module.exports`, `exports.x` and prototype assignments. */
export const COMMONJS_PACKAGE = 'express@4.21.2';

function run(command: string, args: string[], cwd: string): string {
  const r = spawnSync(command, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 180_000 });
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${r.stderr || String(r.error)}`);
  return r.stdout;
}

/**
 * Unpacks the published package into `dest`. Its prebuilt bundles (`dist/`) stay on disk but are
 * ignored by a `.gitignore`, as a project would; the sources under `lib/` and the top-level files
 * are documented.
 */
export function prepareNpmTree(cacheDir: string, dest: string, spec = NPM_TREE_PACKAGE): void {
  mkdirSync(cacheDir, { recursive: true });
  const [name, version] = spec.split('@');
  const tarball = path.join(cacheDir, `${name}-${version}.tgz`);
  if (!existsSync(tarball)) run('npm', ['pack', spec, '--silent', '--pack-destination', cacheDir], cacheDir);
  const unpack = path.join(cacheDir, `unpack-${process.pid}`);
  rmSync(unpack, { recursive: true, force: true });
  mkdirSync(unpack, { recursive: true });
  run('tar', ['xzf', tarball, '-C', unpack], cacheDir);
  rmSync(dest, { recursive: true, force: true });
  renameSync(path.join(unpack, 'package'), dest);
  rmSync(unpack, { recursive: true, force: true });
  writeFileSync(path.join(dest, '.gitignore'), 'dist/\nnode_modules/\n');
}

const AREAS = ['orders', 'billing', 'catalog', 'users', 'reports', 'storage', 'shipping', 'search'];
const SUBS = ['model', 'service', 'api', 'util', 'store'];

/**
 * Writes a TypeScript project of `files` modules under `src/<area>/<sub>/`, each a few dozen
 * lines with exported functions, doc comments on some, and imports of earlier modules.
 */
export function generateProject(dest: string, files: number): void {
  rmSync(dest, { recursive: true, force: true });
  const paths: string[] = [];
  for (let i = 0; i < files; i++) {
    const area = AREAS[i % AREAS.length];
    const sub = SUBS[Math.floor(i / AREAS.length) % SUBS.length];
    const group = Math.floor(i / (AREAS.length * SUBS.length)) % 6;
    paths.push(`src/${area}/${sub}/part${group}/module${i}.ts`);
  }
  paths.forEach((file, i) => {
    const lines: string[] = [];
    const imports = [i - 1, i - 7, i - 31].filter((j) => j >= 0);
    for (const j of imports) {
      const rel = path.posix.relative(path.posix.dirname(file), paths[j].replace(/\.ts$/, ''));
      lines.push(`import { compute${j} } from '${rel.startsWith('.') ? rel : `./${rel}`}';`);
    }
    lines.push('', `/** Settings of module ${i}. */`, `export interface Options${i} {`, '  limit: number;', '  label: string;', '}', '');
    if (i % 2 === 0) lines.push(`/** Combines the inputs of step ${i}. */`);
    lines.push(`export function compute${i}(value: number, options: Options${i} = { limit: ${i + 10}, label: 'm${i}' }): number {`);
    lines.push(`  let total = value;`);
    for (const j of imports) lines.push(`  total += compute${j}(total % ${j + 3});`);
    lines.push(`  return Math.min(total, options.limit);`, '}', '');
    lines.push(`export class Registry${i} {`, '  private readonly items = new Map<string, number>();', '');
    lines.push(`  add(name: string, amount: number): void {`, `    this.items.set(name, compute${i}(amount));`, '  }', '');
    lines.push(`  total(): number {`, '    let sum = 0;', '    for (const v of this.items.values()) sum += v;', '    return sum;', '  }', '}', '');
    mkdirSync(path.join(dest, path.dirname(file)), { recursive: true });
    writeFileSync(path.join(dest, file), lines.join('\n'));
  });
  writeFileSync(path.join(dest, 'package.json'), `{ "name": "generated-${files}", "private": true }\n`);
}

/** Number of files under `dir` (for settings lines). */
export function countFiles(dir: string): number {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) n += e.isDirectory() ? countFiles(path.join(dir, e.name)) : 1;
  return n;
}
