/**
 * Batches of small file pages: the stale whole files that are small enough go to the model
 * together, a handful per request (the files of one folder, then its neighbours'), and each gets
 * its own page from the answer. Every
 * page is then validated, written and recorded on its own, exactly as if it had been asked for
 * alone (its citations checked against its own file, its inputs hash its own), so an incremental
 * run regenerates only the stale files and sends only them. A page the answer lacks, or cannot
 * be read, is asked for again alone; the batch's tokens and cost are split between its pages.
 * An answer cut off at the output limit gives only its pages that arrived whole; the page the cut
 * fell in and those after it are asked for again alone, each with the whole output limit to
 * itself (the cut shows these pages run longer than the batch was sized for, so a smaller batch of
 * them risks a second cut answer, billed in full, for the few hundred prompt tokens it saves).
 */
import type { ChatMessage, ChatRequest } from '../providers/types';
import { outputBounds } from '../cost/costEstimate';
import type { CallResult } from './modelCalls';
import { maskReply } from './pageSafety';
import { answerCutOff } from './cutAnswer';
import { BATCH_BYTES, BATCH_FILE_BYTES, BATCH_FILES, BATCH_SCHEMA, batchPrompt, parseBatchReply, type BatchKind, type BatchPage } from './batchPrompts';
import { smallFileInput, type PartAnswer, type PlannedPrompt } from './pageJobs';
import { parentFolder } from './pagePaths';
import type { PlannedPage } from './plan';
import type { FilePromptInput } from './prompts';
import type { RunContext } from './runContext';

export interface PageBatch {
  /** Task id of the batch's request (never a page path). */
  id: string;
  pages: PlannedPage[];
  messages: ChatMessage[];
  /** Each page's share of the prompt (its source bytes over the batch's), for the cost split. */
  promptShare: Map<string, number>;
}

/** What one batch request brought back, page by page. */
export interface BatchAnswer {
  pages: Map<string, BatchPage>;
  call: CallResult;
  /** Each page's share of the prompt and of the answer. */
  shares: Map<string, { prompt: number; completion: number }>;
  /** The answer was cut off at the output limit: only the pages that arrived whole are in `pages` as replies. */
  cutOff: boolean;
}

/**
 * Share of the output limit that a batch's expected answer may fill. Answers vary, and a page
 * that the answer is cut before is asked for again alone, which costs more than the batch saved.
 */
export const BATCH_ANSWER_SHARE = 0.5;

/**
 * Expected answer tokens of one file's page: the cost estimate's own guess for a file page (a
 * quarter of the source, at least 256 tokens), with the source at ~4 bytes a token.
 */
export function expectedPageTokens(sourceBytes: number, maxOutputTokens: number): number {
  return outputBounds(Math.ceil(sourceBytes / 4), maxOutputTokens, undefined, 'file').low;
}

/**
 * Packs the stale whole small files into batches of at least two (a file left alone keeps its
 * single-file prompt). Files are taken folder by folder, so the files of one folder go together,
 * and a batch with room left takes the next folder's files: a file alone in its folder, or the
 * last few of a folder, shares a request instead of paying the rules and instructions alone.
 * A batch is sized by its answer: the pages it asks for, at {@link expectedPageTokens} each, fill at
 * most {@link BATCH_ANSWER_SHARE} of `maxOutputTokens` (eight pages of small files at the default
 * 4,096), and its source stays within {@link BATCH_BYTES} (about 5,000 tokens), so even pages half
 * as long as their source, plus a heading and summary each, fit the default limit.
 * Large files, parts and other pages are not batched. A batch's pages wait for its one request,
 * and a folder page waits for its files' pages as before, wherever their batch is.
 */
export async function planBatches(ctx: RunContext, stale: readonly PlannedPage[], promptsByPage: ReadonlyMap<string, PlannedPrompt[]>, maxOutputTokens: number): Promise<PageBatch[]> {
  const byFolder = new Map<string, { page: PlannedPage; input: FilePromptInput }[]>();
  for (const page of stale) {
    if (page.kind !== 'file' || (promptsByPage.get(page.path)?.length ?? 0) !== 1) continue;
    const input = await smallFileInput(ctx, page.subject, BATCH_FILE_BYTES);
    if (!input) continue;
    const folder = parentFolder(page.subject);
    const list = byFolder.get(folder) ?? [];
    list.push({ page, input });
    byFolder.set(folder, list);
  }
  // Folders in path order, so neighbouring folders (siblings, a folder and its subfolders) share batches.
  const files = [...byFolder.keys()].sort().flatMap((folder) => byFolder.get(folder)!);
  const answerBudget = BATCH_ANSWER_SHARE * maxOutputTokens;
  const batches: PageBatch[] = [];
  let current: typeof files = [];
  let bytes = 0;
  let answer = 0;
  const close = (): void => {
    if (current.length >= 2) batches.push(makeBatch(ctx, current));
    current = [];
    bytes = 0;
    answer = 0;
  };
  for (const f of files) {
    const size = Buffer.byteLength(f.input.text, 'utf8');
    const page = expectedPageTokens(size, maxOutputTokens);
    if (current.length >= BATCH_FILES || (current.length > 0 && (bytes + size > BATCH_BYTES || answer + page > answerBudget))) close();
    current.push(f);
    bytes += size;
    answer += page;
  }
  close();
  return batches;
}

