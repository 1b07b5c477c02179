/**
 * The phase between planning and the first request: build every prompt of the stale pages,
 * estimate what they cost, and ask (when someone is there to ask).
 */
import type { PlannedPage } from './plan';
import type { RunContext } from './runContext';
import type { ChatMessage } from '../providers/types';
import { filePrompts, pageReplySchema, summaryPrompt, type PlannedPrompt } from './pageJobs';
import { defaultEstimate, type PlannedRequest, type RunEstimate } from './runEstimate';
import type { RunScope } from './runScope';
import { batchReplySchema, planBatches, type PageBatch } from './pageBatches';
import { forecastCacheHits } from './cacheForecast';
import { folderBatchMessages, folderBatchReplySchema, planFolderBatches, type FolderBatch } from './folderBatches';

/** A run the user let go ahead: each file page's prompts, and the estimate. */
export interface ConfirmedRun {
  /** The prompts of each stale file page, one per part of a large file. */
  promptsByPage: ReadonlyMap<string, PlannedPrompt[]>;
  /** Small file pages asked for together, a batch per request. */
  batches: PageBatch[];
  /** Overview pages of sibling folders asked for together, a batch per request. */
  folderBatches: FolderBatch[];
  /** The estimate: made before the run when someone confirmed it, else when asked (rejects when it cannot be made). */
  estimate: () => Promise<RunEstimate>;
}

/** Whether the response cache answers each planned request (no look-up counts or records anything). */
interface CachedRequests {
  batch(batch: PageBatch): boolean;
  prompt(prompt: PlannedPrompt): boolean;
  /** A summary page's prompt and whether the cache answers it; undefined when the prompt depends on summaries not known. */
  summary(page: PlannedPage): { messages: ChatMessage[]; cached: boolean } | undefined;
  /** The same for a batch of sibling folders' pages. */
  folderBatch(batch: FolderBatch): { messages: ChatMessage[]; cached: boolean } | undefined;
}

/**
 * Builds the prompts of the stale pages and estimates them. With someone to confirm (the editor),
 * the estimate is asked about before any request: undefined when declined. It then counts the
 * answers the response cache already holds at $0, and a run they all come from needs no yes. With
 * nobody to confirm (the CLI), the estimate waits until the run is over and counts the answers the
 * cache gave the run at $0: nothing delays the first request, and a run rebuilt from the cache
 * tokenizes no prompt at all (loading the tokenizer and counting every prompt took longer than
 * writing the pages on large trees).
 */
export async function estimateAndConfirm(run: RunScope, ctx: RunContext, stale: readonly PlannedPage[], staleGuides = 0): Promise<ConfirmedRun | undefined> {
  const { services, summary } = run;
  run.progress({ phase: 'plan', pagesDone: 0, pagesTotal: stale.length + staleGuides });
  const promptsByPage = new Map<string, PlannedPrompt[]>();
  for (const page of stale) if (page.kind === 'file') promptsByPage.set(page.path, await filePrompts(ctx, page.subject));
  const batching = run.options.batchSmallFiles !== false;
  const batches = batching ? await planBatches(ctx, stale, promptsByPage, run.options.maxOutputTokens) : [];
  const folderBatches = batching ? planFolderBatches(stale, run.options.maxOutputTokens) : [];
  const estimateWith = (cached: CachedRequests): Promise<RunEstimate> => estimateRequests(run, plannedRequests(run, ctx, stale, promptsByPage, [batches, folderBatches], cached), staleGuides);
  if (!services.confirm) return { promptsByPage, batches, folderBatches, estimate: () => estimateWith(answeredInRun(ctx)) };
  const forecast = await forecastCacheHits(ctx, stale, promptsByPage, batches, folderBatches);
  summary.estimate = await estimateWith({
    batch: (b) => forecast.batches.has(b.id),
    prompt: (p) => forecast.prompts.has(p),
    summary: (page) => forecast.summaries.get(page.path),
    folderBatch: (b) => forecast.folderBatches.get(b.id),
  });
  if (!(await services.confirm(summary.estimate))) {
    summary.cancelled = true;
    summary.declined = true;
    return undefined;
  }
  const estimate = summary.estimate;
  return { promptsByPage, batches, folderBatches, estimate: () => Promise.resolve(estimate) };
}

