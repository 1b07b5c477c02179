/**
 * The conversation on the Chat Completions wire (OpenRouter, OpenAI, OpenAI-compatible servers):
 * our turns as wire messages, tools as `function` tools, streamed `delta.tool_calls` fragments
 * assembled per `index`, and a whole non-streamed completion read into the same shape (servers
 * that answer a streaming request with one JSON body).
 *
 * Tool calls as the model wrote them are kept as they are: `arguments` may be invalid JSON and a
 * name may be one that was never offered. Whoever runs the tools answers such a call with an error
 * result; nothing here throws on them. A call without an id (some local servers) gets one made up,
 * since the tool result must name it.
 */
import { randomUUID } from 'node:crypto';
import type { ChatMessage, ChatRequest, ToolCall } from './types';

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Our turns in the wire's shape: assistant turns keep their `tool_calls`, tool results name their
 * call. The messages at `breakpoints` (Anthropic models through OpenRouter) send their text as one
 * part marked `cache_control`; every other content stays a plain string, which every server takes.
 */
export function toWireMessages(messages: readonly ChatMessage[], breakpoints: ReadonlySet<number> = new Set()): Json[] {
  const content = (text: string, index: number): unknown =>
    breakpoints.has(index) && text !== '' ? [{ type: 'text', text, cache_control: { type: 'ephemeral' } }] : text;
  return messages.map((m, index): Json => {
    if (m.role === 'tool') return { role: 'tool', tool_call_id: m.toolCallId, content: content(m.content, index) };
    if (m.role === 'assistant' && m.toolCalls && m.toolCalls.length > 0) {
      return {
        role: 'assistant',
        // The wire wants `null`, not "", beside tool calls.
        content: m.content === '' ? null : m.content,
        tool_calls: m.toolCalls.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: c.arguments } })),
      };
    }
    return { role: m.role, content: m.role === 'assistant' ? m.content : content(m.content, index) };
  });
}

/** `tools` and `tool_choice` for the request body; nothing when no tools are offered. */
export function toolFields(request: Pick<ChatRequest, 'tools' | 'toolChoice'>): Json {
  if (!request.tools || request.tools.length === 0) return {};
  const fields: Json = {
    tools: request.tools.map((t) => ({ type: 'function', function: { name: t.name, description: t.description, parameters: t.parameters } })),
  };
  // `auto` is every server's default; leaving it out keeps servers that reject `tool_choice` working.
  if (request.toolChoice && request.toolChoice !== 'auto') fields.tool_choice = request.toolChoice;
  return fields;
}

function text(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined || value === null) return '';
  return JSON.stringify(value);
}

/** Collects the `delta.tool_calls` fragments of one streamed turn into whole calls. */
export class ToolCallAssembler {
  private readonly calls = new Map<number, { id?: string; name: string; arguments: string }>();
  private lastIndex = -1;

  get size(): number {
    return this.calls.size;
  }

  /** One chunk's `delta.tool_calls` (or a non-streamed `message.tool_calls`). Ignores what is not a fragment. */
  add(fragments: unknown): void {
    if (!Array.isArray(fragments)) return;
    for (const fragment of fragments) {
      if (!isObject(fragment)) continue;
      const index = this.indexOf(fragment);
      const fn = isObject(fragment.function) ? fragment.function : {};
      let call = this.calls.get(index);
      if (!call) {
        call = { name: '', arguments: '' };
        this.calls.set(index, call);
      }
      this.lastIndex = index;
      if (call.id === undefined && typeof fragment.id === 'string' && fragment.id !== '') call.id = fragment.id;
      // The name comes whole on a call's first fragment; later fragments carry only arguments.
      if (call.name === '' && typeof fn.name === 'string') call.name = fn.name;
      call.arguments += text(fn.arguments);
    }
  }

  /** The calls in index order, or undefined when the turn made none. */
  result(): ToolCall[] | undefined {
    if (this.calls.size === 0) return undefined;
    return [...this.calls.entries()]
      .sort(([a], [b]) => a - b)
      .map(([, c]) => ({ id: c.id ?? `call_${randomUUID().replace(/-/g, '').slice(0, 24)}`, name: c.name, arguments: c.arguments }));
  }

  /** `index` when given; otherwise a new call for a new id, else the call being written. */
  private indexOf(fragment: Json): number {
    if (typeof fragment.index === 'number' && Number.isInteger(fragment.index) && fragment.index >= 0) return fragment.index;
    const id = typeof fragment.id === 'string' && fragment.id !== '' ? fragment.id : undefined;
    const known = id === undefined ? undefined : [...this.calls.entries()].find(([, c]) => c.id === id)?.[0];
    if (known !== undefined) return known;
    if (id !== undefined || this.lastIndex < 0) return Math.max(-1, ...this.calls.keys()) + 1;
    return this.lastIndex;
  }
}

/** What a non-streamed completion body holds, in the stream's terms. */
export interface WholeCompletion {
  id?: string;
  model?: string;
  text: string;
  toolCalls?: ToolCall[];
  finishReason?: string;
  /** The wire usage object, parsed by the caller like a usage chunk. */
  usage?: unknown;
  /** Top-level `error`, or `choices[0].error`. */
  error?: unknown;
  /** True when the body held no choice at all (`choices: []`). */
  noChoices: boolean;
}

/** Reads `{id, model, choices: [{message: {content, tool_calls}, finish_reason}], usage}`; undefined when it is not such a body. */
export function readWholeCompletion(body: unknown): WholeCompletion | undefined {
  if (!isObject(body)) return undefined;
  if (!Array.isArray(body.choices) && body.error === undefined) return undefined;
  const choice = Array.isArray(body.choices) && isObject(body.choices[0]) ? body.choices[0] : undefined;
  const message = choice && isObject(choice.message) ? choice.message : {};
  const calls = new ToolCallAssembler();
  calls.add(message.tool_calls);
  return {
    id: typeof body.id === 'string' && body.id !== '' ? body.id : undefined,
    model: typeof body.model === 'string' && body.model !== '' ? body.model : undefined,
    text: typeof message.content === 'string' ? message.content : '',
    toolCalls: calls.result(),
    finishReason: typeof choice?.finish_reason === 'string' ? choice.finish_reason : undefined,
    usage: isObject(body.usage) ? body.usage : undefined,
    error: body.error ?? choice?.error,
    noChoices: choice === undefined,
  };
}
