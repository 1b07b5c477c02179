/**
 * The conversation in VS Code's language model API: system text leads the first user message (the
 * API has no system role); an assistant turn's calls are `LanguageModelToolCallPart`s (input parsed
 * back to an object), their results `LanguageModelToolResultPart`s of one user message; tools are
 * `LanguageModelChatTool`s. The response stream's text parts are the answer and its tool call parts
 * the calls, their input written back as JSON text.
 *
 * The VS Code classes are passed in rather than imported, so the mapping runs in unit tests with
 * stand-ins; the extension passes the `vscode` module itself.
 */
import type * as vscode from 'vscode';
import type { ChatMessage, ChatRequest, ToolCall } from '../../core/providers/types';

/** The parts of the `vscode` module the mapping uses. */
export interface LmApi {
  LanguageModelChatMessage: Pick<typeof vscode.LanguageModelChatMessage, 'User' | 'Assistant'>;
  LanguageModelTextPart: typeof vscode.LanguageModelTextPart;
  LanguageModelToolCallPart: typeof vscode.LanguageModelToolCallPart;
  LanguageModelToolResultPart: typeof vscode.LanguageModelToolResultPart;
  LanguageModelChatToolMode: typeof vscode.LanguageModelChatToolMode;
}

/** A call's input as the object the API wants; arguments that are not a JSON object go back as `{}`. */
function inputOf(argumentsText: string): object {
  try {
    const parsed: unknown = JSON.parse(argumentsText);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? parsed : {};
  } catch {
    return {};
  }
}

export function toLmMessages(messages: readonly ChatMessage[], api: LmApi): vscode.LanguageModelChatMessage[] {
  const { User, Assistant } = api.LanguageModelChatMessage;
  const system = messages.filter((m) => m.role === 'system').map((m) => m.content).join('\n\n');
  const rest = messages.filter((m) => m.role !== 'system');
  const out: vscode.LanguageModelChatMessage[] = [];
  let results: vscode.LanguageModelToolResultPart[] = [];
  const flushResults = (): void => {
    if (results.length > 0) out.push(User(results));
    results = [];
  };
  rest.forEach((m, i) => {
    if (m.role === 'tool') {
      results.push(new api.LanguageModelToolResultPart(m.toolCallId, [new api.LanguageModelTextPart(m.content)]));
      return;
    }
    flushResults();
    const text = i === 0 && m.role === 'user' && system ? `${system}\n\n${m.content}` : m.content;
    if (m.role === 'assistant' && m.toolCalls && m.toolCalls.length > 0) {
      const parts = m.toolCalls.map((c) => new api.LanguageModelToolCallPart(c.id, c.name, inputOf(c.arguments)));
      out.push(Assistant(text !== '' ? [new api.LanguageModelTextPart(text), ...parts] : parts));
    } else out.push(m.role === 'assistant' ? Assistant(text) : User(text));
  });
  flushResults();
  if (system && rest[0]?.role !== 'user') out.unshift(User(system));
  return out;
}

/** `tools` and `toolMode` for `sendRequest`; none when no tools are offered or `toolChoice` is `none`. */
export function lmToolOptions(request: Pick<ChatRequest, 'tools' | 'toolChoice'>, api: LmApi): Pick<vscode.LanguageModelChatRequestOptions, 'tools' | 'toolMode'> {
  if (!request.tools || request.tools.length === 0 || request.toolChoice === 'none') return {};
  return {
    tools: request.tools.map((t) => ({ name: t.name, description: t.description, inputSchema: t.parameters })),
    toolMode: request.toolChoice === 'required' ? api.LanguageModelChatToolMode.Required : api.LanguageModelChatToolMode.Auto,
  };
}

/** Reads a response stream: text parts as the answer (reported to `onToken`), tool call parts as calls. */
export async function readLmStream(
  stream: AsyncIterable<unknown>,
  api: LmApi,
  onToken?: (delta: string) => void,
): Promise<{ text: string; toolCalls?: ToolCall[] }> {
  let text = '';
  const toolCalls: ToolCall[] = [];
  for await (const part of stream) {
    if (part instanceof api.LanguageModelTextPart) {
      text += part.value;
      onToken?.(part.value);
    } else if (part instanceof api.LanguageModelToolCallPart) {
      toolCalls.push({ id: part.callId, name: part.name, arguments: JSON.stringify(part.input ?? {}) });
    }
  }
  return { text, ...(toolCalls.length > 0 ? { toolCalls } : {}) };
}
