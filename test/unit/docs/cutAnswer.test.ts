/** Reading answers cut off at the output limit: which finish reasons say so, and what of a cut answer is whole. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { answerCutOff, reachedOutputLimit, wholePartOfJson } from '../../../src/core/docs/cutAnswer';
import { parseBatchReply } from '../../../src/core/docs/batchPrompts';
import { readDocCommentAnswer } from '../../../src/core/docs/docComments/answerSchema';

test('length, max_tokens and a full context window are cut answers; stop, end_turn, tool calls and no reason are not', () => {
  for (const finishReason of ['length', 'max_tokens', 'model_context_window_exceeded']) assert.equal(answerCutOff({ finishReason }), true, finishReason);
  for (const finishReason of ['stop', 'end_turn', 'stop_sequence', 'tool_calls', 'tool_use', undefined]) assert.equal(answerCutOff({ finishReason }), false, String(finishReason));
});

test('without a finish reason, an answer within 2% of max_tokens is taken as cut', () => {
  assert.equal(reachedOutputLimit(4096, 4096), true);
  assert.equal(reachedOutputLimit(4020, 4096), true, 'counting the text again may come out a few tokens short');
  assert.equal(reachedOutputLimit(3900, 4096), false);
  assert.equal(reachedOutputLimit(0, 0), false);
});

test('the whole part of a cut JSON answer: the members or items that closed, never one cut mid-text', () => {
  const pages = '{"pages": [{"file": "a.ts", "summary": "A.", "markdown": "## A {x}"}, {"file": "b.ts", "summary": "B \\" }", "markdown": "## B"}, {"file": "c.ts", "summary": "C.", "markdown": "## C is cu';
  assert.deepEqual(wholePartOfJson(pages, 2), { pages: [{ file: 'a.ts', summary: 'A.', markdown: '## A {x}' }, { file: 'b.ts', summary: 'B " }', markdown: '## B' }] });
  assert.equal(wholePartOfJson('{"pages": [{"file": "a.ts", "summ', 2), undefined, 'nothing whole arrived');
  assert.deepEqual(wholePartOfJson('{"a": {"summary": "A", "params": {"x": "X"}}, "b": {"summary": "B", "params": {"y": "Y', 1), { a: { summary: 'A', params: { x: 'X' } } });
  assert.deepEqual(wholePartOfJson('text {"a": [1, 2]} more', 1), { a: [1, 2] }, 'a whole answer is simply read');
});

test('a cut batch answer gives the pages another section follows, or the page objects that closed; the others say where the cut fell', () => {
  const paths = ['src/a.ts', 'src/b.ts', 'src/c.ts', 'src/d.ts'];
  const marked = ['=== FILE src/a.ts', 'Summary: A.', '', '## A', '=== FILE src/b.ts', 'Summary: B.', '', '## B', '=== FILE src/c.ts', 'Summary: C.', '', '## C is cu'].join('\n');
  const cut = parseBatchReply(marked, paths, 'file', true);
  assert.deepEqual([...cut].filter(([, got]) => 'reply' in got).map(([p]) => p), ['src/a.ts', 'src/b.ts']);
  assert.match(String((cut.get('src/c.ts') as { error: Error }).error.message), /cut off at the output limit in the middle of the page for src\/c\.ts/);
  assert.match(String((cut.get('src/d.ts') as { error: Error }).error.message), /cut off at the output limit before the page for src\/d\.ts/);
  // The same text not cut: the third section is a page like the others.
  assert.ok('reply' in parseBatchReply(marked, paths).get('src/c.ts')!);

  const json = JSON.stringify({ pages: paths.slice(0, 3).map((file) => ({ file, summary: `${file}.`, markdown: `## ${file} in full` })) });
  const jsonCut = parseBatchReply(json.slice(0, json.lastIndexOf('in full')), paths, 'file', true);
  assert.deepEqual([...jsonCut].filter(([, got]) => 'reply' in got).map(([p]) => p), ['src/a.ts', 'src/b.ts']);
  const folders = parseBatchReply('{"pages": [{"folder": "src/x/", "summary": "X.", "markdown": "## X"}, {"folder": "src/y/", "summ', ['src/x', 'src/y'], 'folder', true);
  assert.ok('reply' in folders.get('src/x')! && !('reply' in folders.get('src/y')!));
});

test('a cut doc-comment answer keeps the symbols whose entries closed; the rest are to be asked again', () => {
  const targets = [
    { key: 'add', params: ['a'], needsReturns: false },
    { key: 'sub', params: ['b'], needsReturns: false },
  ] as unknown as Parameters<typeof readDocCommentAnswer>[1];
  const answer = readDocCommentAnswer('```json\n{"add": {"summary": "Adds.", "params": {"a": "A number."}}, "sub": {"summary": "Subtra', targets);
  assert.deepEqual(Object.keys(answer.descriptions), ['add']);
  assert.deepEqual(answer.malformed, ['sub']);
});
