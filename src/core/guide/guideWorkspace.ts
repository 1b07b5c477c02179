/**
 * The workspace as a guide's tools see it: exactly the files a documentation run would read (the
 * scan's rules: `.gitignore`, `files.exclude`, `docsmith.exclude`, no secret files, no binary files,
 * no symbolic links leading outside), read-only. Every path a model names is checked here, and a
 * file is opened only after its real path (symbolic links resolved, at the moment of reading) is
 * found inside the workspace and not secret. Text comes back redacted as file prompts redact it.
 */
import { createHash } from 'node:crypto';
import { promises as fs, realpathSync } from 'node:fs';
import * as path from 'node:path';
import type { ScanOptions, ScanResult, ScannedFile, SkipReason } from '../docs/types';
import { scanWorkspace } from '../docs/scan';
import { createSecretFileTest, type SecretFileTest } from '../docs/secretFiles';
import { looksBinary } from '../docs/fileLanguage';
import { redactSource } from '../docs/redactSource';
import { splitLines } from '../docs/prompts';
import { normaliseRelativePath } from '../docs/pagePaths';

/** A call the tools refuse; its message is shown to the model as the tool's answer. */
export class ToolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ToolError';
  }
}

export interface WorkspaceText {
  /** Redacted lines, numbered from 1. */
  lines: string[];
  /** sha256 of the file as read (before redaction). */
  hash: string;
}

export type GuideScanOptions = Omit<ScanOptions, 'signal'>;

/** Texts kept in memory for repeated reads and searches, in characters. */
const TEXT_CACHE_CHARS = 64 * 1024 * 1024;

export class GuideWorkspace {
  readonly files: ReadonlyMap<string, ScannedFile>;
  private readonly skipped: ReadonlyMap<string, SkipReason>;
  private readonly rootReal: string;
  private readonly secret: SecretFileTest;
  private readonly texts = new Map<string, WorkspaceText>();
  private cachedChars = 0;

  constructor(
    readonly root: string,
    scan: ScanResult,
    neverSend?: readonly string[],
  ) {
    this.files = new Map(scan.files.map((f) => [f.path, f]));
    this.skipped = new Map(scan.skipped.map((s) => [s.path, s.reason]));
    this.rootReal = realpathSync(root);
    this.secret = createSecretFileTest(neverSend ? [...neverSend] : undefined);
  }

  /** Scans `options.root` with the documentation run's rules. */
  static async open(options: GuideScanOptions, signal?: AbortSignal, scan: (o: ScanOptions) => Promise<ScanResult> = scanWorkspace): Promise<GuideWorkspace> {
    const root = path.resolve(options.root);
    const result = await scan({ ...options, root, signal });
    return new GuideWorkspace(root, result, options.neverSend);
  }

  /**
   * A model-written path → a workspace-relative path. Throws {@link ToolError} for absolute paths,
   * `..`, and anything the scan did not list as a readable text file, saying why.
   */
  resolveFile(raw: unknown): string {
    const p = this.normalise(raw);
    if (this.files.has(p)) return p;
    const reason = this.skipped.get(p);
    if (reason === 'secret' || this.secret(p)) throw new ToolError(`"${p}" may hold secrets (keys, passwords, credentials); Docsmith never opens such files.`);
    if (reason === 'binary') throw new ToolError(`"${p}" is a binary file; only text files can be read.`);
    if (reason === 'symlinkOutside') throw new ToolError(`"${p}" is a symbolic link to a place outside the workspace; it is not followed.`);
    if (reason === 'generated') throw new ToolError(`"${p}" is a generated lock file; it is not read.`);
    if (this.isFolder(p)) throw new ToolError(`"${p}" is a folder; use list_files to see what it holds.`);
    throw new ToolError(`No readable file "${p}" in the workspace: it does not exist, or it is ignored or excluded. Use list_files or search to find files.`);
  }

  /** A folder path (`''` for the root); throws {@link ToolError} when it holds no readable file. */
  resolveFolder(raw: unknown): string {
    if (raw === undefined || raw === null || raw === '' || raw === '.' || raw === './' || raw === '/') return '';
    const p = this.normalise(raw);
    if (this.isFolder(p)) return p;
    if (this.files.has(p)) throw new ToolError(`"${p}" is a file, not a folder; use read_file or outline.`);
    throw new ToolError(`No folder "${p}" with readable files in the workspace.`);
  }

  /** True when some readable file lies under `folder` (`''` = the root). */
  isFolder(folder: string): boolean {
    if (folder === '') return this.files.size > 0;
    const prefix = `${folder}/`;
    for (const f of this.files.keys()) if (f.startsWith(prefix)) return true;
    return false;
  }

  /** The redacted text of a listed file, read now through its real path. */
  async read(relativePath: string): Promise<WorkspaceText> {
    const cached = this.texts.get(relativePath);
    if (cached) return cached;
    const abs = path.join(this.root, ...relativePath.split('/'));
    let real: string;
    try {
      real = await fs.realpath(abs);
    } catch {
      throw new ToolError(`"${relativePath}" cannot be read any more (it was moved or deleted).`);
    }
    const rel = path.relative(this.rootReal, real);
    if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) throw new ToolError(`"${relativePath}" now leads outside the workspace; it is not read.`);
    if (this.secret(rel.split(path.sep).join('/'))) throw new ToolError(`"${relativePath}" leads to a file that may hold secrets; Docsmith never opens such files.`);
    const content = await fs.readFile(real);
    if (looksBinary(content)) throw new ToolError(`"${relativePath}" is a binary file; only text files can be read.`);
    const text: WorkspaceText = {
      lines: splitLines(redactSource(content.toString('utf8'))),
      hash: createHash('sha256').update(content).digest('hex'),
    };
    const chars = content.length;
    if (this.cachedChars + chars <= TEXT_CACHE_CHARS) {
      this.texts.set(relativePath, text);
      this.cachedChars += chars;
    }
    return text;
  }

  private normalise(raw: unknown): string {
    if (typeof raw !== 'string' || raw.trim() === '') throw new ToolError('A path must be a non-empty string, relative to the workspace root (e.g. "src/index.ts").');
    const trimmed = raw.trim();
    if (/^([a-zA-Z]:)?[\\/]/.test(trimmed) || trimmed.startsWith('~')) throw new ToolError(`Only paths relative to the workspace root are allowed; "${trimmed}" is absolute.`);
    const p = normaliseRelativePath(trimmed);
    if (p === undefined) throw new ToolError(`"${trimmed}" leaves the workspace; paths must stay inside it (no "..").`);
    return p;
  }
}
