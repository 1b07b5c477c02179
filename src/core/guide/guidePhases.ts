/**
 * The three phases of a guide — exploration → outline → sections — over a prepared workspace, or
 * exploration → one answer in the chat's lighter mode. Requests go through the run's model caller,
 * so the ledger, retries and the spend cap apply to each, and each phase's requests, tokens and
 * cost are measured from the caller's totals, so the phases add up to what was billed.
 */
import type { ModelCaller } from '../docs/modelCalls';
import type { ChatResult } from '../providers/types';
import type { CallTotals } from '../docs/callTotals';
import { parsePageReply } from '../docs/modelReply';
import { maskReply } from '../docs/pageSafety';
import { AnswerCutOffError, answerCutOff } from '../docs/cutAnswer';
import { explore, type ExplorationOutcome, type ToolCallEvent } from './guideExploration';
import { OUTLINE_SCHEMA, answerPrompt, outlinePrompt, renderExcerpts, sectionPrompt, type SectionBrief } from './guidePrompts';
import { parseOutline, type GuideOutline } from './guideOutline';
import { OUTLINE_EXCERPT_CHARS, SECTION_EXCERPT_CHARS } from './guideEstimate';
import type { GuideWorkspace } from './guideWorkspace';
import type { GuideToolbox } from './guideTools';
import type { ReadLog } from './readLog';
import type { GuideSectionText } from './guidePage';

export type GuidePhase = 'exploration' | 'outline' | 'sections';

export interface PhaseCost {
  requests: number;
  promptTokens: number;
  completionTokens: number;
  tokens: number;
  /** USD; undefined when some request's cost is unknown. */
  costUsd: number | undefined;
}

export interface GuideProgress {
  phase: 'scan' | GuidePhase | 'answer' | 'saving' | 'done';
  round?: number;
  maxRounds?: number;
  toolCall?: ToolCallEvent;
  sectionsDone?: number;
  sectionsTotal?: number;
  requests: number;
  /** Known cost of this guide so far, USD. */
  costUsd: number;
}

export interface PhaseHooks {
  signal?: AbortSignal;
  onProgress?: (p: GuideProgress) => void;
  /** A section is ready (sections arrive in any order); `index` is its place in the outline. */
  onSection?: (section: { index: number; total: number; title: string; heading: string; markdown: string }) => void;
  /** The lighter mode's answer as it streams. */
  onToken?: (delta: string) => void;
}

export interface PhaseContext {
  topic: string;
  /** Output-relative page the requests serve (for the ledger). */
  pagePath: string;
  workspace: GuideWorkspace;
  toolbox: GuideToolbox;
  reads: ReadLog;
  caller: ModelCaller;
  maxToolRounds: number;
  tokenBudget: number;
  concurrency: number;
  structured: boolean;
  hooks: PhaseHooks;
}

export interface PhasesOutcome {
  exploration: ExplorationOutcome;
  title: string;
  outline?: GuideOutline;
  sections: GuideSectionText[];
  phases: Record<GuidePhase, PhaseCost>;
}

function snapshot(t: CallTotals): CallTotals {
  return { ...t };
}

function phaseCost(before: CallTotals, after: CallTotals): PhaseCost {
  const promptTokens = after.promptTokens - before.promptTokens;
  const completionTokens = after.completionTokens - before.completionTokens;
  const unknown = after.unknownCostRequests > before.unknownCostRequests;
  return { requests: after.requests - before.requests, promptTokens, completionTokens, tokens: promptTokens + completionTokens, costUsd: unknown ? undefined : (after.costNanos - before.costNanos) / 1e9 };
}

export function emptyPhaseCost(): PhaseCost {
  return { requests: 0, promptTokens: 0, completionTokens: 0, tokens: 0, costUsd: 0 };
}

