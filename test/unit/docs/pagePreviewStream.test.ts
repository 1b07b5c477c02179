import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pagePreviewStream } from '../../../src/core/docs/pagePreviewStream';

/** Feeds `answer` to a fresh sink in chunks of `size` characters; returns what the preview shows. */
function preview(answers: string[], size: number): string {
  let shown = '';
  const nextAnswer = pagePreviewStream((text) => (shown += text));
  for (const answer of answers) {
    const sink = nextAnswer();
    for (let i = 0; i < answer.length; i += size) sink(answer.slice(i, i + size));
  }
  return shown;
}

test('the Summary line and the blank lines after it never reach the preview, however the stream is cut', () => {
  for (const size of [1, 3, 7, 1000]) {
    assert.equal(preview(['Summary: Parses the config.\n\n## Purpose\n\nText.'], size), '## Purpose\n\nText.', `chunks of ${size}`);
    assert.equal(preview(['**Summary**: bold.\n## A'], size), '## A', `chunks of ${size}`);
  }
});

test('an answer without a Summary line is shown whole; a line that only starts like one is kept', () => {
  assert.equal(preview(['## Purpose\nText.'], 2), '## Purpose\nText.');
  assert.equal(preview(['Summaries of the data are kept here.\nMore.'], 4), 'Summaries of the data are kept here.\nMore.');
});

test('answers of a file in parts are separated by a blank line', () => {
  assert.equal(preview(['Summary: a.\n\nPart one.', 'Summary: b.\n\nPart two.'], 5), 'Part one.\n\nPart two.');
});
