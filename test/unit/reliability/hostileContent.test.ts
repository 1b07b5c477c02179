/**
 * Repository content and model answers that try to put something live into the pages, through a
 * whole run against the fake LLM server:
 * - a model answer holding every link and HTML shape that survived a hand-written code detector
 *   (link text in backticks, reference-style links also from the summary, nested links, raw HTML
 *   behind an escaped backtick, a code span across a blank line, a backtick in a fence's info
 *   string, remote images) leaves no active link, HTML or remote image on any page;
 * - symbol, file and folder names made of Markdown (`` b` <img …> `' ``, `[x](command:foo)`,
 *   backticks, a line break) read as the names they are in headings, lists and links;
 * - secrets in configuration and code never reach a request;
 * - key-shaped strings in a model's answer reach no page, no manifest and no later prompt.
 */
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs, mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { withFakeLlm } from '../providers/providerTestContext';
import { fileByFile } from '../../fixtures/fakeLlm/batchAnswers';
import { defaultResponder } from '../../fixtures/fakeLlm/defaultResponder';
import type { FakeAnswer, FakeChatRequest } from '../../fixtures/fakeLlm/scenarios';
import { createOpenRouterProvider } from '../../../src/core/providers/openRouterProvider';
import { runDocs } from '../../../src/core/docs/docRun';
import type { DocRunSummary } from '../../../src/core/docs/runSummary';
import { findActiveContent } from '../../../src/core/docs/activeContent';
import { isMarkerComment } from '../../../src/core/docs/pageContent';
import { markdownParser } from '../../../src/core/docs/markdownSource';
import type { ParseFn } from '../../../src/core/docs/sourceIndex';
import { createTestParser } from '../docs/parse/parseTestSupport';
import { citationValidityOnDisk } from '../docs/docRunHarness';
import { providerContext, readTree, recordingLogger } from './reliabilityHarness';
import { SECRET_LINES } from './secretCorpus';
import { hostileCorpus } from './hostileCorpus';

const hostileTest = hostileCorpus(__filename, 'page content');

/** Every shape of issue: each line once held a live link or raw HTML after validation. */
const HOSTILE_SHAPES = [
  '## Shapes',
  '',
  'Run [`run`](command:workbench.action.terminal.new) now.',
  '',
  'Reference [x][r1], [y][] and [y].',
  '',
  '[r1]: command:workbench.action.openSettings',
  '[y]: command:docsmith.setApiKey "title"',
  '',
  'Nested [outer [inner](command:x.inner)](command:x.outer) and [![img](https://evil.example/p.png)](command:x.img).',
  '',
  'Escaped \\` then <img src=x onerror=alert(1)> and `span`.',
  '',
  'Code `span',
  '',
  'across` <img src=y onerror=alert(2)>',
  '',
  'Remote ![tracker](https://evil.example/pixel.png) and <https://ok.example> and <command:workbench.action.reload>.',
  '',
  '<details open onclick="alert(4)">',
  '[inside](command:x.inside)',
  '</details>',
  '',
  // Not a fence (a backtick in the info string): the HTML is inline, and the last line opens a
  // fence the answer never closes.
  '```js`',
  '<img src=z onerror=alert(3)>',
  '```',
].join('\n');

/** Key-shaped strings the model "answers" (made up); none may be written or sent again. */
const ANSWERED_KEYS = ['sk-or-v1-0123456789abcdef0123456789abcdef', 'AKIAIOSFODNN7EXAMPLE', 'sk-proj-AbCdEfGhIjKlMnOpQrStUvWx', 'hunter2hunter2'];

const HOSTILE_SUMMARY = `Handles [the settings][r1] with key ${ANSWERED_KEYS[2]} <img src=s onerror=alert(5)>.`;
const HOSTILE_BODY = `${HOSTILE_SHAPES}\n\nThe key ${ANSWERED_KEYS[0]} and ${ANSWERED_KEYS[1]}, and \`password = "${ANSWERED_KEYS[3]}"\`.`;

/** Names of symbols the parser is made to report for `src/weird.ts`. */
const WEIRD_SYMBOLS = ["b` <img src=x onerror=alert(1)> `'", '[x](command:foo)', '``', '<script>alert(1)</script>'];

/** File and folder names made of Markdown. */
const WEIRD_FILES = ['src/tick`name.ts', 'src/new\nline.ts', 'src/<img src=x onerror=alert(1)>.ts', 'src/[x](command:foo)/mod.ts', 'src/``/two.ts'];

let tmp: string;
let root: string;
let outputDir: string;
const fake = withFakeLlm({ responder: fileByFile(responder) }, { resetBeforeEach: false });
let summary: DocRunSummary;

