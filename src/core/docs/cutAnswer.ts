/**
 * Answers cut off at the output limit: the model stopped because it had written `max_tokens`
 * (OpenAI and OpenRouter finish reason `length`, Anthropic stop reason `max_tokens`), or because
 * the context window was full. What such an answer holds is used only as far as it arrived whole:
 * never as a page, and never kept in the response cache.
 */
import type { ChatResult } from '../providers/types';

/** Finish reasons of an answer that stopped before the model was done. */
const CUT_OFF_REASONS: ReadonlySet<string> = new Set(['length', 'max_tokens', 'model_context_window_exceeded']);

/** Whether the answer stopped at the output limit (or the context window) rather than where the model ended it. */
export function answerCutOff(result: Pick<ChatResult, 'finishReason'>): boolean {
  return result.finishReason !== undefined && CUT_OFF_REASONS.has(result.finishReason);
}

/**
 * For providers that give no finish reason (VS Code's language models): an answer whose output,
 * counted with the model's own tokenizer, comes within 2% of `max_tokens` is taken as cut off there.
 * Counting the text again can come out a few tokens short of what the model wrote; an answer that
 * really ended that close to the limit is only asked for again.
 */
export function reachedOutputLimit(completionTokens: number, maxTokens: number): boolean {
  return maxTokens > 0 && completionTokens >= maxTokens * 0.98;
}

/** A single page's (or a guide's) answer was cut off: the page is not written from it. */
export class AnswerCutOffError extends Error {
  /** `what` names what was not written: `the page` (default), `the guide`. */
  constructor(readonly maxOutputTokens: number, what = 'the page') {
    super(
      `The model's answer was cut off at the output limit (${maxOutputTokens.toLocaleString('en-US')} tokens), so ${what} was not written. Raise docsmith.maxOutputTokens (CLI: --max-output-tokens) or choose a model that writes longer answers.`,
    );
    this.name = 'AnswerCutOffError';
  }
}

/**
 * The whole part of a JSON answer that was cut off mid-way: the text up to the last object or array
 * that ended at most `depth` containers deep, closed as the containers open there require, and
 * parsed. `depth` 1 keeps whole members of the top-level object; 2 whole items of an array in it
 * (a batch's `{"pages": [...]}`). Only objects and arrays count as whole elements, so a page or a
 * description is never taken with its text cut. Undefined when nothing whole arrived. A JSON text
 * that is complete is simply parsed.
 */
export function wholePartOfJson(text: string, depth: number): unknown {
  const start = text.search(/[[{]/);
  if (start < 0) return undefined;
  const stack: string[] = [];
  let inString = false;
  let escaped = false;
  let lastEnd = -1;
  let openAtLastEnd: string[] = [];
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (escaped) escaped = false;
      else if (c === '\\') escaped = true;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '{' || c === '[') stack.push(c);
    else if (c === '}' || c === ']') {
      stack.pop();
      if (stack.length === 0) return parseOrUndefined(text.slice(start, i + 1));
      if (stack.length <= depth) {
        lastEnd = i + 1;
        openAtLastEnd = [...stack];
      }
    }
  }
  if (lastEnd < 0) return undefined;
  const closers = openAtLastEnd.reverse().map((open) => (open === '{' ? '}' : ']')).join('');
  return parseOrUndefined(text.slice(start, lastEnd) + closers);
}

function parseOrUndefined(json: string): unknown {
  try {
    return JSON.parse(json);
  } catch {
    return undefined;
  }
}
