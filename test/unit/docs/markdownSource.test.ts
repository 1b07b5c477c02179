import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { markdownParser, readMarkdown, readMarkdownCode } from '../../../src/core/docs/markdownSource';
import { seededRandom, type SeededRandom } from '../../fixtures/badInput/seededRandom';

test('positions of links, code spans, HTML and definitions, in every container CommonMark has', () => {
  const md = [
    '> quote [a](b) and `code`',
    '> more <img src=x onerror=alert(1)> end',
    '',
    '- item [c](d)',
    '  - nested `x` [e][r]',
    '',
    '1. # heading [f](g) #',
    '',
    '| h | i |',
    '|---|---|',
    '| `x\\|y` [j](k) | <b>z</b> |',
    '',
    'Setext [l](m)',
    '===',
    '',
    '\t- tab `t`',
    '',
    '[r]: command:x',
  ].join('\n');
  const s = readMarkdown(md);
  const slice = (r: { start: number; end: number }): string => s.text.slice(r.start, r.end);
  assert.deepEqual(s.links.map(slice), ['[a](b)', '[c](d)', '[e][r]', '[f](g)', '[j](k)', '[l](m)']);
  assert.deepEqual(s.links.map((l) => l.href), ['b', 'd', 'command:x', 'g', 'k', 'm']);
  assert.deepEqual(s.links.map((l) => slice(l.label!)), ['a', 'c', 'e', 'f', 'j', 'l']);
  assert.deepEqual(s.codeSpans.map(slice), ['`code`', '`x`', '`x\\|y`']);
  assert.deepEqual(s.inlineHtml.map(slice), ['<img src=x onerror=alert(1)>', '<b>', '</b>']);
  assert.deepEqual(s.codeBlocks.map(slice), ['\t- tab `t`']);
  assert.deepEqual(s.definitions.map((d) => s.text.slice(d, d + 4)), ['[r]:']);
  assert.deepEqual(s.unmapped, []);
});

test('what CommonMark says is code, and only that: an escaped backtick, a span across a blank line, a backtick in a fence info string', () => {
  const s = readMarkdown('Escaped \\` then <img src=a> and `span`.\n\nCode `span\n\nacross` <img src=b>\n\n```js`\n<img src=c>\n```\n');
  assert.deepEqual(s.inlineHtml.map((r) => s.text.slice(r.start, r.end)), ['<img src=a>', '<img src=b>', '<img src=c>']);
  assert.deepEqual(s.codeSpans.map((r) => r.content), ['span']);
});

/** Up to `maxLines` lines, each a random line start followed by 1-5 random inline pieces, some blank lines between, and a reference definition `r` at the end. */
function randomDocument(rng: SeededRandom, maxLines: number, starts: readonly string[], inline: readonly string[]): string {
  const lines: string[] = [];
  for (let i = rng.int(1, maxLines); i > 0; i--) {
    let line = rng.pick(starts);
    for (let j = rng.int(1, 5); j > 0; j--) line += `${rng.pick(inline)} `;
    lines.push(line);
    if (rng.chance(0.3)) lines.push('');
  }
  lines.push('', '[r]: s.md');
  return lines.join('\n');
}

test('on 500 random documents, every recorded span reads back as the same construct on its own', () => {
  const rng = seededRandom(21);
  const inline = ['[a](b.md)', '`c d`', '``e`f``', '<i>', '<https://x.example>', '![g](h.png)', 'text', '\\`', '*em*', '[k][r]', '[`l`](command:m)', '[[n](o)](p)'];
  const prefixes = ['', '> ', '- ', '  - ', '1. ', '> - ', '# ', '\t', '   '];
  for (let n = 0; n < 500; n++) {
    const s = readMarkdown(randomDocument(rng, 8, prefixes, inline));
    const env = { references: { R: { href: 's.md', title: '' } } };
    for (const l of s.links) {
      const alone = markdownParser('permissive').parseInline(s.text.slice(l.start, l.end), env)[0].children!;
      const first = alone[0];
      assert.ok(first.type === 'link_open' || first.type === 'image', `${JSON.stringify(s.text.slice(l.start, l.end))} in ${JSON.stringify(s.text)}`);
      assert.equal(String(first.attrGet(first.type === 'image' ? 'src' : 'href')), l.href);
    }
    for (const c of s.codeSpans) {
      const alone = markdownParser('permissive').parseInline(s.text.slice(c.start, c.end), {})[0].children!;
      assert.deepEqual(alone.map((t) => t.type), ['code_inline'], JSON.stringify(s.text.slice(c.start, c.end)));
      assert.equal(alone[0].content, c.content);
    }
    assert.deepEqual(s.unmapped, [], JSON.stringify(s.text));
  }
});

test('reading only the code gives the same tokens, code blocks and code spans as the full reading, on 300 random documents', () => {
  const rng = seededRandom(8);
  const inline = ['[a](b.md)', '`c d`', '``e`f``', '<i>', '<https://x.example>', '![g `h`](h.png)', 'text', '\\`', '[k][r]', '[`l`](command:m)', '[[n](o)](p)', '| `q\\|r` |'];
  const blocks = ['', '> ', '- ', '  - ', '1. ', '# ', '    ', '```\n`x` [y](z)\n```\n'];
  for (let n = 0; n < 300; n++) {
    const text = randomDocument(rng, 10, blocks, inline);
    const full = readMarkdown(text);
    const code = readMarkdownCode(text);
    assert.equal(code.text, full.text);
    assert.deepEqual(code.codeBlocks, full.codeBlocks, text);
    assert.deepEqual(code.codeSpans, full.codeSpans, text);
    assert.deepEqual(JSON.stringify(code.tokens), JSON.stringify(full.tokens), text);
  }
});
