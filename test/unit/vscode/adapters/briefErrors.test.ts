import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Logger } from '../../../../src/core/logger';
import { withoutStacks } from '../../../../src/vscode/adapters/briefErrors';

function recorder(): { log: Logger; lines: unknown[][] } {
  const lines: unknown[][] = [];
  const at = (level: string) => (...args: unknown[]) => void lines.push([level, ...args]);
  return { lines, log: { trace: at('trace'), debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') } };
}

test('errors reach the log as name and message; the stack only when tracing', () => {
  const error = new Error('nope/nothing is not a valid model ID');
  let tracing = false;
  const r = recorder();
  const log = withoutStacks(r.log, () => tracing);
  log.error(error);
  log.warn('Could not load the cost history', error);
  assert.deepEqual(r.lines, [
    ['error', 'Error: nope/nothing is not a valid model ID'],
    ['warn', 'Could not load the cost history', 'Error: nope/nothing is not a valid model ID'],
  ]);
  tracing = true;
  log.error(error);
  assert.equal(r.lines[2][1], error, 'at Trace the error goes through whole, stack and all');
});
