/**
 * The output folder of a run, checked before anything is written. A cloned repository may ship
 * `docs/generated` (or `docs`, or `docs/generated/.docsmith`) as a symlink to a folder elsewhere
 * on the machine; writing or deleting through it would touch files the user never pointed
 * Docsmith at. So the folder must be inside the workspace (unless the caller allows an explicit
 * folder outside, as the CLI's `--output` does), no folder on the way to it may resolve outside
 * the workspace, and its state folder must resolve inside it.
 *
 * Folders a run creates are recorded, so a run that ends having written nothing (cancelled at
 * the estimate, nothing to document) removes them again and leaves the workspace as it was.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { STATE_DIR, isInside, leavesBase } from './pagePaths';

/** The output folder cannot be used; `message` says why and what to do, for the user. */
export class OutputFolderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutputFolderError';
  }
}

export interface OutputFolder {
  /** Absolute path, as configured (symlinks not resolved). */
  abs: string;
  /** Workspace-relative with `/` separators; undefined when the folder is outside the workspace. */
  workspaceRelative: string | undefined;
}

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : undefined;
}

/**
 * Checks the output folder of a run and returns where it is; throws {@link OutputFolderError}.
 * `allowOutside`: an absolute folder outside the workspace is the caller's explicit choice (the CLI's `--output`).
 */
export async function checkOutputFolder(root: string, outputDirectory: string, allowOutside = false): Promise<OutputFolder> {
  const abs = path.resolve(root, outputDirectory);
  const rel = path.relative(root, abs);
  if (rel === '') throw new OutputFolderError('The output folder cannot be the workspace folder itself; choose a subfolder such as docs/generated.');
  if (leavesBase(rel)) {
    if (!allowOutside) throw new OutputFolderError(`The output folder ${outputDirectory} is outside the workspace folder. Docsmith writes only inside the workspace: set docsmith.outputDirectory to a folder inside it, such as docs/generated.`);
    await checkStateFolder(abs, outputDirectory);
    return { abs, workspaceRelative: undefined };
  }
  const realRoot = await fs.realpath(root);
  let current = root;
  for (const part of rel.split(path.sep)) {
    current = path.join(current, part);
    const shown = path.relative(root, current).split(path.sep).join('/');
    let stat;
    try {
      stat = await fs.lstat(current);
    } catch (error) {
      if (errorCode(error) === 'ENOENT') break; // created by the run, as a real folder
      throw error;
    }
    if (stat.isSymbolicLink()) {
      let target: string;
      try {
        target = await fs.realpath(current);
      } catch {
        throw new OutputFolderError(`${shown} (on the way to the output folder) is a link to a missing target. Remove the link or choose another output folder.`);
      }
      if (!isInside(realRoot, target)) {
        const which = shown === rel.split(path.sep).join('/') ? `The output folder ${shown}` : `${shown}, a parent of the output folder,`;
        throw new OutputFolderError(`${which} is a link to ${target}, outside the workspace folder. Docsmith writes only inside the workspace: remove the link, or choose another output folder (docsmith.outputDirectory, or --output for the CLI).`);
      }
    } else if (!stat.isDirectory()) {
      throw new OutputFolderError(`${shown} (on the way to the output folder) is a file, not a folder. Move it or choose another output folder.`);
    }
  }
  await checkStateFolder(abs, rel.split(path.sep).join('/'));
  return { abs, workspaceRelative: rel.split(path.sep).join('/') };
}

/** `.docsmith` holds the lock, the manifest and its journal: it must resolve inside the output folder. */
async function checkStateFolder(outputAbs: string, shownOutput: string): Promise<void> {
  const state = path.join(outputAbs, STATE_DIR);
  let stat;
  try {
    stat = await fs.lstat(state);
  } catch {
    return;
  }
  if (stat.isDirectory()) return;
  if (stat.isSymbolicLink()) {
    const target = await fs.realpath(state).catch(() => '(a missing target)');
    const realOutput = await fs.realpath(outputAbs);
    if (target !== '(a missing target)' && isInside(realOutput, target)) return;
    throw new OutputFolderError(`${shownOutput}/${STATE_DIR} is a link to ${target}, outside the output folder. Docsmith keeps its manifest and lock there: remove the link and run again.`);
  }
  throw new OutputFolderError(`${shownOutput}/${STATE_DIR} is a file, not a folder. Remove it and run again.`);
}

/**
 * Creates `dirAbs` and its missing parents; returns the folders created, outermost first, for
 * {@link removeCreatedFoldersIfEmpty}.
 */
export async function createFolders(dirAbs: string): Promise<string[]> {
  const first = await fs.mkdir(dirAbs, { recursive: true });
  if (first === undefined) return [];
  const created: string[] = [];
  for (let dir = dirAbs; ; dir = path.dirname(dir)) {
    created.unshift(dir);
    if (dir === first || path.dirname(dir) === dir) break;
  }
  return created;
}

/** Removes the folders a run created, innermost first, as long as they are empty. */
export async function removeCreatedFoldersIfEmpty(created: readonly string[]): Promise<void> {
  for (const dir of [...created].reverse()) {
    try {
      await fs.rmdir(dir);
    } catch {
      return; // not empty (the run wrote something) or already gone
    }
  }
}
