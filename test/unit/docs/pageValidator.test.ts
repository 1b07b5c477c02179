import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { findCitations, parseCitationRef } from '../../../src/core/docs/citations';
import { countInvalidCitations, validatePage, type ValidationContext } from '../../../src/core/docs/pageValidator';
import { pageToSourceLink } from '../../../src/core/docs/pagePaths';

const files = new Map<string, number>([
  ['src/core/cost.ts', 40],
  ['src/core/plan.ts', 12],
  ['src/index.ts', 5],
]);

function ctx(pagePath = 'src/core/cost.ts.md', subjectFile = 'src/core/cost.ts'): ValidationContext {
  return {
    pagePath,
    files,
    pages: new Set(['src/core/cost.ts.md', 'src/core/plan.ts.md', 'src/index.ts.md', 'src/core/README.md', 'src/README.md', 'README.md', 'ARCHITECTURE.md']),
    folders: new Set(['src', 'src/core']),
    identifiers: new Set(['estimateCost', 'CostLedger', 'record', 'planDocs', 'cost.ts']),
    sourceLink: (p) => pageToSourceLink(pagePath, p, '/ws', '/ws/docs/generated'),
    subjectFile,
  };
}

test('a valid citation is rendered in the one citation form with a link we compute', () => {
  const v = validatePage('Costs are summed here [src/core/cost.ts:10-20].', ctx());
  assert.equal(v.markdown, 'Costs are summed here [src/core/cost.ts:10-20](../../../../src/core/cost.ts#L10-L20).');
  assert.deepEqual(v.citations, { total: 1, valid: 1, invalid: 0, repaired: 0, removed: 0 });
});

test('a model-written link on a citation is replaced by the right one', () => {
  const v = validatePage('See [src/core/plan.ts:1-3](https://evil.example/x#L1-L3).', ctx());
  assert.equal(v.markdown, 'See [src/core/plan.ts:1-3](../../../../src/core/plan.ts#L1-L3).');
});

