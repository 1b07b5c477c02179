import * as path from 'node:path';
import * as vscode from 'vscode';
import { STATE_DIR } from '../../core/docs/pagePaths';
import { LiveDocsState, type FileChange, type FileChangeKind } from '../../core/docs/liveDocsState';
import type { ParseFn } from '../../core/docs/sourceIndex';
import type { Logger } from '../../core/logger';
import { enabledFilesExclude } from '../commands/runPreflight';
import { readConfig } from './settings';

/** Changes closer together than this are applied as one update (a save often fires twice). */
const BATCH_MS = 60;
/** A burst this large (a branch switch, a folder copied in) is cheaper as one fresh load. */
const RELOAD_ABOVE = 500;

export interface FolderDocs {
  folder: vscode.WorkspaceFolder;
  state: LiveDocsState;
}

/**
 * The live docs state of every workspace folder, loaded in the background after activation and
 * kept current from file-system events (saves, creates, deletes, renames — in the workspace and
 * in the output folder). Fires `onDidChange` after every applied update.
 */
export class DocsStateHub implements vscode.Disposable {
  private readonly folders = new Map<string, FolderWatch>();
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly disposables: vscode.Disposable[] = [this.changed];
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly parse: ParseFn,
    private readonly parseCacheDirectory: string,
    private readonly log: Logger,
  ) {}

  /** Loads every folder and follows folder and setting changes. */
  start(): void {
    for (const folder of vscode.workspace.workspaceFolders ?? []) this.open(folder);
    this.disposables.push(
      vscode.workspace.onDidChangeWorkspaceFolders((e) => {
        for (const f of e.removed) this.close(f);
        for (const f of e.added) this.open(f);
        this.changed.fire();
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        for (const watch of [...this.folders.values()]) {
          const scope = watch.folder.uri;
          if (['docsmith.outputDirectory', 'docsmith.exclude', 'docsmith.include', 'docsmith.maxFileSizeKB', 'files.exclude'].some((k) => e.affectsConfiguration(k, scope))) {
            this.close(watch.folder);
            this.open(watch.folder, watch.state);
          }
        }
      }),
    );
  }

  /** True while some folder is still being read. */
  get loading(): boolean {
    return [...this.folders.values()].some((w) => w.loading);
  }

  /** Loaded folders, in workspace order. */
  loaded(): FolderDocs[] {
    return (vscode.workspace.workspaceFolders ?? []).flatMap((folder) => {
      const state = this.folders.get(folder.uri.toString())?.state;
      return state ? [{ folder, state }] : [];
    });
  }

  /** The loaded folder a file belongs to. */
  forUri(uri: vscode.Uri): FolderDocs | undefined {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    const state = folder ? this.folders.get(folder.uri.toString())?.state : undefined;
    return folder && state ? { folder, state } : undefined;
  }

  /**
   * After Docsmith wrote pages itself: reads the manifest and the pages again in every folder
   * (file events for a freshly created output folder can be missed), or loads a folder whose
   * first read failed.
   */
  async refresh(): Promise<void> {
    await Promise.all([...this.folders.values()].map((w) => w.reread()));
  }

  /** Resolves once every change seen so far is applied (tests and commands that must see a save). */
  async settled(): Promise<void> {
    await Promise.all([...this.folders.values()].map((w) => w.flush()));
  }

  /** `shown`: the state to keep showing until this folder's is read (the settings changed). */
  private open(folder: vscode.WorkspaceFolder, shown?: LiveDocsState): void {
    const watch = new FolderWatch(folder, { parse: this.parse, parseCacheDirectory: this.parseCacheDirectory, log: this.log }, () => this.changed.fire(), shown);
    this.folders.set(folder.uri.toString(), watch);
  }

  private close(folder: vscode.WorkspaceFolder): void {
    const key = folder.uri.toString();
    this.folders.get(key)?.dispose();
    this.folders.delete(key);
  }

  dispose(): void {
    for (const w of this.folders.values()) w.dispose();
    this.folders.clear();
    for (const d of this.disposables) d.dispose();
  }
}

