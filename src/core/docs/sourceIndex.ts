/**
 * Reads and parses the scanned files, with a cache in `.docsmith/parse-cache.json` keyed by
 * content hash: a rerun where nothing changed reads and parses nothing. Texts read in this run
 * are kept for the prompts so no file is read twice.
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { ParsedFile, ScannedFile } from './types';
import { STATE_DIR } from './pagePaths';
import { writeFileAtomic } from './pageWriter';
import { splitLines } from './prompts';

export const PARSE_CACHE_FILE = `${STATE_DIR}/parse-cache.json`;
const CACHE_VERSION = 1;

/** Parses one file; `workspaceFiles` (every scanned path) lets imports resolve to workspace files. */
export type ParseFn = (relativePath: string, language: string, text: string, workspaceFiles: ReadonlySet<string>) => ParsedFile | Promise<ParsedFile>;

interface CacheEntry {
  hash: string;
  lineCount: number;
  parsed: ParsedFile;
}

interface CacheFile {
  version: number;
  /** Hash of the sorted file list: import resolution depends on which files exist. */
  fileSet: string;
  files: Record<string, CacheEntry>;
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

export async function buildSourceIndex(
  root: string,
  outputDirAbs: string,
  files: readonly ScannedFile[],
  parse: ParseFn | undefined,
  signal?: AbortSignal,
  concurrency = 16,
): Promise<SourceIndex> {
  const fileSet = createHash('sha256').update(files.map((f) => f.path).join('\n')).digest('hex');
  const cache = await readCache(outputDirAbs, fileSet);
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
      let text: string;
      try {
        text = await readText(root, f.path);
      } catch {
        index.unreadable.push(f.path); // deleted or locked since the scan
        continue;
      }
      const lineCount = splitLines(text).length;
      index.texts.set(f.path, text);
      index.lineCounts.set(f.path, lineCount);
      let parsed = fileLevel(f.path, f.language, lineCount);
      if (parse) {
        try {
          parsed = { ...(await parse(f.path, f.language, text, workspaceFiles)), path: f.path, lineCount };
        } catch {
          index.parseFailures.push(f.path);
        }
      }
      index.parsed.set(f.path, parsed);
      index.parsedCount++;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, Math.max(1, todo.length)) }, worker));
  if (todo.length > 0 && !signal?.aborted) await writeCache(outputDirAbs, fileSet, files, index);
  return index;
}

/** Reads a workspace file as UTF-8 (invalid bytes become U+FFFD; line structure is kept). */
export async function readText(root: string, relativePath: string): Promise<string> {
  return fs.readFile(path.join(root, ...relativePath.split('/')), 'utf8');
}

async function readCache(outputDirAbs: string, fileSet: string): Promise<Map<string, CacheEntry>> {
  try {
    const data = JSON.parse(await fs.readFile(path.join(outputDirAbs, ...PARSE_CACHE_FILE.split('/')), 'utf8')) as CacheFile;
    if (data.version !== CACHE_VERSION || data.fileSet !== fileSet || typeof data.files !== 'object') return new Map();
    return new Map(Object.entries(data.files));
  } catch {
    return new Map();
  }
}

async function writeCache(outputDirAbs: string, fileSet: string, files: readonly ScannedFile[], index: SourceIndex): Promise<void> {
  const out: CacheFile = { version: CACHE_VERSION, fileSet, files: {} };
  for (const f of files) {
    const parsed = index.parsed.get(f.path);
    if (parsed) out.files[f.path] = { hash: f.hash, lineCount: index.lineCounts.get(f.path) ?? parsed.lineCount, parsed };
  }
  await writeFileAtomic(path.join(outputDirAbs, ...PARSE_CACHE_FILE.split('/')), JSON.stringify(out));
}
