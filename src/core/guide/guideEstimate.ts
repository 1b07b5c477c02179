/**
 * The estimate of a guide before its first request. How far the agent explores is not known in
 * advance, so the estimate is a range from the limits:
 *  - low: a short exploration (a few rounds of growing conversation), an outline and three
 *    sections of typical length — what a focused question takes;
 *  - high: every round the round limit allows, within the exploration's token budget, then the
 *    outline and the most sections over the largest excerpts allowed, each writing `max_tokens`.
 * Output lengths come from the model's past answers of the same phase when known. Both ends are
 * priced by the cost engine (unknown prices → unknown cost, free models → 0).
 */
import { estimateRunCost, type PhaseOutputStats, type PlannedRequest } from '../cost/costEstimate';
import type { ModelPricing, ProviderId } from '../providers/types';
import type { RunEstimate } from '../docs/runEstimate';
import { MAX_SECTIONS } from './guidePrompts';

/** Characters of excerpts the outline prompt may hold. */
export const OUTLINE_EXCERPT_CHARS = 160_000;
/** Characters of excerpts one section prompt may hold. */
export const SECTION_EXCERPT_CHARS = 60_000;
/** Prompt tokens of a first exploration request (instructions, question, tool definitions, root listing). */
const FIRST_ROUND_TOKENS = 1_500;
/** Tokens a typical round adds to the conversation (a few reads of ~80 lines). */
const TYPICAL_ROUND_TOKENS = 2_500;
const TYPICAL_ROUNDS = 4;
const TYPICAL_SECTIONS = 3;
const CHARS_PER_TOKEN = 3.5;

export interface GuideEstimateOptions {
  provider: ProviderId;
  model: string;
  maxToolRounds: number;
  tokenBudget: number;
  maxOutputTokens: number;
  /** Rounds of the chat's lighter mode have one answer instead of outline and sections. */
  answerOnly?: boolean;
  pricing?: ModelPricing;
  isFree?: boolean;
  pastOutput?: Record<string, PhaseOutputStats>;
}

function plan(options: GuideEstimateOptions, high: boolean): PlannedRequest[] {
  const out: PlannedRequest[] = [];
  const max = options.maxOutputTokens;
  const rounds = high ? Math.max(1, options.maxToolRounds) : Math.min(TYPICAL_ROUNDS, Math.max(1, options.maxToolRounds));
  // Each round resends the conversation so far; the budget caps the total (plus the round that crosses it).
  let spent = 0;
  let read = 0;
  for (let r = 0; r < rounds; r++) {
    const prompt = FIRST_ROUND_TOKENS + r * TYPICAL_ROUND_TOKENS * (high ? 3 : 1);
    if (r > 0 && spent + prompt > options.tokenBudget) break;
    out.push({ phase: 'exploration', promptTokens: prompt, maxOutputTokens: max });
    spent += prompt;
    read = prompt - FIRST_ROUND_TOKENS + TYPICAL_ROUND_TOKENS;
  }
  const outlineExcerpt = Math.min(read, OUTLINE_EXCERPT_CHARS / CHARS_PER_TOKEN);
  if (options.answerOnly) {
    out.push({ phase: 'answer', promptTokens: 600 + outlineExcerpt, maxOutputTokens: max });
    return out;
  }
  out.push({ phase: 'outline', promptTokens: 800 + outlineExcerpt, maxOutputTokens: max });
  const sections = high ? MAX_SECTIONS : TYPICAL_SECTIONS;
  const sectionExcerpt = high ? Math.min(outlineExcerpt, SECTION_EXCERPT_CHARS / CHARS_PER_TOKEN) : outlineExcerpt / sections;
  for (let s = 0; s < sections; s++) out.push({ phase: 'sections', promptTokens: 900 + sectionExcerpt, maxOutputTokens: max });
  return out;
}

export async function estimateGuide(options: GuideEstimateOptions): Promise<RunEstimate> {
  const costOptions = { provider: options.provider, model: options.model, pricing: options.pricing, isFree: options.isFree, pastOutput: options.pastOutput };
  const [low, high] = await Promise.all([estimateRunCost(plan(options, false), costOptions), estimateRunCost(plan(options, true), costOptions)]);
  return {
    requests: low.requests,
    promptTokens: low.promptTokens,
    outputTokens: low.outputTokensLow,
    costUsd: low.costLowUsd,
    costHighUsd: high.costHighUsd,
    details: { low, high },
  };
}
