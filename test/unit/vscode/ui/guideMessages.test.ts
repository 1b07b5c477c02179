import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { guideOutcomeMessage, guideProgressMessage } from '../../../../src/vscode/ui/guideMessages';
import type { GuideResult } from '../../../../src/core/guide/guideWriter';

const base = {
  topic: 'q', title: 'T', pagePath: 'guides/q.md', absolutePath: '/w/docs/generated/guides/q.md',
  citations: { total: 4, valid: 3, invalid: 1, repaired: 0, removed: 1 }, sources: [{ path: 'a.ts', startLine: 1, endLine: 9 }],
  toolCalls: { total: 7, rejected: 1, byTool: {} }, rounds: 3,
  phases: { exploration: { requests: 3, promptTokens: 0, completionTokens: 0, tokens: 0, costUsd: 0 }, outline: { requests: 1, promptTokens: 0, completionTokens: 0, tokens: 0, costUsd: 0 }, sections: { requests: 2, promptTokens: 0, completionTokens: 0, tokens: 0, costUsd: 0 } },
  requests: 6, tokens: { prompt: 0, completion: 0, total: 0 }, costUsd: 0.0123, provider: 'openrouter', model: 'm', notes: [], durationMs: 1,
} satisfies Omit<GuideResult, 'status'>;

test('the progress line names the round, the tool call (refused ones too) and the cost so far', () => {
  assert.equal(guideProgressMessage({ phase: 'exploration', round: 2, maxRounds: 12, requests: 1, costUsd: 0.0012 }), 'exploring (round 2/12) · $0.0012');
  assert.equal(
    guideProgressMessage({ phase: 'exploration', round: 2, maxRounds: 12, toolCall: { round: 2, name: 'read_file', label: 'read_file .env', isError: true }, requests: 1, costUsd: 0.0012 }),
    'exploring (round 2/12): read_file .env — refused · $0.0012',
  );
  assert.equal(guideProgressMessage({ phase: 'sections', sectionsDone: 1, sectionsTotal: 3, requests: 5, costUsd: 0.002 }), 'writing sections 1/3 · $0.0020');
  assert.equal(guideProgressMessage({ phase: 'done', requests: 5, costUsd: 0 }), undefined);
});

test('each way a guide ends reads differently, with its cost; unknown cost is not $0', () => {
  assert.equal(guideOutcomeMessage({ ...base, status: 'written' }).message, 'Docsmith saved guides/q.md (7 tool calls, 1 ranges read, 6 requests, $0.0123).');
  assert.match(guideOutcomeMessage({ ...base, status: 'unchanged' }).message, /up to date — nothing it read has changed, no request made/);
  assert.equal(guideOutcomeMessage({ ...base, status: 'stoppedByCap', costUsd: undefined }).severity, 'warning');
  assert.match(guideOutcomeMessage({ ...base, status: 'stoppedByCap', costUsd: undefined }).message, /\$\?\)/);
  assert.match(guideOutcomeMessage({ ...base, status: 'cancelled' }).message, /nothing was saved/);
  assert.equal(guideOutcomeMessage({ ...base, status: 'failed', error: { reason: 'serverError', message: 'boom' } }).severity, 'error');
});
