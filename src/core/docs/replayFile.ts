/**
 * A run replay as the response cache stores it: a header line (JSON: the format, the replay key,
 * the number of pages, the answers the run used and its report), then for each page, in the order
 * the run wrote them, a line of JSON (its path, its size in bytes and its manifest entry), the
 * page's bytes as they are on disk, and a newline.
 *
 * A run of tens of thousands of pages makes a replay of tens of megabytes, so its pages' text never
 * lives in the JavaScript heap while it is recorded: the run keeps only the paths of the pages it
 * wrote, and at the end each page is read back from disk, checked against the content hash its
 * manifest entry records, and its bytes are written out as they were read, a chunk at a time (a
 * page held as a string, or escaped into JSON, would leave its copies for the garbage collector,
 * and at the end of a large run those pile up by the hundred megabytes). A page changed on disk
 * since it was written (the hash differs, or it cannot be read) means the run is not recorded: a
 * replay holds only what the run wrote.
 */
import { readFileSync } from 'node:fs';
import type { ManifestPage } from './manifest';
import type { UsedAnswer } from './modelCallCache';
import type { PageReport } from './runContext';
import { sha256, type PageWriter } from './pageWriter';

/** Version of the replay's layout; also part of the replay key, so a replay of another layout is never looked up. */
export const REPLAY_FORMAT = 2;
/** Bytes gathered before they are handed to the file. */
const CHUNK_BYTES = 1 << 20;
const NEWLINE = 0x0a;
const NEWLINE_BYTE = Buffer.from([NEWLINE]);

/** A page as the recording run wrote it; its manifest entry without the time it was written. */
export interface ReplayPage {
  path: string;
  readonly content: string;
  entry: Omit<ManifestPage, 'generatedAt' | 'durationMs'>;
}

/** What the header line holds. */
interface ReplayHeader {
  format: number;
  key: string;
  /** The number of pages that follow: fewer means the file was cut short. */
  pages: number;
  answers: UsedAnswer[];
  report: PageReport;
}

/** The line before a page's bytes. */
interface PageHead {
  path: string;
  bytes: number;
  entry: ReplayPage['entry'];
}

/** A replay read back whole. */
export interface StoredReplay {
  key: string;
  answers: UsedAnswer[];
  pages: ReplayPage[];
  report: PageReport;
}

/** What a recording needs of the run: the pages written (paths in order), their manifest entries, where they are. */
export interface ReplaySource {
  key: string;
  answers: UsedAnswer[];
  report: PageReport;
  paths: readonly string[];
  entry: (pagePath: string) => ManifestPage | undefined;
  writer: Pick<PageWriter, 'resolve'>;
}

/**
 * The replay's bytes, a chunk at a time, each page read back from disk as it comes. Throws (before
 * the page) when a page has no manifest entry, cannot be read or no longer matches the content
 * hash its entry records.
 */
export async function* replayChunks(source: ReplaySource): AsyncGenerator<Uint8Array> {
  const header: ReplayHeader = { format: REPLAY_FORMAT, key: source.key, pages: source.paths.length, answers: source.answers, report: source.report };
  let parts: Buffer[] = [Buffer.from(`${JSON.stringify(header)}\n`)];
  let size = parts[0].length;
  for (const pagePath of source.paths) {
    const entry = source.entry(pagePath);
    // Read synchronously: pages are small, and nothing else of the run is left to wait.
    const onDisk = entry && readFileSync(source.writer.resolve(pagePath));
    if (!entry || !onDisk || sha256(onDisk) !== entry.contentHash) throw new Error(`${pagePath} changed since the run wrote it`);
    const { generatedAt: _at, durationMs: _ms, ...rest } = entry;
    // As a run rebuilt from the cache records it: no request, nothing paid.
    const head: PageHead = { path: pagePath, bytes: onDisk.length, entry: { ...rest, requests: 0, costUsd: 0 } };
    const line = Buffer.from(`${JSON.stringify(head)}\n`);
    parts.push(line, onDisk, NEWLINE_BYTE);
    size += line.length + onDisk.length + 1;
    if (size >= CHUNK_BYTES) {
      yield Buffer.concat(parts, size);
      parts = [];
      size = 0;
    }
  }
  yield Buffer.concat(parts, size);
}

interface JsonLine<T> {
  value: Partial<T> | null;
  next: number;
}

/** The JSON line of `data` that starts at `from`, and where the next one starts; throws when there is no whole line. */
function jsonLine<T>(data: Buffer, from: number): JsonLine<T> {
  const end = data.indexOf(NEWLINE, from);
  if (end < 0) throw new Error('cut short');
  return { value: JSON.parse(data.toString('utf8', from, end)) as Partial<T> | null, next: end + 1 };
}

/**
 * A page whose text is decoded from the replay's bytes when it is read: a replay of tens of
 * thousands of pages is not held a second time as strings while its pages are written one by one.
 */
function pageIn(data: Buffer, start: number, end: number, pagePath: string, entry: ReplayPage['entry']): ReplayPage {
  return {
    path: pagePath,
    entry,
    get content(): string {
      return data.toString('utf8', start, end);
    },
  };
}

/** The replay stored under `key`, or undefined when there is none, or it is of another format or key, corrupt or cut short. */
export function parseReplay(data: Buffer | undefined, key: string): StoredReplay | undefined {
  if (data === undefined) return undefined;
  try {
    const { value: header, next } = jsonLine<ReplayHeader>(data, 0);
    if (!header || header.format !== REPLAY_FORMAT || header.key !== key || !Array.isArray(header.answers) || !header.report || typeof header.pages !== 'number') return undefined;
    const pages: ReplayPage[] = [];
    let at = next;
    for (let i = 0; i < header.pages; i++) {
      const line: JsonLine<PageHead> = jsonLine<PageHead>(data, at);
      const { value: head, next: start } = line;
      if (!head || typeof head.path !== 'string' || typeof head.bytes !== 'number' || !head.entry || typeof head.entry !== 'object') return undefined;
      const end = start + head.bytes;
      // The page's bytes and the newline after them, all there.
      if (!Number.isSafeInteger(head.bytes) || head.bytes < 0 || end >= data.length || data[end] !== NEWLINE) return undefined;
      pages.push(pageIn(data, start, end, head.path, head.entry));
      at = end + 1;
    }
    if (at !== data.length) return undefined;
    return { key, answers: header.answers, pages, report: header.report };
  } catch {
    return undefined;
  }
}
