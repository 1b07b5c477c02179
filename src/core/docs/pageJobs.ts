/**
 * Generating one page of each kind: build its prompt, ask the model, read the answer, validate
 * it, assemble the page, write it atomically and record it in the manifest — in that order, so
 * a page in the manifest is always a page on disk.
 */
import * as path from 'node:path';
import type { ChatMessage, ChatRequest } from '../providers/types';
import type { ParsedFile } from './types';
import type { PlannedPage } from './plan';
import type { ManifestPage, PageTokens } from './manifest';
import type { CallResult } from './modelCalls';
import type { RunContext } from './runContext';
import { architecturePrompt, filePrompt, folderPrompt, overviewPrompt, PAGE_SCHEMA, type ChildSummary, type FilePromptInput } from './prompts';
import { isReadablePageReply, parsePageReply, type PageReply } from './modelReply';
import { validatePage, type CitationIssue, type CitationCounts, type LinkCounts } from './pageValidator';
import { architecturePage, filePage, folderPage, overviewPage, type ContentsEntry, type IndexNode } from './pageContent';
import { folderDiagram, foldedFolders, folderPageDiagram, overallDiagram } from './importDiagram';
import { folderDependencies } from './projectFacts';
import { combineInputs, ownInputs } from './pageInputs';
import { fileMaterial } from './fileMaterial';
import { ARCHITECTURE_PAGE, folderPagePath, pageToPageLink, pageToSourceLink, parentFolder } from './pagePaths';
import { splitIntoParts, type LinePart } from './largeFileParts';
import { mapProse } from './markdownText';
import { redactSource } from './redactSource';
import { plainSummary } from './markdownEscape';
import { checkAssembledPage, maskReply } from './pageSafety';
import { guidesSection, withGuidesSection } from './guideIndex';
import { AnswerCutOffError, answerCutOff } from './cutAnswer';

/**
 * A page to generate: a planned page, or one the workspace run does not plan (`unlisted`): the
 * page of some lines of a file (`lines`), or of a file the scan leaves out. An unlisted page is
 * written but never recorded in the manifest, so no workspace run regenerates or removes it.
 */
export type PageJob = PlannedPage & { lines?: LinePart; unlisted?: boolean };

export interface PageOutcome {
  page: string;
  requests: number;
  costUsd: number | undefined;
  tokens: PageTokens;
  /** False when a file Docsmith did not write is at the page's place: nothing was written. */
  written: boolean;
  /** The page as assembled (written or not). */
  content: string;
  summary: string;
  citations: CitationCounts;
  issues: CitationIssue[];
  unresolvedIdentifiers: string[];
}

export interface PlannedPrompt {
  messages: ChatMessage[];
  part?: { startLine: number; endLine: number };
}

/**
 * The prompts of a file page: one, or one per part of a large file. With `lines`, only those lines
 * are sent (split into parts the same way when they are too large for one prompt).
 */
export async function filePrompts(ctx: RunContext, file: string, lines?: LinePart): Promise<PlannedPrompt[]> {
  const { base, redacted, all, whole } = await fileMaterial(ctx, file);
  const options = { structured: ctx.structured };
  if (!lines && whole) return [{ messages: filePrompt({ ...base, text: redacted, firstLine: 1 }, options) }];
  const parsed = ctx.index.parsed.get(file)!;
  const from = lines ? Math.max(1, Math.min(lines.startLine, all.length)) : 1;
  const to = lines ? Math.max(from, Math.min(lines.endLine, all.length)) : all.length;
  const shift = from - 1;
  const shifted = parsed.symbols.map((s) => ({ ...s, startLine: s.startLine - shift }));
  const parts = splitIntoParts(all.slice(shift, to), shifted, ctx.maxFileBytes).map((p) => ({ startLine: p.startLine + shift, endLine: p.endLine + shift }));
  return parts.map((part, i) => ({
    part,
    messages: filePrompt(
      {
        ...base,
        text: all.slice(part.startLine - 1, part.endLine).join('\n'),
        firstLine: part.startLine,
        // Only the symbols of this part: the outline must not repeat the whole file per part.
        symbols: parsed.symbols.filter((s) => s.startLine <= part.endLine && s.endLine >= part.startLine),
        part: { index: i + 1, count: parts.length },
        selected: lines !== undefined,
      },
      options,
    ),
  }));
}

/** A whole file's prompt input when it is sent whole and is at most `maxBytes` (redacted); else undefined. */
export async function smallFileInput(ctx: RunContext, file: string, maxBytes: number): Promise<FilePromptInput | undefined> {
  const { base, redacted, whole } = await fileMaterial(ctx, file);
  return whole && Buffer.byteLength(redacted, 'utf8') <= maxBytes ? { ...base, text: redacted, firstLine: 1 } : undefined;
}

