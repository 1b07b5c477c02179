/**
 * The only code that writes pages into the output folder. Every write goes to a temp file in the
 * destination folder and is renamed over the target, so a reader (or a killed process) only ever
 * sees the old file or the new one. Every write, rename and delete first resolves the real path
 * of the page's folder (after symlinks) and refuses anything outside the real output folder; a
 * page that is itself a symlink is never read, written through or counted as Docsmith's.
 */
import { createHash } from 'node:crypto';
import { constants, lstatSync, promises as fs, statSync, type Stats } from 'node:fs';
import * as path from 'node:path';
import { TEMP_SUFFIX, writeFileAtomic, writeFileAtomicSync } from '../atomicFile';
import { UnsafePathError, isInside, resolveInsideOutput } from './pagePaths';
import { hasGeneratedMarker } from './pageContent';

export function sha256(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('hex');
}

/** What is at a page's place on disk, without reading it. */
export type PageState =
  /** Nothing: the page can be written. */
  | 'absent'
  /** A regular file inside the real output folder. */
  | 'file'
  /** A symlink, a folder or a device: never Docsmith's. */
  | 'other'
  /** The path or one of its folders leads outside the output folder. */
  | 'outside';

/** What Docsmith can tell about a page file it may own. */
export interface PageOwnership {
  /** The generated marker is in the page's first lines. */
  generated: boolean;
  /** sha256 of the file's bytes. */
  hash: string;
}

export class PageWriter {
  private realRoot: string | undefined;
  /** Folders already checked to resolve inside the output folder (cleared by every delete). */
  private readonly checkedDirs = new Set<string>();
  /** Folders created (or being created) for pages; cleared with `checkedDirs`. */
  private readonly madeDirs = new Map<string, Promise<void>>();
  /**
   * Folders a check found missing, below a folder found inside: checking the pages planned into
   * them (every page, once the output folder was deleted) takes no stat of each missing level
   * again. Cleared before anything is created or deleted, so a write always checks afresh.
   */
  private readonly missingDirs = new Set<string>();

  constructor(readonly outputDirAbs: string) {}

  /** Absolute path of a page; throws {@link UnsafePathError} for paths leaving the output folder. */
  resolve(pagePath: string): string {
    return resolveInsideOutput(this.outputDirAbs, pagePath);
  }

  /**
   * Writes a page atomically and returns the sha256 of what was written. With `blocking`, the
   * file is written and renamed synchronously once its folder is checked (for pages written one
   * after another in a row; the caller yields now and then).
   */
  async write(pagePath: string, content: string, blocking = false): Promise<string> {
    const abs = this.resolve(pagePath);
    const dir = path.dirname(abs);
    if (!this.checkedDirs.has(dir)) {
      await this.makeDir(this.outputDirAbs);
      await this.assertRealPathInside(dir, pagePath);
      await this.makeDir(dir);
    }
    if (blocking) writeFileAtomicSync(abs, content);
    else await writeFileAtomic(abs, content, true);
    this.checkedDirs.add(dir);
    return sha256(content);
  }

  /** Creates a folder (with its parents); the pages of one folder written side by side share one mkdir. */
  private makeDir(dir: string): Promise<void> {
    this.missingDirs.clear();
    let made = this.madeDirs.get(dir);
    if (!made) {
      made = fs.mkdir(dir, { recursive: true }).then(() => this.missingDirs.clear());
      this.madeDirs.set(dir, made);
      // Made once per folder unless it fails (then the next write tries again) or a delete clears the set.
      made.catch(() => this.madeDirs.delete(dir));
    }
    return made;
  }

  /** What is at the page's place: absent, a regular file inside the output folder, something else, or outside. */
  async state(pagePath: string): Promise<PageState> {
    let abs: string;
    try {
      abs = this.resolve(pagePath);
      // No output folder yet (a first run, or it was deleted): every page is absent. One stat tells,
      // where the check below would walk up every missing folder level and fail a realpath per page.
      if (this.realRoot === undefined && lstatOrUndefined(this.outputDirAbs) === undefined) return 'absent';
      if (!this.checkedDirs.has(path.dirname(abs))) await this.assertRealPathInside(path.dirname(abs), pagePath);
    } catch (error) {
      if (error instanceof UnsafePathError) return 'outside';
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'absent'; // no output folder yet
      throw error;
    }
    // Synchronous: after the output folder was deleted every page is absent, and a failed
    // asynchronous lstat costs an error object and a thread-pool round trip per page.
    let stat;
    try {
      stat = lstatSync(abs, { throwIfNoEntry: false });
    } catch {
      return 'absent';
    }
    return stat === undefined ? 'absent' : stat.isFile() ? 'file' : 'other';
  }

