/**
 * One process of the run-lock race in hostileRunLock.test.ts. Reads commands on stdin, one per
 * line: `race <folder>` tries to take the run lock of that output folder and answers `won` or
 * `locked` (or `error <message>`); `release` releases a lock it holds and answers `released`.
 */
import * as readline from 'node:readline';
import { acquireRunLock, RunLockedError, type RunLock } from '../../../src/core/docs/runLock';

let held: RunLock | undefined;

async function handle(line: string): Promise<string> {
  if (line.startsWith('race ')) {
    try {
      held = await acquireRunLock(line.slice('race '.length));
      return 'won';
    } catch (error) {
      return error instanceof RunLockedError ? 'locked' : `error ${error instanceof Error ? error.message : String(error)}`;
    }
  }
  if (line === 'release') {
    await held?.release();
    held = undefined;
    return 'released';
  }
  return `error unknown command ${line}`;
}

const input = readline.createInterface({ input: process.stdin });
input.on('line', (line) => {
  void handle(line).then((answer) => process.stdout.write(`${answer}\n`));
});
process.stdout.write('ready\n');
