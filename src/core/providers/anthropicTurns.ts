/**
 * The conversation on the Anthropic Messages wire: system text goes to the top-level `system`;
 * turns alternate user/assistant (consecutive same-role turns are merged); an assistant turn's tool
 * calls are `tool_use` blocks and their results `tool_result` blocks of the next user turn (results
 * first in its content). Streamed `tool_use` blocks are assembled from their `input_json_delta`
 * pieces, and a whole non-streamed message is read into the same shape. Messages chosen as cache
 * breakpoints carry `cache_control` on their last block (the system text, a user text, a tool result).
 */
import type { ContentBlockParam, MessageParam, TextBlockParam, Tool, ToolChoice } from '@anthropic-ai/sdk/resources/messages';
import type { ChatMessage, ChatRequest, ToolCall } from './types';

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A tool call's input as the object the API requires. Arguments that are not a JSON object (a
 * call cut short, a model that wrote nonsense) go back as `{}`: the tool result already told the
 * model what was wrong with them.
 */
function inputOf(argumentsText: string): Json {
  try {
    const parsed: unknown = JSON.parse(argumentsText);
    return isObject(parsed) ? parsed : {};
  } catch {
    return {};
  }
}

const EPHEMERAL = { cache_control: { type: 'ephemeral' } } as const;

function blocksOf(message: Exclude<ChatMessage, { role: 'system' }>, breakpoint: boolean): string | ContentBlockParam[] {
  if (message.role === 'tool') {
    return [{ type: 'tool_result', tool_use_id: message.toolCallId, content: message.content, ...(message.isError ? { is_error: true } : {}), ...(breakpoint ? EPHEMERAL : {}) }];
  }
  if (breakpoint && message.role === 'user' && message.content !== '') return [{ type: 'text', text: message.content, ...EPHEMERAL }];
  if (message.role === 'assistant' && message.toolCalls && message.toolCalls.length > 0) {
    const text: ContentBlockParam[] = message.content !== '' ? [{ type: 'text', text: message.content }] : [];
    return [...text, ...message.toolCalls.map((c): ContentBlockParam => ({ type: 'tool_use', id: c.id, name: c.name, input: inputOf(c.arguments) }))];
  }
  return message.content;
}

function asBlocks(content: string | ContentBlockParam[]): ContentBlockParam[] {
  return typeof content === 'string' ? (content === '' ? [] : [{ type: 'text', text: content }]) : content;
}

/** Joins two turns of one role; tool results stay first in a user turn. */
function merge(a: string | ContentBlockParam[], b: string | ContentBlockParam[]): string | ContentBlockParam[] {
  if (typeof a === 'string' && typeof b === 'string') return `${a}\n\n${b}`;
  const blocks = [...asBlocks(a), ...asBlocks(b)];
  return [...blocks.filter((x) => x.type === 'tool_result'), ...blocks.filter((x) => x.type !== 'tool_result')];
}

/**
 * Splits chat messages into Anthropic's `system` and alternating user/assistant turns. `breakpoints`
 * are indexes of messages to mark with `cache_control`; a marked system message makes the system
 * one marked text block (all system text comes before the turns in the cached prefix).
 */
export function toAnthropicMessages(messages: ChatRequest['messages'], breakpoints: ReadonlySet<number> = new Set()): { system?: string | TextBlockParam[]; messages: MessageParam[] } {
  const system = messages.filter((m) => m.role === 'system').map((m) => m.content);
  const systemMarked = messages.some((m, i) => m.role === 'system' && breakpoints.has(i));
  const turns: MessageParam[] = [];
  for (const [index, message] of messages.entries()) {
    if (message.role === 'system') continue;
    const role = message.role === 'assistant' ? 'assistant' : 'user';
    const content = blocksOf(message, breakpoints.has(index));
    const last = turns[turns.length - 1];
    if (last && last.role === role) last.content = merge(last.content, content);
    else turns.push({ role, content });
  }
  const systemText = system.length > 0 ? system.join('\n\n') : undefined;
  if (systemText && systemMarked) return { system: [{ type: 'text', text: systemText, ...EPHEMERAL }], messages: turns };
  return { system: systemText, messages: turns };
}

/** `tools` and `tool_choice` for the request body; nothing when no tools are offered. */
export function anthropicToolFields(request: Pick<ChatRequest, 'tools' | 'toolChoice'>): { tools?: Tool[]; tool_choice?: ToolChoice } {
  if (!request.tools || request.tools.length === 0) return {};
  const tools = request.tools.map((t): Tool => ({ name: t.name, description: t.description, input_schema: t.parameters as Tool['input_schema'] }));
  if (request.toolChoice === 'required') return { tools, tool_choice: { type: 'any' } };
  if (request.toolChoice === 'none') return { tools, tool_choice: { type: 'none' } };
  return { tools };
}

/** Collects streamed `tool_use` blocks by their content index. */
export class ToolUseAssembler {
  private readonly blocks = new Map<number, { id: string; name: string; json: string; initial: Json }>();

  get size(): number {
    return this.blocks.size;
  }

  /** `content_block_start` of a `tool_use` block. */
  start(index: number, block: { id?: unknown; name?: unknown; input?: unknown }): void {
    this.blocks.set(index, {
      id: typeof block.id === 'string' ? block.id : '',
      name: typeof block.name === 'string' ? block.name : '',
      json: '',
      initial: isObject(block.input) ? block.input : {},
    });
  }

  /** An `input_json_delta` piece; ignored for blocks that are not tool calls. */
  piece(index: number, partialJson: string): void {
    const block = this.blocks.get(index);
    if (block) block.json += partialJson;
  }

  /** The calls in block order; arguments are the streamed JSON, or the start's `input` when none streamed. */
  result(): ToolCall[] | undefined {
    if (this.blocks.size === 0) return undefined;
    return [...this.blocks.entries()]
      .sort(([a], [b]) => a - b)
      .map(([, b]) => ({ id: b.id, name: b.name, arguments: b.json !== '' ? b.json : JSON.stringify(b.initial) }));
  }
}

/** What a non-streamed `Message` body holds, in the stream's terms. */
export interface WholeMessage {
  id?: string;
  model?: string;
  text: string;
  toolCalls?: ToolCall[];
  stopReason?: string;
  usage?: Json;
  /** An `{type: "error", error: {…}}` body. */
  error?: unknown;
}

/** Reads `{type: "message", content: [text | tool_use …], stop_reason, usage}`; undefined when it is not one. */
export function readWholeMessage(body: unknown): WholeMessage | undefined {
  if (!isObject(body)) return undefined;
  if (body.type === 'error') return { text: '', error: body };
  if (!Array.isArray(body.content)) return undefined;
  const tools = new ToolUseAssembler();
  let text = '';
  body.content.forEach((block: unknown, index: number) => {
    if (!isObject(block)) return;
    if (block.type === 'text' && typeof block.text === 'string') text += block.text;
    if (block.type === 'tool_use') tools.start(index, block);
  });
  return {
    id: typeof body.id === 'string' ? body.id : undefined,
    model: typeof body.model === 'string' ? body.model : undefined,
    text,
    toolCalls: tools.result(),
    stopReason: typeof body.stop_reason === 'string' ? body.stop_reason : undefined,
    usage: isObject(body.usage) ? body.usage : undefined,
  };
}
