/**
 * Crafted workspaces that attack the output folder: symlinks out of it, manifests and caches the
 * repository ships. Each runs the real engine (or the CLI's entry point) against the fake LLM
 * server and checks the machine around the workspace afterwards.
 */
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { withFakeLlm } from '../providers/providerTestContext';
import { createProvider } from '../../../src/core/providers/providerFactory';
import { runDocs } from '../../../src/core/docs/docRun';
import type { DocRunOptions, DocRunServices } from '../../../src/core/docs/runScope';
import { OutputFolderError } from '../../../src/core/docs/outputFolder';
import { GENERATED_MARKER } from '../../../src/core/docs/pageContent';
import { runCli } from '../../../src/core/cli';
import { createTestParser } from '../docs/parse/parseTestSupport';
import { silentLogger, snapshotTree } from '../docs/docRunHarness';
import { hostileCorpus } from './hostileCorpus';

const hostileTest = hostileCorpus(__filename, 'file system');
const KEY = 'sk-or-v1-hostileworkspace000000000000000';

let tmp: string;
const fake = withFakeLlm(undefined, { resetBeforeEach: false });
let cases = 0;

before(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'docsmith-hostile-ws-'));
});

after(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** A fresh workspace with one source file, and a folder beside it standing for the rest of the machine. */
async function workspace(): Promise<{ root: string; outside: string; output: string }> {
  const base = path.join(tmp, `case-${++cases}`);
  const root = path.join(base, 'ws');
  const outside = path.join(base, 'home');
  await fs.mkdir(path.join(root, 'src'), { recursive: true });
  await fs.mkdir(outside, { recursive: true });
  await fs.writeFile(path.join(root, 'src', 'app.ts'), 'export function start(): number {\n  return 1;\n}\n');
  return { root, outside, output: path.join(root, 'docs', 'generated') };
}

async function services(): Promise<DocRunServices> {
  const provider = createProvider('openrouter', { getApiKey: async () => KEY, baseUrl: fake.openRouterBaseUrl, log: silentLogger });
  return { chat: (r) => provider.chat(r), parse: await createTestParser(), retry: { baseDelayMs: 1, maxDelayMs: 10 }, log: silentLogger };
}

function options(root: string, extra: Partial<DocRunOptions> = {}): DocRunOptions {
  return { root, outputDirectory: 'docs/generated', provider: 'openrouter', model: 'openai/gpt-4o-mini', concurrency: 2, maxFileSizeKB: 256, maxOutputTokens: 512, temperature: 0.1, ...extra };
}

/** A manifest entry as a repository could ship it: the right shape, claiming `contentHash`. */
function shippedEntry(contentHash: string): Record<string, unknown> {
  return { kind: 'file', inputsHash: 'shipped', sources: { 'src/gone.ts': 'x' }, summary: '', contentHash, provider: 'openrouter', model: 'm', tokens: { prompt: 0, completion: 0, cached: 0, total: 0 }, costUsd: 0, requests: 1, generatedAt: '2024-01-01T00:00:00.000Z', durationMs: 1, citations: { total: 0, repaired: 0, removed: 0 } };
}

async function shipManifest(output: string, pages: Record<string, string>): Promise<void> {
  await fs.mkdir(path.join(output, '.docsmith'), { recursive: true });
  const entries = Object.fromEntries(Object.entries(pages).map(([page, hash]) => [page, shippedEntry(hash)]));
  await fs.writeFile(path.join(output, '.docsmith', 'manifest.json'), JSON.stringify({ version: 1, generator: 'docsmith', updatedAt: '', pages: entries }));
}

hostileTest(
  { attack: '`docs/generated/h` links to a home folder; the shipped manifest claims `h/.profile` with the hash of the `.profile` there', holds: 'one generate run deletes nothing outside the output folder' },
  async () => {
    const { root, outside, output } = await workspace();
    const profile = '# ~/.profile: executed by the command interpreter for login shells.\nexport PATH="$HOME/bin:$PATH"\n';
    await fs.writeFile(path.join(outside, '.profile'), profile);
    await fs.mkdir(path.join(outside, 'notes'), { recursive: true });
    await fs.writeFile(path.join(outside, 'notes', 'todo.md'), 'keep\n');
    await fs.mkdir(output, { recursive: true });
    await fs.symlink(outside, path.join(output, 'h'));
    await shipManifest(output, { 'h/.profile': sha256(profile), 'h/notes/todo.md': sha256('keep\n') });
    const before = await snapshotTree(outside);
    const summary = await runDocs(options(root), await services());
    assert.deepEqual(await snapshotTree(outside), before, 'the folder behind the link is untouched');
    assert.deepEqual(summary.pages.removed, []);
    assert.ok(summary.pages.written.includes('src/app.ts.md'), 'the run itself went ahead');
    assert.ok(summary.warnings.some((w) => w.includes('h/.profile')), `the dropped entry is reported: ${summary.warnings.join(' | ')}`);
  },
);

hostileTest(
  { attack: "another project's generated page (marker and hash right) is reachable through `docs/generated/other`; the manifest claims it", holds: 'the page and its folder survive the run' },
  async () => {
    const { root, outside, output } = await workspace();
    const otherOutput = path.join(outside, 'other-project', 'docs', 'generated');
    const page = `<!-- ${GENERATED_MARKER} -->\n# \`lib/x.ts\`\n\nWritten by Docsmith for another project.\n`;
    await fs.mkdir(path.join(otherOutput, 'lib'), { recursive: true });
    await fs.writeFile(path.join(otherOutput, 'lib', 'x.ts.md'), page);
    await fs.mkdir(output, { recursive: true });
    await fs.symlink(otherOutput, path.join(output, 'other'));
    await shipManifest(output, { 'other/lib/x.ts.md': sha256(page) });
    const summary = await runDocs(options(root), await services());
    assert.equal(await fs.readFile(path.join(otherOutput, 'lib', 'x.ts.md'), 'utf8'), page);
    assert.deepEqual(summary.pages.removed, []);
  },
);

hostileTest(
  { attack: 'the shipped manifest claims a hand-written file inside the output folder (hash right, no generated marker) whose source is gone', holds: 'the file is kept' },
  async () => {
    const { root, output } = await workspace();
    const notes = '# Notes\n\nWritten by a person.\n';
    await fs.mkdir(path.join(output, 'guide'), { recursive: true });
    await fs.writeFile(path.join(output, 'guide', 'notes.md'), notes);
    await shipManifest(output, { 'guide/notes.md': sha256(notes) });
    const summary = await runDocs(options(root), await services());
    assert.equal(await fs.readFile(path.join(output, 'guide', 'notes.md'), 'utf8'), notes);
    assert.deepEqual(summary.pages.removed, []);
  },
);

hostileTest(
  { attack: 'the shipped manifest claims the hand-written `docs/generated/README.md` (no generated marker) as its overview page', holds: 'the file is not overwritten and is reported as not owned' },
  async () => {
    const { root, output } = await workspace();
    const readme = '# Our docs\n\nHand-written index.\n';
    await fs.mkdir(output, { recursive: true });
    await fs.writeFile(path.join(output, 'README.md'), readme);
    await shipManifest(output, { 'README.md': sha256(readme) });
    const summary = await runDocs(options(root), await services());
    assert.equal(await fs.readFile(path.join(output, 'README.md'), 'utf8'), readme);
    assert.ok(summary.pages.notOwned.includes('README.md'), JSON.stringify(summary.pages));
  },
);

hostileTest(
  { attack: 'a page path is a symlink to a file outside (`docs/generated/src/app.ts.md` → a file in the home folder)', holds: 'the file behind the link is neither written nor deleted' },
  async () => {
    const { root, outside, output } = await workspace();
    const victim = path.join(outside, 'victim.md');
    await fs.writeFile(victim, `<!-- ${GENERATED_MARKER} -->\nprecious\n`);
    await fs.mkdir(path.join(output, 'src'), { recursive: true });
    await fs.symlink(victim, path.join(output, 'src', 'app.ts.md'));
    const summary = await runDocs(options(root), await services());
    assert.equal(await fs.readFile(victim, 'utf8'), `<!-- ${GENERATED_MARKER} -->\nprecious\n`);
    assert.ok(summary.pages.notOwned.includes('src/app.ts.md'), JSON.stringify(summary.pages));
  },
);

for (const [what, link] of [
  ['the output folder `docs/generated`', 'docs/generated'],
  ['`docs`, a parent of the output folder,', 'docs'],
] as const) {
  hostileTest(
    { attack: `${what} is a symlink to a folder outside the workspace`, holds: 'the CLI refuses with a message naming the link, and nothing is written at the target' },
    async () => {
      const { root, outside } = await workspace();
      await fs.mkdir(path.join(root, path.dirname(link)), { recursive: true });
      await fs.symlink(outside, path.join(root, link));
      const stderr: string[] = [];
      const stdout: string[] = [];
      const code = await runCli(['generate', root, '--provider', 'openrouter', '--model', 'openai/gpt-4o-mini', '--json'], {
        env: { OPENROUTER_API_KEY: KEY, OPENROUTER_BASE_URL: fake.openRouterBaseUrl, XDG_CACHE_HOME: path.join(tmp, 'user-cache') },
        stdout: (t) => stdout.push(t),
        stderr: (t) => stderr.push(t),
      });
      assert.equal(code, 1);
      assert.match(stderr.join(''), new RegExp(`${link.replace('/', '\\/')}.* is a link to .*outside the workspace folder`));
      assert.deepEqual(await fs.readdir(outside), [], 'nothing landed at the link target');
      assert.equal(stdout.join(''), '', 'no summary pretends the run happened');
    },
  );
}

hostileTest(
  { attack: '`docs/generated/.docsmith` (manifest, lock, journal) is a symlink to a folder outside', holds: 'the run is refused before anything is written there' },
  async () => {
    const { root, outside, output } = await workspace();
    await fs.mkdir(output, { recursive: true });
    await fs.symlink(outside, path.join(output, '.docsmith'));
    await assert.rejects(runDocs(options(root), await services()), (e: unknown) => e instanceof OutputFolderError && /\.docsmith is a link to .*outside the output folder/.test(e.message));
    assert.deepEqual(await fs.readdir(outside), []);
  },
);

hostileTest(
  { attack: 'the output folder setting leaves the workspace (`../elsewhere`), as a workspace settings file could set it', holds: 'the editor run is refused; nothing is created outside' },
  async () => {
    const { root } = await workspace();
    await assert.rejects(runDocs(options(root, { outputDirectory: '../elsewhere' }), await services()), (e: unknown) => e instanceof OutputFolderError && /outside the workspace folder/.test(e.message));
    await assert.rejects(fs.stat(path.join(root, '..', 'elsewhere')));
  },
);

hostileTest(
  { attack: 'the repository ships `docs/generated/.docsmith/parse-cache.json` with a symbol renamed to raw HTML and a `command:` link, and a line count of 9999', holds: 'the page shows the real symbol and line count; nothing from the shipped cache' },
  async () => {
    const { root, output } = await workspace();
    const source = await fs.readFile(path.join(root, 'src', 'app.ts'), 'utf8');
    const injected = ['<img src=x onerror=alert(1)>', '[run](command:workbench.action.terminal.new)'];
    const parsed = {
      path: 'src/app.ts',
      language: 'typescript',
      lineCount: 9999,
      imports: [],
      symbols: injected.map((name) => ({ name, kind: 'function', startLine: 1, endLine: 3, exported: true, parameters: [] })),
    };
    await fs.mkdir(path.join(output, '.docsmith'), { recursive: true });
    await fs.writeFile(
      path.join(output, '.docsmith', 'parse-cache.json'),
      JSON.stringify({ version: 1, fileSet: sha256('src/app.ts'), files: { 'src/app.ts': { hash: sha256(source), lineCount: 9999, parsed } } }),
    );
    const parseCacheDirectory = path.join(tmp, `parse-cache-${cases}`);
    await runDocs(options(root, { parseCacheDirectory }), await services());
    const page = await fs.readFile(path.join(output, 'src', 'app.ts.md'), 'utf8');
    for (const name of injected) assert.ok(!page.includes(name), `${name} reached the page:\n${page}`);
    assert.match(page, /`start` — function, exported/);
    assert.match(page, / 3 lines /);
    assert.doesNotMatch(page, /9999/);
  },
);
