/** Tool calling on the Anthropic Messages wire against the fake server's Anthropic dialect. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createAnthropicProvider } from '../../../src/core/providers/anthropicProvider';
import { toAnthropicMessages } from '../../../src/core/providers/anthropicTurns';
import type { ChatMessage } from '../../../src/core/providers/types';
import { failure, testContext, withFakeLlm } from './providerTestContext';
import { TOOLS, toolRequest } from './toolLoop';
import { toolRoundTests } from './toolRoundTests';

type Body = Record<string, unknown>;

const CONVERSATION: ChatMessage[] = [
  { role: 'system', content: 'Explore.' },
  { role: 'user', content: 'Where is routing?' },
  { role: 'assistant', content: 'Looking.', toolCalls: [{ id: 'toolu_1', name: 'search', arguments: '{"query":"route"}' }, { id: 'toolu_2', name: 'read_file', arguments: '{"path": "src/a.ts", ' }] },
  { role: 'tool', toolCallId: 'toolu_1', name: 'search', content: 'src/router.ts:12: export function route' },
  { role: 'tool', toolCallId: 'toolu_2', name: 'read_file', content: 'Error: the arguments are not JSON', isError: true },
  { role: 'user', content: 'Keep it short.' },
];

describe('Anthropic conversation with tools', () => {
  it('sends tool calls as tool_use blocks and their results first in one user turn, is_error kept', () => {
    const { system, messages } = toAnthropicMessages(CONVERSATION);
    assert.equal(system, 'Explore.');
    assert.deepEqual(messages, [
      { role: 'user', content: 'Where is routing?' },
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'Looking.' },
          { type: 'tool_use', id: 'toolu_1', name: 'search', input: { query: 'route' } },
          { type: 'tool_use', id: 'toolu_2', name: 'read_file', input: {} },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'toolu_1', content: 'src/router.ts:12: export function route' },
          { type: 'tool_result', tool_use_id: 'toolu_2', content: 'Error: the arguments are not JSON', is_error: true },
          { type: 'text', text: 'Keep it short.' },
        ],
      },
    ]);
  });

  it('an assistant turn of calls only has no empty text block', () => {
    const { messages } = toAnthropicMessages([
      { role: 'user', content: 'q' },
      { role: 'assistant', content: '', toolCalls: [{ id: 't', name: 'search', arguments: '{}' }] },
      { role: 'tool', toolCallId: 't', name: 'search', content: 'none' },
    ]);
    assert.deepEqual(messages[1], { role: 'assistant', content: [{ type: 'tool_use', id: 't', name: 'search', input: {} }] });
    assert.deepEqual(messages[2], { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't', content: 'none' }] });
  });
});

describe('Anthropic tool calling against the fake server', () => {
  const fake = withFakeLlm();
  const provider = () => createAnthropicProvider(testContext(fake.anthropicBaseUrl));
  toolRoundTests(fake, provider, { interleavesCalls: false });

  it('sends tools with input_schema and maps tool_choice (auto left out, required = any, none = none)', async () => {
    await provider().chat(toolRequest());
    await provider().chat(toolRequest({ toolChoice: 'required' }));
    await provider().chat(toolRequest({ toolChoice: 'none' }));
    const bodies = fake.chatRequests.map((r) => r.body as Body);
    assert.deepEqual(bodies[0].tools, TOOLS.map((t) => ({ name: t.name, description: t.description, input_schema: t.parameters })));
    assert.deepEqual(bodies.map((b) => b.tool_choice), [undefined, { type: 'any' }, { type: 'none' }]);
  });

  it('the whole conversation goes out as tool_use and tool_result blocks', async () => {
    await provider().chat(toolRequest({ messages: CONVERSATION }));
    assert.deepEqual((fake.chatRequests[0].body as Body).messages, toAnthropicMessages(CONVERSATION).messages);
  });

  it('a 400 for tools is toolsUnsupported', async () => {
    fake.enqueue({ kind: 'error', status: 400, errorType: 'invalid_request_error', message: 'tools are not supported by this model' });
    const err = await failure(provider().chat(toolRequest()));
    assert.equal(err.reason, 'toolsUnsupported');
  });
});