  /**
   * Reads a page file to tell whether Docsmith wrote it: the generated marker and the content
   * hash. Undefined unless it is a regular file inside the output folder (a symlink is not followed).
   */
  async ownership(pagePath: string): Promise<PageOwnership | undefined> {
    if ((await this.state(pagePath)) !== 'file') return undefined;
    let handle;
    try {
      handle = await fs.open(this.resolve(pagePath), constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
    } catch {
      return undefined;
    }
    try {
      if (!(await handle.stat()).isFile()) return undefined;
      const hash = createHash('sha256');
      const chunk = Buffer.allocUnsafe(64 * 1024);
      let head = '';
      for (let position = 0; ; ) {
        const { bytesRead } = await handle.read(chunk, 0, chunk.length, position);
        if (bytesRead === 0) break;
        if (position === 0) head = chunk.subarray(0, Math.min(bytesRead, 400)).toString('utf8');
        hash.update(chunk.subarray(0, bytesRead));
        position += bytesRead;
      }
      return { generated: hasGeneratedMarker(head), hash: hash.digest('hex') };
    } finally {
      await handle.close();
    }
  }

  /**
   * Docsmith writes a page only where nothing is, or over a file carrying its generated marker: a
   * manifest entry alone (a repository can ship one, or a user replaced the page by their own
   * text) never claims a file.
   */
  async mayWrite(pagePath: string): Promise<boolean> {
    const state = await this.state(pagePath);
    return state === 'absent' || (state === 'file' && (await this.hasMarker(pagePath)));
  }

  /** True when the page is a regular file inside the output folder that carries the generated marker. */
  async hasMarker(pagePath: string): Promise<boolean> {
    return (await this.ownership(pagePath))?.generated === true;
  }

  /**
   * Deletes a page, then the folders it leaves empty (never the output folder itself). The page's
   * folder must resolve inside the real output folder; a symlinked folder is never deleted through.
   */
  async remove(pagePath: string): Promise<void> {
    const abs = this.resolve(pagePath);
    this.checkedDirs.clear();
    this.madeDirs.clear();
    this.missingDirs.clear();
    await this.assertRealPathInside(path.dirname(abs), pagePath);
    try {
      await fs.unlink(abs);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    const root = path.resolve(this.outputDirAbs);
    for (let dir = path.dirname(abs); dir.startsWith(root + path.sep); dir = path.dirname(dir)) {
      try {
        if ((await fs.lstat(dir)).isSymbolicLink()) break;
        await this.assertRealPathInside(dir, pagePath);
        await fs.rmdir(dir);
      } catch {
        break;
      }
    }
  }

  /** Deletes temp files a killed run left in the output folder; returns their output-relative paths. */
  async removeLeftoverTempFiles(): Promise<string[]> {
    const removed: string[] = [];
    const walk = async (dir: string): Promise<void> => {
      let entries;
      try {
        entries = await fs.readdir(dir, { withFileTypes: true });
      } catch {
        return;
      }
      for (const e of entries) {
        const abs = path.join(dir, e.name);
        if (e.isDirectory()) await walk(abs);
        else if (e.isFile() && e.name.endsWith(TEMP_SUFFIX)) {
          await fs.rm(abs, { force: true });
          removed.push(path.relative(this.outputDirAbs, abs).split(path.sep).join('/'));
        }
      }
    };
    await walk(this.outputDirAbs);
    return removed;
  }

  /**
   * Refuses a folder whose real path (after symlinks) is outside the real output folder. The
   * deepest folder that exists already is checked, before anything is created below it; a folder
   * found inside is remembered, so the pages of a folder not created yet check it once. The walk up
   * is synchronous: when the output folder was deleted every page's folder is missing, and each
   * failed asynchronous stat cost an error object and a thread-pool round trip.
   */
  private async assertRealPathInside(dirAbs: string, pagePath: string): Promise<void> {
    this.realRoot ??= await fs.realpath(this.outputDirAbs);
    let existing = dirAbs;
    let stat: Stats | undefined;
    const missing: string[] = [];
    while (!this.checkedDirs.has(existing) && (this.missingDirs.has(existing) || (stat = statOrUndefined(existing)) === undefined)) {
      const parent = path.dirname(existing);
      if (parent === existing) break;
      missing.push(existing);
      existing = parent;
    }
    if (this.checkedDirs.has(existing)) {
      for (const dir of missing) this.missingDirs.add(dir);
      return;
    }
    // A plain folder (not a symlink) in a folder found inside is inside too: its real path is its parent's plus its name.
    if (stat?.isDirectory() && this.checkedDirs.has(path.dirname(existing)) && lstatOrUndefined(existing)?.isDirectory()) {
      this.checkedDirs.add(existing);
      return;
    }
    const realDir = await fs.realpath(existing);
    if (!isInside(this.realRoot, realDir)) throw new UnsafePathError(pagePath);
    if (stat?.isDirectory()) this.checkedDirs.add(existing);
  }
}

/** The lstat of a path (a symlink itself), or undefined when nothing is there or it cannot be read. */
function lstatOrUndefined(abs: string): Stats | undefined {
  try {
    return lstatSync(abs, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}

/** The stat of a path (following symlinks), or undefined when nothing is there or it cannot be read. */
function statOrUndefined(abs: string): Stats | undefined {
  try {
    return statSync(abs, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}
