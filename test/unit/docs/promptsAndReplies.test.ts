import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { EmptyReplyError, parsePageReply } from '../../../src/core/docs/modelReply';
import { filePrompt, numberLines, numberSourceLines, splitLines, symbolOutline } from '../../../src/core/docs/prompts';
import { splitIntoParts } from '../../../src/core/docs/largeFileParts';
import type { SourceSymbol } from '../../../src/core/docs/types';

function sym(name: string, startLine: number, endLine: number, extra: Partial<SourceSymbol> = {}): SourceSymbol {
  return { name, kind: 'function', startLine, endLine, exported: true, parameters: [], ...extra };
}

test('source lines are numbered from the given first line; a final newline adds no line', () => {
  assert.equal(numberLines('a\nb\n'), '1|a\n2|b');
  assert.equal(numberLines('x\r\ny', 41), '41|x\n42|y');
  assert.equal(numberSourceLines('a\nb\n'), '1 a\n2 b');
  assert.equal(numberSourceLines('x\r\ny', 41), '41 x\n42 y');
  assert.equal(numberSourceLines('a\n\n  \n  b\n\tc'), '1 a\n\n\n4  b\n5\tc', 'blank lines stay empty and are counted; an indented line follows its number directly');
  assert.deepEqual(splitLines('a\n\nb\n'), ['a', '', 'b']);
});

test('numbering costs one token a line: the number runs into the indentation of a doc comment or a tab', async () => {
  const { countTokens } = await import('gpt-tokenizer/encoding/o200k_base');
  const source = ['/**', ' * Adds two numbers.', ' */', 'func add(a, b int) int {', '\tif a == 0 {', '\t\treturn b', '\t}', '\treturn a + b', '}'].join('\n');
  const spaced = source.split('\n').map((l, i) => `${i + 1} ${l}`).join('\n');
  const cost = (numbered: string): number => countTokens(numbered) - countTokens(source);
  assert.equal(cost(numberSourceLines(source)), 9, 'one token a line');
  assert.ok(cost(spaced) > 6, `a space between the number and the indentation costs more: ${cost(spaced)}`);
});

test('a file prompt holds the file once, numbered, with the imported names', () => {
  const text = 'export function add(a, b) {\n  return a + b;\n}\n';
  const messages = filePrompt(
    {
      path: 'src/add.ts',
      language: 'typescript',
      lineCount: 3,
      text,
      firstLine: 1,
      symbols: [sym('add', 1, 3, { parameters: [{ name: 'a' }, { name: 'b' }] })],
      imports: [{ path: 'src/num.ts', exports: ['Num (type)'] }],
    },
    { structured: false },
  );
  const user = messages[1].content;
  assert.equal(user.split('return a + b;').length, 2, 'the source appears exactly once');
  assert.match(user, /^2 {2}return a \+ b;$/m);
  assert.match(user, /- src\/num\.ts: Num \(type\)/);
  assert.match(messages[0].content, /\[path:START-END\]/);
  assert.match(messages[0].content, /Summary: /);
  assert.match(filePrompt({ path: 'a', language: 't', lineCount: 1, text: 'x', firstLine: 1, symbols: [], imports: [] }, { structured: true })[0].content, /JSON/);
});

test('the outline lists methods under their class and caps its length', () => {
  const outline = symbolOutline([sym('Cart', 1, 9, { kind: 'class' }), sym('add', 2, 4, { kind: 'method', container: 'Cart', exported: false })]);
  assert.equal(outline, '- class Cart (lines 1-9, exported)\n  - method add() (lines 2-4)');
  assert.match(symbolOutline(Array.from({ length: 5 }, (_, i) => sym(`f${i}`, i + 1, i + 1)), 3), /… and 2 more/);
});

test('replies: JSON, fenced JSON, JSON with chatter, Summary line, plain Markdown', () => {
  assert.deepEqual(parsePageReply('{"summary":"S","markdown":"## A\\nbody"}'), { summary: 'S', markdown: '## A\nbody' });
  assert.deepEqual(parsePageReply('```json\n{"summary":"S","markdown":"body"}\n```'), { summary: 'S', markdown: 'body' });
  assert.deepEqual(parsePageReply('Here you go: {"summary":"S","markdown":"body"} hope it helps'), { summary: 'S', markdown: 'body' });
  assert.deepEqual(parsePageReply('Summary: Does X.\n\n# Title\n\n## Part\ntext'), { summary: 'Does X.', markdown: '## Part\ntext' });
  assert.deepEqual(parsePageReply('<think>hmm</think>\n# Title\n\nFirst para **bold**.\n\n## More'), { summary: 'First para bold.', markdown: 'First para **bold**.\n\n## More' });
  assert.deepEqual(parsePageReply('```markdown\n## Only\ntext\n```'), { summary: 'text', markdown: '## Only\ntext' });
  assert.throws(() => parsePageReply('   '), EmptyReplyError);
  assert.throws(() => parsePageReply('<think>only thinking</think>'), EmptyReplyError);
});

test('large files split into consecutive parts that cover every line once, cut before symbols', () => {
  const lines = Array.from({ length: 1000 }, (_, i) => `line ${i + 1} ${'x'.repeat(40)}`);
  const symbols = Array.from({ length: 20 }, (_, i) => sym(`f${i}`, i * 50 + 1, i * 50 + 50));
  const parts = splitIntoParts(lines, symbols, 10_000);
  assert.equal(parts[0].startLine, 1);
  assert.equal(parts[parts.length - 1].endLine, 1000);
  for (let i = 1; i < parts.length; i++) assert.equal(parts[i].startLine, parts[i - 1].endLine + 1);
  for (const p of parts) {
    const bytes = lines.slice(p.startLine - 1, p.endLine).reduce((n, l) => n + l.length + 1, 0);
    assert.ok(bytes <= 10_000, `part ${p.startLine}-${p.endLine} has ${bytes} bytes`);
    if (p.endLine < 1000) assert.equal(p.endLine % 50, 0, `cut before a symbol at ${p.endLine + 1}`);
  }
  // a single line bigger than the budget still gets its own part
  assert.deepEqual(splitIntoParts(['y'.repeat(50), 'z'], [], 10), [{ startLine: 1, endLine: 1 }, { startLine: 2, endLine: 2 }]);
});

test('a summary taken from the first paragraph keeps underscores, code spans and what it says', () => {
  const reply = parsePageReply('## Purpose\n\nParses `decode_param` and calls handle_error on failure; see [the router](router.md).\n\nMore text.');
  assert.equal(reply.summary, 'Parses `decode_param` and calls handle_error on failure; see the router.');
  assert.equal(parsePageReply('Summary: Wraps decode_param for callers.\n\nBody.').summary, 'Wraps decode_param for callers.');
  assert.equal(parsePageReply('- a list first\n\n> a quote\n\nThen the prose: __init__ is `__init__`.').summary, 'Then the prose: init is `__init__`.', 'emphasis renders as text, code keeps its underscores');
});
