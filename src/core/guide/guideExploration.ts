/**
 * A guide's exploration: rounds of tool calls until the model answers without one, the round
 * limit (`docsmith.guide.maxToolRounds`) is reached, or the next round would take the exploration
 * past its prompt-token budget. Every round is one billed request through the run's model caller
 * (ledger, retries, spend cap), recorded with the phase `exploration`. Each call of a round gets
 * an answer — a tool error for a bad call — so the conversation stays valid and the run goes on.
 */
import type { ChatMessage, ToolCall } from '../providers/types';
import { approxTokens, promptTextOf, type ModelCaller } from '../docs/modelCalls';
import { explorationPrompt } from './guidePrompts';
import { GUIDE_TOOLS, type GuideToolbox } from './guideTools';

export interface ToolCallEvent {
  round: number;
  name: string;
  /** Short form for progress lines: `read_file src/app.ts:1-80`. */
  label: string;
  isError: boolean;
}

export interface ExplorationOptions {
  topic: string;
  rootListing: string;
  maxRounds: number;
  /** Prompt tokens the exploration may send in total. */
  tokenBudget: number;
  caller: ModelCaller;
  toolbox: GuideToolbox;
  /** The page the requests serve, for the ledger. */
  purposeFile: string;
  signal?: AbortSignal;
  onRoundStart?: (round: number) => void;
  onToolCall?: (event: ToolCallEvent) => void;
  onRoundEnd?: (round: number) => void;
}

export interface ExplorationOutcome {
  /** Requests made (rounds), whether or not they asked for tools. */
  rounds: number;
  stoppedBy: 'answer' | 'rounds' | 'budget';
  /** The model's closing note, when it ended the exploration itself. */
  notes: string;
  toolCalls: { total: number; rejected: number; byTool: Record<string, number> };
}

/** `read_file src/a.ts:1-80`, `search "route("`: what a progress line shows of a call. */
export function toolCallLabel(call: ToolCall): string {
  let args: Record<string, unknown> = {};
  try {
    const parsed = JSON.parse(call.arguments) as unknown;
    if (typeof parsed === 'object' && parsed !== null) args = parsed as Record<string, unknown>;
  } catch {
    return call.name;
  }
  const p = typeof args.path === 'string' ? args.path : '';
  switch (call.name) {
    case 'read_file':
      return `read_file ${p}${args.start_line !== undefined || args.end_line !== undefined ? `:${String(args.start_line ?? 1)}-${String(args.end_line ?? '')}` : ''}`;
    case 'search':
      return `search "${String(args.query ?? '').slice(0, 60)}"${p ? ` in ${p}` : ''}`;
    default:
      return `${call.name} ${p || '.'}`.trim();
  }
}

export async function explore(options: ExplorationOptions): Promise<ExplorationOutcome> {
  const messages: ChatMessage[] = explorationPrompt(options.topic, options.rootListing, options.maxRounds);
  const outcome: ExplorationOutcome = { rounds: 0, stoppedBy: 'rounds', notes: '', toolCalls: { total: 0, rejected: 0, byTool: {} } };
  let promptTokens = 0;
  for (let round = 1; round <= options.maxRounds; round++) {
    const next = approxTokens(promptTextOf({ messages, tools: [...GUIDE_TOOLS] }));
    if (round > 1 && promptTokens + next > options.tokenBudget) {
      outcome.stoppedBy = 'budget';
      return outcome;
    }
    options.onRoundStart?.(round);
    const call = await options.caller.call({
      messages,
      tools: [...GUIDE_TOOLS],
      toolChoice: 'auto',
      purpose: { phase: 'exploration', file: options.purposeFile },
      signal: options.signal,
    });
    outcome.rounds = round;
    promptTokens += call.result.usage?.promptTokens ?? next;
    const calls = call.result.toolCalls ?? [];
    if (calls.length === 0) {
      outcome.stoppedBy = 'answer';
      outcome.notes = call.result.text.trim().slice(0, 4000);
      options.onRoundEnd?.(round);
      return outcome;
    }
    messages.push({ role: 'assistant', content: call.result.text, toolCalls: calls });
    const answers = await Promise.all(calls.map((c) => options.toolbox.run(c, options.signal)));
    calls.forEach((c, i) => {
      const a = answers[i];
      outcome.toolCalls.total++;
      if (a.isError) outcome.toolCalls.rejected++;
      outcome.toolCalls.byTool[c.name] = (outcome.toolCalls.byTool[c.name] ?? 0) + 1;
      options.onToolCall?.({ round, name: c.name, label: toolCallLabel(c), isError: a.isError });
      // The round's last result ends the prefix the next round sends again (a cache breakpoint).
      const last = i === calls.length - 1 ? { cacheBreakpoint: true } : {};
      messages.push({ role: 'tool', toolCallId: c.id, name: c.name, content: a.content, isError: a.isError || undefined, ...last });
    });
    options.onRoundEnd?.(round);
  }
  return outcome;
}
