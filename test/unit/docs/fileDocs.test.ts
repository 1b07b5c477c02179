/**
 * The single-file flows against the fake server: "Generate Docs for Current File" (streaming,
 * selection, saving) and the model call of "Add Doc Comments to Current File".
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { generateFileDoc, type FileDocOptions } from '../../../src/core/docs/fileDocs';
import { describeSymbols } from '../../../src/core/docs/symbolDescriptions';
import { countInvalidCitations } from '../../../src/core/docs/pageValidator';
import { readManifest } from '../../../src/core/docs/manifest';
import { runDocs } from '../../../src/core/docs/docRun';
import { splitLines } from '../../../src/core/docs/prompts';
import { applyDocCommentEdits, buildDocCommentEdits } from '../../../src/core/docs/docComments/buildDocCommentEdits';
import { editIsSafe } from '../../../src/core/docs/docComments/editSafety';
import type { FakeChatRequest } from '../../fixtures/fakeLlm/scenarios';
import { KEY_CANARY } from '../../fixtures/workspaces/prepare';
import { setUpDocRun, wrongCitationResponder, type DocRunFixture } from './docRunHarness';
import { CostLedger } from '../../../src/core/cost/costLedger';
import { ResponseCache } from '../../../src/core/cache/responseCache';

async function fileOptions(e: DocRunFixture, file: string, extra: Partial<FileDocOptions> = {}): Promise<FileDocOptions> {
  return {
    root: e.fixture.root,
    path: file,
    language: 'typescript',
    text: await fs.readFile(path.join(e.fixture.root, file), 'utf8'),
    outputDirectory: 'docs/generated',
    provider: 'openrouter',
    model: 'openai/gpt-4o-mini',
    maxOutputTokens: 1024,
    temperature: 0.1,
    maxFileSizeKB: 256,
    ...extra,
  };
}

test('the current file streams in without its Summary line, is validated, saved and recorded in the manifest', async () => {
  const e = await setUpDocRun('ts-sample');
  try {
    let streamed = '';
    const options = await fileOptions(e, 'src/config.ts');
    const result = await generateFileDoc(options, e.services, { onToken: (d) => (streamed += d) });
    assert.match(streamed, /## Purpose/, 'the answer streamed as it arrived');
    assert.doesNotMatch(streamed, /Summary:/, 'the Summary line goes into the header, not the preview');
    assert.equal(result.saved, true);
    assert.equal(result.pagePath, 'src/config.ts.md');
    assert.equal(await fs.readFile(path.join(e.outputDir, 'src/config.ts.md'), 'utf8'), result.markdown);
    const lines = splitLines(options.text).length;
    const check = countInvalidCitations(result.markdown, new Map([['src/config.ts', lines]]));
    assert.ok(check.total > 0);
    assert.equal(check.invalid, 0);
    assert.ok(result.citations.removed > 0 && result.citations.repaired > 0);
    assert.ok(!result.markdown.includes('<script>'));
    assert.ok(!JSON.stringify(e.fake.chatRequests.map((r) => r.body)).includes(KEY_CANARY), 'key-like string redacted');
    const entry = (await readManifest(e.outputDir)).manifest.pages['src/config.ts.md'];
    assert.ok(entry && entry.requests === 1);
    assert.notEqual(entry.inputsHash, '', 'the same inputs hash a workspace run records');
  } finally {
    await e.close();
  }
});

/** Chat requests whose prompt documents `file`. */
function requestsFor(e: DocRunFixture, file: string): number {
  // Asked alone, or in a batch of small files under its own `=== FILE` header.
  return e.fake.chatRequests.filter((r) => JSON.stringify(r.body).includes(`the file \`${file}\``) || JSON.stringify(r.body).includes(`=== FILE ${file}\\n`)).length;
}

