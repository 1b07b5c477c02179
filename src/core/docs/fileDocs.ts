/**
 * "Generate Docs for Current File": one file (or the selected lines of it) documented with the
 * same prompts, validation and page layout as a workspace run. The answer streams through
 * `onToken` as it arrives; the validated page is returned and, when Docsmith owns the page's
 * place (or it is free), saved atomically under the output folder and recorded in the manifest.
 */
import * as path from 'node:path';
import type { ChatRequest, ChatResult, ProviderId } from '../providers/types';
import type { RetryOptions } from '../retry';
import type { ParsedFile } from './types';
import { createModelCaller, type RequestLedger, type SpendCap } from './modelCalls';
import { filePrompt, splitLines } from './prompts';
import { parsePageReply } from './modelReply';
import { validatePage, type CitationCounts, type CitationIssue } from './pageValidator';
import { filePage } from './pageContent';
import { filePagePath, folderPagePath, pageToPageLink, pageToSourceLink, parentFolder, STATE_DIR } from './pagePaths';
import { PageWriter, sha256 } from './pageWriter';
import { ManifestStore, readManifest } from './manifest';
import { acquireRunLock, RunLockedError } from './runLock';
import { checkOutputFolder, createFolders, removeCreatedFoldersIfEmpty } from './outputFolder';
import { redactSource } from './redactSource';
import { splitIntoParts } from './largeFileParts';
import { buildIdentifierSet } from './identifierSet';
import { fileLevel, readText, type ParseFn } from './sourceIndex';
import { languageForPath as languageOf } from './fileLanguage';
import { plainSummary } from './markdownEscape';
import { assertInertPage, maskReply } from './pageSafety';
import { exportedNames } from './pageInputs';

export interface FileDocOptions {
  /** Absolute workspace folder. */
  root: string;
  /** Workspace-relative path of the file, `/` separators. */
  path: string;
  language: string;
  /** The text as the editor has it (may be unsaved). */
  text: string;
  /** 1-based inclusive lines; the page covers only these. */
  selection?: { startLine: number; endLine: number };
  outputDirectory: string;
  provider: ProviderId;
  model: string;
  maxOutputTokens: number;
  temperature: number;
  maxFileSizeKB: number;
  /** Save the page under the output folder (default true). */
  save?: boolean;
}

export interface FileDocServices {
  chat: (request: ChatRequest) => Promise<ChatResult>;
  parse?: ParseFn;
  /** Line counts of the workspace's documentable files, so citations to other files can be checked. */
  workspaceFiles?: ReadonlyMap<string, number>;
  ledger?: RequestLedger;
  spendCap?: SpendCap;
  retry?: RetryOptions;
  now?: () => Date;
}

export interface FileDocHooks {
  signal?: AbortSignal;
  /** The model's raw text as it streams in (before validation). */
  onToken?: (delta: string) => void;
}

export interface FileDocResult {
  /** Output-relative page path. */
  pagePath: string;
  /** Absolute page path (whether or not it was saved). */
  absolutePath: string;
  /** The validated page. */
  markdown: string;
  summary: string;
  saved: boolean;
  /** Why the page was not saved, when it was not. */
  notSavedReason?: 'notOwned' | 'locked' | 'disabled';
  citations: CitationCounts;
  citationIssues: CitationIssue[];
  unresolvedIdentifiers: string[];
  requests: number;
  tokens: { prompt: number; completion: number };
  /** USD; undefined when unknown. */
  costUsd: number | undefined;
}