function makeBatch(ctx: RunContext, files: readonly { page: PlannedPage; input: FilePromptInput }[]): PageBatch {
  const total = files.reduce((n, f) => n + f.input.text.length, 0) || 1;
  return {
    id: `${files[0].page.path}\0batch`,
    pages: files.map((f) => f.page),
    messages: batchPrompt(
      files.map((f) => f.input),
      { structured: ctx.structured },
    ),
    promptShare: new Map(files.map((f) => [f.page.path, f.input.text.length / total])),
  };
}

/** The JSON schema a batch's request asks for (with structured output), or none. */
export function batchReplySchema(ctx: Pick<RunContext, 'structured'>): ChatRequest['jsonSchema'] {
  return ctx.structured ? { name: BATCH_SCHEMA.name, schema: BATCH_SCHEMA.schema as unknown as Record<string, unknown> } : undefined;
}

/** Asks for a batch's pages in one request. Throws what the request threw (the pages then ask alone). */
export async function askBatch(ctx: RunContext, batch: PageBatch): Promise<BatchAnswer> {
  const subjects = batch.pages.map((p) => p.subject);
  const call = await ctx.caller.call({
    messages: batch.messages,
    jsonSchema: batchReplySchema(ctx),
    purpose: { phase: 'file', file: subjects[0], files: subjects },
    signal: ctx.signal,
    // An answer with no usable page would replay for nothing; one with some still saves those.
    accept: (result) => [...parseBatchReply(result.text, subjects).values()].some((got) => 'reply' in got),
  });
  return splitBatchAnswer(call, batch.pages, 'file', batch.promptShare);
}

/**
 * A batch answer page by page (keyed by page path, replies masked), with each page's share of the
 * prompt (`promptShare`) and of the answer (its Markdown's share of the pages read).
 */
export function splitBatchAnswer(call: CallResult, pages: readonly PlannedPage[], kind: BatchKind, promptShare: ReadonlyMap<string, number>): BatchAnswer {
  const cutOff = answerCutOff(call.result);
  const parsed = parseBatchReply(
    call.result.text,
    pages.map((p) => p.subject),
    kind,
    cutOff,
  );
  const byPath = new Map<string, BatchPage>();
  let written = 0;
  for (const p of pages) {
    const got = parsed.get(p.subject)!;
    byPath.set(p.path, 'reply' in got ? { reply: maskReply(got.reply) } : got);
    if ('reply' in got) written += got.reply.markdown.length;
  }
  const shares = new Map<string, { prompt: number; completion: number }>();
  for (const p of pages) {
    const got = byPath.get(p.path)!;
    shares.set(p.path, { prompt: promptShare.get(p.path) ?? 0, completion: 'reply' in got && written > 0 ? got.reply.markdown.length / written : 0 });
  }
  return { pages: byPath, call, shares, cutOff };
}

/**
 * One page's part of a batch answer, as the answer of a single request would be given to the
 * page: its reply, and the batch call with the tokens and cost scaled to the page's share.
 * Undefined when the answer held no usable page for it.
 */
export function batchPart(answer: BatchAnswer, pagePath: string): PartAnswer | undefined {
  const got = answer.pages.get(pagePath);
  if (!got || !('reply' in got)) return undefined;
  const share = answer.shares.get(pagePath)!;
  const { call } = answer;
  const usage = call.result.usage;
  const scaledUsage = usage && {
    ...usage,
    promptTokens: Math.round(usage.promptTokens * share.prompt),
    completionTokens: Math.round(usage.completionTokens * share.completion),
    cachedTokens: Math.round(usage.cachedTokens * share.prompt),
  };
  // Cost follows the tokens: the prompt share of the prompt tokens and the answer share of the rest.
  const weight = usage && usage.promptTokens + usage.completionTokens > 0 ? (usage.promptTokens * share.prompt + usage.completionTokens * share.completion) / (usage.promptTokens + usage.completionTokens) : share.prompt;
  const scaled: CallResult = {
    attempts: call.attempts,
    costUsd: call.costUsd === undefined ? undefined : call.costUsd * weight,
    result: { ...call.result, usage: scaledUsage },
  };
  return { reply: got.reply, calls: [scaled] };
}