/** The summary of a child page as a parent's prompt gets it; by default the one in the manifest. */
export type SummaryOf = (page: string) => string | undefined;

export function childSummaries(ctx: RunContext, children: readonly string[], baseFolder: string, summaryOf: SummaryOf): ChildSummary[] {
  return children.map((c) => {
    const planned = ctx.plan.byPath.get(c)!;
    const name = planned.kind === 'folder' ? `${relativeName(planned.subject, baseFolder)}/` : relativeName(planned.subject, baseFolder);
    const summary = summaryOf(c);
    // A summary is sent again in its parent's prompt: masked again, whoever wrote the manifest.
    return { name, kind: planned.kind === 'folder' ? 'folder' : 'file', summary: summary === undefined ? undefined : redactSource(summary) };
  });
}

function relativeName(subject: string, baseFolder: string): string {
  return baseFolder && subject.startsWith(`${baseFolder}/`) ? subject.slice(baseFolder.length + 1) : subject;
}

/** The prompt of a folder, architecture or overview page, from the children's current summaries (or those `summaryOf` expects). */
export function summaryPrompt(ctx: RunContext, page: PlannedPage, summaryOf: SummaryOf = (c) => ctx.manifest.get(c)?.summary): ChatMessage[] {
  const options = { structured: ctx.structured };
  switch (page.kind) {
    case 'folder':
      return folderPrompt(page.subject, childSummaries(ctx, page.children, page.subject, summaryOf), options);
    case 'architecture':
      return architecturePrompt(
        {
          parts: childSummaries(ctx, page.children, '', summaryOf),
          dependencies: ctx.facts?.dependencies ?? folderDependencies(ctx.plan.graph),
          fileCount: ctx.plan.graph.nodes.length,
          entryPoints: ctx.facts?.entryPoints,
          mostImported: ctx.facts?.mostImported,
        },
        options,
      );
    case 'overview':
      return overviewPrompt(
        {
          projectName: ctx.projectName,
          children: childSummaries(ctx, page.children, '', summaryOf),
          manifests: ctx.facts?.overviewManifests,
          readme: ctx.facts?.context.readme,
          entryPoints: ctx.facts?.entryPoints,
        },
        options,
      );
    case 'file':
      throw new Error('file pages use filePrompts');
  }
}

/** The JSON schema a page's request asks for (with structured output), or none. */
export function pageReplySchema(ctx: Pick<RunContext, 'structured'>): ChatRequest['jsonSchema'] {
  return ctx.structured ? { name: PAGE_SCHEMA.name, schema: PAGE_SCHEMA.schema as unknown as Record<string, unknown> } : undefined;
}

async function ask(ctx: RunContext, page: PlannedPage, messages: ChatMessage[], calls: CallResult[]): Promise<PageReply> {
  const call = await ctx.caller.call({
    messages,
    jsonSchema: pageReplySchema(ctx),
    purpose: { phase: page.kind, file: page.kind === 'file' || page.kind === 'folder' ? page.subject : page.path },
    signal: ctx.signal,
    onToken: page.kind === 'file' ? ctx.streamReply?.() : undefined,
    accept: (result) => isReadablePageReply(result.text),
  });
  calls.push(call);
  // Billed and recorded like any answer, but a page cut short is not a page.
  if (answerCutOff(call.result)) throw new AnswerCutOffError(ctx.caller.options.maxTokens);
  return maskReply(parsePageReply(call.result.text));
}

/** The answer to one part of a large file, asked for as its own scheduled task. */
export interface PartAnswer {
  reply: PageReply;
  calls: CallResult[];
}

/** Asks for one part of a large file (parts run side by side; the page assembles them). */
export async function generatePart(ctx: RunContext, page: PlannedPage, prompt: PlannedPrompt): Promise<PartAnswer> {
  const calls: CallResult[] = [];
  const reply = await ask(ctx, page, prompt.messages, calls);
  return { reply, calls };
}

/**
 * Generates, validates, writes and records one page. Throws on failure (the caller lists it).
 * `prompts` are the file page's prompts when already built; `parts` the answers of parts asked
 * for separately (one per prompt, in order), or a batched page's part of its batch's answer. A place held by a file Docsmith did not write is
 * left alone: the outcome says so and carries the page that was not written.
 */
