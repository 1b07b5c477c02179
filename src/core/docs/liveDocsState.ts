/**
 * The state of a workspace's docs, kept up to date as files are saved, created, deleted and
 * renamed, without rescanning the workspace: a change reads and hashes only the paths it names,
 * parses only files whose hash changed, and recomputes the page plan and expected hashes in memory.
 * One full scan happens at load (and again only when a `.gitignore` or a whole folder appears).
 * What "stale" means is decided by {@link docStatuses}, the same code a run uses.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { readManifest, type Manifest, type ManifestPage } from './manifest';
import { docsInputs, needsOwnershipCheck, refreshDocsInputs, type DocsInputs } from './pageFreshness';
import { PageWriter, type PageOwnership, type PageState } from './pageWriter';
import { createPageSetTest, selectPageSet, type PageSetTest } from './pageSet';
import { readProjectContext, type ProjectContext } from './projectContext';
import { STATE_DIR } from './pagePaths';
import { readFailures, type RecordedFailure } from './runFailures';
import { scanWorkspace, SinglePathScanner } from './scan';
import type { ParseFn } from './sourceIndex';
import { LiveSources } from './liveSources';
import { countStates, docStatuses, guideStatuses, type DocCounts, type DocStatus } from './docStatus';
import type { ParsedFile, ScanOptions, ScanResult } from './types';

export interface LiveDocsOptions {
  /** Absolute path of the workspace folder. */
  root: string;
  /** `docsmith.outputDirectory`: workspace-relative or absolute. */
  outputDirectory: string;
  exclude?: string[];
  filesExclude?: string[];
  neverSend?: string[];
  maxFileSizeKB?: number;
  /** The overview's title, as a run would use it; default the folder name. */
  projectName?: string;
  /** Where parse results are cached between runs (outside the workspace); none: no cache. */
  parseCacheDirectory?: string;
  /** `docsmith.include`: files that are not code to document anyway. */
  include?: string[];
}

export interface LiveDocsServices {
  parse?: ParseFn;
  scan?: (options: ScanOptions) => Promise<ScanResult>;
}

export type FileChangeKind = 'changed' | 'created' | 'deleted';

export interface FileChange {
  /** Absolute path. */
  path: string;
  kind: FileChangeKind;
}

/** What one update did, for logs and the benchmark. */
export interface UpdateReport {
  /** Source files read and hashed. */
  hashed: number;
  /** Source files parsed (their hash changed). */
  parsed: number;
  /** The manifest (or the failures record) was read again. */
  manifestReloaded: boolean;
  /** A `.gitignore` or a folder appeared or changed: the workspace was scanned again. */
  rescanned: boolean;
}

export class LiveDocsState {
  private readonly sources: LiveSources;
  /** What is at each planned page's path, as a run would see it; filled at load, renewed on output events. */
  private readonly onDisk = new Map<string, PageState>();
  /** Whether a page file carries the generated marker, read where freshness depends on it. */
  private readonly markers = new Map<string, boolean>();
  /** What is at each guide's page (null: nothing Docsmith could have written); read at load, renewed on output events. */
  private readonly guidePages = new Map<string, PageOwnership | null>();
  private writer: PageWriter;
  private manifest: Manifest = { version: 1, generator: 'docsmith', updatedAt: '', pages: {} };
  private manifestPages = 0;
  private readonly pageSetTest: PageSetTest;
  private project: ProjectContext | undefined;
  /** The README or a manifest changed, or files came or went: read the project context again. */
  private projectStale = true;
  private failures = new Map<string, RecordedFailure>();
  private scanner: SinglePathScanner;
  private docs: DocsInputs | undefined;
  private statusList: DocStatus[] | undefined;
  private statusByPath: Map<string, DocStatus> | undefined;
  readonly root: string;
  readonly outputDirAbs: string;
  private readonly outputRel: string | undefined;

  private constructor(
    private readonly options: LiveDocsOptions,
    private readonly services: LiveDocsServices,
  ) {
    this.root = path.resolve(options.root);
    this.outputDirAbs = path.resolve(this.root, options.outputDirectory);
    const rel = path.relative(this.root, this.outputDirAbs);
    this.outputRel = rel === '' || rel.startsWith('..') || path.isAbsolute(rel) ? undefined : rel.split(path.sep).join('/');
    this.scanner = new SinglePathScanner(this.scanOptions());
    this.writer = new PageWriter(this.outputDirAbs);
    this.pageSetTest = createPageSetTest(options.include);
    this.sources = new LiveSources(this.root, this.pageSetTest, services.parse);
  }

  /**
   * Reads the manifest and, when there are docs (or `evenWithoutDocs`), scans and parses the
   * workspace (parse cache first).
   */
  static async load(options: LiveDocsOptions, services: LiveDocsServices = {}, signal?: AbortSignal, evenWithoutDocs = false): Promise<LiveDocsState> {
    const state = new LiveDocsState(options, services);
    await state.reloadManifest();
    if (state.hasDocs || evenWithoutDocs) await state.rescan(signal);
    return state;
  }

