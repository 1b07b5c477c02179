/**
 * `.docsmith/run.lock` in the output folder: one documentation run per output folder at a time.
 * The lock holds the owner's pid; a lock whose process is gone is stale and taken over.
 *
 * Every step is atomic, so of many processes racing for the lock exactly one gets it:
 * - a lock is created complete or not at all: written to a temp file, then hard-linked to its
 *   name, which fails if the name exists (create-exclusive with the content already in place);
 * - a stale lock is replaced only by the process holding the *claim* on it: a lock file of its
 *   own, named after the stale lock's token and taken the same way. Several processes that saw
 *   the same dead owner race for that one claim; the winner checks the lock still holds the dead
 *   owner's token and renames its own lock over it. A claimant that dies leaves a stale claim,
 *   which is taken over the same way, one level down.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { STATE_DIR } from './pagePaths';
import { TEMP_SUFFIX } from '../atomicFile';
import { createFolders, removeCreatedFoldersIfEmpty } from './outputFolder';

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

/** Claims nested deeper than this are not taken over (each level needs a process killed mid-takeover). */
const MAX_CLAIM_DEPTH = 4;

/** A lock younger than this whose content cannot be read is being written: respected, not taken over. */
const UNREADABLE_GRACE_MS = 5000;

/** Takes the lock or throws {@link RunLockedError}. Stale locks (dead pid, unreadable and old) are taken over. */
export async function acquireRunLock(outputDirAbs: string, isAlive: (pid: number) => boolean = processIsAlive): Promise<RunLock> {
  const file = path.join(outputDirAbs, ...LOCK_FILE.split('/'));
  await fs.mkdir(path.dirname(file), { recursive: true });
  const mine: LockContent = { pid: process.pid, host: os.hostname(), startedAt: new Date().toISOString(), token: randomBytes(8).toString('hex') };
  await takeLock(file, mine, { isAlive, outputDirAbs }, 0);
  return { release: () => releaseIfOurs(file, mine.token) };
}

/**
 * Holds the run lock of the output folder while `body` runs, then `beforeRelease`. The lock lives
 * in the output folder; folders created for it go again if the run wrote nothing (cancelled, failed).
 */
export async function withRunLock<T>(outputDirAbs: string, beforeRelease: () => Promise<void>, body: () => Promise<T>): Promise<T> {
  const created = await createFolders(path.join(outputDirAbs, STATE_DIR));
  let lock;
  try {
    lock = await acquireRunLock(outputDirAbs);
  } catch (error) {
    await removeCreatedFoldersIfEmpty(created);
    throw error;
  }
  try {
    return await body();
  } finally {
    await beforeRelease();
    await lock.release();
    await removeCreatedFoldersIfEmpty(created);
  }
}

interface TakeContext {
  isAlive: (pid: number) => boolean;
  outputDirAbs: string;
}

/** Makes `file` hold `mine`: created if absent, or put in place of a stale holder; throws when a live one holds it. */
async function takeLock(file: string, mine: LockContent, ctx: TakeContext, depth: number): Promise<void> {
  for (let attempt = 0; attempt < 8; attempt++) {
    if (await createExclusive(file, mine)) return;
    const holder = await readHolder(file);
    if (holder === undefined) continue; // released meanwhile: try to create it again
    if (holder.content) {
      const { pid, host, startedAt } = holder.content;
      // A holder on another machine (shared folder) cannot be checked from here: respect it.
      if (host !== mine.host || ctx.isAlive(pid)) throw new RunLockedError(pid, startedAt, ctx.outputDirAbs);
    } else if (Date.now() - holder.mtimeMs < UNREADABLE_GRACE_MS) {
      throw new RunLockedError(0, 'just now', ctx.outputDirAbs);
    }
    if (depth >= MAX_CLAIM_DEPTH) throw new Error(`Could not take the run lock ${file}: stale takeover claims are piled up; delete ${path.dirname(file)}/${path.basename(file)}* and try again.`);
    // Stale. Only the holder of the claim on this very holder may replace it.
    const claim = `${file}.takeover-${holder.identity}`;
    const claimant: LockContent = { ...mine, token: randomBytes(8).toString('hex') };
    await takeLock(claim, claimant, ctx, depth + 1);
    try {
      const now = await readHolder(file);
      if (now?.identity !== holder.identity) continue; // replaced or released by an earlier claimant: look again
      const tmp = await writeTemp(file, mine);
      await fs.rename(tmp, file);
      return;
    } finally {
      await releaseIfOurs(claim, claimant.token);
    }
  }
  throw new Error(`Could not take the run lock ${file}.`);
}

/** Creates `file` with `content` unless it exists; false when it exists. The file never exists half-written. */
async function createExclusive(file: string, content: LockContent): Promise<boolean> {
  const tmp = await writeTemp(file, content);
  try {
    await fs.link(tmp, file);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // ENOENT: the temp file went (a running holder cleans temp files): the caller looks at the lock again.
    if (code === 'EEXIST' || code === 'ENOENT') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP') throw error;
    // No hard links on this file system: create-exclusive, content written right after.
    try {
      await fs.writeFile(file, JSON.stringify(content), { flag: 'wx' });
      return true;
    } catch (fallback) {
      if ((fallback as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw fallback;
    }
  } finally {
    await fs.rm(tmp, { force: true });
  }
}

async function writeTemp(file: string, content: LockContent): Promise<string> {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${content.token}.${randomBytes(4).toString('hex')}${TEMP_SUFFIX}`);
  await fs.writeFile(tmp, JSON.stringify(content), { flag: 'wx' });
  return tmp;
}

interface Holder {
  /** The parsed lock, or undefined when its content cannot be read. */
  content?: LockContent;
  /** What tells this lock apart from any later one: its token, or its inode and time when unreadable. */
  identity: string;
  mtimeMs: number;
}

/** The lock's holder; undefined when there is no lock file. */
async function readHolder(file: string): Promise<Holder | undefined> {
  let text: string;
  let stat;
  try {
    stat = await fs.stat(file);
    text = await fs.readFile(file, 'utf8');
  } catch {
    return undefined;
  }
  const content = parseLock(text);
  const identity = content?.token && /^[a-z0-9]+$/i.test(content.token) ? content.token : `unreadable-${stat.ino}-${Math.round(stat.mtimeMs)}`;
  return { content, identity, mtimeMs: stat.mtimeMs };
}

function parseLock(text: string): LockContent | undefined {
  try {
    const parsed = JSON.parse(text) as Partial<LockContent>;
    if (typeof parsed.pid !== 'number') return undefined;
    return { pid: parsed.pid, host: String(parsed.host ?? ''), startedAt: String(parsed.startedAt ?? ''), token: String(parsed.token ?? '') };
  } catch {
    return undefined;
  }
}

async function releaseIfOurs(file: string, token: string): Promise<void> {
  const holder = await readHolder(file);
  if (holder?.content?.token === token) await fs.rm(file, { force: true });
}