export async function generatePage(ctx: RunContext, page: PageJob, prompts?: readonly PlannedPrompt[], parts?: readonly PartAnswer[]): Promise<PageOutcome> {
  const started = Date.now();
  const calls: CallResult[] = [];
  let summary: string;
  let body: string;
  let sources: Record<string, string> = {};
  if (page.kind === 'file') {
    const filePrompt = prompts ?? (await filePrompts(ctx, page.subject, page.lines));
    const replies: PageReply[] = [];
    if (parts) {
      for (const part of parts) {
        replies.push(part.reply);
        calls.push(...part.calls);
      }
    } else {
      for (const p of filePrompt) replies.push(await ask(ctx, page, p.messages, calls));
    }
    summary = replies[0].summary;
    body =
      filePrompt.length === 1
        ? replies[0].markdown
        : replies.map((r, i) => `## Lines ${filePrompt[i].part!.startLine}-${filePrompt[i].part!.endLine}\n\n${demoteHeadings(r.markdown)}`).join('\n\n');
    if (page.lines) body = `Covers lines ${filePrompt[0].part!.startLine}-${filePrompt[filePrompt.length - 1].part!.endLine}.\n\n${body}`;
    sources = { [page.subject]: ctx.scanned.get(page.subject)?.hash ?? '' };
  } else {
    // A folder page asked for with its siblings comes with its part of their answer.
    const reply = parts ? parts[0].reply : await ask(ctx, page, summaryPrompt(ctx, page), calls);
    if (parts) calls.push(...parts[0].calls);
    summary = reply.summary;
    body = reply.markdown;
    if (page.kind === 'folder') {
      for (const c of page.children) {
        const planned = ctx.plan.byPath.get(c)!;
        if (planned.kind === 'file') sources[planned.subject] = ctx.scanned.get(planned.subject)?.hash ?? '';
      }
    }
  }
  summary = plainSummary(summary);

  const validation = validatePage(body, {
    pagePath: page.path,
    files: ctx.index.lineCounts,
    pages: ctx.pageSet,
    folders: ctx.folderSet,
    identifiers: ctx.identifiers,
    sourceLink: (p) => pageToSourceLink(page.path, p, ctx.root, ctx.outputDirAbs),
    subjectFile: page.kind === 'file' ? page.subject : undefined,
  });
  if (page.kind === 'overview') await ctx.architectureSettled;
  const content = assemble(ctx, page, summary, validation.markdown, calls.length);
  const check = checkAssembledPage(content, page.path, ctx.index.lineCounts);
  const spent = callTotals(calls);
  const outcome: PageOutcome = {
    page: page.path,
    ...spent,
    written: false,
    content,
    summary,
    citations: validation.citations,
    issues: validation.issues,
    unresolvedIdentifiers: validation.unresolvedIdentifiers,
  };
  if (!(await ctx.writer.mayWrite(page.path))) return outcome;

  // Children as they are now: a failed or missing child makes this page stale for the next run.
  const childHashes = page.children.map((c) => [c, ctx.manifest.get(c)?.inputsHash] as const);
  const inputsHash = combineInputs(ownInputs(page, ctx.inputs), childHashes);
  const contentHash = await ctx.writer.write(page.path, content);

  const r = ctx.report;
  for (const k of Object.keys(r.citations) as (keyof CitationCounts)[]) r.citations[k] += validation.citations[k];
  for (const k of Object.keys(r.links) as (keyof LinkCounts)[]) r.links[k] += validation.links[k];
  r.issues.push(...validation.issues);
  if (validation.unresolvedIdentifiers.length > 0) r.unresolved.push({ page: page.path, names: validation.unresolvedIdentifiers });
  r.onDisk.total += check.citations;

  if (page.lines || page.unlisted) return { ...outcome, written: true };
  ctx.pageLog?.push(page.path);
  const entry: ManifestPage = {
    kind: page.kind,
    inputsHash,
    sources,
    pages: page.children.length > 0 ? Object.fromEntries(childHashes.map(([c, h]) => [c, h ?? 'missing'])) : undefined,
    summary,
    contentHash,
    provider: ctx.caller.provider,
    model: calls[calls.length - 1]?.result.servedModel || ctx.caller.model,
    tokens: spent.tokens,
    costUsd: spent.costUsd === undefined ? null : spent.costUsd,
    requests: spent.requests,
    generatedAt: ctx.now().toISOString(),
    durationMs: Date.now() - started,
    citations: { total: validation.citations.total, repaired: validation.citations.repaired, removed: validation.citations.removed },
    unresolvedIdentifiers: validation.unresolvedIdentifiers.length > 0 ? validation.unresolvedIdentifiers : undefined,
  };
  await ctx.manifest.set(page.path, entry);
  return { ...outcome, written: true };
}

