/**
 * The only code that writes into the output folder. Every write goes to a temp file in the
 * destination folder and is renamed over the target, so a reader (or a killed process) only ever
 * sees the old file or the new one. Paths are checked against the output folder, symlinked
 * folders included, before anything is created.
 */
import { createHash, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { UnsafePathError, resolveInsideOutput } from './pagePaths';

/** Temp files end with this; a run deletes leftovers from a killed run at start. */
export const TEMP_SUFFIX = '.docsmith-tmp';

export function sha256(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Writes `content` to `absPath` atomically (temp file in the same folder, then rename). */
export async function writeFileAtomic(absPath: string, content: string, dirExists = false): Promise<void> {
  const dir = path.dirname(absPath);
  if (!dirExists) await fs.mkdir(dir, { recursive: true });
  const tmp = path.join(dir, `.${path.basename(absPath)}.${process.pid}.${randomBytes(4).toString('hex')}${TEMP_SUFFIX}`);
  try {
    await fs.writeFile(tmp, content, { flag: 'wx' });
    await fs.rename(tmp, absPath);
  } catch (error) {
    await fs.rm(tmp, { force: true }).catch(() => undefined);
    throw error;
  }
}

export class PageWriter {
  private realRoot: string | undefined;
  /** Folders already created and checked to be inside the output folder. */
  private readonly checkedDirs = new Set<string>();

  constructor(readonly outputDirAbs: string) {}

  /** Absolute path of a page; throws {@link UnsafePathError} for paths leaving the output folder. */
  resolve(pagePath: string): string {
    return resolveInsideOutput(this.outputDirAbs, pagePath);
  }

  /** Writes a page atomically and returns the sha256 of what was written. */
  async write(pagePath: string, content: string): Promise<string> {
    const abs = this.resolve(pagePath);
    const dir = path.dirname(abs);
    const known = this.checkedDirs.has(dir);
    if (!known) await this.assertRealPathInside(dir, pagePath);
    await writeFileAtomic(abs, content, known);
    this.checkedDirs.add(dir);
    return sha256(content);
  }

  /** sha256 of the page on disk, or undefined when there is none. */
  async hashOnDisk(pagePath: string): Promise<string | undefined> {
    try {
      return sha256(await fs.readFile(this.resolve(pagePath)));
    } catch {
      return undefined;
    }
  }

  async exists(pagePath: string): Promise<boolean> {
    try {
      await fs.stat(this.resolve(pagePath));
      return true;
    } catch {
      return false;
    }
  }

  /** Deletes a page and then any folders it leaves empty (never the output folder itself). */
  async remove(pagePath: string): Promise<void> {
    const abs = this.resolve(pagePath);
    await fs.rm(abs, { force: true });
    this.checkedDirs.clear();
    const root = path.resolve(this.outputDirAbs);
    for (let dir = path.dirname(abs); dir.startsWith(root + path.sep); dir = path.dirname(dir)) {
      try {
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

  /** Refuses to write through a symlinked folder that points outside the output folder. */
  private async assertRealPathInside(dirAbs: string, pagePath: string): Promise<void> {
    await fs.mkdir(this.outputDirAbs, { recursive: true });
    this.realRoot ??= await fs.realpath(this.outputDirAbs);
    // Check the deepest folder that exists already, before creating anything below it.
    let existing = dirAbs;
    for (;;) {
      try {
        await fs.stat(existing);
        break;
      } catch {
        existing = path.dirname(existing);
      }
    }
    const realDir = await fs.realpath(existing);
    const rel = path.relative(this.realRoot, realDir);
    if (rel.startsWith('..') || path.isAbsolute(rel)) throw new UnsafePathError(pagePath);
  }
}
