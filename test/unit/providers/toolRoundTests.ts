/**
 * What every tool-calling wire must do with a model's tool round, whatever the wire's shape:
 * assemble calls streamed in fragments, hand over calls the model got wrong as they came, and
 * read the calls of a whole JSON answer. Each wire's suite runs these against its own provider.
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import type { FakeLlmServer } from '../../fixtures/fakeLlm/fakeLlmServer';
import type { LlmProvider } from '../../../src/core/providers/types';
import { toolRequest } from './toolLoop';

export interface ToolRoundWire {
  /**
   * The arguments of parallel calls may arrive interleaved (Chat Completions streams them by call
   * index); on the Anthropic wire one tool_use block ends before the next begins.
   */
  interleavesCalls: boolean;
}

/** Declares the shared tool-round tests in the enclosing `describe`. */
export function toolRoundTests(fake: FakeLlmServer, provider: () => LlmProvider, wire: ToolRoundWire): void {
  it('assembles parallel calls whose arguments stream in small fragments, in the order the model made them; the turn is a tool_calls turn', async () => {
    fake.enqueue({
      kind: 'stream',
      text: 'Let me look.',
      toolCalls: [
        { id: 'call_a', name: 'list_files', arguments: { path: 'src' } },
        { id: 'call_b', name: 'search', arguments: { query: 'route(' } },
      ],
      argumentChunkChars: 2,
      interleaveToolCalls: wire.interleavesCalls,
      usage: { promptTokens: 400, completionTokens: 30 },
    });
    const tokens: string[] = [];
    const result = await provider().chat(toolRequest({ onToken: (t) => tokens.push(t) }));
    assert.equal(result.text, 'Let me look.');
    assert.equal(tokens.join(''), 'Let me look.', 'arguments are not answer text');
    assert.deepEqual(result.toolCalls, [
      { id: 'call_a', name: 'list_files', arguments: '{"path":"src"}' },
      { id: 'call_b', name: 'search', arguments: '{"query":"route("}' },
    ]);
    assert.equal(result.finishReason, 'tool_calls');
    assert.equal(result.usage?.promptTokens, 400);
    assert.equal(result.usage?.completionTokens, 30);
  });

  it('hands over malformed argument JSON and a tool that was not offered as they came, without failing', async () => {
    fake.enqueue({
      kind: 'stream',
      text: '',
      toolCalls: [
        { id: 'call_bad', name: 'read_file', arguments: '{"path": "src/router.ts", "start_line": ' },
        { id: 'call_odd', name: 'delete_everything', arguments: { really: true } },
      ],
    });
    const result = await provider().chat(toolRequest());
    assert.deepEqual(result.toolCalls, [
      { id: 'call_bad', name: 'read_file', arguments: '{"path": "src/router.ts", "start_line": ' },
      { id: 'call_odd', name: 'delete_everything', arguments: '{"really":true}' },
    ]);
  });

  it('reads the calls of a whole JSON answer from a server that ignores stream', async () => {
    fake.enqueue({ kind: 'stream', wholeAnswer: true, text: '', toolCalls: [{ id: 'call_j', name: 'search', arguments: { query: 'route' } }], usage: { promptTokens: 50, completionTokens: 5 } });
    const result = await provider().chat(toolRequest());
    assert.deepEqual(result.toolCalls, [{ id: 'call_j', name: 'search', arguments: '{"query":"route"}' }]);
    assert.equal(result.finishReason, 'tool_calls');
    assert.equal(result.usage?.promptTokens, 50);
  });
}
