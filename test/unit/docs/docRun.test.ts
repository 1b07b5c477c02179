/**
 * `runDocs` through its API on the TypeScript sample, against the fake LLM server with a model
 * that writes wrong citations on purpose. Tests in this file run in order and share one workspace:
 * full run → no-op rerun → one edit → removal.
 */
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { runDocs } from '../../../src/core/docs/docRun';
import { readManifest } from '../../../src/core/docs/manifest';
import { scanWorkspace } from '../../../src/core/docs/scan';
import { selectPageSet } from '../../../src/core/docs/pageSet';
import { parseMermaidEdges } from '../../../src/core/docs/importDiagram';
import * as ts from 'typescript';
import { ENV_CANARY, KEY_CANARY } from '../../fixtures/workspaces/prepare';
import { citationValidityOnDisk, listFiles, markdownLinks, setUpDocRun, tempFilesIn, type DocRunFixture } from './docRunHarness';

let e: DocRunFixture;
let expectedPages: string[];

before(async () => {
  e = await setUpDocRun('ts-sample');
  const scan = await scanWorkspace({ root: e.fixture.root, outputDirectory: 'docs/generated' });
  const code = selectPageSet(scan.files).documented;
  const folders = new Set<string>();
  for (const f of code) for (let d = path.posix.dirname(f.path); d !== '.'; d = path.posix.dirname(d)) folders.add(d);
  expectedPages = [...code.map((f) => `${f.path}.md`), ...[...folders].map((d) => `${d}/README.md`), 'README.md', 'ARCHITECTURE.md'].sort();
});

after(async () => {
  await e.close();
});

/** The imports between documented files as the TypeScript compiler resolves them, `from -> to`. */
async function compilerImports(root: string): Promise<Set<string>> {
  const scan = await scanWorkspace({ root, outputDirectory: 'docs/generated' });
  const documented = new Set(scan.files.map((f) => f.path));
  const real = new Set<string>();
  for (const f of scan.files.filter((x) => x.path.endsWith('.ts'))) {
    const abs = path.join(root, f.path);
    const text = await fs.readFile(abs, 'utf8');
    for (const imported of ts.preProcessFile(text, true, true).importedFiles) {
      const resolved = ts.resolveModuleName(imported.fileName, abs, { moduleResolution: ts.ModuleResolutionKind.Node10 }, ts.sys).resolvedModule;
      if (!resolved || resolved.isExternalLibraryImport) continue;
      const rel = path.relative(root, resolved.resolvedFileName).split(path.sep).join('/');
      if (documented.has(rel) && rel !== f.path) real.add(`${f.path} -> ${rel}`);
    }
  }
  return real;
}

/** Every relative .md link of every page resolves: to another page, or (`../…`) to a source file. */
async function assertLinksResolve(outputDir: string, onDisk: string[]): Promise<void> {
  for (const page of onDisk) {
    const text = await fs.readFile(path.join(outputDir, page), 'utf8');
    for (const target of markdownLinks(page, text)) {
      if (target.startsWith('../')) await fs.stat(path.join(outputDir, target));
      else assert.ok(onDisk.includes(target), `${page} links ${target}`);
    }
  }
}

