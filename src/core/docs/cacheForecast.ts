/**
 * Which requests of a run the response cache will answer, worked out before the estimate so that
 * those answers are counted at $0 and a run served wholly by the cache asks nobody to confirm.
 *
 * File pages and batches: their prompts are known before the run, so each is looked up as it will
 * be sent. Folder, architecture and overview pages: their prompts hold the summaries of their
 * children, which a run writes before it asks for the parent. A summary page counts as cached only
 * when the summary of every child it will be given is known — the child is not regenerated, or
 * the cache holds the child's whole answer, from which its summary is read as the run will read
 * it — and the cache holds the answer to the prompt built from those summaries (for folders asked
 * for with their siblings, the batch's prompt, built once every child of each of them is known). Any other summary
 * page counts as paid, so the estimate is an upper bound there (a paid child whose summary comes
 * out as before still lets the run find its parent in the cache).
 */
import type { ChatMessage } from '../providers/types';
import { plainSummary } from './markdownEscape';
import { parsePageReply } from './modelReply';
import { batchReplySchema, type PageBatch } from './pageBatches';
import { folderBatchMessages, folderBatchReplySchema, type FolderBatch } from './folderBatches';
import { pageReplySchema, summaryPrompt, type PlannedPrompt } from './pageJobs';
import { maskReply } from './pageSafety';
import { parseBatchReply } from './batchPrompts';
import type { PlannedPage } from './plan';
import type { RunContext } from './runContext';

export interface CacheForecast {
  /** Folder batches whose prompt is known before the run: the prompt, and whether the cache answers it. */
  folderBatches: ReadonlyMap<string, { messages: ChatMessage[]; cached: boolean }>;
  /** File prompts (whole files and parts) the cache answers. */
  prompts: ReadonlySet<PlannedPrompt>;
  /** Ids of the batches the cache answers. */
  batches: ReadonlySet<string>;
  /** Summary pages whose prompt is known before the run: the prompt, and whether the cache answers it. */
  summaries: ReadonlyMap<string, { messages: ChatMessage[]; cached: boolean }>;
}

/** Looks every planned request of the stale pages up in the response cache (nothing is counted or recorded). */
export async function forecastCacheHits(ctx: RunContext, stale: readonly PlannedPage[], promptsByPage: ReadonlyMap<string, PlannedPrompt[]>, batches: readonly PageBatch[], folderBatches: readonly FolderBatch[] = []): Promise<CacheForecast> {
  const prompts = new Set<PlannedPrompt>();
  const cachedBatches = new Set<string>();
  const summaries = new Map<string, { messages: ChatMessage[]; cached: boolean }>();
  /** The summary each regenerated page will be written with, where the cache already holds its answer. */
  const expected = new Map<string, string>();
  const answerTo = async (messages: ChatMessage[], jsonSchema: ReturnType<typeof pageReplySchema>): Promise<string | undefined> => (await ctx.caller.cachedAnswerFor({ messages, jsonSchema }))?.text;

  const batched = new Set<string>();
  for (const batch of batches) {
    for (const p of batch.pages) batched.add(p.path);
    const text = await answerTo(batch.messages, batchReplySchema(ctx));
    if (text === undefined) continue;
    cachedBatches.add(batch.id);
    const pages = parseBatchReply(
      text,
      batch.pages.map((p) => p.subject),
    );
    for (const p of batch.pages) {
      const got = pages.get(p.subject);
      // A page the answer lacks is asked for alone: its summary is not known beforehand.
      if (got && 'reply' in got) expected.set(p.path, plainSummary(maskReply(got.reply).summary));
    }
  }
  for (const page of stale) {
    if (page.kind !== 'file' || batched.has(page.path)) continue;
    let first: string | undefined;
    let all = true;
    for (const [i, prompt] of (promptsByPage.get(page.path) ?? []).entries()) {
      const text = await answerTo(prompt.messages, pageReplySchema(ctx));
      if (text === undefined) all = false;
      else prompts.add(prompt);
      if (i === 0) first = text;
    }
    const summary = all && first !== undefined ? readSummary(first) : undefined;
    if (summary !== undefined) expected.set(page.path, summary);
  }

  const regenerated = new Map(stale.map((p) => [p.path, p]));
  const batchOf = new Map(folderBatches.flatMap((b) => b.pages.map((p) => [p.path, b] as const)));
  const cachedFolderBatches = new Map<string, { messages: ChatMessage[]; cached: boolean }>();
  const visited = new Set<string>();
  // A folder batched with its siblings is looked up with them: its prompt is theirs.
  const visit = async (page: PlannedPage): Promise<void> => {
    if (visited.has(page.path)) return;
    const batch = batchOf.get(page.path);
    const group = batch?.pages ?? [page];
    for (const p of group) visited.add(p.path);
    for (const c of group.flatMap((p) => p.children)) {
      const child = regenerated.get(c);
      if (child && child.kind !== 'file') await visit(child);
    }
    if (!group.every((p) => p.children.every((c) => !regenerated.has(c) || expected.has(c)))) return;
    const summaryOf = (c: string): string | undefined => (regenerated.has(c) ? expected.get(c) : ctx.manifest.get(c)?.summary);
    if (batch) {
      const messages = folderBatchMessages(ctx, batch, summaryOf);
      const text = await answerTo(messages, folderBatchReplySchema(ctx));
      cachedFolderBatches.set(batch.id, { messages, cached: text !== undefined });
      const pages = text === undefined ? undefined : parseBatchReply(text, batch.pages.map((p) => p.subject), 'folder');
      for (const p of batch.pages) {
        const got = pages?.get(p.subject);
        if (got && 'reply' in got) expected.set(p.path, plainSummary(maskReply(got.reply).summary));
      }
      return;
    }
    const messages = summaryPrompt(ctx, page, summaryOf);
    const text = await answerTo(messages, pageReplySchema(ctx));
    summaries.set(page.path, { messages, cached: text !== undefined });
    const summary = text === undefined ? undefined : readSummary(text);
    if (summary !== undefined) expected.set(page.path, summary);
  };
  for (const page of stale) if (page.kind !== 'file') await visit(page);
  return { prompts, batches: cachedBatches, summaries, folderBatches: cachedFolderBatches };
}

/** A page's summary as the run writes it from an answer; undefined when the answer cannot be read (the page would fail). */
function readSummary(text: string): string | undefined {
  try {
    return plainSummary(maskReply(parsePageReply(text)).summary);
  } catch {
    return undefined;
  }
}
