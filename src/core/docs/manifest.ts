/**
 * `.docsmith/manifest.json` inside the output folder: for every page, what it was built from
 * (source files and their hashes, the pages it summarises), by which provider and model, at what
 * cost and when. It decides which pages are fresh and which files Docsmith owns.
 *
 * The file is rewritten atomically after every finished page. Writes are serialised and
 * coalesced: while one write is in flight, later changes are folded into the next one.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { PageKind } from './plan';
import { STATE_DIR } from './pagePaths';
import { writeFileAtomic } from '../atomicFile';

export const MANIFEST_FILE = `${STATE_DIR}/manifest.json`;
export const MANIFEST_VERSION = 1;

export interface PageTokens {
  prompt: number;
  completion: number;
  cached: number;
  total: number;
}

export interface ManifestPage {
  kind: PageKind;
  /** Hash over everything the page was built from; the page is fresh while it matches. */
  inputsHash: string;
  /** Workspace files the page was built from → their sha256. */
  sources: Record<string, string>;
  /** Pages whose summaries the page was built from → their inputs hash (or `missing`). */
  pages?: Record<string, string>;
  /** Short summary, fed to the parent folder's prompt on later runs. */
  summary: string;
  /** sha256 of the page as written. */
  contentHash: string;
  provider: string;
  model: string;
  tokens: PageTokens;
  /** USD; null when not known. */
  costUsd: number | null;
  requests: number;
  /** ISO time the page was written. */
  generatedAt: string;
  durationMs: number;
  citations: { total: number; repaired: number; removed: number };
  unresolvedIdentifiers?: string[];
}

export interface Manifest {
  version: number;
  generator: 'docsmith';
  updatedAt: string;
  pages: Record<string, ManifestPage>;
}

export function emptyManifest(): Manifest {
  return { version: MANIFEST_VERSION, generator: 'docsmith', updatedAt: new Date(0).toISOString(), pages: {} };
}

export interface LoadedManifest {
  manifest: Manifest;
  /** Why the manifest on disk was not used, if it was not. */
  problem?: 'missing' | 'corrupt' | 'newerVersion';
}

/** Reads the manifest; a missing or unreadable one yields an empty manifest and the reason. */
export async function readManifest(outputDirAbs: string): Promise<LoadedManifest> {
  let text: string;
  try {
    text = await fs.readFile(path.join(outputDirAbs, ...MANIFEST_FILE.split('/')), 'utf8');
  } catch {
    return { manifest: emptyManifest(), problem: 'missing' };
  }
  try {
    const parsed = JSON.parse(text) as Partial<Manifest>;
    if (typeof parsed !== 'object' || parsed === null || typeof parsed.pages !== 'object' || parsed.pages === null) {
      return { manifest: emptyManifest(), problem: 'corrupt' };
    }
    if (typeof parsed.version === 'number' && parsed.version > MANIFEST_VERSION) return { manifest: emptyManifest(), problem: 'newerVersion' };
    const pages: Record<string, ManifestPage> = {};
    for (const [key, value] of Object.entries(parsed.pages)) {
      if (isManifestPage(value)) pages[key] = value;
    }
    return { manifest: { version: MANIFEST_VERSION, generator: 'docsmith', updatedAt: String(parsed.updatedAt ?? ''), pages } };
  } catch {
    return { manifest: emptyManifest(), problem: 'corrupt' };
  }
}

function isManifestPage(v: unknown): v is ManifestPage {
  if (typeof v !== 'object' || v === null) return false;
  const p = v as Record<string, unknown>;
  return typeof p.inputsHash === 'string' && typeof p.contentHash === 'string' && typeof p.kind === 'string' && typeof p.sources === 'object';
}

/** The manifest of one run: in memory, persisted atomically after each change. */
export class ManifestStore {
  private writing: Promise<void> | undefined;
  /** Changes asked for / changes known to be on disk. */
  private requested = 0;
  private written = 0;
  private readonly cache = new WeakMap<ManifestPage, string>();

  constructor(
    private readonly outputDirAbs: string,
    readonly manifest: Manifest,
    private readonly now: () => Date = () => new Date(),
  ) {}

  get(pagePath: string): ManifestPage | undefined {
    return Object.prototype.hasOwnProperty.call(this.manifest.pages, pagePath) ? this.manifest.pages[pagePath] : undefined;
  }

  /** Records a page and persists; resolves once a write including it is on disk. */
  set(pagePath: string, entry: ManifestPage): Promise<void> {
    this.manifest.pages[pagePath] = entry;
    return this.persist();
  }

  remove(pagePath: string): Promise<void> {
    delete this.manifest.pages[pagePath];
    return this.persist();
  }

  /**
   * One page per line, sorted. Entries are serialised once and cached (they are never mutated
   * after `set`), so rewriting after every page stays cheap on large workspaces.
   */
  private serialise(): string {
    const m = this.manifest;
    const rows = Object.keys(m.pages)
      .sort()
      .map((key) => {
        const entry = m.pages[key];
        let json = this.cache.get(entry);
        if (json === undefined) {
          json = JSON.stringify(entry);
          this.cache.set(entry, json);
        }
        return `    ${JSON.stringify(key)}: ${json}`;
      });
    const head = `{\n  "version": ${m.version},\n  "generator": "docsmith",\n  "updatedAt": ${JSON.stringify(m.updatedAt)},\n  "pages": {`;
    return rows.length === 0 ? `${head}}\n}\n` : `${head}\n${rows.join(',\n')}\n  }\n}\n`;
  }

  /** Writes the current state (coalescing with a write in flight). Rejects if the disk write failed. */
  async persist(): Promise<void> {
    const mine = ++this.requested;
    while (this.written < mine) {
      if (this.writing) {
        await this.writing.catch(() => undefined);
        continue;
      }
      const target = this.requested;
      this.manifest.updatedAt = this.now().toISOString();
      const text = this.serialise();
      const write = writeFileAtomic(path.join(this.outputDirAbs, ...MANIFEST_FILE.split('/')), text, this.written > 0).then(() => {
        this.written = Math.max(this.written, target);
      });
      this.writing = write.finally(() => {
        this.writing = undefined;
      });
      await this.writing;
    }
  }
}
