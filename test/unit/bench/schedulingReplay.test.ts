import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { replayMs } from '../../../bench/schedulingReplay';

describe('replayMs', () => {
  it('more long requests before one page than slots: one waits for another, above the work and chain bounds', () => {
    // Three requests of 1,000 ms, then one of 500 ms after all three, two slots:
    // bound max(3,500 / 2, 1,500) = 1,750 ms; the third long request starts at 1,000, so 2,500.
    assert.equal(replayMs([1000, 1000, 1000, 500], [[], [], [], [0, 1, 2]], 2), 2500);
    assert.equal(replayMs([1000, 1000, 1000, 500], [[], [], [], [0, 1, 2]], 3), 1500);
  });

  it('ranks by the chain of service times after a request: the chain goes first', () => {
    // One slot is all the work either way; with two, the 3 x 300 ms chain starts at once beside the 800 ms request.
    assert.equal(replayMs([800, 300, 300, 300], [[], [], [1], [2]], 1), 1700);
    assert.equal(replayMs([800, 300, 300, 300], [[], [], [1], [2]], 2), 900);
    // Listed after two short independent requests, the chain still goes first.
    assert.equal(replayMs([100, 100, 400, 400], [[], [], [], [2]], 2), 800);
  });
});
