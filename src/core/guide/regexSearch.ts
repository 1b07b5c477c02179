/**
 * Searching file texts for a model-written pattern without letting it hang the host.
 *
 * A literal search is linear (`indexOf`) and runs in place. A regular expression runs in a worker
 * thread with a deadline: JavaScript's regex engine backtracks, so a pattern such as `(a+)+$` on a
 * long line can take exponential time, and a synchronous match cannot be interrupted on the thread
 * that started it. When the deadline passes the worker is terminated (V8 stops a running match)
 * and the search is answered as timed out. Invalid patterns are rejected before any worker starts.
 */
import { Worker } from 'node:worker_threads';

export interface SearchFile {
  path: string;
  lines: readonly string[];
}

export interface SearchHit {
  path: string;
  line: number;
  text: string;
}

export interface SearchOutcome {
  hits: SearchHit[];
  /** More hits existed than `maxHits`. */
  truncated: boolean;
  /** Files looked at. */
  filesSearched: number;
}

export class PatternError extends Error {
  constructor(
    message: string,
    readonly kind: 'invalid' | 'timeout',
  ) {
    super(message);
    this.name = 'PatternError';
  }
}

export interface SearchRequest {
  query: string;
  regex: boolean;
  ignoreCase: boolean;
  maxHits: number;
  /** Wall-clock limit of a regex search, ms. */
  deadlineMs: number;
  signal?: AbortSignal;
}

/** The worker's whole program: match line by line, stop at `maxHits + 1`. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { source, flags, files, maxHits } = workerData;
const re = new RegExp(source, flags);
const hits = [];
let filesSearched = 0;
outer: for (const f of files) {
  filesSearched++;
  for (let i = 0; i < f.lines.length; i++) {
    if (re.test(f.lines[i])) {
      hits.push({ path: f.path, line: i + 1, text: f.lines[i] });
      if (hits.length > maxHits) break outer;
    }
  }
}
parentPort.postMessage({ hits, filesSearched });
`;

/** Checks a pattern without running it; throws {@link PatternError} when it does not compile. */
export function compilePattern(query: string, ignoreCase: boolean): RegExp {
  try {
    return new RegExp(query, ignoreCase ? 'iu' : 'u');
  } catch (unicodeError) {
    try {
      return new RegExp(query, ignoreCase ? 'i' : '');
    } catch {
      throw new PatternError(`Invalid regular expression: ${(unicodeError as Error).message}`, 'invalid');
    }
  }
}

export async function searchFiles(files: readonly SearchFile[], request: SearchRequest): Promise<SearchOutcome> {
  if (!request.regex) return literalSearch(files, request);
  const re = compilePattern(request.query, request.ignoreCase);
  return regexInWorker(files, re, request);
}

function finish(hits: SearchHit[], maxHits: number, filesSearched: number): SearchOutcome {
  return { hits: hits.slice(0, maxHits), truncated: hits.length > maxHits, filesSearched };
}

function literalSearch(files: readonly SearchFile[], request: SearchRequest): SearchOutcome {
  const needle = request.ignoreCase ? request.query.toLowerCase() : request.query;
  const hits: SearchHit[] = [];
  let filesSearched = 0;
  for (const f of files) {
    filesSearched++;
    for (let i = 0; i < f.lines.length; i++) {
      const line = request.ignoreCase ? f.lines[i].toLowerCase() : f.lines[i];
      if (!line.includes(needle)) continue;
      hits.push({ path: f.path, line: i + 1, text: f.lines[i] });
      if (hits.length > request.maxHits) return finish(hits, request.maxHits, filesSearched);
    }
  }
  return finish(hits, request.maxHits, filesSearched);
}

function regexInWorker(files: readonly SearchFile[], re: RegExp, request: SearchRequest): Promise<SearchOutcome> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { source: re.source, flags: re.flags, files: files.map((f) => ({ path: f.path, lines: f.lines })), maxHits: request.maxHits },
      resourceLimits: { maxOldGenerationSizeMb: 256 },
    });
    let settled = false;
    const settle = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.signal?.removeEventListener('abort', onAbort);
      void worker.terminate();
      fn();
    };
    const timer = setTimeout(
      () =>
        settle(() =>
          reject(new PatternError(`The regular expression took longer than ${request.deadlineMs} ms and was stopped (it may backtrack catastrophically). Use a literal search or a simpler pattern.`, 'timeout')),
        ),
      request.deadlineMs,
    );
    const onAbort = (): void => settle(() => reject(request.signal!.reason instanceof Error ? request.signal!.reason : new Error('Search cancelled')));
    request.signal?.addEventListener('abort', onAbort, { once: true });
    worker.once('message', (m: { hits: SearchHit[]; filesSearched: number }) => settle(() => resolve(finish(m.hits, request.maxHits, m.filesSearched))));
    worker.once('error', (e) => settle(() => reject(new PatternError(`The search failed: ${e.message}`, 'invalid'))));
    worker.once('exit', () => settle(() => reject(new PatternError('The search stopped without an answer.', 'invalid'))));
  });
}
