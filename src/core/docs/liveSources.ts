/**
 * The workspace's source files as the live docs state holds them between scans: what was scanned,
 * what was skipped and why, and each documented file's parse. Changes are applied path by path;
 * imports are resolved again from their specifiers when files come or go.
 */
import { canonicalLanguage } from './parse/sourceParser';
import { resolveImports } from './parse/resolveImports';
import { projectContextFiles } from './projectContext';
import { buildSourceIndex, readAndParse, type ParseFn } from './sourceIndex';
import type { PageSetTest } from './pageSet';
import type { ParsedFile, ScannedFile, ScanResult, SkippedFile } from './types';

export class LiveSources {
  readonly files = new Map<string, ScannedFile>();
  readonly skipped = new Map<string, SkippedFile>();
  readonly parsed = new Map<string, ParsedFile>();
  private fileSetCache: Set<string> | undefined;

  constructor(
    private readonly root: string,
    private readonly isPage: PageSetTest,
    private readonly parse: ParseFn | undefined,
  ) {}

  /** Replaces everything with a full scan, parsing its documented files (parse cache first). */
  async replace(scan: ScanResult, cacheDirectory: string | undefined, signal?: AbortSignal): Promise<void> {
    this.files.clear();
    this.fileSetCache = undefined;
    this.skipped.clear();
    for (const f of scan.files) this.files.set(f.path, f);
    for (const s of scan.skipped) this.skipped.set(s.path, s);
    const index = await buildSourceIndex(this.root, scan.files.filter(this.isPage), this.parse, { cacheDirectory, signal });
    this.parsed.clear();
    for (const [p, parsed] of index.parsed) this.parsed.set(p, parsed);
    for (const p of index.unreadable) {
      this.files.delete(p);
      this.skipped.set(p, { path: p, reason: 'unreadable' });
    }
  }

  /** Records a scanned file; true when its path was not known before. */
  put(file: ScannedFile): boolean {
    const known = this.files.has(file.path);
    this.files.set(file.path, file);
    if (!known) this.fileSetCache = undefined;
    return !known;
  }

  /** Drops a file, or every file under a deleted folder; true when a documented file went. */
  forget(rel: string): boolean {
    this.fileSetCache = undefined;
    let gone = this.files.delete(rel);
    this.parsed.delete(rel);
    this.skipped.delete(rel);
    const prefix = `${rel}/`;
    for (const key of [...this.files.keys()]) {
      if (!key.startsWith(prefix)) continue;
      this.files.delete(key);
      this.parsed.delete(key);
      gone = true;
    }
    for (const key of [...this.skipped.keys()]) if (key.startsWith(prefix)) this.skipped.delete(key);
    return gone;
  }

  /** Reads and parses these files; one that cannot be read becomes a skipped file. Returns how many were parsed. */
  async parseFiles(paths: readonly string[]): Promise<number> {
    const workspaceFiles = this.fileSet();
    let count = 0;
    for (const p of paths) {
      const file = this.files.get(p);
      if (!file) continue;
      const read = await readAndParse(this.root, file, this.parse, workspaceFiles);
      if (!read) {
        this.forget(p);
        this.skipped.set(p, { path: p, reason: 'unreadable' });
        continue;
      }
      this.parsed.set(p, read.parsed);
      count++;
    }
    return count;
  }

  /**
   * A file appeared or went: imports elsewhere may now resolve differently. Imports are resolved
   * again from their specifiers against the new file set, without reading or parsing any file.
   */
  resolveAllImports(): void {
    const workspaceFiles = this.fileSet();
    for (const [p, parsed] of this.parsed) {
      if (parsed.imports.length === 0) continue;
      const raw = parsed.imports.map((ref) => ({ specifier: ref.specifier, line: ref.line, importedNames: ref.importedNames }));
      this.parsed.set(p, { ...parsed, imports: resolveImports(p, canonicalLanguage(parsed.language), raw, workspaceFiles) });
    }
  }

  /** True for the README or a package manifest the overview is given as context. */
  isContextFile(rel: string): boolean {
    const context = projectContextFiles([...this.files.values()]);
    return context.readme === rel || context.manifests.includes(rel);
  }

  /** The documented paths as one set, kept while the file set stays the same (import resolution indexes it once). */
  private fileSet(): ReadonlySet<string> {
    return (this.fileSetCache ??= new Set([...this.files.values()].filter(this.isPage).map((f) => f.path)));
  }
}
