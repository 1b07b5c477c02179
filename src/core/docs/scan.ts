/**
 * Walks a workspace folder and lists what can be documented.
 *
 * Two phases. The walk lists folders asynchronously through a bounded pool and decides from
 * paths alone what is ignored, excluded or secret (secret files are never opened). Then each
 * remaining file is read once — the same buffer gives the binary check and the sha256 — in
 * time-sliced synchronous batches that yield to the event loop every few milliseconds.
 * Measured on 50k small files on a 2-core machine under load, per-file async reads through
 * libuv's thread pool took 4–10 s, the sliced reads 1.1–1.3 s, `git ls-files | sha256sum` 1.2–3 s.
 *
 * Symlinks are followed only when they point at a file inside the root; symlinked folders are
 * not descended (their targets inside the root are walked under their real path), so loops
 * cannot happen.
 */
import { createHash } from 'node:crypto';
import { closeSync, openSync, promises as fs, readSync, type Dirent } from 'node:fs';
import * as path from 'node:path';
import { hasBinaryExtension, languageForPath, looksBinary } from './fileLanguage';
import {
  ALWAYS_SKIPPED_DIRS,
  createExcludeTest,
  gitignoreLayer,
  isGitignored,
  type ExcludeTest,
  type GitignoreLayer,
} from './ignoreRules';
import { createSecretFileTest, type SecretFileTest } from './secretFiles';
import type { ScannedFile, ScanOptions, ScanResult, SkippedFile, SkipReason } from './types';

const DEFAULT_MAX_FILE_KB = 256;
const DEFAULT_CONCURRENCY = 32;

/** Runs at most `limit` async jobs at once; the rest wait in order. */
class IoPool {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly limit: number) {}

  async run<T>(job: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    try {
      return await job();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }
}

interface ScanContext {
  rootReal: string;
  maxBytes: number;
  pool: IoPool;
  excluded: ExcludeTest;
  secret: SecretFileTest;
  /** Files to read in phase two: absolute path (or link) and workspace-relative path. */
  toRead: Array<{ absolute: string; relative: string }>;
  files: ScannedFile[];
  skipped: SkippedFile[];
  signal?: AbortSignal;
}

/** Longest stretch of synchronous reading before yielding to the event loop. */
const READ_SLICE_MS = 8;

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : undefined;
}

/** Vanished between listing and reading: skip quietly (the file is simply not there any more). */
function isGone(error: unknown): boolean {
  const code = errorCode(error);
  return code === 'ENOENT' || code === 'ENOTDIR';
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('Scan cancelled');
}

function isInside(rootReal: string, target: string): boolean {
  return target === rootReal || target.startsWith(rootReal.endsWith(path.sep) ? rootReal : rootReal + path.sep);
}

/** Scans `options.root`. Paths in the result are workspace-relative with `/`, sorted. */
export async function scanWorkspace(options: ScanOptions): Promise<ScanResult> {
  const root = path.resolve(options.root);
  const rootReal = await fs.realpath(root);
  const context: ScanContext = {
    rootReal,
    maxBytes: (options.maxFileSizeKB ?? DEFAULT_MAX_FILE_KB) * 1024,
    pool: new IoPool(Math.max(1, options.concurrency ?? DEFAULT_CONCURRENCY)),
    excluded: createExcludeTest(options),
    secret: createSecretFileTest(options.neverSend),
    toRead: [],
    files: [],
    skipped: [],
    signal: options.signal,
  };
  const layers: GitignoreLayer[] = [];
  const infoExclude = await readTextIfPresent(path.join(root, '.git', 'info', 'exclude'));
  if (infoExclude !== undefined) layers.push(gitignoreLayer('', infoExclude));
  await walkDirectory(context, root, '', layers);
  await readQueuedFiles(context);
  throwIfAborted(options.signal);
  const byPath = (a: { path: string }, b: { path: string }): number => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
  context.files.sort(byPath);
  context.skipped.sort(byPath);
  return { root, files: context.files, skipped: context.skipped };
}

async function readTextIfPresent(file: string): Promise<string | undefined> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch {
    return undefined;
  }
}

function skip(context: ScanContext, relativePath: string, reason: SkipReason): void {
  context.skipped.push({ path: relativePath, reason });
}