/** Runs a guide's phases; throws what the caller throws (cancellation, spend cap, provider errors). */
export async function runGuidePhases(ctx: PhaseContext, rootListing: string, answerOnly: boolean): Promise<PhasesOutcome> {
  const { caller, hooks } = ctx;
  const progress = (p: Omit<GuideProgress, 'requests' | 'costUsd'>): void => hooks.onProgress?.({ ...p, requests: caller.totals.requests, costUsd: caller.totals.costNanos / 1e9 });
  const phases: Record<GuidePhase, PhaseCost> = { exploration: emptyPhaseCost(), outline: emptyPhaseCost(), sections: emptyPhaseCost() };
  const texts = new Map<string, readonly string[]>();
  const linesOf = (p: string): readonly string[] | undefined => texts.get(p);

  let mark = snapshot(caller.totals);
  const exploration = await explore({
    topic: ctx.topic,
    rootListing,
    maxRounds: ctx.maxToolRounds,
    tokenBudget: ctx.tokenBudget,
    caller,
    toolbox: ctx.toolbox,
    purposeFile: ctx.pagePath,
    signal: hooks.signal,
    onRoundStart: (round) => progress({ phase: 'exploration', round, maxRounds: ctx.maxToolRounds }),
    onToolCall: (toolCall) => progress({ phase: 'exploration', round: toolCall.round, maxRounds: ctx.maxToolRounds, toolCall }),
    onRoundEnd: (round) => progress({ phase: 'exploration', round, maxRounds: ctx.maxToolRounds }),
  });
  phases.exploration = phaseCost(mark, caller.totals);
  for (const f of ctx.reads.files) texts.set(f, (await ctx.workspace.read(f)).lines);

  if (answerOnly) {
    progress({ phase: 'answer' });
    mark = snapshot(caller.totals);
    const call = await caller.call({
      messages: answerPrompt(ctx.topic, renderExcerpts(ctx.reads.all(), linesOf, OUTLINE_EXCERPT_CHARS)),
      purpose: { phase: 'sections', file: ctx.pagePath },
      signal: hooks.signal,
      onToken: hooks.onToken,
    });
    phases.sections = phaseCost(mark, caller.totals);
    return { exploration, title: ctx.topic, sections: [{ heading: 'Answer', markdown: maskReply(parsePageReply(call.result.text)).markdown }], phases };
  }

  progress({ phase: 'outline' });
  mark = snapshot(caller.totals);
  const outlineCall = await caller.call({
    messages: outlinePrompt(ctx.topic, exploration.notes, renderExcerpts(ctx.reads.all(), linesOf, OUTLINE_EXCERPT_CHARS), ctx.structured),
    jsonSchema: ctx.structured ? { name: OUTLINE_SCHEMA.name, schema: OUTLINE_SCHEMA.schema as unknown as Record<string, unknown> } : undefined,
    purpose: { phase: 'outline', file: ctx.pagePath },
    signal: hooks.signal,
  });
  phases.outline = phaseCost(mark, caller.totals);
  failIfCutOff(caller, outlineCall.result);
  const outline = parseOutline(outlineCall.result.text, ctx.topic, ctx.reads);

  mark = snapshot(caller.totals);
  const sections = await writeSections(ctx, outline, linesOf, progress);
  phases.sections = phaseCost(mark, caller.totals);
  return { exploration, title: outline.title, outline, sections, phases };
}

/**
 * An outline or a section cut off at the output limit fails the guide: a cut outline would plan the
 * guide from part of an answer, and a cut section would end the page mid-sentence. The caller has
 * already billed the answer and kept it out of the response cache.
 */
function failIfCutOff(caller: ModelCaller, result: ChatResult): void {
  if (answerCutOff(result)) throw new AnswerCutOffError(caller.options.maxTokens, 'the guide');
}

async function writeSections(
  ctx: PhaseContext,
  outline: GuideOutline,
  linesOf: (p: string) => readonly string[] | undefined,
  progress: (p: Omit<GuideProgress, 'requests' | 'costUsd'>) => void,
): Promise<GuideSectionText[]> {
  const briefs: SectionBrief[] = outline.sections.map((s, index) => ({ index, heading: s.heading, purpose: s.purpose }));
  const results: GuideSectionText[] = new Array<GuideSectionText>(briefs.length);
  let next = 0;
  let done = 0;
  let failure: unknown;
  progress({ phase: 'sections', sectionsDone: 0, sectionsTotal: briefs.length });
  const worker = async (): Promise<void> => {
    while (next < briefs.length && failure === undefined) {
      const brief = briefs[next++];
      try {
        const call = await ctx.caller.call({
          messages: sectionPrompt(ctx.topic, outline.title, briefs, brief, renderExcerpts(outline.sections[brief.index].sources, linesOf, SECTION_EXCERPT_CHARS)),
          purpose: { phase: 'sections', file: ctx.pagePath },
          signal: ctx.hooks.signal,
        });
        failIfCutOff(ctx.caller, call.result);
        const markdown = maskReply(parsePageReply(call.result.text)).markdown;
        results[brief.index] = { heading: brief.heading, markdown };
        done++;
        ctx.hooks.onSection?.({ index: brief.index, total: briefs.length, title: outline.title, heading: brief.heading, markdown });
        progress({ phase: 'sections', sectionsDone: done, sectionsTotal: briefs.length });
      } catch (error) {
        failure ??= error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(ctx.concurrency, briefs.length)) }, worker));
  if (failure !== undefined) throw failure;
  return results;
}
