/**
 * Writing a file so that a reader, or a process killed mid-write, only ever sees the old content
 * or the new: write a temp file beside the target, then rename it over the target.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

/** Temp files end with this; a documentation run deletes leftovers of a killed run at start. */
export const TEMP_SUFFIX = '.docsmith-tmp';

/** Writes `content` to `absPath` atomically, creating its folder unless `dirExists`. The temp file is removed when anything fails. */
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
