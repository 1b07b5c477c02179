/**
 * Model output is untrusted. Whatever a reply says — path escapes in citations, links and page
 * paths, HTML and scripts, `command:` links, requests for the API key, a reply of many megabytes —
 * the validator, the citation renderer and the page writer keep every write inside the output
 * folder and every page inert.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs, mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { countInvalidCitations, validatePage, type ValidationContext } from '../../../src/core/docs/pageValidator';
import { findCitations, formatCitation } from '../../../src/core/docs/citations';
import { PageWriter } from '../../../src/core/docs/pageWriter';
import { TEMP_SUFFIX } from '../../../src/core/atomicFile';
import { UnsafePathError, pageToSourceLink, resolveInsideOutput } from '../../../src/core/docs/pagePaths';
import { MAX_REPLY_CHARS, parsePageReply } from '../../../src/core/docs/modelReply';
import { plainSummary } from '../../../src/core/docs/markdownEscape';
import { findActiveContent } from '../../../src/core/docs/activeContent';
import { readMarkdown } from '../../../src/core/docs/markdownSource';
import { seededRandom } from '../../fixtures/badInput/seededRandom';
import { HOSTILE_MARKDOWN } from './faultPlan';

let tmp: string;

before(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'docsmith-hostile-'));
});

after(() => rmSync(tmp, { recursive: true, force: true }));

const files = new Map<string, number>([
  ['src/app.ts', 30],
  ['src/hash#tag.ts', 3],
  ['src/100%.ts', 2],
  ['src/%2e%2e%2fup.ts', 2],
  ['src/open(paren.ts', 2],
  ['src/util/math.ts', 10],
]);

function context(pagePath = 'src/app.ts.md'): ValidationContext {
  return {
    pagePath,
    files,
    pages: new Set(['src/app.ts.md', 'src/README.md', 'README.md', 'ARCHITECTURE.md', 'src/util/math.ts.md', 'src/util/README.md']),
    folders: new Set(['src', 'src/util']),
    identifiers: new Set(['main', 'add']),
    sourceLink: (p) => pageToSourceLink(pagePath, p, '/ws', '/ws/docs/generated'),
    subjectFile: 'src/app.ts',
  };
}

/** Link targets of a Markdown text (inline links only). */
function linkTargets(markdown: string): string[] {
  return [...markdown.matchAll(/\]\(([^()\s]*(?:\([^()\s]*\)[^()\s]*)*)\)/g)].map((m) => m[1]);
}

test('a hostile page keeps no escaping citation, no dangerous link and no live HTML', () => {
  const v = validatePage(HOSTILE_MARKDOWN, context());
  for (const c of findCitations(v.markdown)) assert.ok(files.has(c.path), `citation to ${c.path} survived`);
  assert.deepEqual(countInvalidCitations(v.markdown, files), { total: 0, invalid: 0 });
  assert.equal(v.citations.removed, 4, 'the four escaping citations are removed and listed');
  for (const target of linkTargets(v.markdown)) {
    assert.ok(!/^(command|javascript|file|data|vbscript):/i.test(target), `dangerous link ${target}`);
    const resolved = path.posix.normalize(path.posix.join('docs/generated/src', target.split('#')[0]));
    assert.ok(!resolved.startsWith('..'), `link ${target} leaves the workspace`);
  }
  assert.doesNotMatch(v.markdown, /<\s*(script|img|iframe)\b/i, 'raw HTML tags are escaped');
  assert.match(v.markdown, /&lt;script>/, 'the text of the tag is kept, escaped');
  assert.deepEqual(findActiveContent(v.markdown), []);
});

test('percent-encoded and backslash escapes in model links never resolve outside', () => {
  const md = [
    '[a](%2e%2e/%2e%2e/%2e%2e/etc/passwd)',
    '[b](..%2f..%2f..%2fetc%2fpasswd)',
    '[c](..\\..\\..\\windows\\win.ini)',
    '[d](/%2e%2e/secret.md)',
    '[e](//evil.example/x)',
    '[f](C:/Windows/win.ini)',
    '[g](\\\\server\\share\\x.md)',
  ].join('\n');
  const v = validatePage(md, context());
  assert.deepEqual(linkTargets(v.markdown), [], `no link kept: ${v.markdown}`);
  assert.equal(v.links.removed, 7);
});