async function walkDirectory(context: ScanContext, absolute: string, relative: string, parentLayers: readonly GitignoreLayer[]): Promise<void> {
  throwIfAborted(context.signal);
  let entries: Dirent[];
  try {
    entries = await context.pool.run(() => fs.readdir(absolute, { withFileTypes: true }));
  } catch (error) {
    if (!isGone(error) && relative !== '') skip(context, relative, 'unreadable');
    else if (!isGone(error)) throw error;
    return;
  }
  let layers = parentLayers;
  if (entries.some((e) => e.name === '.gitignore' && !e.isDirectory())) {
    const text = await context.pool.run(() => readTextIfPresent(path.join(absolute, '.gitignore')));
    if (text !== undefined) layers = [...parentLayers, gitignoreLayer(relative, text)];
  }
  const work: Array<Promise<void>> = [];
  for (const entry of entries) {
    const childRelative = relative === '' ? entry.name : `${relative}/${entry.name}`;
    const childAbsolute = path.join(absolute, entry.name);
    if (entry.isDirectory()) {
      if (ALWAYS_SKIPPED_DIRS.has(entry.name)) continue;
      if (context.excluded(childRelative) || isGitignored(childRelative, true, layers)) continue;
      work.push(walkDirectory(context, childAbsolute, childRelative, layers));
    } else if (entry.isFile()) {
      if (context.excluded(childRelative) || isGitignored(childRelative, false, layers)) continue;
      queueFile(context, childAbsolute, childRelative);
    } else if (entry.isSymbolicLink()) {
      if (context.excluded(childRelative) || isGitignored(childRelative, false, layers)) continue;
      work.push(scanSymlink(context, childAbsolute, childRelative));
    }
    // Sockets, FIFOs and devices are never opened: reading a FIFO would block the scan.
  }
  await Promise.all(work);
}

async function scanSymlink(context: ScanContext, absolute: string, relative: string): Promise<void> {
  let target: string;
  let isFile: boolean;
  try {
    target = await context.pool.run(() => fs.realpath(absolute));
    isFile = (await context.pool.run(() => fs.stat(target))).isFile();
  } catch (error) {
    // A dangling link, or a loop (ELOOP): nothing to read.
    if (!isGone(error) && errorCode(error) !== 'ELOOP') skip(context, relative, 'unreadable');
    return;
  }
  if (!isInside(context.rootReal, target)) {
    skip(context, relative, 'symlinkOutside');
    return;
  }
  if (!isFile) return; // Folders inside the root are walked under their real path.
  const targetRelative = path.relative(context.rootReal, target).split(path.sep).join('/');
  if (context.secret(targetRelative)) {
    skip(context, relative, 'secret');
    return;
  }
  queueFile(context, absolute, relative);
}

/** Decides from the path what needs no reading (secret, binary by format); queues the rest. */
function queueFile(context: ScanContext, absolute: string, relative: string): void {
  if (context.secret(relative)) skip(context, relative, 'secret');
  else if (hasBinaryExtension(relative)) skip(context, relative, 'binary');
  else context.toRead.push({ absolute, relative });
}

/** Reads the queued files synchronously in slices of a few milliseconds, yielding between slices. */
async function readQueuedFiles(context: ScanContext): Promise<void> {
  const queue = context.toRead;
  let next = 0;
  while (next < queue.length) {
    throwIfAborted(context.signal);
    const sliceEnd = performance.now() + READ_SLICE_MS;
    do {
      const { absolute, relative } = queue[next++];
      readOneFile(context, absolute, relative);
    } while (next < queue.length && performance.now() < sliceEnd);
    if (next < queue.length) await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

/** Reused for every file that fits, so small files cost no allocation. */
const sharedBuffer = Buffer.allocUnsafe(64 * 1024);

/** Reads a whole file; the result may be a view of `sharedBuffer`, valid until the next call. */
function readWhole(absolute: string): Buffer {
  const fd = openSync(absolute, 'r');
  try {
    const first = readSync(fd, sharedBuffer, 0, sharedBuffer.length, 0);
    if (first < sharedBuffer.length) return sharedBuffer.subarray(0, first);
    const chunks: Buffer[] = [Buffer.from(sharedBuffer)];
    let total = first;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.max(total, sharedBuffer.length));
      const read = readSync(fd, chunk, 0, chunk.length, total);
      if (read === 0) break;
      chunks.push(read === chunk.length ? chunk : chunk.subarray(0, read));
      total += read;
    }
    return Buffer.concat(chunks, total);
  } finally {
    closeSync(fd);
  }
}

function readOneFile(context: ScanContext, absolute: string, relative: string): void {
  let content: Buffer;
  try {
    content = readWhole(absolute);
  } catch (error) {
    if (!isGone(error)) skip(context, relative, 'unreadable');
    return;
  }
  if (looksBinary(content)) {
    skip(context, relative, 'binary');
    return;
  }
  const file: ScannedFile = {
    path: relative,
    size: content.length,
    hash: createHash('sha256').update(content).digest('hex'),
    language: languageForPath(relative),
  };
  if (content.length > context.maxBytes) file.large = true;
  context.files.push(file);
}