function subjectOf(messages: ReadonlyArray<{ role: string; content: string }>): string | undefined {
  const user = messages.filter((m) => m.role === 'user').pop()?.content ?? '';
  return /^Document (?:lines \d+-\d+ of )?the file `([^\n]*)` \(/m.exec(user)?.[1];
}

function responder(request: FakeChatRequest): FakeAnswer {
  if (subjectOf(request.messages) !== 'src/app.ts') return defaultResponder(request);
  return { text: request.jsonSchema ? JSON.stringify({ summary: HOSTILE_SUMMARY, markdown: HOSTILE_BODY }) : `Summary: ${HOSTILE_SUMMARY}\n\n${HOSTILE_BODY}` };
}

async function writeFile(rel: string, text: string): Promise<void> {
  const abs = path.join(root, ...rel.split('/'));
  await fs.mkdir(path.dirname(abs), { recursive: true });
  await fs.writeFile(abs, text);
}

before(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'docsmith-hostile-content-'));
  root = path.join(tmp, 'ws');
  outputDir = path.join(root, 'docs', 'generated');
  await writeFile('src/app.ts', 'export function start(port: number): void {\n  console.log(port);\n}\n');
  await writeFile('src/weird.ts', 'export const first = 1;\nexport const second = 2;\nexport const third = 3;\nexport const fourth = 4;\n');
  for (const f of WEIRD_FILES) await writeFile(f, 'export const value = 1;\n');
  const byFile = new Map<string, string[]>();
  for (const s of SECRET_LINES) byFile.set(s.file, [...(byFile.get(s.file) ?? []), s.line]);
  for (const [file, lines] of byFile) await writeFile(`secrets/${file}`, `${lines.join('\n')}\n`);

  const real = await createTestParser();
  const parse: ParseFn = async (file, language, text, files) => {
    const parsed = await real(file, language, text, files);
    if (file !== 'src/weird.ts') return parsed;
    const symbols = WEIRD_SYMBOLS.map((name, i) => ({ name, kind: 'variable' as const, startLine: i + 1, endLine: i + 1, exported: true, parameters: [] }));
    return { ...parsed, symbols };
  };
  const provider = createOpenRouterProvider(providerContext(fake.openRouterBaseUrl, recordingLogger(), { requestTimeoutMs: 5000, idleTimeoutMs: 5000 }));
  summary = await runDocs(
    { root, outputDirectory: 'docs/generated', provider: 'openrouter', model: 'openai/gpt-4o-mini', concurrency: 2, maxFileSizeKB: 256, maxOutputTokens: 512, temperature: 0.1 },
    { chat: (r) => provider.chat(r), parse, retry: { baseDelayMs: 2, maxDelayMs: 50 } },
  );
});

after(async () => {
  rmSync(tmp, { recursive: true, force: true });
});

async function pages(): Promise<Array<{ path: string; text: string }>> {
  return (await readTree(outputDir)).filter((f) => f.path.endsWith('.md'));
}

hostileTest({ attack: 'a model answer with link text in backticks, reference-style and nested `command:` links, `<img onerror>` behind an escaped backtick, a code span across a blank line or a backtick in a fence info string, remote images, an unclosed fence', holds: 'every page is written and markdown-it finds no active link, raw HTML or remote image in any of them' }, async () => {
  assert.deepEqual(summary.failed, [], JSON.stringify(summary.failed));
  assert.ok(summary.pages.written.includes('src/app.ts.md'));
  const found: string[] = [];
  for (const page of await pages()) {
    for (const a of findActiveContent(page.text, { allowHtml: isMarkerComment })) found.push(`${path.relative(outputDir, page.path)}: ${a.kind} ${a.detail}`);
  }
  assert.deepEqual(found, []);
  const app = await fs.readFile(path.join(outputDir, 'src', 'app.ts.md'), 'utf8');
  assert.match(app, /onerror=alert\(1\)/, 'the HTML is kept as text');
  const headings = markdownParser('standard')
    .parse(app, {})
    .filter((t, i, all) => t.type === 'inline' && all[i - 1]?.type === 'heading_open')
    .map((t) => t.content);
  assert.ok(headings.includes('Symbols'), `the fence the answer left open is closed before the symbol list: ${JSON.stringify(headings)}`);
  assert.deepEqual((await citationValidityOnDisk(root, outputDir)).invalid, []);
});

hostileTest({ attack: 'a summary line `[x][r1]` using a `[r1]: command:…` definition in the page body', holds: 'the summary renders as text, no command link' }, async () => {
  const app = await fs.readFile(path.join(outputDir, 'src', 'app.ts.md'), 'utf8');
  const quote = app.split('\n').find((l) => l.startsWith('> '))!;
  assert.ok(quote.includes('the settings'), quote);
  const tokens = markdownParser('standard').parse(app, {});
  assert.equal(tokens.filter((t) => t.type === 'inline').flatMap((t) => t.children ?? []).filter((t) => t.type === 'link_open').some((t) => String(t.attrGet('href')).startsWith('command:')), false);
});

