/**
 * Overview pages of sibling folders asked for in one request. Their parent waits for all of them
 * anyway, so sharing a request costs the run no time on the way to the parent; it saves the
 * rules and instructions each folder's request would repeat. The prompt is built when the
 * request starts, from the summaries the folders' children were written with, exactly as each
 * folder's own prompt would be. Every page is then validated, written and recorded on its own; a
 * page the answer lacks, or cannot be read, is asked for again alone; tokens and cost are split
 * between the pages. Only stale folders are batched, so an incremental run asks only for those.
 */
import type { ChatMessage, ChatRequest } from '../providers/types';
import { outputBounds } from '../cost/costEstimate';
import { BATCH_FILES, FOLDER_BATCH_SCHEMA, folderBatchPrompt, parseBatchReply } from './batchPrompts';
import { BATCH_ANSWER_SHARE, splitBatchAnswer, type BatchAnswer } from './pageBatches';
import { childSummaries, type SummaryOf } from './pageJobs';
import { parentFolder } from './pagePaths';
import type { PlannedPage } from './plan';
import type { RunContext } from './runContext';

export interface FolderBatch {
  /** Task id of the batch's request (never a page path). */
  id: string;
  /** Folder pages of one parent folder, in path order. */
  pages: PlannedPage[];
}

/** Tokens a folder page's answer adds to a batch answer beyond its fixed part: a line per child. */
const TOKENS_PER_CHILD = 40;

/**
 * Expected answer tokens of one folder page: the cost estimate's guess for a folder page, or a
 * line per child when the folder has many.
 */
export function expectedFolderPageTokens(children: number, maxOutputTokens: number): number {
  return Math.min(maxOutputTokens, Math.max(outputBounds(0, maxOutputTokens, undefined, 'folder').low, TOKENS_PER_CHILD * children));
}

/**
 * Groups the stale folder pages by parent folder into batches of at least two, in path order, each
 * as large as its expected answer allows ({@link BATCH_ANSWER_SHARE} of `maxOutputTokens`, at most
 * {@link BATCH_FILES} pages). A folder alone among its stale siblings keeps its own request.
 */
export function planFolderBatches(stale: readonly PlannedPage[], maxOutputTokens: number): FolderBatch[] {
  const byParent = new Map<string, PlannedPage[]>();
  for (const page of stale) {
    if (page.kind !== 'folder') continue;
    const parent = parentFolder(page.subject);
    byParent.set(parent, [...(byParent.get(parent) ?? []), page]);
  }
  const budget = BATCH_ANSWER_SHARE * maxOutputTokens;
  const batches: FolderBatch[] = [];
  for (const parent of [...byParent.keys()].sort()) {
    let current: PlannedPage[] = [];
    let answer = 0;
    const close = (): void => {
      if (current.length >= 2) batches.push({ id: `${current[0].path}\0folders`, pages: current });
      current = [];
      answer = 0;
    };
    for (const page of byParent.get(parent)!.sort((a, b) => (a.subject < b.subject ? -1 : a.subject > b.subject ? 1 : 0))) {
      const expected = expectedFolderPageTokens(page.children.length, maxOutputTokens);
      if (current.length >= BATCH_FILES || (current.length > 0 && answer + expected > budget)) close();
      current.push(page);
      answer += expected;
    }
    close();
  }
  return batches;
}

/** The batch's prompt from the children's summaries (by default those in the manifest). */
export function folderBatchMessages(ctx: RunContext, batch: FolderBatch, summaryOf: SummaryOf = (c) => ctx.manifest.get(c)?.summary): ChatMessage[] {
  return folderBatchPrompt(
    batch.pages.map((p) => ({ folder: p.subject, children: childSummaries(ctx, p.children, p.subject, summaryOf) })),
    { structured: ctx.structured },
  );
}

/** The JSON schema a folder batch's request asks for (with structured output), or none. */
export function folderBatchReplySchema(ctx: Pick<RunContext, 'structured'>): ChatRequest['jsonSchema'] {
  return ctx.structured ? { name: FOLDER_BATCH_SCHEMA.name, schema: FOLDER_BATCH_SCHEMA.schema as unknown as Record<string, unknown> } : undefined;
}

/**
 * Asks for the batch's folder pages in one request, once their children are done. Throws what
 * the request threw (the pages then ask alone). Each page's share of the prompt is its share of
 * the children listed.
 */
export async function askFolderBatch(ctx: RunContext, batch: FolderBatch): Promise<BatchAnswer> {
  const subjects = batch.pages.map((p) => p.subject);
  const call = await ctx.caller.call({
    messages: folderBatchMessages(ctx, batch),
    jsonSchema: folderBatchReplySchema(ctx),
    purpose: { phase: 'folder', file: subjects[0], files: subjects },
    signal: ctx.signal,
    accept: (result) => [...parseBatchReply(result.text, subjects, 'folder').values()].some((got) => 'reply' in got),
  });
  const children = batch.pages.reduce((n, p) => n + p.children.length, 0) || 1;
  return splitBatchAnswer(call, batch.pages, 'folder', new Map(batch.pages.map((p) => [p.path, p.children.length / children])));
}
