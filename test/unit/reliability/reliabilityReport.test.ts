/** The hostile corpus's part of RELIABILITY.md: every recorded case listed with its outcome. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderHostileCorpus } from './reliabilityReport';
import type { HostileOutcome } from './reliabilityResults';

const held: HostileOutcome = { area: 'file system', attack: 'output folder `a|b` is a symlink', holds: 'the run is refused', file: 'x.test.ts', outcome: 'passed', durationMs: 3 };

test('each recorded case is a row; a failed case says FAILED and the count says so', () => {
  const lines = renderHostileCorpus([held, { ...held, attack: 'second', outcome: 'failed' }]);
  assert.match(lines[0], /^2 attacks, 1 held, 1 failed\./);
  const rows = lines.filter((l) => l.startsWith('| file system'));
  assert.equal(rows.length, 2);
  assert.match(rows[0], /\| output folder `a\\\|b` is a symlink \| the run is refused \| held \|/, 'a pipe in a cell is escaped');
  assert.match(rows[1], /\| \*\*FAILED\*\* \|/);
});

test('a run that recorded no case says so instead of an empty table', () => {
  assert.deepEqual(renderHostileCorpus([]), ['No hostile case was recorded in this run.']);
});
