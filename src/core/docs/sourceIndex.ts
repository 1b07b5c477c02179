/**
 * Reads and parses the scanned files, with a parse cache keyed by each file's content hash and
 * the parser's version: a rerun where nothing changed reads and parses nothing. Texts read in
 * this run are kept for the prompts so no file is read twice.
 *
 * The cache lives outside the workspace (a folder the caller names: the user's cache folder, the
 * editor's workspace storage), one file per workspace folder. A repository cannot ship it, so it
 * cannot inject symbol names or line counts into pages; entries are still checked for shape.
 */
import { createHash } from 'node:crypto';
import { promises as fs, realpathSync } from 'node:fs';
import * as path from 'node:path';
import type { ParsedFile, ScannedFile } from './types';
import { writeFileAtomic } from '../atomicFile';
import { splitLines } from './prompts';
import { parserVersion } from './parse/parserVersion';

const CACHE_VERSION = 2;

/** Parses one file; `workspaceFiles` (every scanned path) lets imports resolve to workspace files. */
export type ParseFn = (relativePath: string, language: string, text: string, workspaceFiles: ReadonlySet<string>) => ParsedFile | Promise<ParsedFile>;

interface CacheEntry {
  hash: string;
  lineCount: number;
  parsed: ParsedFile;
}

interface CacheFile {
  version: number;
  /** The parser that produced the entries ({@link parserVersion}, or `none` for file-level records). */
  parser: string;
  /** Hash of the sorted file list: import resolution depends on which files exist. */
  fileSet: string;
  files: Record<string, CacheEntry>;
}

export interface SourceIndexOptions {
  /** Folder of the parse cache (outside the workspace); no cache without it. */
  cacheDirectory?: string;
  signal?: AbortSignal;
  /** Files read and parsed at once. */
  concurrency?: number;
}

export interface SourceIndex {
  parsed: Map<string, ParsedFile>;
  lineCounts: Map<string, number>;
  /** Texts read during this run (files whose cache entry was missing or stale). */
  texts: Map<string, string>;
  /** Files parsed (not served from the cache) in this run. */
  parsedCount: number;
  /** Files the parser failed on; documented at file level. */
  parseFailures: string[];
  /** Files that could not be read after the scan listed them (deleted meanwhile, …). */
  unreadable: string[];
}

/** A file-level record for files no grammar handles or the parser rejected. */
export function fileLevel(relativePath: string, language: string, lineCount: number): ParsedFile {
  return { path: relativePath, language, symbols: [], imports: [], lineCount };
}

export async function buildSourceIndex(root: string, files: readonly ScannedFile[], parse: ParseFn | undefined, options: SourceIndexOptions = {}): Promise<SourceIndex> {
  const { signal, concurrency = 16 } = options;
  const fileSet = createHash('sha256').update(files.map((f) => f.path).join('\n')).digest('hex');
  const parser = parse ? parserVersion() : 'none';
  const cacheFile = options.cacheDirectory ? parseCacheFile(options.cacheDirectory, root) : undefined;
  const cache = cacheFile ? await readCache(cacheFile, parser, fileSet) : new Map<string, CacheEntry>();
  const index: SourceIndex = { parsed: new Map(), lineCounts: new Map(), texts: new Map(), parsedCount: 0, parseFailures: [], unreadable: [] };
  const workspaceFiles = new Set(files.map((f) => f.path));
  const todo: ScannedFile[] = [];
  for (const f of files) {
    const hit = cache.get(f.path);
    if (hit && hit.hash === f.hash) {
      index.parsed.set(f.path, hit.parsed);
      index.lineCounts.set(f.path, hit.lineCount);
    } else todo.push(f);
  }
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < todo.length) {
      if (signal?.aborted) return;
      const f = todo[next++];
      const read = await readAndParse(root, f, parse, workspaceFiles);
      if (!read) {
        index.unreadable.push(f.path); // deleted or locked since the scan
        continue;
      }
      index.texts.set(f.path, read.text);
      index.lineCounts.set(f.path, read.lineCount);
      if (read.parseFailed) index.parseFailures.push(f.path);
      index.parsed.set(f.path, read.parsed);
      index.parsedCount++;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, Math.max(1, todo.length)) }, worker));
  if (cacheFile && todo.length > 0 && !signal?.aborted) await writeCache(cacheFile, { version: CACHE_VERSION, parser, fileSet, files: {} }, files, index);
  return index;
}

