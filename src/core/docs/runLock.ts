/**
 * `.docsmith/run.lock` in the output folder: one documentation run per output folder at a time.
 * The lock holds the owner's pid; a lock whose process is gone is stale and taken over.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { STATE_DIR } from './pagePaths';

export const LOCK_FILE = `${STATE_DIR}/run.lock`;

interface LockContent {
  pid: number;
  host: string;
  startedAt: string;
  token: string;
}

/** Another live run holds the lock. `message` is meant for the user. */
export class RunLockedError extends Error {
  constructor(
    readonly holderPid: number,
    readonly startedAt: string,
    readonly outputDirAbs: string,
  ) {
    super(`Another Docsmith run (process ${holderPid}, started ${startedAt}) is already writing to ${outputDirAbs}. Wait for it to finish or stop it, then try again.`);
    this.name = 'RunLockedError';
  }
}

export interface RunLock {
  /** Removes the lock if it is still ours. */
  release(): Promise<void>;
}

/** True when a process with this pid exists (EPERM means it exists but is someone else's). */
export function processIsAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the lock or throws {@link RunLockedError}. Stale locks (dead pid, unreadable) are replaced. */
export async function acquireRunLock(outputDirAbs: string, isAlive: (pid: number) => boolean = processIsAlive): Promise<RunLock> {
  const file = path.join(outputDirAbs, ...LOCK_FILE.split('/'));
  await fs.mkdir(path.dirname(file), { recursive: true });
  const mine: LockContent = { pid: process.pid, host: os.hostname(), startedAt: new Date().toISOString(), token: randomBytes(8).toString('hex') };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await fs.writeFile(file, JSON.stringify(mine), { flag: 'wx' });
      return { release: () => releaseIfOurs(file, mine.token) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = await readLock(file);
    if (holder && holder.host === mine.host && isAlive(holder.pid)) {
      throw new RunLockedError(holder.pid, holder.startedAt, outputDirAbs);
    }
    if (holder && holder.host !== mine.host) {
      // Another machine (shared folder): its pid cannot be checked here, so respect it.
      throw new RunLockedError(holder.pid, holder.startedAt, outputDirAbs);
    }
    if (!holder && (await ageMs(file)) < 5000) {
      // Just created by another run that has not finished writing it yet.
      throw new RunLockedError(0, 'just now', outputDirAbs);
    }
    // Stale or unreadable old lock: remove it and try again.
    await fs.rm(file, { force: true });
  }
  throw new Error(`Could not take the run lock ${file}.`);
}

async function readLock(file: string): Promise<LockContent | undefined> {
  try {
    const parsed = JSON.parse(await fs.readFile(file, 'utf8')) as Partial<LockContent>;
    if (typeof parsed.pid !== 'number') return undefined;
    return { pid: parsed.pid, host: String(parsed.host ?? ''), startedAt: String(parsed.startedAt ?? ''), token: String(parsed.token ?? '') };
  } catch {
    return undefined;
  }
}

async function ageMs(file: string): Promise<number> {
  try {
    return Date.now() - (await fs.stat(file)).mtimeMs;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

async function releaseIfOurs(file: string, token: string): Promise<void> {
  const holder = await readLock(file);
  if (holder?.token === token) await fs.rm(file, { force: true });
}
