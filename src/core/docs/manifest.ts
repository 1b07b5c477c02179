/**
 * `.docsmith/manifest.json` inside the output folder: for every page, what it was built from
 * (source files and their hashes, the pages it summarises), by which provider and model, at what
 * cost and when. It decides which pages are fresh and which files Docsmith owns.
 *
 * During a run every change is appended to `.docsmith/manifest.journal`, one JSON line per
 * page, so recording a page costs that page's line whatever the size of the manifest. At the end
 * of the run the journal is compacted: `manifest.json` is rewritten atomically with everything and
 * the journal removed. A reader takes `manifest.json` and replays the journal over it, so the
 * manifest is whole after a kill at any moment: `manifest.json` is always a complete earlier
 * state (atomic rename), and a line cut short by the kill is ignored.
 */
import { promises as fs } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import * as path from 'node:path';
import type { PageKind } from './plan';
import { STATE_DIR } from './pagePaths';
import { writeFileAtomic } from '../atomicFile';

export const MANIFEST_FILE = `${STATE_DIR}/manifest.json`;
export const MANIFEST_JOURNAL = `${STATE_DIR}/manifest.journal`;
export const MANIFEST_VERSION = 1;

export interface PageTokens {
  prompt: number;
  completion: number;
  cached: number;
  total: number;
}

/** A guide answers a question (`topic`) from the lines it read; it is not part of the page plan. */
export type ManifestPageKind = PageKind | 'guide';

export interface ManifestPage {
  kind: ManifestPageKind;
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
  /** Guides: the question asked, the title written and the line ranges read. */
  topic?: string;
  title?: string;
  ranges?: { path: string; startLine: number; endLine: number }[];
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

/** One line of the journal: a page recorded, or a page's entry dropped. */
type JournalLine = { set: string; entry: ManifestPage } | { remove: string };

/**
 * Reads the manifest: `manifest.json`, then the journal of a run that has not compacted it yet
 * (killed, or still running). A missing or unreadable `manifest.json` yields the journal's pages
 * alone and the reason.
 */
export async function readManifest(outputDirAbs: string): Promise<LoadedManifest> {
  // The journal first: a compaction between the two reads then yields a `manifest.json` that
  // already holds the journal's lines (replaying them again changes nothing). Read the other way
  // round, the older `manifest.json` and the journal just removed would lose the journal's pages.
  const journal = await fs.readFile(path.join(outputDirAbs, ...MANIFEST_JOURNAL.split('/')), 'utf8').catch(() => undefined);
  const loaded = await readSnapshot(outputDirAbs);
  if (loaded.problem === 'newerVersion' || journal === undefined) return loaded;
  const pages = loaded.manifest.pages;
  for (const line of journal.split('\n')) {
    const change = parseJournalLine(line);
    if (!change) continue; // empty, or cut short by a kill
    if ('remove' in change) delete pages[change.remove];
    else pages[change.set] = change.entry;
  }
  return loaded;
}

function parseJournalLine(line: string): JournalLine | undefined {
  if (!line.trim()) return undefined;
  try {
    const parsed = JSON.parse(line) as Partial<{ set: unknown; entry: unknown; remove: unknown }>;
    if (typeof parsed.remove === 'string') return { remove: parsed.remove };
    if (typeof parsed.set === 'string' && isManifestPage(parsed.entry)) return { set: parsed.set, entry: parsed.entry };
  } catch {
    // a line cut short
  }
  return undefined;
}

/** `manifest.json` alone. */
async function readSnapshot(outputDirAbs: string): Promise<LoadedManifest> {
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

/**
 * The manifest of one run: in memory; each change appended to the journal (serialised, and
 * batched while a write is in flight); {@link ManifestStore.compact} at the end of the run.
 */
export class ManifestStore {
  private journal: FileHandle | undefined;
  private pending: string[] = [];
  private flushing: Promise<void> | undefined;
  /** A journal may exist (this run appended to it, or a killed run left one). */
  private journalMayExist = true;
  private readonly cache = new WeakMap<ManifestPage, string>();

  constructor(
    private readonly outputDirAbs: string,
    readonly manifest: Manifest,
    private readonly now: () => Date = () => new Date(),
  ) {}

  get(pagePath: string): ManifestPage | undefined {
    return Object.prototype.hasOwnProperty.call(this.manifest.pages, pagePath) ? this.manifest.pages[pagePath] : undefined;
  }

  /** Records a page; resolves once its journal line is on disk. */
  set(pagePath: string, entry: ManifestPage): Promise<void> {
    this.manifest.pages[pagePath] = entry;
    return this.append({ set: pagePath, entry });
  }

  /** Drops a page's entry; resolves once its journal line is on disk. */
  remove(pagePath: string): Promise<void> {
    delete this.manifest.pages[pagePath];
    return this.append({ remove: pagePath });
  }

  /**
   * Writes `manifest.json` with every page (atomically) and removes the journal. Does nothing
   * when there is no journal to fold in. Call once the run's changes are done, under the lock.
   */
  async compact(): Promise<void> {
    await this.flush();
    await this.journal?.close();
    this.journal = undefined;
    const journalFile = path.join(this.outputDirAbs, ...MANIFEST_JOURNAL.split('/'));
    if (!this.journalMayExist) return;
    try {
      await fs.lstat(journalFile);
    } catch {
      this.journalMayExist = false;
      return;
    }
    this.manifest.updatedAt = this.now().toISOString();
    await writeFileAtomic(path.join(this.outputDirAbs, ...MANIFEST_FILE.split('/')), this.serialise());
    await fs.rm(journalFile, { force: true });
    this.journalMayExist = false;
  }

  private append(change: JournalLine): Promise<void> {
    this.pending.push(`${JSON.stringify(change)}\n`);
    return this.flush();
  }

  /** Writes the pending lines; a write in flight is awaited and the lines queued meanwhile go in one more. */
  private async flush(): Promise<void> {
    while (this.pending.length > 0 || this.flushing) {
      if (this.flushing) {
        await this.flushing.catch(() => undefined);
        continue;
      }
      const lines = this.pending.join('');
      this.pending = [];
      this.flushing = this.write(lines).finally(() => {
        this.flushing = undefined;
      });
      await this.flushing;
    }
  }

  private async write(lines: string): Promise<void> {
    if (!this.journal) {
      const file = path.join(this.outputDirAbs, ...MANIFEST_JOURNAL.split('/'));
      await fs.mkdir(path.dirname(file), { recursive: true });
      this.journal = await fs.open(file, 'a+');
      this.journalMayExist = true;
      // A killed run may have left a line cut short: start on a line of our own.
      const { size } = await this.journal.stat();
      if (size > 0) {
        const last = Buffer.alloc(1);
        await this.journal.read(last, 0, 1, size - 1);
        if (last[0] !== 0x0a) lines = `\n${lines}`;
      }
    }
    await this.journal.appendFile(lines);
  }

  /** One page per line, sorted; entries are serialised once and cached (never mutated after `set`). */
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
}
