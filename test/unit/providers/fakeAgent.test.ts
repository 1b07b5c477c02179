/**
 * The fake server playing an agent, through every HTTP provider and a real tool loop: it calls the
 * offered tools with schema-valid arguments (two in parallel), reads their results, and answers
 * citing only lines it read; scripted turns reach the wire as they were written.
 */
import { beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { FakeLlmServer } from '../../fixtures/fakeLlm/fakeLlmServer';
import { fakeAgent } from '../../fixtures/fakeLlm/fakeAgent';
import { argumentsFor } from '../../fixtures/fakeLlm/agentTools';
import { createOpenRouterProvider } from '../../../src/core/providers/openRouterProvider';
import { createOpenAiProvider } from '../../../src/core/providers/openAiProvider';
import { createAnthropicProvider } from '../../../src/core/providers/anthropicProvider';
import type { LlmProvider } from '../../../src/core/providers/types';
import { withFakeLlm, testContext } from './providerTestContext';
import { runToolLoop, TOOLS, WORKSPACE } from './toolLoop';

/** Name, model, provider, and whether it sends `jsonSchema` as structured output (Anthropic asks for JSON in the prompt). */
const PROVIDERS: Array<[string, string, (fake: FakeLlmServer) => LlmProvider, boolean]> = [
  ['OpenRouter', 'openai/gpt-4o-mini', (fake) => createOpenRouterProvider(testContext(fake.openRouterBaseUrl)), true],
  ['OpenAI', 'gpt-4o-mini', (fake) => createOpenAiProvider(testContext(fake.openAiBaseUrl)), true],
  ['Anthropic', 'claude-haiku-4-5', (fake) => createAnthropicProvider(testContext(fake.anthropicBaseUrl)), false],
];

const QUOTED = 'Outline the guide. You read:\nsrc/router.ts\n11|// router line 11\n12|export function route(path: string) { return handlers[path]; }';

const CITATION = /\[([^\]\s:]+):(\d+)-(\d+)\]/g;

describe('argumentsFor', () => {
  it('fills every required property with a value of its type and meaningful paths, queries and lines', () => {
    const read = TOOLS[2];
    assert.deepEqual(argumentsFor(read, { path: 'src/a.ts', startLine: 0, endLine: 40 }), { path: 'src/a.ts', start_line: 1, end_line: 40 }, 'minimum respected');
    assert.deepEqual(argumentsFor(TOOLS[1], { query: 'route' }), { query: 'route' });
    const odd = { name: 'odd', description: '', parameters: { type: 'object', properties: { mode: { type: 'string', enum: ['fast', 'slow'] }, limit: { type: 'integer', minimum: 5 }, opt: { type: 'string' } }, required: ['mode', 'limit'] } };
    assert.deepEqual(argumentsFor(odd, {}), { mode: 'fast', limit: 5 });
  });
});

for (const [name, model, make, sendsSchema] of PROVIDERS) {
  describe(`the fake agent through ${name}`, () => {
    const fake = withFakeLlm();
    beforeEach(() => {
      fake.script = fakeAgent();
    });

    it('lists and searches in parallel, reads the files it found, and answers citing only lines it read', async () => {
      const outcome = await runToolLoop(make(fake), model, 'How does a request reach the router?');
      const [first, ...later] = outcome.rounds;
      assert.deepEqual(first.toolCalls?.map((c) => c.name), ['list_files', 'search'], 'two calls in the first turn');
      assert.deepEqual(JSON.parse(first.toolCalls![1].arguments), { query: 'request' }, 'searches the most telling word');
      const reads = later.flatMap((r) => r.toolCalls ?? []).filter((c) => c.name === 'read_file');
      assert.ok(reads.length >= 1, 'reads at least one file');
      for (const c of reads) assert.ok(Object.keys(WORKSPACE).includes(JSON.parse(c.arguments).path), `reads an existing file: ${c.arguments}`);
      const readLines = new Map<string, Set<number>>();
      for (const m of outcome.messages) {
        if (m.role !== 'tool' || m.name !== 'read_file' || m.isError) continue;
        const call = outcome.messages.flatMap((x) => (x.role === 'assistant' ? (x.toolCalls ?? []) : [])).find((c) => c.id === m.toolCallId)!;
        const path = JSON.parse(call.arguments).path as string;
        for (const line of m.content.split('\n')) readLines.set(path, (readLines.get(path) ?? new Set()).add(Number(line.split('|')[0])));
      }
      const citations = [...outcome.answer.text.matchAll(CITATION)];
      assert.ok(citations.length >= 1, outcome.answer.text);
      for (const [, path, start, end] of citations) {
        for (let line = Number(start); line <= Number(end); line++) assert.ok(readLines.get(path)?.has(line), `${path}:${line} was read`);
      }
      assert.ok(fake.chatRequests.length === outcome.rounds.length + 1, 'one request per round plus the answer');
    });

    it('plays a script: malformed arguments and an unknown tool are answered with errors and the loop goes on', async () => {
      fake.script = fakeAgent({
        turns: [
          { call: [{ name: 'read_file', arguments: '{"path": "src/router.ts", "start_line": ' }, { name: 'drop_database', arguments: {} }] },
          { call: [{ name: 'read_file', arguments: { path: 'src/handlers.ts', start_line: 2, end_line: 4 } }], stream: { usage: { promptTokens: 111, completionTokens: 9 } } },
          { answer: (ctx) => `Read ${ctx.read.map((r) => `${r.path}:${r.start}-${r.end}`).join(', ')}; ${ctx.results.filter((r) => r.isError).length} errors.` },
        ],
      });
      const outcome = await runToolLoop(make(fake), model, 'Anything?');
      assert.equal(outcome.answer.text, 'Read src/handlers.ts:2-4; 2 errors.');
      assert.equal(outcome.rounds[1].usage?.promptTokens, 111, 'usage of a tool round as scripted');
      const errors = outcome.messages.filter((m) => m.role === 'tool' && m.isError).map((m) => (m.role === 'tool' ? m.name : ''));
      assert.deepEqual(errors, ['read_file', 'drop_database']);
    });

    it('answers a request that offers no tools at once, citing the lines the prompt quotes', async () => {
      const result = await make(fake).chat({ model, maxTokens: 400, temperature: 0, messages: [{ role: 'user', content: QUOTED }] });
      assert.match(result.text, /\[src\/router\.ts:11-12\]/);
      assert.equal(result.toolCalls, undefined);
      assert.equal(fake.chatRequests.length, 1);
    });

    if (sendsSchema) {
      it('answers a schema request with JSON whose sources are the lines it was shown', async () => {
        const result = await make(fake).chat({
          model,
          maxTokens: 400,
          temperature: 0,
          messages: [{ role: 'user', content: QUOTED }],
          jsonSchema: {
            name: 'outline',
            schema: {
              type: 'object',
              properties: {
                title: { type: 'string' },
                sections: { type: 'array', items: { type: 'object', properties: { heading: { type: 'string' }, sources: { type: 'array', items: { type: 'object', properties: { path: { type: 'string' }, start_line: { type: 'integer' }, end_line: { type: 'integer' } } } } } } },
              },
            },
          },
        });
        const outline = JSON.parse(result.text) as { title: string; sections: Array<{ sources: Array<{ path: string; start_line: number; end_line: number }> }> };
        assert.equal(outline.title, 'Outline the guide. You read:');
        assert.deepEqual(outline.sections[0].sources[0], { path: 'src/router.ts', start_line: 11, end_line: 12 });
      });
    }
  });
}
