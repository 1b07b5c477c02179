/**
 * The response cache (`docsmith.responseCache`, the CLI's cache unless `--no-cache`): a finished
 * answer is kept on disk under a key made of everything that changes it — where it was asked
 * (provider and server), the model and its fallbacks, the output limit, the temperature, the
 * answer schema, the tools and every message — so the same request is answered again at no cost:
 * a page rebuilt from identical inputs after its output folder was deleted, in a second copy of
 * the workspace, after switching models back, or after a run was killed once its answers arrived.
 *
 * One JSON file per answer (`<dir>/<2 hex>/<key>.json`), written atomically, so two windows or
 * processes writing the same answer at once leave one whole file. A file that cannot be read back
 * as an entry of its key is removed and counts as a miss. Reading an entry touches it; when the
 * folder grows past its bound the least recently used entries are deleted.
 * Failed, cut-off (`length`) and empty answers are never stored.
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { TEMP_SUFFIX, writeFileAtomic } from '../atomicFile';
import type { ChatRequest, ChatResult, ToolCall, TokenUsage } from '../providers/types';

const FORMAT = 1;
/** Default bound of the cache folder: 200 MB holds tens of thousands of pages' answers. */
export const DEFAULT_CACHE_BYTES = 200 * 1024 * 1024;
/** Eviction brings the folder down to this share of the bound, so it does not run on every write. */
const EVICT_TO = 0.8;
/** Folder of the run replays, beside the answers' shards (eviction counts it as one more shard). */
const REPLAY_DIR = 'replay';

/** What a cached answer keeps: enough to use it as the answer, and the tokens it saves. */
export interface CachedAnswer {
  text: string;
  toolCalls?: ToolCall[];
  finishReason?: string;
  servedModel: string;
  usage?: TokenUsage;
}

interface Entry {
  format: number;
  key: string;
  savedAt: string;
  answer: CachedAnswer;
}

/** The parts of a request that decide its answer, with where it was asked. */
export interface CacheKeyParts {
  provider: string;
  /** The server (base URL) or another scope that serves different answers for the same model id. */
  scope?: string;
  request: Pick<ChatRequest, 'model' | 'messages' | 'maxTokens' | 'temperature' | 'jsonSchema' | 'tools' | 'toolChoice' | 'fallbackModels'>;
}

export function cacheKey(parts: CacheKeyParts): string {
  const r = parts.request;
  const material = JSON.stringify([FORMAT, parts.provider, parts.scope ?? '', r.model, r.fallbackModels ?? [], r.maxTokens, r.temperature, r.jsonSchema ?? null, r.tools ?? null, r.toolChoice ?? null, r.messages]);
  return createHash('sha256').update(material).digest('hex');
}

/** True for an answer worth keeping: finished normally, with text or tool calls. */
export function isCacheable(result: ChatResult): boolean {
  const finished = result.finishReason === 'stop' || result.finishReason === 'end_turn' || result.finishReason === 'tool_calls' || result.finishReason === 'tool_use' || result.finishReason === 'stop_sequence';
  return finished && (result.text.trim() !== '' || (result.toolCalls?.length ?? 0) > 0);
}

export interface ResponseCacheOptions {
  /** Folder of the cache (global storage, or the user's cache folder for the CLI). */
  dir: string;
  maxBytes?: number;
  now?: () => Date;
}

export class ResponseCache {
  private readonly maxBytes: number;
  /** Bytes in the folder as last counted plus what this process wrote since; undefined until counted. */
  private bytes: number | undefined;
  private evicting: Promise<void> | undefined;

  constructor(private readonly options: ResponseCacheOptions) {
    this.maxBytes = options.maxBytes ?? DEFAULT_CACHE_BYTES;
  }

  private file(key: string): string {
    return path.join(this.options.dir, key.slice(0, 2), `${key}.json`);
  }

  /** The stored answer of `key`, or undefined. A corrupt entry is removed. Never throws. */
  async get(key: string): Promise<CachedAnswer | undefined> {
    return (await this.readTouched(this.file(key), (raw) => parseEntry(raw.toString('utf8'), key)))?.answer;
  }

  /**
   * What `parse` makes of a file of the folder, which a read touches (eviction goes by modification
   * time, oldest first). Undefined when the file cannot be read, or when `parse` rejects it (the
   * file is then removed). Never throws.
   */
  private async readTouched<T>(file: string, parse: (raw: Buffer) => T | undefined): Promise<T | undefined> {
    let raw: Buffer;
    try {
      raw = await fs.readFile(file);
    } catch {
      return undefined;
    }
    const value = parse(raw);
    if (value === undefined) {
      await fs.rm(file, { force: true }).catch(() => undefined);
      return undefined;
    }
    const now = this.options.now?.() ?? new Date();
    await fs.utimes(file, now, now).catch(() => undefined);
    return value;
  }