/** Text of every code span in a page, as rendered. */
function codeSpans(markdown: string): string[] {
  return markdownParser('standard')
    .parse(markdown, {})
    .filter((t) => t.type === 'inline')
    .flatMap((t) => t.children ?? [])
    .filter((t) => t.type === 'code_inline')
    .map((t) => t.content);
}

/** Text of every link, as rendered. */
function linkTexts(markdown: string): string[] {
  const out: string[] = [];
  for (const inline of markdownParser('standard').parse(markdown, {}).filter((t) => t.type === 'inline')) {
    let text: string | undefined;
    for (const t of inline.children ?? []) {
      if (t.type === 'link_open') text = '';
      else if (t.type === 'link_close' && text !== undefined) {
        out.push(text);
        text = undefined;
      } else if (text !== undefined) text += t.content;
    }
  }
  return out;
}

hostileTest({ attack: 'symbols named `` b` <img src=x onerror=…> `\' ``, `[x](command:foo)`, ``` `` ```, `<script>`', holds: 'each reads as one code span of its exact name in the symbol list' }, async () => {
  const page = await fs.readFile(path.join(outputDir, 'src', 'weird.ts.md'), 'utf8');
  const spans = codeSpans(page);
  for (const name of WEIRD_SYMBOLS) assert.ok(spans.includes(name), `${name} is not a code span of its own: ${JSON.stringify(spans)}`);
  assert.deepEqual(findActiveContent(page, { allowHtml: isMarkerComment }), []);
});

hostileTest({ attack: 'file and folder names with backticks, a line break, `<img onerror>` and `[x](command:foo)`', holds: 'headings show the exact name as code, folder contents link it as its exact text' }, async () => {
  const written = new Set(summary.pages.written);
  for (const file of WEIRD_FILES) {
    const page = `${file}.md`;
    assert.ok(written.has(page), `${JSON.stringify(page)} written`);
    const text = await fs.readFile(path.join(outputDir, ...page.split('/')), 'utf8');
    const heading = codeSpans(text.split('\n').find((l) => l.startsWith('# '))!);
    assert.deepEqual(heading, [file.replace(/\n/g, '\\n')], `heading of ${JSON.stringify(file)}`);
  }
  const folder = await fs.readFile(path.join(outputDir, 'src', 'README.md'), 'utf8');
  const links = linkTexts(folder);
  for (const name of ['tick`name.ts', 'new\\nline.ts', '<img src=x onerror=alert(1)>.ts', '[x](command:foo)/', '``/']) assert.ok(links.includes(name), `${name} in ${JSON.stringify(links)}`);
});

hostileTest({ attack: 'secrets in configuration and code: AWS secret key, JWT, credentials in URLs, bearer headers, webhook URLs, unquoted YAML/INI/properties/compose passwords, short quoted passwords', holds: 'none of them is in any request' }, () => {
  const bodies = fake.chatRequests.map((r) => JSON.stringify(r.body));
  const sent = bodies.filter((b) => b.includes('secrets/'));
  assert.ok(sent.length >= 10, `the files with secrets were documented (${sent.length} prompts)`);
  const leaked = SECRET_LINES.filter((s) => bodies.some((b) => b.includes(s.secret))).map((s) => `${s.file}: ${s.secret}`);
  assert.deepEqual(leaked, []);
});

hostileTest({ attack: 'a model answer holding API keys and a password in its page and its summary', holds: 'they are in no page, not in the manifest and not in the folder and overview prompts that reuse the summary' }, async () => {
  const carriesApp = (messages: Array<{ role: string; content: string }>): boolean => subjectOf(messages) === 'src/app.ts' || messages.some((m) => m.role === 'user' && m.content.includes('=== FILE src/app.ts\n'));
  const appAnswered = fake.chatRequests.findIndex((r) => carriesApp((r.body as { messages: Array<{ role: string; content: string }> }).messages));
  assert.ok(appAnswered >= 0);
  const later = fake.chatRequests.slice(appAnswered + 1).map((r) => JSON.stringify(r.body));
  assert.ok(later.some((b) => b.includes('app.ts')), 'a later prompt (the folder page) carries the summary of src/app.ts');
  const files = await readTree(outputDir);
  const leaks: string[] = [];
  for (const key of ANSWERED_KEYS) {
    for (const f of files) if (f.text.includes(key)) leaks.push(`${path.relative(outputDir, f.path)}: ${key}`);
    if (later.some((b) => b.includes(key))) leaks.push(`a later prompt: ${key}`);
  }
  assert.deepEqual(leaks, []);
  const manifest = await fs.readFile(path.join(outputDir, '.docsmith', 'manifest.json'), 'utf8');
  assert.match(manifest, /REDACTED/, 'the masked summary is what the manifest keeps');
});
