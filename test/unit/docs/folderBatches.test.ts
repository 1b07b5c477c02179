/**
 * The overview pages of sibling folders asked for in one request: grouped by parent and sized by
 * their expected answer; each page validated, written and recorded on its own; a page the answer
 * lacks asked for alone; a rerun sends nothing and an edit sends only the stale folders.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { planFolderBatches } from '../../../src/core/docs/folderBatches';
import { folderBatchPrompt } from '../../../src/core/docs/batchPrompts';
import { runDocs } from '../../../src/core/docs/docRun';
import { readManifest } from '../../../src/core/docs/manifest';
import type { PlannedPage } from '../../../src/core/docs/plan';
import { createProvider } from '../../../src/core/providers/providerFactory';
import { startFakeLlm } from '../../fixtures/fakeLlm/fakeLlmServer';
import { batchFiles } from '../../fixtures/fakeLlm/batchAnswers';
import type { FakeChatRequest } from '../../fixtures/fakeLlm/scenarios';
import { silentLogger, TEST_KEY, wrongCitationResponder } from './docRunHarness';
import { createTestParser } from './parse/parseTestSupport';

function folder(subject: string, children: number): PlannedPage {
  const kids = Array.from({ length: children }, (_, i) => `${subject}/f${i}.ts.md`);
  return { path: `${subject}/README.md`, kind: 'folder', subject, children: kids, prerequisites: kids, order: 0 };
}

test('sibling folders share a request, in path order and as many as their expected answer allows; a folder alone keeps its own', () => {
  const stale = [folder('src/b', 2), folder('src/a', 3), folder('src/a/deep', 1), folder('src/c', 30), folder('lib', 1), folder('src', 4)];
  const at4096 = planFolderBatches(stale, 4096);
  assert.deepEqual(
    at4096.map((b) => b.pages.map((p) => p.subject)),
    [['lib', 'src'], ['src/a', 'src/b', 'src/c']],
    'src/a/deep has no stale sibling; a folder of 30 children expects a line each (1,200 tokens) and still fits beside two others',
  );
  // Half of 1,024 output tokens holds one folder page's expected answer (384): nothing is batched.
  assert.deepEqual(planFolderBatches(stale, 1024), []);
  // At 2,048 the budget (1,024) takes two ordinary pages; the third starts a batch of its own, which needs two.
  assert.deepEqual(
    planFolderBatches([folder('x/a', 2), folder('x/b', 2), folder('x/c', 2), folder('x/d', 2), folder('x/e', 2)], 2048).map((b) => b.pages.map((p) => p.subject)),
    [['x/a', 'x/b'], ['x/c', 'x/d']],
  );
});

test('a folder batch prompt lists each folder once under its own line, with the rules and instructions once', () => {
  const [system, user] = folderBatchPrompt(
    [
      { folder: 'src/a', children: [{ name: 'one.ts', kind: 'file', summary: 'Reads one.' }, { name: 'deep/', kind: 'folder', summary: 'Goes deep.' }] },
      { folder: 'src/b', children: [{ name: 'two.ts', kind: 'file' }] },
    ],
    { structured: false },
  );
  assert.match(system.content, /cite no line numbers/);
  assert.match(system.content, /=== FOLDER /);
  assert.match(user.content, /^=== FOLDER src\/a\/\n- one\.ts: Reads one\.\n- deep\/: Goes deep\.\n\n=== FOLDER src\/b\/\n- two\.ts: \(not documented yet\)$/m);
  assert.match(system.content, /^One page per folder below, in the order given: a line "=== FOLDER " and its path, a line "Summary: " and one or two plain sentences, a blank line, then its overview: what it is for, how its parts \(summarised from their own pages\) fit together and where to start reading\.$/m);
  assert.ok(user.content.startsWith('=== FOLDER src/a/\n'), 'the user message is the folders alone');
});

function userText(request: unknown): string {
  const messages = (request as { messages?: { role: string; content: unknown }[] }).messages ?? [];
  return messages.filter((m) => m.role === 'user').map((m) => String(m.content)).join('\n');
}

test('sibling folder pages come from one answer, each checked and recorded alone; a page the answer lacks is asked alone; reruns and edits send only what is stale', async () => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'docsmith-folder-batch-'));
  const root = path.join(dir, 'ws');
  const files = ['src/a/one.ts', 'src/b/two.ts', 'src/c/three.ts', 'src/c/deep/four.ts'];
  for (const f of files) {
    await fs.mkdir(path.join(root, path.dirname(f)), { recursive: true });
    const name = path.posix.basename(f, '.ts');
    await fs.writeFile(path.join(root, f), `/** The ${name} value. */\nexport const ${name} = '${name}';\n`);
  }
  let dropB = true;
  // The model forgets one folder's page the first time: that folder alone is asked again.
  const responder = (request: FakeChatRequest): ReturnType<typeof wrongCitationResponder> => {
    const answer = wrongCitationResponder(request);
    if (!dropB || !batchFiles(userText(request)).some((f) => f.kind === 'folder')) return answer;
    dropB = false;
    return { text: answer.text.replace(/=== FOLDER src\/b[\s\S]*?(?==== FOLDER|$)/, '') };
  };
  const fake = await startFakeLlm({ responder });
  try {
    const provider = createProvider('openrouter', { getApiKey: async () => TEST_KEY, baseUrl: fake.openRouterBaseUrl, log: silentLogger });
    const services = { chat: (r: Parameters<typeof provider.chat>[0]) => provider.chat(r), parse: await createTestParser(), retry: { baseDelayMs: 1, maxDelayMs: 20 }, log: silentLogger };
    const options = { root, outputDirectory: 'docs/generated', parseCacheDirectory: path.join(dir, 'parse-cache'), provider: 'openrouter' as const, model: 'openai/gpt-4o-mini', concurrency: 4, maxFileSizeKB: 256, maxOutputTokens: 4096, temperature: 0.1 };

    const first = await runDocs(options, services);
    assert.equal(first.ok, true, JSON.stringify(first.failed));
    const bodies = fake.chatRequests.map((r) => userText(r.body));
    const batches = bodies.map((b, i) => ({ i, folders: batchFiles(b).filter((f) => f.kind === 'folder').map((f) => f.path) })).filter((b) => b.folders.length > 0);
    assert.deepEqual(batches.map((b) => b.folders), [['src/a', 'src/b', 'src/c']], 'the three siblings in one request');
    const deep = bodies.findIndex((b) => b.startsWith('Write the overview page of the folder `src/c/deep/`'));
    assert.ok(deep >= 0 && deep < batches[0].i, 'src/c/ is asked for after its subfolder src/c/deep/ is written');
    assert.match(bodies[batches[0].i], /=== FOLDER src\/c\/\n- deep\/: Summary of the overview page of the folder src\/c\/deep\/\.\n- three\.ts: /, "a folder's contents are its children's summaries as written");
    const alone = bodies.map((b, i) => ({ b, i })).filter(({ b }) => /^Write the overview page of the folder `src\/(a|b|c)\/`/.test(b));
    assert.deepEqual(alone.map(({ b }) => b.split('`')[1]), ['src/b/'], 'only the page missing from the answer is asked for alone');
    assert.ok(alone[0].i > batches[0].i);

    const manifest = (await readManifest(path.join(root, 'docs', 'generated'))).manifest;
    const a = manifest.pages['src/a/README.md'];
    const c = manifest.pages['src/c/README.md'];
    const b = manifest.pages['src/b/README.md'];
    assert.ok(a && b && c, 'every folder page is written and recorded');
    assert.equal(a.summary, 'Summary of the overview page of the folder src/a/.');
    assert.ok(a.inputsHash !== c.inputsHash, 'each page records its own inputs');
    assert.ok(a.tokens.prompt > 0 && c.tokens.prompt > a.tokens.prompt, "each page carries its share of the batch's prompt (src/c/ lists more children)");
    assert.equal(a.requests, 1);
    assert.equal(b.requests, 1, 'the page asked again alone counts its own request');
    const aPage = await fs.readFile(path.join(root, 'docs', 'generated', 'src', 'a', 'README.md'), 'utf8');
    assert.match(aPage, /This is the overview page of the folder `src\/a\/`\./);
    assert.ok(!aPage.includes('src/ghost.ts:1-2'), "the batch page's bad citation is checked as a single page's would be");

    const before = fake.chatRequests.length;
    const rerun = await runDocs(options, services);
    assert.equal(rerun.requests, 0);
    assert.equal(fake.chatRequests.length, before);

    await fs.appendFile(path.join(root, 'src', 'a', 'one.ts'), '\nexport const oneMore = 2;\n');
    const edit = await runDocs(options, services);
    assert.equal(edit.ok, true, JSON.stringify(edit.failed));
    const sent = fake.chatRequests.slice(before).map((r) => userText(r.body));
    assert.equal(sent.filter((s) => batchFiles(s).length > 0).length, 0, 'an edit batches nothing: src/a/ is the only stale folder of its parent');
    assert.deepEqual(
      sent.map((s) => s.split('\n')[0].slice(0, 45)).sort(),
      ['Document the file `src/a/one.ts` (typescript,', 'Write the architecture page of this repositor', 'Write the introduction of the README of the p', 'Write the overview page of the folder `src/`:', 'Write the overview page of the folder `src/a/'],
    );
  } finally {
    await fake.stop();
    await fs.rm(dir, { recursive: true, force: true });
  }
});