/** One folder: its state, its watchers, and the queue of changes not applied yet. */
class FolderWatch implements vscode.Disposable {
  state: LiveDocsState | undefined;
  loading = true;
  private pending: FileChange[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private work: Promise<void>;
  private disposed = false;
  private readonly watchers: vscode.Disposable[] = [];

  private readonly log: Logger;

  constructor(
    readonly folder: vscode.WorkspaceFolder,
    private readonly deps: { parse: ParseFn; parseCacheDirectory: string; log: Logger },
    private readonly onUpdate: () => void,
    shown?: LiveDocsState,
  ) {
    this.log = deps.log;
    this.state = shown;
    this.watch(new vscode.RelativePattern(folder, '**/*'));
    this.work = this.load();
  }

  private async load(): Promise<void> {
    this.loading = true;
    const config = readConfig(this.folder.uri);
    const started = performance.now();
    try {
      const state = await LiveDocsState.load(
        {
          root: this.folder.uri.fsPath,
          outputDirectory: config.outputDirectory,
          exclude: config.exclude,
          include: config.include,
          filesExclude: enabledFilesExclude(this.folder),
          maxFileSizeKB: config.maxFileSizeKB,
          projectName: this.folder.name,
          parseCacheDirectory: this.deps.parseCacheDirectory,
        },
        { parse: this.deps.parse },
      );
      if (this.disposed) return;
      this.state = state;
      // An output folder outside the workspace needs a watcher of its own.
      if (!state.sourcePath(state.outputDirAbs) && !vscode.workspace.getWorkspaceFolder(vscode.Uri.file(state.outputDirAbs))) {
        this.watch(new vscode.RelativePattern(vscode.Uri.file(state.outputDirAbs), '**/*'));
      }
      this.log.info(`Docs view: ${this.folder.name} read in ${(performance.now() - started).toFixed(0)} ms (${state.counts().total} pages${state.hasDocs ? '' : ', no docs yet'})`);
    } catch (error) {
      if (!this.disposed) this.state = undefined; // what it showed before is not what is there now
      this.log.warn(`Docs view: could not read the docs of ${this.folder.name}`, error);
    }
    this.loading = false;
    this.onUpdate();
  }

  private watch(pattern: vscode.RelativePattern): void {
    const watcher = vscode.workspace.createFileSystemWatcher(pattern);
    const on = (kind: FileChangeKind) => (uri: vscode.Uri) => this.enqueue({ path: uri.fsPath, kind });
    this.watchers.push(watcher, watcher.onDidChange(on('changed')), watcher.onDidCreate(on('created')), watcher.onDidDelete(on('deleted')));
  }

  private enqueue(change: FileChange): void {
    this.pending.push(change);
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.work = this.work.then(() => this.apply());
    }, BATCH_MS);
  }

  /** Reads the manifest and the pages again (loads the folder when it is not loaded). */
  reread(): Promise<void> {
    if (this.disposed) return this.work;
    this.work = this.work.then(() => {
      if (!this.state) return this.load();
      this.pending.push({ path: path.join(this.state.outputDirAbs, STATE_DIR), kind: 'changed' });
      return this.apply();
    });
    return this.work;
  }

  /** Applies what is queued now, after what is in progress. */
  flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
      this.work = this.work.then(() => this.apply());
    }
    return this.work;
  }

  private async apply(): Promise<void> {
    const changes = this.pending;
    this.pending = [];
    if (!this.state || this.disposed || changes.length === 0) return;
    // The view keeps showing the state it has until the fresh one replaces it, so its rows (and
    // the folders a user expanded) do not vanish in between.
    if (changes.length > RELOAD_ABOVE) return this.load();
    const started = performance.now();
    try {
      const report = await this.state.update(changes);
      this.log.debug(
        `Docs view: ${changes.length} change(s) applied in ${(performance.now() - started).toFixed(1)} ms (hashed ${report.hashed}, parsed ${report.parsed}${report.manifestReloaded ? ', manifest read' : ''}${report.rescanned ? ', rescanned' : ''})`,
      );
    } catch (error) {
      this.log.warn(`Docs view: could not apply ${changes.length} change(s) in ${this.folder.name}`, error);
    }
    this.onUpdate();
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    for (const w of this.watchers) w.dispose();
  }
}
