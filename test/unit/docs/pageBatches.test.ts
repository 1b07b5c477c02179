/**
 * Small files documented several to a request: the answer is split into a page per
 * file, each validated against its own file; a page the answer lacks is asked for alone; reruns
 * send nothing and a one-file edit sends only that file.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseBatchReply } from '../../../src/core/docs/batchPrompts';
import { runDocs } from '../../../src/core/docs/docRun';
import { readManifest } from '../../../src/core/docs/manifest';
import { createProvider } from '../../../src/core/providers/providerFactory';
import { startFakeLlm } from '../../fixtures/fakeLlm/fakeLlmServer';
import { batchFiles } from '../../fixtures/fakeLlm/batchAnswers';
import type { FakeChatRequest } from '../../fixtures/fakeLlm/scenarios';
import { citationValidityOnDisk, silentLogger, TEST_KEY, wrongCitationResponder } from './docRunHarness';
import { createTestParser } from './parse/parseTestSupport';

/** Options and services of a run of `root` against the fake server at `baseUrl`. */
async function runSetup(root: string, dir: string, baseUrl: string) {
  const provider = createProvider('openrouter', { getApiKey: async () => TEST_KEY, baseUrl, log: silentLogger });
  const services = { chat: (r: Parameters<typeof provider.chat>[0]) => provider.chat(r), parse: await createTestParser(), retry: { baseDelayMs: 1, maxDelayMs: 20 }, log: silentLogger };
  const options = { root, outputDirectory: 'docs/generated', parseCacheDirectory: path.join(dir, 'parse-cache'), provider: 'openrouter' as const, model: 'openai/gpt-4o-mini', concurrency: 4, maxFileSizeKB: 256, maxOutputTokens: 4096, temperature: 0.1 };
  return { options, services };
}

test('a batch answer is split into one page per file; a missing or doubled page is an error for that file only', () => {
  const raw = ['=== FILE src/a.ts', 'Summary: A.', '', '## A body', '', '## === FILE `src/b.ts`', 'Summary: B.', '', 'B body', '=== FILE src/b.ts', 'again'].join('\n');
  const pages = parseBatchReply(raw, ['src/a.ts', 'src/b.ts', 'src/c.ts']);
  const a = pages.get('src/a.ts')!;
  assert.ok('reply' in a && a.reply.summary === 'A.' && a.reply.markdown === '## A body');
  assert.match(String((pages.get('src/b.ts') as { error: Error }).error.message), /2 pages/);
  assert.match(String((pages.get('src/c.ts') as { error: Error }).error.message), /no page/);
  const json = parseBatchReply(JSON.stringify({ pages: [{ file: 'src/c.ts', summary: 'C.', markdown: '## C' }] }), ['src/c.ts']);
  const c = json.get('src/c.ts')!;
  assert.ok('reply' in c && c.reply.summary === 'C.' && c.reply.markdown === '## C');
});

async function workspace(): Promise<{ root: string; dir: string }> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'docsmith-batch-'));
  const root = path.join(dir, 'ws');
  await fs.mkdir(path.join(root, 'src'), { recursive: true });
  for (const name of ['alpha', 'beta', 'gamma', 'delta']) {
    await fs.writeFile(path.join(root, 'src', `${name}.ts`), `/** The ${name} value. */\nexport const ${name} = '${name}';\n\nexport function ${name}Twice(): string {\n  return ${name} + ${name};\n}\n`);
  }
  return { root, dir };
}

function userText(request: unknown): string {
  const messages = (request as { messages?: { role: string; content: unknown }[] }).messages ?? [];
  return messages.filter((m) => m.role === 'user').map((m) => String(m.content)).join('\n');
}