  /** True once a run has written at least one page (the manifest has entries). */
  get hasDocs(): boolean {
    return this.manifestPages > 0;
  }

  /** Every planned page with its state, then every guide; empty until the workspace was scanned (no docs yet). */
  statuses(): readonly DocStatus[] {
    if (!this.docs) return [];
    this.statusList ??= [
      ...docStatuses({
        docs: this.docs,
        entry: (p) => this.entry(p),
        onDisk: (p) => this.onDisk.get(p) ?? 'absent',
        generated: (p) => this.markers.get(p) ?? true,
        failures: this.failures,
      }),
      ...guideStatuses(this.manifest, (p) => this.sources.files.get(p)?.hash, (p) => this.guidePages.get(p) ?? undefined, this.failures),
    ];
    return this.statusList;
  }

  status(pagePath: string): DocStatus | undefined {
    this.statusByPath ??= new Map(this.statuses().map((s) => [s.path, s]));
    return this.statusByPath.get(pagePath);
  }

  counts(): DocCounts {
    return countStates(this.statuses());
  }

  /** Pages a folder page (or the overview) summarises. */
  childrenOf(pagePath: string): readonly string[] {
    return this.docs?.plan.byPath.get(pagePath)?.children ?? [];
  }

  /** The page documenting a workspace-relative source file, when the file is documented. */
  pageOfSource(relativePath: string): string | undefined {
    return this.docs?.plan.pageOfFile.get(relativePath);
  }

  /** The pages a run would regenerate for this file's page to be fresh: the page and the pages above it. */
  pagesAbove(pagePath: string): string[] {
    const plan = this.docs?.plan;
    if (!plan) return [];
    const out = new Set<string>([pagePath]);
    for (const page of plan.pages) if (page.children.some((c) => out.has(c))) out.add(page.path);
    return [...out];
  }

  /** Workspace-relative path of an absolute path inside the workspace (outside the output folder). */
  sourcePath(absolute: string): string | undefined {
    const rel = path.relative(this.root, absolute);
    if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
    const posix = rel.split(path.sep).join('/');
    return this.inOutput(absolute) ? undefined : posix;
  }

  /** Absolute path of an output-relative page. */
  pageFile(pagePath: string): string {
    return path.join(this.outputDirAbs, ...pagePath.split('/'));
  }

  /** Applies file-system changes; returns what it had to do. */
  async update(changes: readonly FileChange[]): Promise<UpdateReport> {
    const report: UpdateReport = { hashed: 0, parsed: 0, manifestReloaded: false, rescanned: false };
    const toParse: string[] = [];
    /** Files whose content changed, with their parse before the change. */
    const edited = new Map<string, { hash: string; before: ParsedFile | undefined }>();
    let fileSetChanged = false;
    let manifestChanged = false;
    let skippedChanged = false;
    let contextChanged = false;
    for (const change of changes) {
      if (this.inOutput(change.path)) {
        const rel = path.relative(this.outputDirAbs, change.path).split(path.sep).join('/');
        if (rel === STATE_DIR || rel.startsWith(`${STATE_DIR}/`)) manifestChanged = true;
        else this.forgetDisk(rel);
        continue;
      }
      const rel = this.sourcePath(change.path);
      if (rel === undefined) continue;
      if (path.posix.basename(rel) === '.gitignore' || (change.kind === 'created' && (await isDirectory(change.path)))) {
        report.rescanned = true;
        continue;
      }
      if (change.kind === 'deleted') {
        skippedChanged ||= this.sources.skipped.has(rel);
        fileSetChanged = this.sources.forget(rel) || fileSetChanged;
        continue;
      }
      const scanned = this.scanner.scan(rel);
      report.hashed += scanned.file ? 1 : 0;
      if (scanned.file) {
        const before = this.sources.files.get(scanned.file.path);
        this.sources.skipped.delete(rel);
        if (before?.hash === scanned.file.hash) continue;
        fileSetChanged = this.sources.put(scanned.file) || fileSetChanged;
        if (!this.pageSetTest(scanned.file)) {
          // Not code: no page, but the README and the manifest are the overview's context.
          contextChanged ||= this.sources.isContextFile(rel);
          continue;
        }
        if (before) edited.set(rel, { hash: scanned.file.hash, before: this.sources.parsed.get(rel) });
        toParse.push(rel);
      } else {
        const wasSkipped = this.sources.skipped.get(rel)?.reason;
        fileSetChanged = this.sources.forget(rel) || fileSetChanged;
        if (scanned.skipped) this.sources.skipped.set(rel, scanned.skipped);
        skippedChanged ||= wasSkipped !== scanned.skipped?.reason;
      }
    }
    if (report.rescanned) {
      this.scanner = new SinglePathScanner(this.scanOptions());
      if (this.hasDocs) await this.rescan();
      return report;
    }
    if (manifestChanged) {
      const hadDocs = this.hasDocs;
      await this.reloadManifest();
      report.manifestReloaded = true;
      if (!hadDocs && this.hasDocs) {
        await this.rescan();
        report.rescanned = true;
        return report;
      }
    }
    if (!this.hasDocs) return report;
    report.parsed = await this.sources.parseFiles(toParse);
    fileSetChanged ||= toParse.some((p) => !this.sources.files.has(p)); // unreadable after all
    if (fileSetChanged) this.sources.resolveAllImports();
    this.projectStale ||= fileSetChanged || contextChanged;
    if (fileSetChanged || skippedChanged || contextChanged || !this.docs) await this.recompute();
    else if (edited.size > 0) await this.recompute(edited);
    await this.readDisk();
    this.forgetStatuses();
    return report;
  }

