/** Tool calling on the Chat Completions wire (OpenRouter, OpenAI, OpenAI-compatible) against the fake server. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { type FakeLlmServer } from '../../fixtures/fakeLlm/fakeLlmServer';
import { createOpenRouterProvider } from '../../../src/core/providers/openRouterProvider';
import { createOpenAiProvider } from '../../../src/core/providers/openAiProvider';
import { createOpenAiCompatibleProvider } from '../../../src/core/providers/openAiCompatibleProvider';
import type { LlmProvider } from '../../../src/core/providers/types';
import { failure, testContext, withFakeLlm } from './providerTestContext';
import { TOOLS, toolRequest } from './toolLoop';
import { toolRoundTests } from './toolRoundTests';

type Body = Record<string, unknown>;

const PROVIDERS: Array<[string, (fake: FakeLlmServer) => LlmProvider]> = [
  ['OpenRouter', (fake) => createOpenRouterProvider(testContext(fake.openRouterBaseUrl))],
  ['OpenAI', (fake) => createOpenAiProvider(testContext(fake.openAiBaseUrl))],
  ['OpenAI-compatible', (fake) => createOpenAiCompatibleProvider(testContext(fake.openAiBaseUrl))],
];

for (const [name, make] of PROVIDERS) {
  describe(`${name} tool calling against the fake server`, () => {
    const fake = withFakeLlm();
    toolRoundTests(fake, () => make(fake), { interleavesCalls: true });

    it('sends the tools as function tools and leaves tool_choice out when it is auto', async () => {
      fake.enqueue({ kind: 'stream', text: 'plain answer' });
      const result = await make(fake).chat(toolRequest());
      assert.equal(result.text, 'plain answer');
      assert.equal(result.toolCalls, undefined);
      const body = fake.chatRequests[0].body as Body;
      assert.deepEqual(body.tools, TOOLS.map((t) => ({ type: 'function', function: { name: t.name, description: t.description, parameters: t.parameters } })));
      assert.equal(body.tool_choice, undefined);
    });

    it('sends tool_choice when a call is required or forbidden', async () => {
      await make(fake).chat(toolRequest({ toolChoice: 'required' }));
      await make(fake).chat(toolRequest({ toolChoice: 'none' }));
      assert.deepEqual(fake.chatRequests.map((r) => (r.body as Body).tool_choice), ['required', 'none']);
    });

    it('assembles one call whose arguments arrive in many small fragments', async () => {
      const args = { path: 'src/router.ts', start_line: 1, end_line: 30 };
      fake.enqueue({ kind: 'stream', text: '', toolCalls: [{ id: 'call_1', name: 'read_file', arguments: args }], argumentChunkChars: 2 });
      const tokens: string[] = [];
      const result = await make(fake).chat(toolRequest({ onToken: (t) => tokens.push(t) }));
      assert.deepEqual(result.toolCalls, [{ id: 'call_1', name: 'read_file', arguments: JSON.stringify(args) }]);
      assert.equal(result.finishReason, 'tool_calls');
      assert.equal(result.text, '');
      assert.deepEqual(tokens, [], 'arguments are not answer text');
    });

    it('reads the usage of a tool round', async () => {
      fake.enqueue({ kind: 'stream', text: '', toolCalls: [{ name: 'list_files', arguments: { path: '.' } }], usage: { promptTokens: 321, completionTokens: 17 }, cost: 0.0007 });
      const result = await make(fake).chat(toolRequest());
      assert.equal(result.usage?.promptTokens, 321);
      assert.equal(result.usage?.completionTokens, 17);
      assert.equal(result.reportedCostUsd, name === 'OpenRouter' ? 0.0007 : undefined);
      assert.ok(result.toolCalls?.[0].id, 'a call id is always there');
    });

    it('sends assistant tool calls and tool results back the way the wire expects', async () => {
      await make(fake).chat(
        toolRequest({
          messages: [
            { role: 'user', content: 'Where is routing?' },
            { role: 'assistant', content: '', toolCalls: [{ id: 'call_1', name: 'search', arguments: '{"query":"route"}' }, { id: 'call_2', name: 'list_files', arguments: '{"path":"."}' }] },
            { role: 'tool', toolCallId: 'call_1', name: 'search', content: 'src/router.ts:12: export function route' },
            { role: 'tool', toolCallId: 'call_2', name: 'list_files', content: 'Error: no such folder', isError: true },
          ],
        }),
      );
      assert.deepEqual((fake.chatRequests[0].body as Body).messages, [
        { role: 'user', content: 'Where is routing?' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            { id: 'call_1', type: 'function', function: { name: 'search', arguments: '{"query":"route"}' } },
            { id: 'call_2', type: 'function', function: { name: 'list_files', arguments: '{"path":"."}' } },
          ],
        },
        { role: 'tool', tool_call_id: 'call_1', content: 'src/router.ts:12: export function route' },
        { role: 'tool', tool_call_id: 'call_2', content: 'Error: no such folder' },
      ]);
    });

    it('a call without an id (some local servers) gets one, so its result can name it', async () => {
      fake.enqueue({
        kind: 'json',
        headers: { 'content-type': 'application/json' },
        body: { id: 'x', model: 'm', choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: null, tool_calls: [{ type: 'function', function: { name: 'search', arguments: '{"query":"a"}' } }] } }] },
      });
      const result = await make(fake).chat(toolRequest());
      assert.equal(result.toolCalls?.length, 1);
      assert.match(result.toolCalls![0].id, /^call_\w+$/);
      assert.equal(result.finishReason, 'tool_calls', 'a turn with calls is a tool_calls turn whatever the server called it');
    });
  });
}

describe('a model or server without tool support', () => {
  const fake = withFakeLlm();

  it('OpenRouter: asks only for endpoints that honour tools, and a 404 for tools is toolsUnsupported naming the model', async () => {
    fake.enqueue({ kind: 'error', status: 404, message: 'No endpoints found that support tool use.' });
    const err = await failure(createOpenRouterProvider(testContext(fake.openRouterBaseUrl)).chat(toolRequest({ model: 'vendor/no-tools' })));
    assert.deepEqual((fake.chatRequests[0].body as Body).provider, { require_parameters: true });
    assert.equal(err.reason, 'toolsUnsupported');
    assert.equal(err.details.model, 'vendor/no-tools');
    assert.equal(err.retryable, false);
    assert.match(err.message, /vendor\/no-tools/);
  });

  it('a local server answering 400 for tools is toolsUnsupported', async () => {
    fake.enqueue({ kind: 'error', status: 400, errorType: 'invalid_request_error', message: 'registry.ollama.ai/library/gemma:2b does not support tools' });
    const err = await failure(createOpenAiCompatibleProvider(testContext(fake.openAiBaseUrl)).chat(toolRequest({ model: 'gemma:2b' })));
    assert.equal(err.reason, 'toolsUnsupported');
    assert.equal(err.details.status, 400);
  });

  it('a 404 with a typed model-not-found code stays modelNotFound, and a 400 without tools stays badRequest', async () => {
    fake.enqueue({ kind: 'error', status: 404, errorType: 'not_found_error', code: 'model_not_found', message: 'The model x does not exist' });
    const missing = await failure(createOpenAiProvider(testContext(fake.openAiBaseUrl)).chat(toolRequest({ model: 'x' })));
    assert.equal(missing.reason, 'modelNotFound');
    fake.enqueue({ kind: 'error', status: 400, message: 'bad' });
    const plain = await failure(createOpenAiProvider(testContext(fake.openAiBaseUrl)).chat(toolRequest({ tools: undefined })));
    assert.equal(plain.reason, 'badRequest');
  });
});