test('small files share a request, each page is checked against its own file, reruns send nothing, an edit sends only its file', async () => {
  const { root, dir } = await workspace();
  let dropGamma = true;
  // The model forgets one page of the batch the first time: that file alone is asked again.
  const responder = (request: FakeChatRequest): ReturnType<typeof wrongCitationResponder> => {
    const answer = wrongCitationResponder(request);
    if (!dropGamma || batchFiles(userText(request)).length === 0) return answer;
    dropGamma = false;
    return { text: answer.text.replace(/=== FILE src\/gamma\.ts[\s\S]*?(?==== FILE|$)/, '') };
  };
  const fake = await startFakeLlm({ responder });
  try {
    const { options, services } = await runSetup(root, dir, fake.openRouterBaseUrl);

    const first = await runDocs(options, services);
    assert.equal(first.ok, true, JSON.stringify(first.failed));
    const bodies = fake.chatRequests.map((r) => userText(r.body));
    const batches = bodies.filter((b) => batchFiles(b).length > 0);
    assert.equal(batches.length, 1, 'the four files go in one request');
    assert.deepEqual(batchFiles(batches[0]).map((f) => f.path), ['src/alpha.ts', 'src/beta.ts', 'src/delta.ts', 'src/gamma.ts']);
    assert.equal(bodies.filter((b) => b.startsWith('Document the file `src/gamma.ts`')).length, 1, 'the page missing from the answer is asked for alone');
    assert.equal(bodies.filter((b) => /^Document the file `src\/(alpha|beta|delta)\.ts`/.test(b)).length, 0);
    const validity = await citationValidityOnDisk(root, path.join(root, 'docs', 'generated'));
    assert.ok(validity.total > 0);
    assert.deepEqual(validity.invalid, [], 'every citation on disk points at its file and in range');
    const manifest = await readManifest(path.join(root, 'docs', 'generated'));
    const alpha = manifest.manifest.pages['src/alpha.ts.md'];
    const beta = manifest.manifest.pages['src/beta.ts.md'];
    assert.ok(alpha && beta && alpha.inputsHash !== beta.inputsHash, 'each page records its own inputs');
    assert.ok(alpha.tokens.prompt > 0 && alpha.tokens.prompt < fake.chatRequests.length * 10_000, 'a batch page carries its share of the tokens');

    const before = fake.chatRequests.length;
    const rerun = await runDocs(options, services);
    assert.equal(rerun.requests, 0);
    assert.equal(fake.chatRequests.length, before);

    await fs.appendFile(path.join(root, 'src', 'beta.ts'), '\nexport const betaMore = 2;\n');
    const edit = await runDocs(options, services);
    assert.equal(edit.ok, true, JSON.stringify(edit.failed));
    const sent = fake.chatRequests.slice(before).map((r) => userText(r.body));
    const fileRequests = sent.filter((b) => b.startsWith('Document') || batchFiles(b).some((f) => f.kind === 'file'));
    assert.equal(fileRequests.length, 1);
    assert.ok(fileRequests[0].startsWith('Document the file `src/beta.ts`'), 'only the edited file is sent');
  } finally {
    await fake.stop();
    await fs.rm(dir, { recursive: true, force: true });
  }
});

test('small files of different folders share a request when each folder has too few to fill one; each folder page still follows its files', async () => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'docsmith-batch-'));
  const root = path.join(dir, 'ws');
  const files = ['src/api/client.ts', 'src/cli/main.ts', 'src/core/engine.ts', 'src/core/parts.ts'];
  for (const f of files) {
    await fs.mkdir(path.join(root, path.dirname(f)), { recursive: true });
    const name = path.posix.basename(f, '.ts');
    await fs.writeFile(path.join(root, f), `/** The ${name} value. */\nexport const ${name} = '${name}';\n`);
  }
  const fake = await startFakeLlm({ responder: wrongCitationResponder });
  try {
    const { options, services } = await runSetup(root, dir, fake.openRouterBaseUrl);
    const first = await runDocs(options, services);
    assert.equal(first.ok, true, JSON.stringify(first.failed));
    const bodies = fake.chatRequests.map((r) => userText(r.body));
    const filesOf = (b: string): string[] => batchFiles(b).filter((f) => f.kind === 'file').map((f) => f.path);
    const batch = bodies.findIndex((b) => filesOf(b).length > 0);
    assert.deepEqual(filesOf(bodies[batch]), files, 'the files of three folders in one request, folder by folder');
    assert.equal(bodies.filter((b) => b.startsWith('Document the file')).length, 0, 'no file is asked for alone');
    // The three sibling folders' pages share one request too, asked once their files' pages are written.
    const folders = bodies.findIndex((b) => batchFiles(b).some((f) => f.kind === 'folder'));
    assert.deepEqual(batchFiles(bodies[folders]).map((f) => `${f.kind} ${f.path}`), ['folder src/api', 'folder src/cli', 'folder src/core']);
    assert.ok(folders > batch, 'the folder pages are asked for after the batch that holds their files');
    assert.equal(bodies.filter((b) => b.startsWith('Write the overview page of the folder')).length, 1, 'only src/ is asked for alone');
    assert.deepEqual((await citationValidityOnDisk(root, path.join(root, 'docs', 'generated'))).invalid, []);

    const before = fake.chatRequests.length;
    await fs.appendFile(path.join(root, 'src', 'cli', 'main.ts'), '\nexport const more = 2;\n');
    const edit = await runDocs(options, services);
    assert.equal(edit.ok, true, JSON.stringify(edit.failed));
    const fileRequests = fake.chatRequests.slice(before).map((r) => userText(r.body)).filter((b) => b.startsWith('Document') || batchFiles(b).some((f) => f.kind === 'file'));
    assert.deepEqual(fileRequests.map((b) => b.split('\n')[0].slice(0, 40)), ['Document the file `src/cli/main.ts` (typ'], 'an edit sends only the edited file, not its old batch');
  } finally {
    await fake.stop();
    await fs.rm(dir, { recursive: true, force: true });
  }
});
