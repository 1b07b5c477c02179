/**
 * The current-file page and the doc comments of a file, when the model's answer stops at the
 * output limit, on each wire (OpenRouter and OpenAI `finish_reason: "length"`, Anthropic
 * `stop_reason: "max_tokens"`): the page is not saved and the command says why; the doc comments
 * keep the symbols whose entries arrived whole and ask once more for the rest.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { generateFileDoc } from '../../../src/core/docs/fileDocs';
import { describeSymbols } from '../../../src/core/docs/symbolDescriptions';
import { readManifest } from '../../../src/core/docs/manifest';
import { AnswerCutOffError } from '../../../src/core/docs/cutAnswer';
import { createProvider } from '../../../src/core/providers/providerFactory';
import type { HttpProviderId } from '../../../src/core/providers/providerInfo';
import type { FakeChatRequest } from '../../fixtures/fakeLlm/scenarios';
import type { FakeLlmServer } from '../../fixtures/fakeLlm/fakeLlmServer';
import { setUpDocRun, silentLogger, type DocRunFixture } from './docRunHarness';

const WIRES: { provider: HttpProviderId; model: string }[] = [
  { provider: 'openrouter', model: 'openai/gpt-4o-mini' },
  { provider: 'openai', model: 'gpt-4o-mini' },
  { provider: 'anthropic', model: 'claude-haiku-4-5' },
];

function baseUrl(fake: FakeLlmServer, provider: HttpProviderId): string {
  return provider === 'anthropic' ? fake.anthropicBaseUrl : provider === 'openrouter' ? fake.openRouterBaseUrl : fake.openAiBaseUrl;
}

/** The fixture's services with the chat of `provider` pointed at the fake. */
function servicesFor(e: DocRunFixture, provider: HttpProviderId): DocRunFixture['services'] {
  const llm = createProvider(provider, { getApiKey: async () => 'sk-cut-test-key-0000000000000000', baseUrl: baseUrl(e.fake, provider), log: silentLogger });
  return { ...e.services, chat: (r) => llm.chat(r) };
}

test('a current-file page whose answer is cut off at max_tokens is not saved, on every wire; the error says why and what to change', async () => {
  const e = await setUpDocRun('ts-sample');
  try {
    const file = 'src/config.ts';
    const text = await fs.readFile(path.join(e.fixture.root, file), 'utf8');
    for (const wire of WIRES) {
      e.fake.enqueue({ kind: 'stream', outputLimit: 20 });
      let streamed = '';
      const options = { root: e.fixture.root, path: file, language: 'typescript', text, outputDirectory: 'docs/generated', provider: wire.provider, model: wire.model, maxOutputTokens: 1024, temperature: 0.1, maxFileSizeKB: 256 };
      await assert.rejects(generateFileDoc(options, servicesFor(e, wire.provider), { onToken: (d) => (streamed += d) }), (error: unknown) => {
        assert.ok(error instanceof AnswerCutOffError, `${wire.provider}: ${String(error)}`);
        assert.match(error.message, /cut off at the output limit \(1,024 tokens\), so the page was not written\. Raise docsmith\.maxOutputTokens/);
        return true;
      });
      assert.ok(streamed.length > 0, 'the cut answer streamed as it arrived');
      await assert.rejects(fs.stat(path.join(e.outputDir, `${file}.md`)), `${wire.provider}: no page saved`);
      assert.equal((await readManifest(e.outputDir)).manifest.pages[`${file}.md`], undefined);
    }
  } finally {
    await e.close();
  }
});

/** Descriptions of the symbols a doc-comment prompt lists, in its order, as fenced JSON; `tag` starts each summary. */
function describeAll(request: FakeChatRequest, tag: string): { text: string; keys: string[] } {
  const user = request.messages.filter((m) => m.role === 'user').pop()?.content ?? '';
  const out: Record<string, unknown> = {};
  for (const m of user.matchAll(/^- (\S+) \([a-z]+, lines \d+-\d+\)(?:: parameters ([^;\n]+))?(; describe the return value)?$/gm)) {
    const params = Object.fromEntries((m[2] ?? '').split(', ').filter(Boolean).map((p) => [p, `the ${p} value`]));
    out[m[1]] = { summary: `${tag} does the ${m[1]} thing.`, params, ...(m[3] ? { returns: 'what it computes' } : {}) };
  }
  return { text: `\`\`\`json\n${JSON.stringify(out)}\n\`\`\``, keys: Object.keys(out) };
}

test('a doc-comment answer cut off at max_tokens keeps the symbols whose entries closed and asks once more for the rest alone, on every wire', async () => {
  const e = await setUpDocRun('py-sample');
  try {
    const file = 'inventory/services/stock.py';
    const text = await fs.readFile(path.join(e.fixture.root, file), 'utf8');
    for (const wire of WIRES) {
      e.fake.reset();
      const asked: string[][] = [];
      e.fake.responder = (request) => {
        const answer = describeAll(request, asked.length === 0 ? 'First' : 'Second');
        asked.push(answer.keys);
        return { text: answer.text };
      };
      // The first answer stops a few characters into the second symbol's entry.
      e.fake.script = (request, n) => {
        if (n > 1) return undefined;
        const { text: answer, keys } = describeAll(request, 'First');
        return { kind: 'stream', outputLimit: Math.floor((answer.indexOf(`"${keys[1]}"`) + 16) / 4) };
      };
      const result = await describeSymbols({ path: file, language: 'python', text, provider: wire.provider, model: wire.model, maxOutputTokens: 1024, temperature: 0.1 }, servicesFor(e, wire.provider));
      assert.ok(result.targets.length >= 3, 'the fixture has several undocumented symbols');
      assert.equal(result.requests, 2, wire.provider);
      const keys = result.targets.map((t) => t.key);
      assert.deepEqual(asked[1], asked[0].slice(1), `${wire.provider}: the second ask is for the symbols after the cut, the cut one included`);
      assert.match(result.descriptions[keys[0]].summary, /^First /, 'the entry that closed before the cut is kept');
      for (const key of keys.slice(1)) assert.match(result.descriptions[key]?.summary ?? '', /^Second /, `${key} comes from the second answer, never from the cut one`);
      assert.deepEqual(result.leftOut, []);
    }
  } finally {
    await e.close();
  }
});