test('a page the current-file command wrote is fresh to the next Generate Docs: not asked for or billed again', async () => {
  const e = await setUpDocRun('ts-sample');
  try {
    // orderService imports other workspace files: their exported names are part of its inputs.
    for (const file of ['src/services/orderService.ts', 'src/config.ts']) await generateFileDoc(await fileOptions(e, file), e.services);
    const before = new Map(await Promise.all(['src/services/orderService.ts.md', 'src/config.ts.md'].map(async (p) => [p, await fs.readFile(path.join(e.outputDir, p), 'utf8')] as const)));
    e.fake.reset();
    const summary = await runDocs(e.options, e.services);
    for (const [page, text] of before) {
      assert.ok(summary.pages.unchanged.includes(page), `${page} is unchanged for the workspace run`);
      assert.ok(!summary.pages.written.includes(page));
      assert.equal(await fs.readFile(path.join(e.outputDir, page), 'utf8'), text);
    }
    assert.equal(requestsFor(e, 'src/services/orderService.ts'), 0, 'no request for a fresh page');
    assert.ok(summary.pages.written.length > 0, 'the other pages were generated');
  } finally {
    await e.close();
  }
});

test('a page of unsaved editor text is stale to the next workspace run, which documents the file as saved', async () => {
  const e = await setUpDocRun('ts-sample');
  try {
    const options = await fileOptions(e, 'src/config.ts');
    await generateFileDoc({ ...options, text: `${options.text}\nexport const unsaved = 1;\n` }, e.services);
    e.fake.reset();
    const summary = await runDocs(e.options, e.services);
    assert.ok(summary.pages.written.includes('src/config.ts.md'));
    assert.equal(requestsFor(e, 'src/config.ts'), 1);
  } finally {
    await e.close();
  }
});