export interface ReadAndParsed {
  text: string;
  lineCount: number;
  parsed: ParsedFile;
  /** The parser threw: `parsed` is the file-level record. */
  parseFailed: boolean;
}

/** Reads one scanned file and parses it (file level without a parser); undefined when it cannot be read. */
export async function readAndParse(root: string, f: ScannedFile, parse: ParseFn | undefined, workspaceFiles: ReadonlySet<string>): Promise<ReadAndParsed | undefined> {
  let text: string;
  try {
    text = await readText(root, f.path);
  } catch {
    return undefined;
  }
  const lineCount = splitLines(text).length;
  let parsed = fileLevel(f.path, f.language, lineCount);
  let parseFailed = false;
  if (parse) {
    try {
      parsed = { ...(await parse(f.path, f.language, text, workspaceFiles)), path: f.path, lineCount };
    } catch {
      parseFailed = true;
    }
  }
  return { text, lineCount, parsed, parseFailed };
}

/** Reads a workspace file as UTF-8 (invalid bytes become U+FFFD; line structure is kept). */
export async function readText(root: string, relativePath: string): Promise<string> {
  return fs.readFile(path.join(root, ...relativePath.split('/')), 'utf8');
}

/** The cache file of one workspace folder: named after its real path, so one folder serves many. */
export function parseCacheFile(cacheDirectory: string, root: string): string {
  let real = root;
  try {
    real = realpathSync(root);
  } catch {
    // keep the path as given
  }
  return path.join(cacheDirectory, `parse-${createHash('sha256').update(real).digest('hex').slice(0, 24)}.json`);
}

async function readCache(file: string, parser: string, fileSet: string): Promise<Map<string, CacheEntry>> {
  try {
    const data = JSON.parse(await fs.readFile(file, 'utf8')) as CacheFile;
    if (data.version !== CACHE_VERSION || data.parser !== parser || data.fileSet !== fileSet || typeof data.files !== 'object' || data.files === null) return new Map();
    return new Map(Object.entries(data.files).filter(([p, e]) => isCacheEntry(p, e)));
  } catch {
    return new Map();
  }
}

const isInt = (v: unknown, min: number): v is number => typeof v === 'number' && Number.isInteger(v) && v >= min;

/** An entry of the right shape for `relativePath`: anything else is parsed again. */
function isCacheEntry(relativePath: string, e: unknown): e is CacheEntry {
  if (typeof e !== 'object' || e === null) return false;
  const { hash, lineCount, parsed } = e as Partial<CacheEntry>;
  if (typeof hash !== 'string' || !isInt(lineCount, 0) || typeof parsed !== 'object' || parsed === null) return false;
  if (parsed.path !== relativePath || !Array.isArray(parsed.symbols) || !Array.isArray(parsed.imports)) return false;
  const inSpan = (n: unknown): boolean => isInt(n, 1) && n <= Math.max(1, lineCount);
  return (
    parsed.symbols.every((s) => typeof s?.name === 'string' && typeof s.kind === 'string' && inSpan(s.startLine) && inSpan(s.endLine) && Array.isArray(s.parameters)) &&
    parsed.imports.every((i) => typeof i?.specifier === 'string' && (i.resolved === undefined || typeof i.resolved === 'string'))
  );
}

async function writeCache(file: string, out: CacheFile, files: readonly ScannedFile[], index: SourceIndex): Promise<void> {
  for (const f of files) {
    const parsed = index.parsed.get(f.path);
    if (parsed) out.files[f.path] = { hash: f.hash, lineCount: index.lineCounts.get(f.path) ?? parsed.lineCount, parsed };
  }
  try {
    await writeFileAtomic(file, JSON.stringify(out));
  } catch {
    // A cache that cannot be written (read-only home, full disk) only costs the next run a parse.
  }
}