test('out-of-range spans are clamped, reversed spans swapped, suffix paths completed — and listed', () => {
  const v = validatePage('A [src/core/plan.ts:10-99]. B [src/core/cost.ts:9-3]. C [cost.ts:2-4]. D [src/index.ts:L2].', ctx());
  assert.match(v.markdown, /\[src\/core\/plan\.ts:10-12\]\(\.\.\/\.\.\/\.\.\/\.\.\/src\/core\/plan\.ts#L10-L12\)/);
  assert.match(v.markdown, /\[src\/core\/cost\.ts:3-9\]/);
  assert.match(v.markdown, /C \[src\/core\/cost\.ts:2-4\]/);
  assert.match(v.markdown, /D \[src\/index\.ts:2\]\(\.\.\/\.\.\/\.\.\/\.\.\/src\/index\.ts#L2\)/);
  assert.deepEqual(v.citations, { total: 4, valid: 1, invalid: 3, repaired: 3, removed: 0 });
  assert.deepEqual(v.issues.map((i) => [i.problem, i.action]), [
    ['lineOutOfRange', 'repaired'],
    ['badSpan', 'repaired'],
    ['missingFile', 'repaired'],
  ]);
});

test('citations to missing files, lines past the end, absolute and ../ paths are removed and listed', () => {
  const md = 'Gone [src/nope.ts:1-2]. Past [src/index.ts:50-60]. Abs [/etc/passwd:1-2]. Up [../secret.ts:1-1] (see [C:/x.ts:1-2]).';
  const v = validatePage(md, ctx());
  assert.equal(v.markdown, 'Gone. Past. Abs. Up.');
  assert.equal(v.citations.removed, 5);
  assert.deepEqual(v.issues.map((i) => i.problem), ['missingFile', 'lineOutOfRange', 'missingFile', 'unsafePath', 'unsafePath']);
  assert.deepEqual(countInvalidCitations(v.markdown, files), { total: 0, invalid: 0 });
});

test('everything validatePage outputs passes the on-disk check', () => {
  const md = 'x [src/core/cost.ts:1-400] y [src/a.ts:1-2] z [plan.ts:12-12] [src/index.ts:0-3]';
  const v = validatePage(md, ctx());
  const check = countInvalidCitations(v.markdown, files);
  assert.equal(check.invalid, 0);
  assert.equal(check.total, 3);
});

test('code blocks and inline code are left untouched', () => {
  const md = 'Use `[src/nope.ts:1-2]` like this:\n\n```ts\nconst a = [src/nope.ts:1-2];\n<script>\n```\n';
  const v = validatePage(md, ctx());
  assert.equal(v.markdown, md);
  assert.equal(v.citations.total, 0);
});

test('links: pages and files resolve and are rewritten relative to the page; broken and dangerous links become text', () => {
  const md = [
    'See [plan](src/core/plan.ts) and [folder](src/core) and [the plan page](plan.ts.md) and [index](../../README.md).',
    'Also [web](https://example.com/a) and [cmd](command:workbench.action.reload) and [js](javascript:alert(1)) and [broken](src/missing.ts).',
    'And [escape](../../../../../etc/passwd) and [lines](src/core/plan.ts#L2-L4).',
  ].join('\n');
  const v = validatePage(md, ctx());
  assert.match(v.markdown, /\[plan\]\(\.\.\/\.\.\/\.\.\/\.\.\/src\/core\/plan\.ts\)/);
  assert.match(v.markdown, /\[folder\]\(README\.md\)/);
  assert.match(v.markdown, /\[the plan page\]\(plan\.ts\.md\)/);
  assert.match(v.markdown, /\[index\]\(\.\.\/\.\.\/README\.md\)/);
  assert.match(v.markdown, /\[web\]\(https:\/\/example\.com\/a\)/);
  assert.match(v.markdown, / cmd and js and broken\./);
  assert.match(v.markdown, /And escape and \[src\/core\/plan\.ts:2-4\]\(/);
  assert.equal(v.citations.total, 1);
});

test('raw HTML in prose is shown as text, never rendered', () => {
  const v = validatePage('Hi <script>alert(1)</script> <img src=x onerror=alert(1)> <details open onclick="x">more</details>\n\n<div>\nblock\n</div>', ctx());
  assert.equal(v.markdown, 'Hi &lt;script>alert(1)&lt;/script> &lt;img src=x onerror=alert(1)> &lt;details open onclick="x">more&lt;/details>\n\n&lt;div>\nblock\n&lt;/div>');
});

test('identifiers in inline code are checked case-sensitively; keywords and stdlib are ignored', () => {
  const v = validatePage('`estimateCost()` uses `CostLedger.record` and `Promise` with `console.log`, not `estimatecost` or `FakeThing` or `src/core/missing.ts`; see `src/core/plan.ts`. `a + b` is an expression.', ctx());
  assert.deepEqual(v.unresolvedIdentifiers, ['FakeThing', 'estimatecost', 'src/core/missing.ts']);
});

test('citation refs from structured output parse', () => {
  assert.deepEqual(parseCitationRef('src/a.ts:3-9'), { path: 'src/a.ts', startLine: 3, endLine: 9 });
  assert.deepEqual(parseCitationRef('src/a.ts:L7'), { path: 'src/a.ts', startLine: 7, endLine: 7 });
  assert.equal(parseCitationRef('no line'), undefined);
  assert.equal(findCitations('[a.ts:1-2](x) and `[b.ts:1-2]`').length, 1);
});

test('a one-line citation is written `file:16` with a `#L16` link, and that form is valid as written', () => {
  const v = validatePage('One [src/index.ts:3]. Same line twice [src/index.ts:4-4]. With L [src/index.ts:L5].', ctx());
  assert.equal(
    v.markdown,
    'One [src/index.ts:3](../../../../src/index.ts#L3). Same line twice [src/index.ts:4](../../../../src/index.ts#L4). With L [src/index.ts:5](../../../../src/index.ts#L5).',
  );
  const again = validatePage(v.markdown, ctx());
  assert.equal(again.markdown, v.markdown);
  assert.deepEqual(again.citations, { total: 3, valid: 3, invalid: 0, repaired: 0, removed: 0 });
  assert.deepEqual(countInvalidCitations(v.markdown, files), { total: 3, invalid: 0 });
});

test('a citation of a file whose name holds Markdown is escaped link text and still checked', () => {
  const odd = new Map([...files, ['src/c[d_x.ts', 4], ['src/tick`s.ts', 4]]);
  const page = { ...ctx(), files: odd };
  const v = validatePage('See [src/c\\[d\\_x.ts:1-2] and [src/tick\\`s.ts:2].', page);
  assert.deepEqual(v.citations, { total: 2, valid: 2, invalid: 0, repaired: 0, removed: 0 });
  assert.deepEqual(findCitations(v.markdown).map((c) => c.path), ['src/c[d_x.ts', 'src/tick`s.ts']);
  assert.deepEqual(countInvalidCitations(v.markdown, odd), { total: 2, invalid: 0 });
});

test('links that were already rewritten survive a second validation unchanged', () => {
  const md = 'See [plan](src/core/plan.ts), [folder](src/core), [web](https://example.com/a#b) and [anchor](#usage).';
  const once = validatePage(md, ctx());
  const twice = validatePage(once.markdown, ctx());
  assert.equal(twice.markdown, once.markdown);
  assert.deepEqual(twice.links, { total: 4, kept: 4, rewritten: 0, removed: 0 });
});

test('http:, mailto:, data: and protocol-relative links and remote images become text', () => {
  const v = validatePage('[h](http://example.com) [m](mailto:a@b.c) [d](data:text/html,x) [p](//evil.example) ![i](https://evil.example/p.png) <http://x.example>', ctx());
  assert.equal(v.markdown, 'h m d p i http://x.example');
  assert.equal(v.links.removed, 6);
});

test('with a citable restriction, a span is cut to the lines that may be cited and an unread span is removed', () => {
  const read = new Map([['src/core/cost.ts', [{ startLine: 10, endLine: 20 }]]]);
  const citable = (p: string, s: number, e: number): { startLine: number; endLine: number } | undefined => {
    for (const r of read.get(p) ?? []) {
      const startLine = Math.max(s, r.startLine);
      const endLine = Math.min(e, r.endLine);
      if (startLine <= endLine) return { startLine, endLine };
    }
    return undefined;
  };
  const v = validatePage('Read [src/core/cost.ts:12-14]. Half read [src/core/cost.ts:15-30]. Never read [src/core/plan.ts:1-3].', { ...ctx(), citable });
  assert.match(v.markdown, /Read \[src\/core\/cost\.ts:12-14\]/);
  assert.match(v.markdown, /Half read \[src\/core\/cost\.ts:15-20\]/);
  assert.doesNotMatch(v.markdown, /plan\.ts/);
  assert.deepEqual(v.citations, { total: 3, valid: 1, invalid: 2, repaired: 1, removed: 1 });
  assert.deepEqual(v.issues.map((i) => [i.problem, i.action]), [
    ['notRead', 'repaired'],
    ['notRead', 'removed'],
  ]);
});
