/**
 * The phase between planning and the first request: build every prompt of the stale pages,
 * estimate what they cost, and ask (when someone is there to ask).
 */
import type { PlannedPage } from './plan';
import type { RunContext } from './runContext';
import { filePrompts, summaryPrompt, type PlannedPrompt } from './pageJobs';
import { defaultEstimate, type PlannedRequest, type RunEstimate } from './runEstimate';
import type { RunScope } from './runScope';
import { planBatches, type PageBatch } from './pageBatches';
import { forecastCacheHits } from './cacheForecast';

/** A run the user let go ahead: each file page's prompts, and the estimate (perhaps still being worked out). */
export interface ConfirmedRun {
  /** The prompts of each stale file page, one per part of a large file. */
  promptsByPage: ReadonlyMap<string, PlannedPrompt[]>;
  /** Small file pages asked for together, a batch per request. */
  batches: PageBatch[];
  /** Settles to the estimate; rejects when it could not be made. */
  estimate: Promise<RunEstimate>;
}

/**
 * Builds the prompts of the stale pages and estimates them. With someone to confirm (the editor),
 * the estimate is asked about before any request: undefined when declined. It then counts the
 * answers the response cache already holds at $0, and a run they all come from needs no yes. With nobody to confirm
 * (the CLI), nothing waits for it: it is worked out while the first requests are in flight, as
 * tokenizing every prompt took seconds on large trees and delayed the first request by as much.
 */
export async function estimateAndConfirm(run: RunScope, ctx: RunContext, stale: readonly PlannedPage[], staleGuides = 0): Promise<ConfirmedRun | undefined> {
  const { options, services, summary } = run;
  run.progress({ phase: 'plan', pagesDone: 0, pagesTotal: stale.length + staleGuides });
  const planned: PlannedRequest[] = [];
  const promptsByPage = new Map<string, PlannedPrompt[]>();
  for (const page of stale) if (page.kind === 'file') promptsByPage.set(page.path, await filePrompts(ctx, page.subject));
  const batches = options.batchSmallFiles === false ? [] : await planBatches(ctx, stale, promptsByPage);
  // Only when someone confirms: without, the estimate is worked out while the run's own answers
  // are being cached, so a look-up then could not tell them from answers cached before.
  const cache = services.confirm ? await forecastCacheHits(ctx, stale, promptsByPage, batches) : undefined;
  const batched = new Set(batches.flatMap((b) => b.pages.map((p) => p.path)));
  for (const b of batches) planned.push({ phase: 'file', page: b.pages[0].path, promptText: joinMessages(b.messages), maxOutputTokens: options.maxOutputTokens, cached: cache?.batches.has(b.id) });
  for (const page of stale) {
    if (page.kind === 'file') {
      if (batched.has(page.path)) continue;
      for (const p of promptsByPage.get(page.path)!) planned.push({ phase: 'file', page: page.path, promptText: joinMessages(p.messages), maxOutputTokens: options.maxOutputTokens, cached: cache?.prompts.has(p) });
    } else {
      const known = cache?.summaries.get(page.path);
      planned.push(
        known
          ? { phase: page.kind, page: page.path, promptText: joinMessages(known.messages), maxOutputTokens: options.maxOutputTokens, cached: known.cached }
          : { phase: page.kind, page: page.path, promptText: joinMessages(summaryPrompt(ctx, page)), placeholderChildren: page.children.filter((c) => !ctx.manifest.get(c)).length, maxOutputTokens: options.maxOutputTokens },
      );
    }
  }
  const estimateFn = services.estimate ?? ((r: readonly PlannedRequest[]) => defaultEstimate(r, { provider: options.provider, model: options.model, pricing: services.spendCap?.pricing, isFree: services.spendCap?.isFree, pastOutput: services.pastOutput }));
  const estimate = Promise.resolve().then(async () => {
    const paid = planned.filter((r) => !r.cached);
    const pages = { ...(await estimateFn(paid)), cachedAnswers: planned.length - paid.length };
    return services.guides && staleGuides > 0 ? services.guides.estimate(pages, staleGuides) : pages;
  });
  estimate.catch(() => undefined); // awaited later; this only keeps it from counting as unhandled meanwhile
  if (services.confirm) {
    summary.estimate = await estimate;
    if (!(await services.confirm(summary.estimate))) {
      summary.cancelled = true;
      summary.declined = true;
      return undefined;
    }
  }
  return { promptsByPage, batches, estimate };
}

function joinMessages(messages: readonly { content: string }[]): string {
  return messages.map((m) => m.content).join('\n');
}
