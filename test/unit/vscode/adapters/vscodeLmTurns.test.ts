/**
 * The conversation and tools in VS Code's language model API, with stand-ins for its classes that
 * keep what they are given (the mapping takes the classes as a parameter; the extension passes
 * the `vscode` module).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { lmToolOptions, readLmStream, toLmMessages, type LmApi } from '../../../../src/vscode/adapters/vscodeLmTurns';
import type { ToolSpec } from '../../../../src/core/providers/types';

class TextPart {
  constructor(readonly value: string) {}
}
class ToolCallPart {
  constructor(
    readonly callId: string,
    readonly name: string,
    readonly input: object,
  ) {}
}
class ToolResultPart {
  constructor(
    readonly callId: string,
    readonly content: unknown[],
  ) {}
}
const Message = {
  User: (content: unknown) => ({ role: 'user', content }),
  Assistant: (content: unknown) => ({ role: 'assistant', content }),
};
const API = {
  LanguageModelChatMessage: Message,
  LanguageModelTextPart: TextPart,
  LanguageModelToolCallPart: ToolCallPart,
  LanguageModelToolResultPart: ToolResultPart,
  LanguageModelChatToolMode: { Auto: 1, Required: 2 },
} as unknown as LmApi;

const SEARCH: ToolSpec = { name: 'search', description: 'Search.', parameters: { type: 'object', properties: { query: { type: 'string' } }, required: ['query'] } };

async function* parts(...items: unknown[]): AsyncIterable<unknown> {
  for (const item of items) yield item;
}

describe('VS Code language model turns', () => {
  it('puts the system text before the first user message, calls as tool call parts, results as one user message of result parts', () => {
    const out = toLmMessages(
      [
        { role: 'system', content: 'Explore.' },
        { role: 'user', content: 'Where is routing?' },
        { role: 'assistant', content: '', toolCalls: [{ id: 'c1', name: 'search', arguments: '{"query":"route"}' }, { id: 'c2', name: 'search', arguments: '{"query": ' }] },
        { role: 'tool', toolCallId: 'c1', name: 'search', content: 'src/router.ts:12: route' },
        { role: 'tool', toolCallId: 'c2', name: 'search', content: 'Error: arguments are not JSON', isError: true },
        { role: 'assistant', content: 'It is in the router.' },
      ],
      API,
    ) as unknown as Array<{ role: string; content: unknown }>;
    assert.deepEqual(out, [
      { role: 'user', content: 'Explore.\n\nWhere is routing?' },
      { role: 'assistant', content: [new ToolCallPart('c1', 'search', { query: 'route' }), new ToolCallPart('c2', 'search', {})] },
      { role: 'user', content: [new ToolResultPart('c1', [new TextPart('src/router.ts:12: route')]), new ToolResultPart('c2', [new TextPart('Error: arguments are not JSON')])] },
      { role: 'assistant', content: 'It is in the router.' },
    ]);
  });

  it('keeps the text of an assistant turn that also called tools', () => {
    const out = toLmMessages([{ role: 'user', content: 'q' }, { role: 'assistant', content: 'Looking.', toolCalls: [{ id: 'c', name: 'search', arguments: '{}' }] }], API) as unknown as Array<{ content: unknown }>;
    assert.deepEqual(out[1].content, [new TextPart('Looking.'), new ToolCallPart('c', 'search', {})]);
  });

  it('offers tools as LanguageModelChatTools, Required when a call is required, none when forbidden', () => {
    assert.deepEqual(lmToolOptions({ tools: [SEARCH] }, API), { tools: [{ name: 'search', description: 'Search.', inputSchema: SEARCH.parameters }], toolMode: 1 });
    assert.equal(lmToolOptions({ tools: [SEARCH], toolChoice: 'required' }, API).toolMode, 2);
    assert.deepEqual(lmToolOptions({ tools: [SEARCH], toolChoice: 'none' }, API), {});
    assert.deepEqual(lmToolOptions({}, API), {});
  });

  it('reads text parts as the answer and tool call parts as calls with JSON arguments, ignoring other parts', async () => {
    const tokens: string[] = [];
    const result = await readLmStream(parts(new TextPart('Let me '), { unknown: true }, new TextPart('look.'), new ToolCallPart('c9', 'search', { query: 'x' })), API, (t) => tokens.push(t));
    assert.deepEqual(result, { text: 'Let me look.', toolCalls: [{ id: 'c9', name: 'search', arguments: '{"query":"x"}' }] });
    assert.deepEqual(tokens, ['Let me ', 'look.']);
    assert.deepEqual(await readLmStream(parts(new TextPart('only text')), API), { text: 'only text' });
  });
});

// The stand-ins must keep the shape the real API has, or the test would prove nothing.
const typed: Pick<vscode.LanguageModelToolCallPart, 'callId' | 'name' | 'input'> = new ToolCallPart('a', 'b', {});
void typed;