/** After the run: the requests the response cache answered in it (a summary page's prompt is built from its children's summaries as written). */
function answeredInRun(ctx: RunContext): CachedRequests {
  const answered = (messages: ChatMessage[], jsonSchema: ReturnType<typeof pageReplySchema>): boolean => ctx.caller.answeredFromCache({ messages, jsonSchema });
  return {
    batch: (b) => answered(b.messages, batchReplySchema(ctx)),
    prompt: (p) => answered(p.messages, pageReplySchema(ctx)),
    summary: (page) => {
      if (!page.children.every((c) => ctx.manifest.get(c))) return undefined;
      const messages = summaryPrompt(ctx, page);
      return { messages, cached: answered(messages, pageReplySchema(ctx)) };
    },
    folderBatch: (b) => {
      if (!b.pages.every((page) => page.children.every((c) => ctx.manifest.get(c)))) return undefined;
      const messages = folderBatchMessages(ctx, b);
      return { messages, cached: answered(messages, folderBatchReplySchema(ctx)) };
    },
  };
}

/** Every request the run plans, each marked when the cache answers it. */
function plannedRequests(
  run: RunScope,
  ctx: RunContext,
  stale: readonly PlannedPage[],
  promptsByPage: ReadonlyMap<string, PlannedPrompt[]>,
  [batches, folderBatches]: readonly [readonly PageBatch[], readonly FolderBatch[]],
  cached: CachedRequests,
): PlannedRequest[] {
  const { maxOutputTokens } = run.options;
  const planned: PlannedRequest[] = [];
  const batched = new Set([...batches, ...folderBatches].flatMap((b) => b.pages.map((p) => p.path)));
  // A batch answer cut off at the limit has its pages asked for again alone: the worst case counts them.
  for (const b of batches) {
    const hit = cached.batch(b);
    planned.push({ phase: 'file', page: b.pages[0].path, promptText: joinMessages(b.messages), maxOutputTokens, cached: hit, askedAgainIfCut: hit ? undefined : b.pages.map((p) => joinMessages(promptsByPage.get(p.path)![0].messages)) });
  }
  // One request per batch of sibling folders; its answer holds one folder page per folder.
  for (const b of folderBatches) {
    const known = cached.folderBatch(b);
    const base = { phase: 'folder' as const, page: b.pages[0].path, pages: b.pages.length, maxOutputTokens, askedAgainIfCut: known?.cached ? undefined : b.pages.map((p) => joinMessages(summaryPrompt(ctx, p))) };
    planned.push(
      known
        ? { ...base, promptText: joinMessages(known.messages), cached: known.cached }
        : { ...base, promptText: joinMessages(folderBatchMessages(ctx, b)), placeholderChildren: b.pages.flatMap((p) => p.children).filter((c) => !ctx.manifest.get(c)).length },
    );
  }
  for (const page of stale) {
    if (batched.has(page.path)) continue;
    if (page.kind === 'file') {
      for (const p of promptsByPage.get(page.path)!) planned.push({ phase: 'file', page: page.path, promptText: joinMessages(p.messages), maxOutputTokens, cached: cached.prompt(p) });
    } else {
      const known = cached.summary(page);
      planned.push(
        known
          ? { phase: page.kind, page: page.path, promptText: joinMessages(known.messages), maxOutputTokens, cached: known.cached }
          : { phase: page.kind, page: page.path, promptText: joinMessages(summaryPrompt(ctx, page)), placeholderChildren: page.children.filter((c) => !ctx.manifest.get(c)).length, maxOutputTokens },
      );
    }
  }
  return planned;
}

/** The estimate of a run whose every request the response cache answers (`answers` of them): nothing to pay. */
export function cachedRunEstimate(run: RunScope, answers: number): Promise<RunEstimate> {
  return estimateRequests(run, [], 0).then((estimate) => ({ ...estimate, cachedAnswers: answers }));
}

/** The estimate of the requests not answered by the cache, with the guides' when some are stale. */
async function estimateRequests(run: RunScope, planned: readonly PlannedRequest[], staleGuides: number): Promise<RunEstimate> {
  const { options, services } = run;
  const estimateFn = services.estimate ?? ((r: readonly PlannedRequest[]) => defaultEstimate(r, { provider: options.provider, model: options.model, pricing: services.spendCap?.pricing, isFree: services.spendCap?.isFree, pastOutput: services.pastOutput }));
  const paid = planned.filter((r) => !r.cached);
  const pages = { ...(await estimateFn(paid)), cachedAnswers: planned.length - paid.length };
  return services.guides && staleGuides > 0 ? services.guides.estimate(pages, staleGuides) : pages;
}

function joinMessages(messages: readonly { content: string }[]): string {
  return messages.map((m) => m.content).join('\n');
}