  private entry(pagePath: string): ManifestPage | undefined {
    return Object.prototype.hasOwnProperty.call(this.manifest.pages, pagePath) ? this.manifest.pages[pagePath] : undefined;
  }

  private scanOptions(): ScanOptions {
    return {
      root: this.root,
      exclude: this.options.exclude,
      filesExclude: this.options.filesExclude,
      neverSend: this.options.neverSend,
      outputDirectory: this.outputRel,
      maxFileSizeKB: this.options.maxFileSizeKB,
    };
  }

  private inOutput(absolute: string): boolean {
    const rel = path.relative(this.outputDirAbs, absolute);
    return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
  }

  private async rescan(signal?: AbortSignal): Promise<void> {
    const scan = await (this.services.scan ?? scanWorkspace)({ ...this.scanOptions(), signal });
    await this.sources.replace(scan, this.options.parseCacheDirectory, signal);
    this.onDisk.clear();
    this.markers.clear();
    this.projectStale = true;
    await this.recompute();
    await this.readDisk();
    // A status read while the pages on disk were being read saw them all absent.
    this.forgetStatuses();
  }

  private async reloadManifest(): Promise<void> {
    const [loaded, failures] = await Promise.all([readManifest(this.outputDirAbs), readFailures(this.outputDirAbs)]);
    this.manifest = loaded.manifest;
    this.manifestPages = Object.keys(loaded.manifest.pages).length;
    this.failures = failures;
    this.markers.clear(); // whether a marker matters depends on the entries
    this.guidePages.clear(); // a guide written again has a new content hash
  }

  /** Plan and expected hashes again: only above the `edited` files when the plan cannot have changed. */
  private async recompute(edited?: ReadonlyMap<string, { hash: string; before: ParsedFile | undefined }>): Promise<void> {
    const refreshed = edited && this.docs ? refreshDocsInputs(this.docs, edited) : undefined;
    if (refreshed) this.docs = refreshed;
    else {
      const byPath = (a: { path: string }, b: { path: string }): number => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
      const all = [...this.sources.files.values()].sort(byPath);
      const pageSet = selectPageSet(all, this.options.include);
      if (!this.project || this.projectStale) {
        this.project = await readProjectContext(this.root, all, this.options.projectName ?? path.basename(this.root));
        this.projectStale = false;
      }
      this.docs = docsInputs({
        files: pageSet.documented.filter((f) => this.sources.parsed.has(f.path)),
        parsed: this.sources.parsed,
        skipped: [...this.sources.skipped.values()].sort(byPath),
        project: this.project,
        notCode: pageSet.notCode.map((f) => f.path),
      });
    }
    this.forgetStatuses();
  }

  private forgetStatuses(): void {
    this.statusList = undefined;
    this.statusByPath = undefined;
  }

  /** An output path changed: what is there, and its marker, must be read again. */
  private forgetDisk(rel: string): void {
    this.writer = new PageWriter(this.outputDirAbs); // its checked folders may have changed
    for (const map of [this.onDisk, this.markers, this.guidePages]) {
      map.delete(rel);
      for (const p of [...map.keys()]) if (p.startsWith(`${rel}/`)) map.delete(p);
    }
  }

  /** Reads what is at the planned pages not known yet, and the markers freshness needs. */
  private async readDisk(): Promise<void> {
    if (!this.docs) return;
    for (const page of this.docs.plan.pages) {
      let state = this.onDisk.get(page.path);
      if (state === undefined) {
        state = await this.writer.state(page.path).catch((): PageState => 'absent');
        this.onDisk.set(page.path, state);
      }
      if (this.markers.has(page.path) || !needsOwnershipCheck(this.entry(page.path), this.docs.expected.get(page.path), state)) continue;
      this.markers.set(page.path, await this.writer.hasMarker(page.path).catch(() => false));
    }
    for (const [page, entry] of Object.entries(this.manifest.pages)) {
      if (entry.kind === 'guide' && !this.guidePages.has(page)) this.guidePages.set(page, (await this.writer.ownership(page).catch(() => undefined)) ?? null);
    }
  }
}

async function isDirectory(absolute: string): Promise<boolean> {
  return fs.stat(absolute).then((s) => s.isDirectory(), () => false);
}