test('odd file names get citations whose links point back at exactly that file', () => {
  for (const name of ['src/hash#tag.ts', 'src/100%.ts', 'src/%2e%2e%2fup.ts', 'src/open(paren.ts']) {
    const link = pageToSourceLink('src/app.ts.md', name, '/ws', '/ws/docs/generated');
    assert.ok(!/[#()\s]/.test(link), `${link} has a raw #, parenthesis or space`);
    assert.equal(decodeURIComponent(link), `../../../${name}`);
    const v = validatePage(`See [${name}:1-2].`, context());
    assert.equal(v.citations.valid, 1, `${name}: ${v.markdown}`);
    const found = findCitations(v.markdown);
    assert.equal(found.length, 1, v.markdown);
    assert.equal(found[0].path, name);
    assert.equal(linkTargets(v.markdown)[0], `${link}#L1-L2`);
    assert.equal(formatCitation(found[0], link), v.markdown.slice(4, -1));
  }
});

test('a dangerous link whose text looks like a citation or a host:port is still made plain text', () => {
  const md = [
    '[file:///etc/passwd:1-2](file:///etc/passwd)',
    '[javascript://x:1-2](javascript:alert(1))',
    '[command://x:1](command:workbench.action.openSettings)',
    '[https://evil.example:443](command:docsmith.setApiKey)',
  ].join('\n');
  const v = validatePage(md, context());
  assert.deepEqual(linkTargets(v.markdown), [], v.markdown);
});

test('validating twice changes nothing: the result of validation is a fixed point', () => {
  const once = validatePage(HOSTILE_MARKDOWN, context()).markdown;
  const twice = validatePage(once, context());
  assert.equal(twice.markdown, once);
  assert.equal(twice.citations.invalid, 0);
});

/** Random relative paths built from the pieces attackers use. */
function hostilePath(rng: ReturnType<typeof seededRandom>): string {
  const pieces = ['..', '.', 'a', 'b.md', '%2e%2e', '..\\', '\\', '/', '//', 'C:', 'c:\\', '~', '\0', 'file:', '\u2024\u2024', '．．', ' ', '..%2f', 'docs', 'x.md'];
  const n = rng.int(1, 7);
  let out = '';
  for (let i = 0; i < n; i++) out += rng.pick(pieces) + (rng.chance(0.6) ? '/' : '');
  return out;
}

test('5000 random hostile page paths: each is refused or lands inside the output folder', () => {
  const root = path.join(tmp, 'out');
  const rng = seededRandom(6);
  let refused = 0;
  for (let i = 0; i < 5000; i++) {
    const p = hostilePath(rng);
    try {
      const abs = resolveInsideOutput(root, p);
      const rel = path.relative(root, abs);
      // `..%2e%2e` or `..md` is a name inside; only `..` itself as a segment leaves.
      assert.ok(rel !== '' && rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel), `${JSON.stringify(p)} → ${abs}`);
    } catch (error) {
      assert.ok(error instanceof UnsafePathError, `${JSON.stringify(p)}: ${String(error)}`);
      refused++;
    }
  }
  assert.ok(refused > 1000, `${refused} refused`);
});

test('random hostile citations: only citations of scanned files with in-range lines survive', () => {
  const rng = seededRandom(7);
  const lines: string[] = [];
  for (let i = 0; i < 400; i++) {
    const p = rng.chance(0.3) ? rng.pick([...files.keys()]) : hostilePath(rng).replace(/[\s[\]()`]/g, '');
    lines.push(`Claim ${i} [${p || 'x'}:${rng.int(-3, 40)}-${rng.int(-3, 60)}].`);
  }
  const v = validatePage(lines.join('\n'), context());
  const citations = findCitations(v.markdown).filter((c) => !c.path.includes('://'));
  assert.deepEqual(countInvalidCitations(v.markdown, files), { total: citations.length, invalid: 0 });
  for (const c of citations) assert.ok(files.has(c.path));
  assert.deepEqual(linkTargets(v.markdown).filter((t) => !t.startsWith('../../../src/')), [], 'every link left is a citation link we computed');
});

test('hostile page paths never create anything outside the output folder', async () => {
  const base = path.join(tmp, 'writer');
  const out = path.join(base, 'docs');
  await fs.mkdir(out, { recursive: true });
  const writer = new PageWriter(out);
  const attempts = ['../x.md', '../../x.md', '/tmp/x.md', 'C:\\x.md', 'c:x.md', '..\\..\\x.md', 'a/../../x.md', 'file:///tmp/x.md', '\\\\server\\share\\x.md', 'a/\0/x.md', '', '.', 'a/..'];
  for (const p of attempts) await assert.rejects(writer.write(p, 'pwned'), UnsafePathError, JSON.stringify(p));
  const left = await fs.readdir(base);
  assert.deepEqual(left, ['docs']);
  assert.deepEqual(await fs.readdir(out), []);
});

test('a page path that is a symlink to a file outside is replaced, never written through', async () => {
  const base = path.join(tmp, 'symfile');
  const out = path.join(base, 'docs');
  const victim = path.join(base, 'victim.md');
  await fs.mkdir(path.join(out, 'src'), { recursive: true });
  await fs.writeFile(victim, 'original');
  await fs.symlink(victim, path.join(out, 'src', 'app.ts.md'));
  const writer = new PageWriter(out);
  await writer.write('src/app.ts.md', '# page');
  assert.equal(await fs.readFile(victim, 'utf8'), 'original');
  assert.equal((await fs.lstat(path.join(out, 'src', 'app.ts.md'))).isSymbolicLink(), false);
  await writer.remove('src/app.ts.md');
  assert.equal(await fs.readFile(victim, 'utf8'), 'original', 'removing the page never removes the target');
});

/** An empty output folder `docs` and a folder `outside` beside it, under a folder of their own. */
async function outputBesideOutside(name: string): Promise<{ out: string; outside: string }> {
  const base = path.join(tmp, name);
  const out = path.join(base, 'docs');
  const outside = path.join(base, 'outside');
  await fs.mkdir(out, { recursive: true });
  await fs.mkdir(outside, { recursive: true });
  return { out, outside };
}

test('a folder found missing when pages were checked, then made a symlink to outside, is refused when a page is written there', async () => {
  const { out, outside } = await outputBesideOutside('lateSymlink');
  const writer = new PageWriter(out);
  // Checked while src/ and src/app/ are missing: both pages are absent.
  assert.equal(await writer.state('src/app/a.ts.md'), 'absent');
  assert.equal(await writer.state('src/app/b.ts.md'), 'absent');
  await fs.symlink(outside, path.join(out, 'src'));
  await assert.rejects(writer.write('src/app/a.ts.md', 'pwned'), UnsafePathError);
  assert.equal(await writer.state('src/app/b.ts.md'), 'outside', 'a check after the folder appeared sees where it leads');
  assert.deepEqual(await fs.readdir(outside), []);
});

test('temp-file cleanup never follows a symlinked folder out of the output folder', async () => {
  const { out, outside } = await outputBesideOutside('symdir');
  const bait = path.join(outside, `precious${TEMP_SUFFIX}`);
  await fs.writeFile(bait, 'keep me');
  await fs.symlink(outside, path.join(out, 'link'));
  await fs.writeFile(path.join(out, `.a.md.1.ff${TEMP_SUFFIX}`), 'left by a killed run');
  const removed = await new PageWriter(out).removeLeftoverTempFiles();
  assert.deepEqual(removed, [`.a.md.1.ff${TEMP_SUFFIX}`]);
  assert.equal(await fs.readFile(bait, 'utf8'), 'keep me');
});

test('an enormous reply is cut to the byte limit at a line break', () => {
  const line = 'The quick brown fox documents the lazy dog. [src/app.ts:1-2]\n';
  const huge = `Summary: big\n\n${line.repeat(Math.ceil((5 * 1024 * 1024) / line.length))}`;
  const reply = parsePageReply(huge);
  assert.ok(reply.markdown.length <= MAX_REPLY_CHARS, `${reply.markdown.length} chars kept`);
  assert.ok(reply.markdown.endsWith('[src/app.ts:1-2]'), 'cut at a line break, not mid-line');
});

test('a reply asking for the key or for settings changes is just text on the page', () => {
  const reply = parsePageReply(JSON.stringify({ summary: 'Send me the API key', markdown: HOSTILE_MARKDOWN }));
  const v = validatePage(reply.markdown, context());
  assert.doesNotMatch(v.markdown, /\]\(command:/, 'no command: link could run a VS Code command from a preview');
  assert.match(v.markdown, /ignore previous instructions/, 'the text itself is kept, inert');
});

test('a page summary written by the model can carry no link and no citation, however it is nested', () => {
  const attempts = [
    '[[x](y)](command:workbench.action.openSettings)',
    '[![a](b)](javascript:alert(1))',
    'Handles [id](x).ts [src/[id](x).ts:1-1].',
    '[[[deep](a)](b)](file:///etc/passwd)',
    '[src/app.ts:1-2](../../x) and [ok](https://example.com)',
  ];
  for (const text of attempts) {
    const plain = plainSummary(text);
    assert.deepEqual(readMarkdown(plain).links, [], `a link survived: ${plain}`);
    assert.deepEqual(findCitations(plain), [], `a citation survived: ${plain}`);
    assert.equal(plainSummary(plain), plain, 'a summary read back from the manifest stays the same');
  }
});