/** Tokens, requests and cost of a page's calls; the cost is unknown when any call's is. */
function callTotals(calls: readonly CallResult[]): { tokens: PageTokens; requests: number; costUsd: number | undefined } {
  const tokens: PageTokens = { prompt: 0, completion: 0, cached: 0, total: 0 };
  let costUsd: number | undefined = 0;
  let requests = 0;
  for (const c of calls) {
    const u = c.result.usage;
    if (u) {
      tokens.prompt += u.promptTokens;
      tokens.completion += u.completionTokens;
      tokens.cached += u.cachedTokens;
    }
    requests += c.attempts;
    costUsd = costUsd === undefined || c.costUsd === undefined ? undefined : costUsd + c.costUsd;
  }
  tokens.total = tokens.prompt + tokens.completion;
  return { tokens, requests, costUsd };
}

function assemble(ctx: RunContext, page: PageJob, summary: string, body: string, parts: number): string {
  switch (page.kind) {
    case 'file': {
      const folder = parentFolder(page.subject);
      const parsed: ParsedFile | undefined = ctx.index.parsed.get(page.subject);
      const { lines } = page;
      return filePage({
        sourcePath: page.subject,
        language: parsed?.language ?? 'text',
        lineCount: ctx.index.lineCounts.get(page.subject) ?? 0,
        summary,
        body,
        symbols: (parsed?.symbols ?? []).filter((s) => !lines || (s.startLine <= lines.endLine && s.endLine >= lines.startLine)),
        sourceLink: pageToSourceLink(page.path, page.subject, ctx.root, ctx.outputDirAbs),
        folderLink: folder ? { name: `${folder}/`, link: pageToPageLink(page.path, folderPagePath(folder)) } : { name: ctx.projectName, link: pageToPageLink(page.path, 'README.md') },
        parts: parts > 1 ? parts : undefined,
      });
    }
    case 'folder': {
      return folderPage(page.subject, summary, body, contents(ctx, page), folderPageDiagram(ctx.plan.graph, page.subject));
    }
    case 'architecture': {
      const overall = overallDiagram(ctx.plan.graph);
      const inside = foldedFolders(overall, ctx.plan.graph).flatMap((folder) => {
        const diagram = folderDiagram(ctx.plan.graph, folder);
        return diagram ? [{ folder, diagram }] : [];
      });
      return architecturePage(summary, body, overall, ctx.plan.graph.nodes.length, inside);
    }
    case 'overview': {
      const overview = overviewPage({
        title: ctx.projectName,
        summary,
        body,
        architectureLink: ctx.manifest.get(ARCHITECTURE_PAGE) ? pageToPageLink(page.path, ARCHITECTURE_PAGE) : undefined,
        index: indexTree(ctx, page.path),
        notDocumented: ctx.skipped,
        notCode: ctx.facts?.notCode ?? [],
        failed: [...ctx.failed.entries()].map(([p, reason]) => ({ path: p, reason })),
      });
      return withGuidesSection(overview, guidesSection(ctx.manifest.manifest, page.path));
    }
  }
}

function contents(ctx: RunContext, page: PlannedPage): ContentsEntry[] {
  return page.children.map((c) => {
    const planned = ctx.plan.byPath.get(c)!;
    const name = planned.kind === 'folder' ? `${path.posix.basename(planned.subject)}/` : path.posix.basename(planned.subject);
    const entry = ctx.manifest.get(c);
    if (!entry) return { name, link: '', missing: ctx.notOwned.has(c) ? 'a file not written by Docsmith is in the way' : (ctx.failed.get(c) ?? 'not generated yet') };
    return { name, link: pageToPageLink(page.path, c), summary: entry.summary };
  });
}

/** Nested index of every page, by folder; pages that do not exist are shown without a link. */
function indexTree(ctx: RunContext, fromPage: string): IndexNode[] {
  const build = (children: readonly string[]): IndexNode[] =>
    children.map((c) => {
      const planned = ctx.plan.byPath.get(c)!;
      const exists = ctx.manifest.get(c) !== undefined;
      const isFolder = planned.kind === 'folder';
      return {
        name: isFolder ? `${path.posix.basename(planned.subject)}/` : path.posix.basename(planned.subject),
        link: exists ? pageToPageLink(fromPage, c) : undefined,
        summary: isFolder ? ctx.manifest.get(c)?.summary : undefined,
        children: isFolder ? build(planned.children) : [],
      };
    });
  return build(ctx.plan.byPath.get(fromPage)?.children ?? []);
}

/** `## x` → `### x` outside code, so a part's headings nest under its `## Lines a-b`. */
function demoteHeadings(markdown: string): string {
  return mapProse(markdown, (prose) => prose.replace(/^(#{1,5}) /gm, '#$1 '));
}
