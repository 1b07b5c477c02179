/**
 * The hostile corpus: crafted workspaces, manifests and model answers that attack Docsmith, one
 * test per attack. A test file declares its cases with {@link hostileCorpus}; each case says what
 * it attacks and what must hold, and `npm run test:reliability` lists every case with its outcome
 * in RELIABILITY.md.
 *
 *     const hostileTest = hostileCorpus(__filename, 'file system');
 *     hostileTest({ attack: 'output folder is a symlink out of the workspace', holds: 'the run is refused' }, async () => { … });
 */
import { test, type TestContext } from 'node:test';
import * as path from 'node:path';
import { recordResult } from './reliabilityResults';

export interface HostileCase {
  /** The attack, short: "`docs/generated/h` links to a folder outside, manifest claims `h/.profile`". */
  attack: string;
  /** What must hold after it: "nothing outside the output folder is deleted". */
  holds: string;
}

export type HostileTest = (c: HostileCase, fn: (t: TestContext) => void | Promise<void>) => void;

/** A `test()` for the cases of one file; `file` is the caller's `__filename`, `area` the defence it checks. */
export function hostileCorpus(file: string, area: string): HostileTest {
  const source = path.basename(file).replace(/\.js$/, '.ts');
  return (c, fn) => {
    test(`${c.attack}: ${c.holds}`, async (t) => {
      const started = performance.now();
      let outcome: 'passed' | 'failed' = 'failed';
      try {
        await fn(t);
        outcome = 'passed';
      } finally {
        recordResult({ kind: 'hostile', outcome: { area, attack: c.attack, holds: c.holds, file: source, outcome, durationMs: Math.round(performance.now() - started) } });
      }
    });
  };
}
