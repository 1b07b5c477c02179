import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { codeSpan, escapeControlCharacters, escapeMarkdownText, plainSummary } from '../../../src/core/docs/markdownEscape';
import { markdownParser } from '../../../src/core/docs/markdownSource';
import { findActiveContent } from '../../../src/core/docs/activeContent';
import { seededRandom } from '../../fixtures/badInput/seededRandom';

/** Names built from the characters that mean something in Markdown. */
function names(seed: number, count: number): string[] {
  const rng = seededRandom(seed);
  const pieces = ['`', '``', '```', ' ', '<', '>', '[', ']', '(', ')', '*', '_', '\\', '#', '-', '1.', '!', '&', '&lt;', '|', '~', '$', ':', 'a', 'b_c', 'img src=x onerror=alert(1)', 'command:foo', '\n', '\t', '\u001b[2J', '\u202e', 'é'];
  return Array.from({ length: count }, () => {
    let s = '';
    const n = rng.int(1, 8);
    for (let i = 0; i < n; i++) s += rng.pick(pieces);
    return s;
  });
}

function inlineChildren(markdown: string): { type: string; content: string }[] {
  const tokens = markdownParser('standard').parse(markdown, {});
  return tokens.filter((t) => t.type === 'inline').flatMap((t) => t.children ?? []);
}

test('a code span holds any name exactly: 2,000 names made of Markdown punctuation, backticks and control characters', () => {
  for (const name of names(11, 2000)) {
    const children = inlineChildren(`- ${codeSpan(name)} — function`);
    const code = children.filter((c) => c.type === 'code_inline');
    assert.equal(code.length, 1, JSON.stringify(name));
    assert.equal(code[0].content, escapeControlCharacters(name), JSON.stringify(name));
  }
});

test('escaped text reads as itself in link text, a list item opening and a heading', () => {
  for (const name of names(12, 2000)) {
    const shown = escapeControlCharacters(name);
    const link = inlineChildren(`see [${escapeMarkdownText(name)}](x.md)`);
    assert.deepEqual(link.map((c) => c.type), ['text', 'link_open', 'text', 'link_close'], JSON.stringify(name));
    assert.equal(link[2].content, shown, JSON.stringify(name));
    const item = markdownParser('standard').parse(`- ${escapeMarkdownText(name, { lineStart: true })} — not documented`, {});
    assert.deepEqual(item.map((t) => t.type), ['bullet_list_open', 'list_item_open', 'paragraph_open', 'inline', 'paragraph_close', 'list_item_close', 'bullet_list_close'], JSON.stringify(name));
    assert.equal(item[3].children!.map((c) => c.content).join(''), `${shown} — not documented`, JSON.stringify(name));
    const heading = markdownParser('standard').parse(`# ${escapeMarkdownText(name, { heading: true })}`, {});
    assert.equal(heading[0].type, 'heading_open', JSON.stringify(name));
    assert.equal(heading[1].children!.map((c) => c.content).join(''), shown.trim(), JSON.stringify(name));
  }
});

test('an underscore inside a word is left as it is; one at a word edge is escaped', () => {
  assert.equal(escapeMarkdownText('decode_param'), 'decode_param');
  assert.equal(escapeMarkdownText('__init__.py'), '\\_\\_init\\_\\_.py');
});

test('a summary is plain inline text: code spans kept, everything else inert, idempotent', () => {
  const hostile = [
    'Uses `decode_param` and **bold** [a link](command:x) ![img](https://evil.example/i.png) <img src=x onerror=alert(1)> [src/a.ts:1-2]',
    '[x][r1] and <https://example.com> and &lt;b&gt; \\* done',
    '# not a heading',
  ];
  for (const s of hostile) {
    const plain = plainSummary(s);
    assert.deepEqual(findActiveContent(`> ${plain}`), [], plain);
    assert.deepEqual(inlineChildren(plain).filter((c) => !['text', 'code_inline'].includes(c.type)), [], plain);
    assert.equal(plainSummary(plain), plain);
  }
  assert.equal(plainSummary(hostile[0]), 'Uses `decode_param` and bold a link img \\<img src=x onerror=alert(1)>');
  assert.equal(plainSummary('x'.repeat(700)).length, 600);
  assert.equal(plainSummary(plainSummary('word '.repeat(200))), plainSummary('word '.repeat(200)));
});