export async function generateFileDoc(options: FileDocOptions, services: FileDocServices, hooks: FileDocHooks = {}): Promise<FileDocResult> {
  const root = path.resolve(options.root);
  // Checked before any request: a page that could not be saved would be paid for in vain.
  const outputDirAbs = (await checkOutputFolder(root, options.outputDirectory)).abs;
  const lines = splitLines(options.text);
  const lineCount = lines.length;
  const files = new Map(services.workspaceFiles ?? []);
  files.set(options.path, lineCount);
  const parsed: ParsedFile = services.parse
    ? { ...(await services.parse(options.path, options.language, options.text, new Set(files.keys()))), path: options.path, lineCount }
    : fileLevel(options.path, options.language, lineCount);
  const caller = createModelCaller(options, services);

  const redacted = splitLines(redactSource(options.text, options.path));
  const from = Math.max(1, Math.min(options.selection?.startLine ?? 1, lineCount));
  const to = Math.max(from, Math.min(options.selection?.endLine ?? lineCount, lineCount));
  const maxBytes = Math.max(1, options.maxFileSizeKB) * 1024;
  const shown = redacted.slice(from - 1, to);
  const parts = splitIntoParts(shown, parsed.symbols, maxBytes).map((p) => ({ startLine: p.startLine + from - 1, endLine: p.endLine + from - 1 }));
  const imports = await importedExports(root, parsed, files, services.parse);

  const bodies: string[] = [];
  let summary = '';
  let requests = 0;
  let costUsd: number | undefined = 0;
  const tokens = { prompt: 0, completion: 0 };
  for (const [i, part] of parts.entries()) {
    const messages = filePrompt(
      {
        path: options.path,
        language: options.language,
        lineCount,
        text: redacted.slice(part.startLine - 1, part.endLine).join('\n'),
        firstLine: part.startLine,
        symbols: parsed.symbols.filter((s) => s.startLine <= part.endLine && s.endLine >= part.startLine),
        imports,
        part: parts.length > 1 || options.selection ? { index: i + 1, count: parts.length } : undefined,
      },
      { structured: false },
    );
    if (i > 0) hooks.onToken?.('\n\n');
    const call = await caller.call({ messages, purpose: { phase: 'fileDocs', file: options.path }, signal: hooks.signal, onToken: hooks.onToken });
    requests += call.attempts;
    costUsd = costUsd === undefined || call.costUsd === undefined ? undefined : costUsd + call.costUsd;
    tokens.prompt += call.result.usage?.promptTokens ?? 0;
    tokens.completion += call.result.usage?.completionTokens ?? 0;
    const reply = maskReply(parsePageReply(call.result.text));
    if (i === 0) summary = plainSummary(reply.summary);
    bodies.push(parts.length > 1 ? `## Lines ${part.startLine}-${part.endLine}\n\n${reply.markdown}` : reply.markdown);
  }

  const pagePath = filePagePath(options.path);
  const validation = validatePage(bodies.join('\n\n'), {
    pagePath,
    files,
    pages: new Set([pagePath]),
    folders: new Set<string>(),
    identifiers: buildIdentifierSet([parsed], []),
    sourceLink: (p) => pageToSourceLink(pagePath, p, root, outputDirAbs),
    subjectFile: options.path,
  });
  const folder = parentFolder(options.path);
  const markdown = filePage({
    sourcePath: options.path,
    language: options.language,
    lineCount,
    summary,
    body: options.selection ? `Covers lines ${from}-${to}.\n\n${validation.markdown}` : validation.markdown,
    symbols: parsed.symbols.filter((s) => s.startLine <= to && s.endLine >= from),
    sourceLink: pageToSourceLink(pagePath, options.path, root, outputDirAbs),
    folderLink: folder ? { name: `${folder}/`, link: pageToPageLink(pagePath, folderPagePath(folder)) } : undefined,
    parts: parts.length > 1 ? parts.length : undefined,
  });
  assertInertPage(markdown, pagePath);

  const result: FileDocResult = {
    pagePath,
    absolutePath: path.join(outputDirAbs, ...pagePath.split('/')),
    markdown,
    summary,
    saved: false,
    citations: validation.citations,
    citationIssues: validation.issues,
    unresolvedIdentifiers: validation.unresolvedIdentifiers,
    requests,
    tokens,
    costUsd,
  };
  if (options.save === false) return { ...result, notSavedReason: 'disabled' };
  return savePage(result, outputDirAbs, options, summary, validation.citations, requests, tokens, costUsd, services.now ?? (() => new Date()));
}

/** The exported names of the workspace files the file imports (read and parsed here; few files). */
async function importedExports(root: string, parsed: ParsedFile, files: ReadonlyMap<string, number>, parse: ParseFn | undefined): Promise<{ path: string; exports: string[] }[]> {
  const targets = [...new Set(parsed.imports.map((i) => i.resolved).filter((r): r is string => r !== undefined && r !== parsed.path && files.has(r)))].slice(0, 30);
  const out: { path: string; exports: string[] }[] = [];
  for (const target of targets) {
    let exports: string[] = [];
    if (parse) {
      try {
        const text = await readText(root, target);
        exports = exportedNames(await parse(target, languageOf(target), text, new Set(files.keys())));
      } catch {
        // unreadable: listed without its exports
      }
    }
    out.push({ path: target, exports });
  }
  return out;
}

/** Saves under the run lock; the manifest entry has no inputs hash, so the next workspace run refreshes it. */
async function savePage(
  result: FileDocResult,
  outputDirAbs: string,
  options: FileDocOptions,
  summary: string,
  citations: CitationCounts,
  requests: number,
  tokens: { prompt: number; completion: number },
  costUsd: number | undefined,
  now: () => Date,
): Promise<FileDocResult> {
  const created = await createFolders(path.join(outputDirAbs, STATE_DIR));
  let lock;
  try {
    lock = await acquireRunLock(outputDirAbs);
  } catch (error) {
    await removeCreatedFoldersIfEmpty(created);
    if (error instanceof RunLockedError) return { ...result, notSavedReason: 'locked' };
    throw error;
  }
  try {
    const loaded = await readManifest(outputDirAbs);
    const store = new ManifestStore(outputDirAbs, loaded.manifest, now);
    const writer = new PageWriter(outputDirAbs);
    // Only an empty place or a page carrying the generated marker is overwritten.
    const state = await writer.state(result.pagePath);
    if (state === 'other' || state === 'outside' || (state === 'file' && !(await writer.hasMarker(result.pagePath)))) return { ...result, notSavedReason: 'notOwned' };
    const contentHash = await writer.write(result.pagePath, result.markdown);
    await store.set(result.pagePath, {
      kind: 'file',
      inputsHash: '',
      sources: { [options.path]: sha256(options.text) },
      summary,
      contentHash,
      provider: options.provider,
      model: options.model,
      tokens: { prompt: tokens.prompt, completion: tokens.completion, cached: 0, total: tokens.prompt + tokens.completion },
      costUsd: costUsd ?? null,
      requests,
      generatedAt: now().toISOString(),
      durationMs: 0,
      citations: { total: citations.total, repaired: citations.repaired, removed: citations.removed },
    });
    await store.compact();
    return { ...result, saved: true };
  } finally {
    await lock.release();
    await removeCreatedFoldersIfEmpty(created);
  }
}
