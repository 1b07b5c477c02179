/**
 * Writing a file so that a reader, or a process killed mid-write, only ever sees the old content
 * or the new: write a temp file beside the target, then rename it over the target.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs, renameSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

/** Temp files end with this; a documentation run deletes leftovers of a killed run at start. */
export const TEMP_SUFFIX = '.docsmith-tmp';

/**
 * Writes `content` to `absPath` atomically, creating its folder unless `dirExists`. The temp file is
 * removed when anything fails, including an error thrown by `content` given as chunks (written as
 * they come, so a large file never has to be one string).
 */
export async function writeFileAtomic(absPath: string, content: string | AsyncIterable<string | Uint8Array>, dirExists = false): Promise<void> {
  const dir = path.dirname(absPath);
  if (!dirExists) await fs.mkdir(dir, { recursive: true });
  const tmp = tempPathFor(absPath);
  try {
    await fs.writeFile(tmp, content, { flag: 'wx' });
    await fs.rename(tmp, absPath);
  } catch (error) {
    await fs.rm(tmp, { force: true }).catch(() => undefined);
    throw error;
  }
}

/**
 * {@link writeFileAtomic} done synchronously, into a folder that exists: for many small files in a
 * row, where each asynchronous write costs more in thread-pool round trips than in writing.
 */
export function writeFileAtomicSync(absPath: string, content: string): void {
  const tmp = tempPathFor(absPath);
  try {
    writeFileSync(tmp, content, { flag: 'wx' });
    renameSync(tmp, absPath);
  } catch (error) {
    rmSync(tmp, { force: true });
    throw error;
  }
}

/** Random per process, so two processes with the same pid (two containers) still pick different names. */
const processTag = randomBytes(4).toString('hex');
let tempCount = 0;

/** A name no other write uses: the process, and a count of this process's temp files (no random bytes per file). */
function tempPathFor(absPath: string): string {
  tempCount += 1;
  return path.join(path.dirname(absPath), `.${path.basename(absPath)}.${process.pid}.${processTag}${tempCount.toString(36)}${TEMP_SUFFIX}`);
}