test('a large file is documented in parts, their headings nested under each part, and stays fresh to a workspace run', async () => {
  const e = await setUpDocRun('ts-sample', { maxFileSizeKB: 1 });
  try {
    const options = await fileOptions(e, 'src/services/orderService.ts', { maxFileSizeKB: 1 });
    assert.ok(Buffer.byteLength(options.text) > 1024, 'the fixture file is over 1 KB');
    const result = await generateFileDoc(options, e.services);
    assert.ok(result.requests > 1, `asked in parts (${result.requests} requests)`);
    assert.match(result.markdown, /^## Lines 1-\d+$/m);
    assert.match(result.markdown, /^### Purpose$/m, 'a part\'s own headings are demoted under its "## Lines" heading');
    assert.doesNotMatch(result.markdown, /^## Purpose$/m);
    e.fake.reset();
    const summary = await runDocs(e.options, e.services);
    assert.ok(summary.pages.unchanged.includes('src/services/orderService.ts.md'));
  } finally {
    await e.close();
  }
});

test('with a selection only the selected lines are sent, and their page is saved beside the file\'s page, never over it', async () => {
  const e = await setUpDocRun('ts-sample');
  try {
    const file = 'src/services/orderService.ts';
    const whole = await generateFileDoc(await fileOptions(e, file), e.services);
    e.fake.reset();
    const result = await generateFileDoc(await fileOptions(e, file, { selection: { startLine: 5, endLine: 12 } }), e.services);
    const user = (e.fake.chatRequests[0].body as { messages: { role: string; content: string }[] }).messages.find((m) => m.role === 'user')!.content;
    const sent = user.slice(user.indexOf('\nSource of ')).split('\n').slice(2);
    const lines = (await fs.readFile(path.join(e.fixture.root, file), 'utf8')).split('\n').slice(4, 12);
    assert.deepEqual(sent, lines.map((l, i) => (l.trim() === '' ? '' : `${i + 5}${/^\s/.test(l) ? '' : ' '}${l}`)), 'lines 5-12, each numbered, blank lines empty');
    assert.match(user, /the lines a developer selected/);
    assert.match(result.markdown, /Covers lines 5-12\./);
    assert.deepEqual(result.lines, { startLine: 5, endLine: 12 });
    assert.equal(result.pagePath, 'src/services/orderService.ts.lines-5-12.md');
    assert.equal(result.saved, true);
    assert.equal(await fs.readFile(path.join(e.outputDir, result.pagePath), 'utf8'), result.markdown);
    assert.equal(await fs.readFile(path.join(e.outputDir, `${file}.md`), 'utf8'), whole.markdown, 'the file\'s page is untouched');
    const pages = (await readManifest(e.outputDir)).manifest.pages;
    assert.equal(pages[result.pagePath], undefined, 'a selection page is not one of the workspace\'s pages');
    assert.ok(pages[`${file}.md`]);

    // A workspace run neither counts it stale nor removes it.
    await runDocs(e.options, e.services);
    assert.equal(await fs.readFile(path.join(e.outputDir, result.pagePath), 'utf8'), result.markdown);
  } finally {
    await e.close();
  }
});

test('keys the model answers never show in the streamed preview, even arriving 3 characters at a time', async () => {
  const e = await setUpDocRun('ts-sample');
  try {
    const keys = ['sk-or-v1-0123456789abcdef0123456789abcdef', 'AKIAIOSFODNN7EXAMPLE', 'hunter2hunter2'];
    const text = `Summary: Reads the configuration.\n\nIt falls back to ${keys[0]} and ${keys[1]}.\n\n\`password = "${keys[2]}"\` is the default.\n`;
    e.fake.enqueue({ kind: 'stream', text, chunkChars: 3 });
    const pieces: string[] = [];
    const result = await generateFileDoc(await fileOptions(e, 'src/config.ts'), e.services, { onToken: (d) => pieces.push(d) });
    const streamed = pieces.join('');
    assert.ok(pieces.length >= 2 && streamed.startsWith('It falls back to '), `the answer streams in line by line: ${JSON.stringify(pieces)}`);
    assert.ok(streamed.includes('is the default.'), 'the whole answer is shown by the end');
    for (const key of keys) {
      assert.ok(!streamed.includes(key.slice(0, 8)), `no piece of ${key} in the preview: ${JSON.stringify(streamed)}`);
      assert.ok(!result.markdown.includes(key), `${key} is not in the page`);
    }
  } finally {
    await e.close();
  }
});

test('a hand-written page at the same place is not overwritten', async () => {
  const e = await setUpDocRun('ts-sample');
  try {
    await fs.mkdir(path.join(e.outputDir, 'src'), { recursive: true });
    await fs.writeFile(path.join(e.outputDir, 'src/app.ts.md'), 'mine\n');
    const result = await generateFileDoc(await fileOptions(e, 'src/app.ts'), e.services);
    assert.equal(result.saved, false);
    assert.equal(result.notSavedReason, 'notOwned');
    assert.equal(await fs.readFile(path.join(e.outputDir, 'src/app.ts.md'), 'utf8'), 'mine\n');
  } finally {
    await e.close();
  }
});

/** Answers with a description for every symbol key of the schema (or of the prompt's list). */
function descriptionResponder(request: FakeChatRequest): { text: string } {
  const user = request.messages.filter((m) => m.role === 'user').pop()?.content ?? '';
  const out: Record<string, unknown> = {};
  for (const m of user.matchAll(/^- (\S+) \([a-z]+, lines \d+-\d+\)(?:: parameters ([^;\n]+))?(; describe the return value)?$/gm)) {
    const params = Object.fromEntries((m[2] ?? '').split(', ').filter(Boolean).map((p) => [p, `the ${p} value, costs $5`]));
    out[m[1]] = { summary: `Does the ${m[1]} thing.`, params, ...(m[3] ? { returns: 'what it computes' } : {}) };
  }
  return { text: `\`\`\`json\n${JSON.stringify(out)}\n\`\`\`` };
}

test('describeSymbols asks only for descriptions; the skeletons filled with them keep the code intact', async () => {
  const e = await setUpDocRun('py-sample');
  try {
    e.fake.responder = descriptionResponder;
    const file = 'inventory/services/stock.py';
    const text = await fs.readFile(path.join(e.fixture.root, file), 'utf8');
    for (const structured of [false, true]) {
      const result = await describeSymbols(
        { path: file, language: 'python', text, provider: 'openrouter', model: 'openai/gpt-4o-mini', maxOutputTokens: 1024, temperature: 0.1, structured },
        e.services,
      );
      assert.ok(result.targets.length > 0, 'the fixture has undocumented exported symbols');
      assert.deepEqual(Object.keys(result.descriptions).sort(), result.targets.map((t) => t.key).sort());
      for (const t of result.targets) assert.deepEqual(Object.keys(result.descriptions[t.key].params).sort(), [...t.params].sort());
      const after = applyDocCommentEdits(text, buildDocCommentEdits(result.parsed, text, 'python', result.descriptions));
      assert.ok(after.includes('costs $5'), '`$` survives');
      assert.equal((await editIsSafe(text, after, 'python')).safe, true);
    }
    const last = e.fake.chatRequests[e.fake.chatRequests.length - 1].body as { response_format?: { type: string } };
    assert.equal(last.response_format?.type, 'json_schema');
  } finally {
    await e.close();
  }
});

test('describeSymbols asks once more, for those alone, when the answer left symbols out; what stays undescribed is listed, never filled in', async () => {
  const e = await setUpDocRun('py-sample');
  try {
    const file = 'inventory/services/stock.py';
    const text = await fs.readFile(path.join(e.fixture.root, file), 'utf8');
    const options = { path: file, language: 'python', text, provider: 'openrouter' as const, model: 'openai/gpt-4o-mini', maxOutputTokens: 1024, temperature: 0.1 };
    const asked: string[][] = [];
    const keysIn = (request: FakeChatRequest): string[] => [...(request.messages.filter((m) => m.role === 'user').pop()?.content ?? '').matchAll(/^- (\S+) \(/gm)].map((m) => m[1]);

    // First answer: only the first symbol, the rest of the keys missing (a wrong shape); the retry describes them.
    const userTexts: string[] = [];
    e.fake.responder = (request) => {
      const keys = keysIn(request);
      asked.push(keys);
      userTexts.push(request.messages.filter((m) => m.role === 'user').pop()?.content ?? '');
      const full = descriptionResponder(request);
      if (asked.length > 1) return full;
      const only = JSON.parse(full.text.replace(/^```json\n|\n```$/g, '')) as Record<string, unknown>;
      return { text: JSON.stringify({ [keys[0]]: only[keys[0]] }) };
    };
    const healed = await describeSymbols(options, e.services);
    assert.equal(healed.requests, 2);
    assert.deepEqual(asked[1], asked[0].slice(1), 'the retry asks only for the symbols left out');
    // The file goes first and the list last: the second ask repeats the first one's start, the whole source.
    const listAt = userTexts[1].indexOf('Symbols to describe:');
    assert.ok(listAt > userTexts[1].indexOf('Source, each line prefixed'), 'the source comes before the list');
    assert.equal(userTexts[0].slice(0, listAt), userTexts[1].slice(0, listAt));
    assert.deepEqual(healed.leftOut, []);

    // An answer that never describes two symbols: one retry, then they are left out.
    asked.length = 0;
    e.fake.responder = (request) => {
      asked.push(keysIn(request));
      const all = JSON.parse(descriptionResponder(request).text.replace(/^```json\n|\n```$/g, '')) as Record<string, unknown>;
      for (const key of healed.targets.slice(0, 2).map((t) => t.key)) delete all[key];
      return { text: JSON.stringify(all) };
    };
    const partial = await describeSymbols(options, e.services);
    assert.equal(asked.length, 2, 'asked once more, not again and again');
    assert.deepEqual(partial.leftOut.map((t) => t.key), healed.targets.slice(0, 2).map((t) => t.key));
    const after = applyDocCommentEdits(text, buildDocCommentEdits(partial.parsed, text, 'python', partial.descriptions));
    assert.doesNotMatch(after, /TODO/);
    assert.equal(buildDocCommentEdits(partial.parsed, text, 'python', partial.descriptions).length, partial.targets.length - 2);

    // Empty summaries are the model's choice, not a wrong shape: no second request.
    asked.length = 0;
    e.fake.responder = (request) => {
      asked.push(keysIn(request));
      return { text: JSON.stringify(Object.fromEntries(keysIn(request).map((k) => [k, { summary: '', params: {} }]))) };
    };
    const declined = await describeSymbols(options, e.services);
    assert.equal(asked.length, 1);
    assert.equal(declined.leftOut.length, declined.targets.length);
  } finally {
    await e.close();
  }
});

test('the current file and doc comments get the fallback models and the response cache: the served model recorded and reported, an identical ask answered by the cache at $0', async () => {
  const e = await setUpDocRun('py-sample');
  try {
    e.fake.responder = (request) => (request.messages.some((m) => m.content.includes('You write the descriptions inside doc comments')) ? descriptionResponder(request) : wrongCitationResponder(request));
    e.fake.unavailableModels.add('openai/gpt-4o-mini');
    const ledger = new CostLedger({ pricingFor: () => ({ prompt: 1e-6, completion: 2e-6 }) });
    const services = { ...e.services, ledger, responseCache: { cache: new ResponseCache({ dir: path.join(path.dirname(e.fixture.root), 'responses') }), scope: e.fake.openRouterBaseUrl } };
    const fallbackModels = ['anthropic/claude-3-5-haiku'];
    const file = 'inventory/services/stock.py';
    const text = await fs.readFile(path.join(e.fixture.root, file), 'utf8');
    const served = [{ model: 'anthropic/claude-3-5-haiku', fallbackFor: 'openai/gpt-4o-mini', why: 'the provider fell back', requests: 1 }];
    const options = { root: e.fixture.root, path: file, language: 'python', text, outputDirectory: 'docs/generated', provider: 'openrouter' as const, model: 'openai/gpt-4o-mini', maxOutputTokens: 1024, temperature: 0.1, maxFileSizeKB: 256 };
    const page = () => generateFileDoc({ ...options, fallbackModels }, services);
    const comments = () => describeSymbols({ ...options, fallbackModels }, services);

    for (const [what, ask] of [['page', page], ['doc comments', comments]] as const) {
      const before = e.fake.chatRequests.length;
      const first = await ask();
      assert.equal(e.fake.chatRequests.length, before + 1, what);
      assert.deepEqual((e.fake.chatRequests[before].body as { models?: string[] }).models, ['openai/gpt-4o-mini', 'anthropic/claude-3-5-haiku'], `${what}: the fallbacks went out as OpenRouter's models list`);
      assert.deepEqual(
        first.fallbacks.map(({ pages: _, ...use }) => use),
        served,
        what,
      );
      assert.equal(first.cacheHits, 0);
      const paid = ledger.records[ledger.records.length - 1];
      assert.deepEqual({ model: paid.model, fallbackFor: paid.fallbackFor, source: paid.source }, { model: 'anthropic/claude-3-5-haiku', fallbackFor: 'openai/gpt-4o-mini', source: 'reported' }, what);

      const again = await ask();
      assert.equal(e.fake.chatRequests.length, before + 1, `${what}: the identical ask sent nothing`);
      assert.deepEqual({ cacheHits: again.cacheHits, requests: again.requests, costUsd: again.costUsd, fallbacks: again.fallbacks }, { cacheHits: 1, requests: 0, costUsd: 0, fallbacks: [] }, what);
      const cached = ledger.records[ledger.records.length - 1];
      assert.deepEqual({ source: cached.source, costNanos: cached.costNanos }, { source: 'cached', costNanos: 0 }, what);
    }
  } finally {
    await e.close();
  }
});

test('an answer that describes none of the symbols asked is not kept in the response cache: asking again gets a new answer', async () => {
  const e = await setUpDocRun('py-sample');
  try {
    const file = 'inventory/services/stock.py';
    const options = { path: file, language: 'python', text: await fs.readFile(path.join(e.fixture.root, file), 'utf8'), provider: 'openrouter' as const, model: 'openai/gpt-4o-mini', maxOutputTokens: 1024, temperature: 0.1 };
    const services = { ...e.services, responseCache: { cache: new ResponseCache({ dir: path.join(path.dirname(e.fixture.root), 'responses') }), scope: e.fake.openRouterBaseUrl } };
    e.fake.enqueue({ kind: 'stream', text: '{}' }, { kind: 'stream', text: '{}' });
    const useless = await describeSymbols(options, services);
    assert.deepEqual({ described: Object.keys(useless.descriptions).length, requests: useless.requests }, { described: 0, requests: 2 });
    e.fake.responder = descriptionResponder;
    const again = await describeSymbols(options, services);
    assert.deepEqual({ requests: again.requests, cacheHits: again.cacheHits, leftOut: again.leftOut }, { requests: 1, cacheHits: 0, leftOut: [] });
    const third = await describeSymbols(options, services);
    assert.deepEqual({ requests: third.requests, cacheHits: third.cacheHits, descriptions: third.descriptions }, { requests: 0, cacheHits: 1, descriptions: again.descriptions }, 'a useful answer is kept');
  } finally {
    await e.close();
  }
});