test('one workspace through a full run, a rerun with nothing changed, an edit and a deletion (steps in order, each on the last one\'s output)', async (t) => {
  await t.test('a full run writes a page for every documented file and folder, all linked from the index', async () => {
    const summary = await runDocs(e.options, e.services);
    assert.equal(summary.ok, true, JSON.stringify(summary.failed));
    assert.deepEqual([...summary.pages.written].sort(), expectedPages);
    const onDisk = (await listFiles(e.outputDir)).filter((f) => f.endsWith('.md'));
    assert.deepEqual(onDisk, expectedPages);
    assert.ok(expectedPages.includes(`${e.fixture.largeFile}.md`), 'the large file has a page');
    assert.ok(!expectedPages.includes('.env.md') && !expectedPages.includes('assets/logo.png.md') && !expectedPages.includes('debug.log.md'));
    for (const prose of ['README.md.md', 'package.json.md', 'tsconfig.json.md', '.gitignore.md']) assert.ok(!expectedPages.includes(prose), `no page for ${prose}`);
    assert.deepEqual(summary.notCode, ['.gitignore', 'README.md', 'package.json', 'src/services/storage/.gitignore', 'tsconfig.json']);

    const readme = await fs.readFile(path.join(e.outputDir, 'README.md'), 'utf8');
    const linked = new Set(markdownLinks('README.md', readme));
    for (const page of expectedPages.filter((p) => p !== 'README.md')) assert.ok(linked.has(page), `index links ${page}`);
    assert.match(readme, /`\.env` — may hold secrets, never read/);
    assert.match(readme, /^# order-desk$/m, 'the title is the name in package.json');
    const notCode = /## Not documented: not code\n\n(.*)/.exec(readme)?.[1] ?? '';
    for (const f of summary.notCode) assert.ok(notCode.includes(`\`${f}\``), `${f} listed once as not code`);
    assert.ok(!/## Files not documented[\s\S]*`README\.md`/.test(readme), 'the README is not listed as a skipped file');

    // The overview was written from the project's own README and manifest, and knows the entry point.
    const overviewPrompt = JSON.stringify(e.fake.chatRequests.find((r) => JSON.stringify(r.body).includes('Write the introduction of the README'))?.body);
    assert.match(overviewPrompt, /A small order desk used as a sample workspace/);
    assert.match(overviewPrompt, /description: A tiny order desk/);
    assert.match(overviewPrompt, /`src\/index\.ts` — package\.json \\"main\\", built from it/);
    assert.match(readme, /`assets\/logo\.png` — binary file/);

    await assertLinksResolve(e.outputDir, onDisk);
  });

  await t.test('every citation on disk is valid although the model got many wrong; the wrong ones are listed', async () => {
    const check = await citationValidityOnDisk(e.fixture.root, e.outputDir);
    assert.deepEqual(check.invalid, []);
    assert.ok(check.total > 30, `citations on disk: ${check.total}`);
    const manifest = (await readManifest(e.outputDir)).manifest;
    const repaired = Object.values(manifest.pages).reduce((n, p) => n + p.citations.repaired, 0);
    const removed = Object.values(manifest.pages).reduce((n, p) => n + p.citations.removed, 0);
    assert.ok(repaired > 0 && removed > 0, `repaired ${repaired}, removed ${removed}`);
    const large = await fs.readFile(path.join(e.outputDir, `${e.fixture.largeFile}.md`), 'utf8');
    assert.match(large, /documented in 2 parts/);
    assert.ok(!large.includes('<script>'));
    assert.ok(!/\[broken\]/.test(large));
  });

  await t.test('the canaries never reach the model: no .env content, no key-like string in any request', async () => {
    const bodies = JSON.stringify(e.fake.chatRequests.map((r) => r.body));
    assert.ok(e.fake.chatRequests.length > 10, 'a whole run was sent (small files share requests)');
    assert.ok(!bodies.includes(ENV_CANARY), 'env canary sent');
    assert.ok(!bodies.includes(KEY_CANARY), 'key canary sent');
    assert.ok(bodies.includes('src/config.ts'), 'the file holding the key-like string was still documented');
    for (const f of await listFiles(e.outputDir)) {
      const text = await fs.readFile(path.join(e.outputDir, f), 'utf8');
      assert.ok(!text.includes(ENV_CANARY) && !text.includes(KEY_CANARY), `canary in ${f}`);
    }
  });

  await t.test('the Mermaid diagrams in ARCHITECTURE.md have exactly the imports the TypeScript compiler resolves: folded to folders, then inside each folder', async () => {
    const architecture = await fs.readFile(path.join(e.outputDir, 'ARCHITECTURE.md'), 'utf8');
    const blocks = [...architecture.matchAll(/(?:### Inside `([^`]+)\/`[^`]*)?```mermaid\n([\s\S]*?)```/g)];
    assert.ok(blocks.length > 0, 'a mermaid block');
    const drawn = (text: string): string[] => parseMermaidEdges(text).map((x) => `${x.from} -> ${x.to}`).sort();
    const real = await compilerImports(e.fixture.root);
    assert.ok(real.size >= 15, `the fixture has ${real.size} imports`);
    // 19 files with imports do not fit one legible diagram: folders below src/ are drawn as one node each.
    const fold = (p: string): string => p.split('/').slice(0, 2).join('/');
    const folded = new Set([...real].map((x) => x.split(' -> ').map(fold).join(' -> ')).filter((x) => x.split(' -> ')[0] !== x.split(' -> ')[1]));
    assert.equal(blocks[0][1], undefined);
    assert.deepEqual(drawn(blocks[0][2]), [...folded].sort());
    // Then each folded folder with imports inside it, file by file.
    const inside = blocks.slice(1).map((b) => b[1]);
    assert.deepEqual(inside, ['src/services', 'src/models', 'src/cli'], 'biggest folder first; src/util/ has no imports inside');
    for (const b of blocks.slice(1)) assert.deepEqual(drawn(b[2]), [...real].filter((x) => x.split(' -> ').every((p) => p.startsWith(`${b[1]}/`))).sort(), b[1]);
  });

  await t.test('each source file is sent once: prompt tokens stay within 1.5× of the source tokens', async () => {
    let sourceChars = 0;
    const scan = await scanWorkspace({ root: e.fixture.root, outputDirectory: 'docs/generated' });
    for (const f of selectPageSet(scan.files).documented) sourceChars += f.size;
    const promptChars = e.fake.chatRequests.reduce((n, r) => n + JSON.stringify((r.body as { messages: unknown }).messages).length, 0);
    // The large file dominates; small files carry the fixed instructions, so the whole run is the measure.
    assert.ok(promptChars / sourceChars < 1.5, `amplification ${(promptChars / sourceChars).toFixed(2)}`);
  });

  await t.test('a second run with nothing changed makes zero requests and writes nothing', async () => {
    const before = e.fake.chatRequests.length;
    const summary = await runDocs(e.options, e.services);
    assert.equal(e.fake.chatRequests.length, before);
    assert.equal(summary.requests, 0);
    assert.deepEqual(summary.pages.written, []);
    assert.equal(summary.pages.unchanged.length, expectedPages.length);
    assert.equal(summary.ok, true);
  });

  await t.test('after editing one file, exactly its page, its ancestor folders, ARCHITECTURE.md and README.md are regenerated', async () => {
    const file = path.join(e.fixture.root, 'src/util/format.ts');
    await fs.appendFile(file, '\n// a trailing comment that changes nothing exported\n');
    const before = e.fake.chatRequests.length;
    const summary = await runDocs(e.options, e.services);
    assert.deepEqual(summary.pages.written, ['ARCHITECTURE.md', 'README.md', 'src/README.md', 'src/util/README.md', 'src/util/format.ts.md']);
    assert.equal(e.fake.chatRequests.length - before, 5);
    assert.equal(summary.pages.unchanged.length, expectedPages.length - 5);
  });

  await t.test('a deleted source file loses its page; the folder pages above it are refreshed', async () => {
    await fs.rm(path.join(e.fixture.root, 'src/util/ids.ts'));
    const summary = await runDocs(e.options, e.services);
    assert.deepEqual(summary.pages.removed, ['src/util/ids.ts.md']);
    await assert.rejects(fs.stat(path.join(e.outputDir, 'src/util/ids.ts.md')));
    assert.ok(summary.pages.written.includes('src/util/README.md'));
    assert.ok(!(await readManifest(e.outputDir)).manifest.pages['src/util/ids.ts.md']);
    assert.deepEqual(await tempFilesIn(e.outputDir), []);
  });
});

test('with nobody to confirm, the first requests are sent before the estimate is worked out, and the summary still carries it', async () => {
  const f = await setUpDocRun('py-sample');
  try {
    let sent = 0;
    let sentWhenEstimated: number | undefined;
    const chat = f.services.chat;
    const summary = await runDocs(f.options, {
      ...f.services,
      chat: (request) => {
        sent++;
        return chat(request);
      },
      estimate: (requests) => {
        sentWhenEstimated = sent;
        return { requests: requests.length, promptTokens: 1, outputTokens: 1, costUsd: 0.001 };
      },
    });
    assert.ok(summary.ok);
    assert.ok(sentWhenEstimated !== undefined && sentWhenEstimated > 0, `requests sent before the estimate was worked out: ${sentWhenEstimated}`);
    assert.equal(summary.estimate?.requests, f.fake.chatRequests.length, 'the estimate counts every request the run made');
  } finally {
    await f.close();
  }
});
