/** The spend settings from several scopes; a workspace trying to raise them is in the hostile corpus. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { effectiveConfirmCostAbove, effectiveMaxCostPerRun } from '../../../src/core/cost/spendSettings';

describe('spend settings from a workspace', () => {
  it('the user’s own values count; without them, the defaults', () => {
    assert.equal(effectiveMaxCostPerRun({ defaultValue: 1, user: 3 }), 3);
    assert.equal(effectiveMaxCostPerRun({ defaultValue: 1 }), 1);
    assert.equal(effectiveConfirmCostAbove({ defaultValue: 0.05, user: 0.2 }), 0.2);
  });

  it('a workspace may lower the cap, also below a user’s "no cap"', () => {
    assert.equal(effectiveMaxCostPerRun({ defaultValue: 1, user: 2, workspace: 0.25 }), 0.25);
    assert.equal(effectiveMaxCostPerRun({ defaultValue: 1, user: 0, workspace: 5 }), 5);
    assert.equal(effectiveMaxCostPerRun({ defaultValue: 1, user: 0 }), 0);
  });

  it('a workspace may make Docsmith ask sooner, down to always asking', () => {
    assert.equal(effectiveConfirmCostAbove({ defaultValue: 0.05, user: 0.5, workspace: 0.01 }), 0.01);
    assert.equal(effectiveConfirmCostAbove({ defaultValue: 0.05, user: 0.5, workspace: 0 }), 0);
  });

  it('values that are not numbers of zero or more count as unset', () => {
    assert.equal(effectiveMaxCostPerRun({ defaultValue: 1, user: -3, workspace: 'lots' }), 1);
    assert.equal(effectiveConfirmCostAbove({ defaultValue: 0.05, user: Number.NaN, workspace: -1 }), 0.05);
  });
});
