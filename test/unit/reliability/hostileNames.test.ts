/**
 * Awkward file names through the CLI's entry point: names that start with two dots, a bracket in
 * a name, and names that carry terminal escape sequences (an OSC 52 clipboard write, a screen
 * clear, an 8-bit CSI, a right-to-left override). The first are documented like any file; the
 * others are documented too, and printed escaped, never raw.
 */
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { withFakeLlm } from '../providers/providerTestContext';
import { runCli } from '../../../src/core/cli';
import type { JsonSummary } from '../../../src/core/docs/runReport';
import { citationValidityOnDisk } from '../docs/docRunHarness';
import { hostileCorpus } from './hostileCorpus';

const hostileTest = hostileCorpus(__filename, 'file system');

const CLIPBOARD = 'src/\u001b]52;c;cHduZWQ=\u0007.ts';
const CLEAR = 'src/\u001b[2Jclear.ts';
const CSI8 = 'src/csi\u009b31m.ts';
const RTL = 'src/\u202etxt.ts';
// Raw, these act on a terminal: ESC, BEL, the 8-bit CSI, the right-to-left override.
// eslint-disable-next-line no-control-regex -- control characters are exactly what this looks for
const RAW = /[\u001b\u0007\u009b\u202e]/;

let tmp: string;
const fake = withFakeLlm(undefined, { resetBeforeEach: false });
let root: string;
let human: { code: number; out: string };
let json: { code: number; out: string; summary: JsonSummary };

async function cli(extra: string[]): Promise<{ code: number; out: string; stdout: string }> {
  const stdout: string[] = [];
  const all: string[] = [];
  // `..md` is prose: named in --include so it gets a page like the code files.
  const code = await runCli(['generate', root, '--provider', 'openrouter', '--model', 'openai/gpt-4o-mini', '--include', '..md', ...extra], {
    env: { OPENROUTER_API_KEY: 'sk-or-v1-hostilenames0000000000000000', OPENROUTER_BASE_URL: fake.openRouterBaseUrl, XDG_CACHE_HOME: path.join(tmp, 'cache') },
    stdout: (t) => {
      stdout.push(t);
      all.push(t);
    },
    stderr: (t) => all.push(t),
  });
  return { code, out: all.join(''), stdout: stdout.join('') };
}

before(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'docsmith-hostile-names-'));
  root = path.join(tmp, 'ws');
  await fs.mkdir(path.join(root, 'src'), { recursive: true });
  const files: Record<string, string> = {
    '..md': '# Two dots\n\nA note whose name starts with two dots.\n',
    '..config.js': 'module.exports = { twoDots: true };\n',
    'src/..util.ts': 'export function twoDots(): boolean {\n  return true;\n}\n',
    'src/c[d.ts': 'export function bracket(): number {\n  return 1;\n}\n',
    [CLIPBOARD]: 'export const clipboard = 1;\n',
    [CLEAR]: 'export const clear = 2;\n',
    [CSI8]: 'export const csi = 3;\n',
    [RTL]: 'export const rtl = 4;\n',
  };
  for (const [name, text] of Object.entries(files)) await fs.writeFile(path.join(root, ...name.split('/')), text);
  human = await cli([]);
  await fs.rm(path.join(root, 'docs'), { recursive: true, force: true });
  const run = await cli(['--json']);
  json = { code: run.code, out: run.out, summary: JSON.parse(run.stdout) as JsonSummary };
});

after(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

hostileTest({ attack: 'files named `..md`, `..config.js` and `src/..util.ts`', holds: 'each is documented (no "unsafe path"), its page inside the output folder' }, async () => {
  assert.equal(json.code, 0, json.out);
  for (const page of ['..md.md', '..config.js.md', 'src/..util.ts.md']) assert.ok(json.summary.pages.includes(page), `${page}: ${JSON.stringify(json.summary.failed)}`);
  assert.deepEqual(json.summary.failed, []);
  await fs.stat(path.join(root, 'docs', 'generated', '..config.js.md'));
});

hostileTest({ attack: 'a file named `src/c[d.ts`', holds: 'it is documented with valid citations (a bracket in link text is escaped)' }, async () => {
  assert.ok(json.summary.pages.includes('src/c[d.ts.md'), JSON.stringify(json.summary.failed));
  const page = await fs.readFile(path.join(root, 'docs', 'generated', 'src', 'c[d.ts.md'), 'utf8');
  assert.match(page, /\[src\/c\\\[d\.ts:1-3\]\([^)]*#L1-L3\)/, 'the symbol list cites the file');
  assert.equal(json.summary.citations.invalid, 0);
  assert.deepEqual((await citationValidityOnDisk(root, path.join(root, 'docs', 'generated'))).invalid, []);
});

hostileTest(
  { attack: 'files whose names hold terminal escape sequences (OSC 52 clipboard write, screen clear, 8-bit CSI, right-to-left override)', holds: 'they are documented, and the CLI prints every name escaped: no raw ESC, BEL, CSI or override reaches the terminal' },
  () => {
    assert.equal(human.code, 0, human.out);
    for (const name of [CLIPBOARD, CLEAR, CSI8, RTL]) assert.ok(json.summary.pages.includes(`${name}.md`), `${JSON.stringify(name)} documented`);
    assert.doesNotMatch(human.out, RAW, 'human output and progress');
    assert.doesNotMatch(json.out, RAW, '--json output and progress');
    assert.ok(human.out.includes('src/\\e]52;c;cHduZWQ=\\u0007.ts'), 'the name is shown, escaped');
    assert.ok(json.out.includes('\\u001b]52;c;'), 'JSON escapes it the JSON way');
  },
);
