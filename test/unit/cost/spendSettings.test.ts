import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { effectiveConfirmCostAbove, effectiveMaxCostPerRun } from '../../../src/core/cost/spendSettings';

describe('spend settings from a workspace', () => {
  it('a workspace cannot raise the cost cap above the user’s own, nor lift it with 0 (no cap)', () => {
    assert.equal(effectiveMaxCostPerRun({ defaultValue: 1, user: 2, workspace: 500 }), 2);
    assert.equal(effectiveMaxCostPerRun({ defaultValue: 1, workspace: 500 }), 1, 'the default is the user’s cap when they set none');
    assert.equal(effectiveMaxCostPerRun({ defaultValue: 1, user: 2, workspace: 0 }), 2);
  });

  it('a workspace may lower the cap, also below a user’s "no cap"', () => {
    assert.equal(effectiveMaxCostPerRun({ defaultValue: 1, user: 2, workspace: 0.25 }), 0.25);
    assert.equal(effectiveMaxCostPerRun({ defaultValue: 1, user: 0, workspace: 5 }), 5);
    assert.equal(effectiveMaxCostPerRun({ defaultValue: 1, user: 0 }), 0);
  });

  it('a workspace may make Docsmith ask sooner, never later', () => {
    assert.equal(effectiveConfirmCostAbove({ defaultValue: 0.05, workspace: 1000 }), 0.05);
    assert.equal(effectiveConfirmCostAbove({ defaultValue: 0.05, user: 0.5, workspace: 0.01 }), 0.01);
    assert.equal(effectiveConfirmCostAbove({ defaultValue: 0.05, user: 0.5, workspace: 0 }), 0);
  });

  it('values that are not numbers of zero or more count as unset', () => {
    assert.equal(effectiveMaxCostPerRun({ defaultValue: 1, user: -3, workspace: 'lots' }), 1);
    assert.equal(effectiveConfirmCostAbove({ defaultValue: 0.05, user: Number.NaN, workspace: -1 }), 0.05);
  });
});