  /** Stores a finished answer (anything else is ignored). Never throws: a cache that cannot write is only slower. */
  async put(key: string, result: ChatResult): Promise<void> {
    if (!isCacheable(result)) return;
    const entry: Entry = {
      format: FORMAT,
      key,
      savedAt: (this.options.now?.() ?? new Date()).toISOString(),
      answer: { text: result.text, toolCalls: result.toolCalls, finishReason: result.finishReason, servedModel: result.servedModel, usage: result.usage },
    };
    const content = JSON.stringify(entry);
    try {
      await writeFileAtomic(this.file(key), content);
      if (this.bytes !== undefined) this.bytes += Buffer.byteLength(content);
      await this.evictIfNeeded();
    } catch {
      /* a full or read-only disk: the answer is simply not cached */
    }
  }

  private replayFile(key: string): string {
    return path.join(this.options.dir, REPLAY_DIR, `${key}.json`);
  }

  /**
   * The bytes stored by {@link putReplay} under `key` (a run's pages as written), or undefined. They
   * live in the cache folder under the same bound: reading them touches the file, eviction may delete it.
   */
  async getReplay(key: string): Promise<Buffer | undefined> {
    return this.readTouched(this.replayFile(key), (raw) => raw);
  }

  /**
   * Stores a run's replay under `key` atomically, written chunk by chunk as `chunks` yields them: an
   * error thrown by `chunks` leaves no replay (nor the one stored before). Never throws.
   */
  async putReplay(key: string, chunks: AsyncIterable<string | Uint8Array>): Promise<void> {
    const file = this.replayFile(key);
    try {
      await writeFileAtomic(file, chunks);
    } catch {
      // A full or read-only disk, or a run that cannot be recorded after all: the next run takes the slower way.
      await fs.rm(file, { force: true }).catch(() => undefined);
      return;
    }
    try {
      if (this.bytes !== undefined) this.bytes += (await fs.stat(file)).size;
      await this.evictIfNeeded();
    } catch {
      /* eviction tries again after the next write */
    }
  }

  /** Deletes the least recently used entries once the folder passes its bound. */
  async evictIfNeeded(): Promise<void> {
    if (this.bytes !== undefined && this.bytes <= this.maxBytes) return;
    this.evicting ??= this.evict().finally(() => {
      this.evicting = undefined;
    });
    await this.evicting;
  }

  private async evict(): Promise<void> {
    const files = await this.entries();
    let total = files.reduce((n, f) => n + f.size, 0);
    if (total > this.maxBytes) {
      files.sort((a, b) => a.mtimeMs - b.mtimeMs);
      for (const f of files) {
        if (total <= this.maxBytes * EVICT_TO) break;
        await fs.rm(f.path, { force: true }).catch(() => undefined);
        total -= f.size;
      }
    }
    this.bytes = total;
  }

  private async entries(): Promise<Array<{ path: string; size: number; mtimeMs: number }>> {
    const out: Array<{ path: string; size: number; mtimeMs: number }> = [];
    const shards = await fs.readdir(this.options.dir).catch(() => [] as string[]);
    for (const shard of shards) {
      const dir = path.join(this.options.dir, shard);
      const names = await fs.readdir(dir).catch(() => [] as string[]);
      for (const name of names) {
        if (!name.endsWith('.json') || name.endsWith(TEMP_SUFFIX)) continue;
        const file = path.join(dir, name);
        const stat = await fs.stat(file).catch(() => undefined);
        if (stat?.isFile()) out.push({ path: file, size: stat.size, mtimeMs: stat.mtimeMs });
      }
    }
    return out;
  }
}

function parseEntry(raw: string, key: string): Entry | undefined {
  try {
    const entry = JSON.parse(raw) as Partial<Entry> | null;
    const answer = entry?.answer;
    if (!entry || entry.format !== FORMAT || entry.key !== key || !answer || typeof answer.text !== 'string' || typeof answer.servedModel !== 'string') return undefined;
    if (answer.toolCalls !== undefined && !Array.isArray(answer.toolCalls)) return undefined;
    return entry as Entry;
  } catch {
    return undefined;
  }
}
