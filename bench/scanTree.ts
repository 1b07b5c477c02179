/**
 * Generates a large, realistic workspace for the scan benchmark: a monorepo of packages with
 * nested folders, a mix of languages and file sizes (mostly small, a long tail up to ~300 KB),
 * a few binary assets and secret files, build output, logs and `node_modules` on disk that
 * `.gitignore` files (root, per package, and nested deeper) hide. Deterministic for a seed.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { seededRandom } from '../test/fixtures/badInput/seededRandom';

export interface ScanTreeStats {
  /** Files that git tracks after `git add` (not ignored). */
  trackedFiles: number;
  /** Files on disk that a `.gitignore` hides. */
  ignoredFiles: number;
  trackedBytes: number;
  gitignoreFiles: number;
  folders: number;
}

const WORDS = ['order', 'price', 'total', 'user', 'account', 'invoice', 'stock', 'item', 'report', 'config', 'cache', 'client', 'server', 'value', 'result', 'index', 'count', 'name', 'state', 'event'];

/** ~2 MB of code-like text that file bodies are cut from. */
function buildCorpus(random: () => number): string {
  const parts: string[] = [];
  let size = 0;
  while (size < 2 * 1024 * 1024) {
    const a = WORDS[Math.floor(random() * WORDS.length)];
    const b = WORDS[Math.floor(random() * WORDS.length)];
    const n = Math.floor(random() * 1000);
    const line = random() < 0.2
      ? `export function ${a}${b[0].toUpperCase()}${b.slice(1)}${n}(${a}: number, ${b}: string): string {\n`
      : random() < 0.5
        ? `  const ${a}${n} = ${b}.map((x) => x.${a} * ${n}).filter(Boolean); // ${b} ${a}\n`
        : `  if (${a} > ${n}) return \`\${${b}}-${a}-${n}\`;\n`;
    parts.push(line);
    size += line.length;
  }
  return parts.join('');
}

/** Mostly small files with a long tail, like real repositories. */
function pickSize(random: () => number): number {
  const r = random();
  if (r < 0.6) return 300 + Math.floor(random() * 3_700);
  if (r < 0.9) return 4_000 + Math.floor(random() * 12_000);
  if (r < 0.99) return 16_000 + Math.floor(random() * 48_000);
  return 64_000 + Math.floor(random() * 236_000);
}

const EXTENSIONS: Array<[string, number]> = [
  ['ts', 0.42], ['tsx', 0.06], ['js', 0.1], ['py', 0.1], ['go', 0.05], ['md', 0.08],
  ['json', 0.07], ['css', 0.04], ['yaml', 0.03], ['txt', 0.03], ['png', 0.02],
];

function pickExtension(random: () => number): string {
  let r = random();
  for (const [ext, weight] of EXTENSIONS) {
    if ((r -= weight) < 0) return ext;
  }
  return 'ts';
}

export interface ScanTreeOptions {
  /** Tracked files to generate at least. */
  targetFiles: number;
  seed?: number;
}

/** Writes the tree under `root` (which must be empty or missing). */
export function generateScanTree(root: string, options: ScanTreeOptions): ScanTreeStats {
  const random = seededRandom(options.seed ?? 7).next;
  const corpus = buildCorpus(random);
  const stats: ScanTreeStats = { trackedFiles: 0, ignoredFiles: 0, trackedBytes: 0, gitignoreFiles: 0, folders: 0 };
  const madeDirs = new Set<string>();
  const ensureDir = (dir: string): void => {
    if (madeDirs.has(dir)) return;
    mkdirSync(path.join(root, dir), { recursive: true });
    madeDirs.add(dir);
    stats.folders++;
  };
  const body = (relative: string, size: number): string => {
    const start = Math.floor(random() * (corpus.length - size - 1));
    return `// ${relative}\n${corpus.slice(start, start + size)}`;
  };
  const write = (relative: string, content: string | Buffer, tracked: boolean): void => {
    ensureDir(path.posix.dirname(relative));
    writeFileSync(path.join(root, relative), content);
    if (tracked) {
      stats.trackedFiles++;
      stats.trackedBytes += Buffer.byteLength(content);
    } else {
      stats.ignoredFiles++;
    }
  };
  const gitignore = (dir: string, text: string): void => {
    write(dir === '' ? '.gitignore' : `${dir}/.gitignore`, text, true);
    stats.gitignoreFiles++;
  };

  ensureDir('');
  gitignore('', 'node_modules/\n*.log\ndist/\ncoverage/\n.cache/\n');
  write('package.json', '{ "name": "bench-monorepo", "private": true }\n', true);
  write('README.md', '# Bench monorepo\n', true);
  // Dependencies on disk, hidden by the root .gitignore (and never walked by the scanner).
  for (let i = 0; i < 2_000; i++) write(`node_modules/dep${i % 80}/lib/file${i}.js`, body(`dep${i}`, 800), false);

  const packages = Math.max(1, Math.ceil(options.targetFiles / 1_300));
  const perPackage = Math.ceil(options.targetFiles / packages);
  for (let p = 0; p < packages; p++) {
    const pkg = `packages/pkg-${String(p).padStart(2, '0')}`;
    gitignore(pkg, 'build/\n*.tmp\n!keep.tmp\n');
    write(`${pkg}/package.json`, `{ "name": "pkg-${p}", "version": "1.0.${p}" }\n`, true);
    write(`${pkg}/keep.tmp`, 'kept by a negated rule\n', true);
    write(`${pkg}/scratch.tmp`, 'ignored by the package .gitignore\n', false);
    write(`${pkg}/debug.log`, 'ignored by the root .gitignore\n', false);
    write(`${pkg}/.env`, `API_TOKEN=bench-secret-${p}\n`, true);
    for (let i = 0; i < 40; i++) write(`${pkg}/dist/chunk${i}.js`, body(`${pkg}/dist/${i}`, 2_000), false);
    for (let i = 0; i < 10; i++) write(`${pkg}/build/out${i}.o`, body(`${pkg}/build/${i}`, 1_000), false);

    let made = 0;
    let folderIndex = 0;
    while (made < perPackage) {
      const depth = 1 + Math.floor(random() * 4);
      const segments = ['src'];
      for (let d = 1; d < depth; d++) segments.push(`${WORDS[Math.floor(random() * WORDS.length)]}${Math.floor(random() * 4)}`);
      const dir = `${pkg}/${segments.join('/')}/m${folderIndex++}`;
      // Every eighth folder has its own .gitignore hiding generated files beside the sources.
      if (folderIndex % 8 === 0) {
        gitignore(dir, '*.generated.ts\nsnapshots/\n');
        write(`${dir}/api.generated.ts`, body(`${dir}/api.generated.ts`, 3_000), false);
        write(`${dir}/snapshots/one.snap`, body(`${dir}/snap`, 500), false);
      }
      const count = 8 + Math.floor(random() * 40);
      for (let f = 0; f < count && made < perPackage; f++, made++) {
        const ext = pickExtension(random);
        const relative = `${dir}/${WORDS[f % WORDS.length]}${f}.${ext}`;
        if (ext === 'png') {
          const bytes = Buffer.alloc(2_000 + Math.floor(random() * 30_000));
          for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(random() * 256);
          bytes.write('\x89PNG\r\n\x1a\n', 0, 'latin1');
          write(relative, bytes, true);
        } else {
          write(relative, body(relative, pickSize(random)), true);
        }
      }
    }
  }
  return stats;
}
