import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { planDocs } from '../../../src/core/docs/plan';
import type { ImportGraph } from '../../../src/core/docs/importGraph';
import { planPages, schedulingBound } from '../../../bench/schedulingBound';
import type { TimedRequest } from '../../../bench/timedDocRun';

/** A plan of `files` without imports: file pages, their folders' pages, ARCHITECTURE.md and README.md. */
function planOf(files: string[]): ReturnType<typeof planPages> {
  const graph: ImportGraph = { nodes: [...files].sort(), edges: [], imports: new Map(files.map((f) => [f, []])) };
  return planPages(planDocs(graph).pages);
}

let clock = 0;
function request(phase: string, subject: string, files: string[], startMs: number, endMs: number): TimedRequest {
  clock++;
  return { startMs, endMs, promptText: '', phase, subject, files, ok: true, promptKey: `k${clock}` };
}

function timed(...pairs: [TimedRequest, number][]): { requests: TimedRequest[]; byPrompt: Map<string, number[]> } {
  return { requests: pairs.map(([r]) => r), byPrompt: new Map(pairs.map(([r, ms]) => [r.promptKey, [ms]])) };
}

describe('schedulingBound', () => {
  const plan = planOf(['src/a.ts', 'src/b.ts', 'src/c.ts', 'main.ts']);

  it('is the longest chain of dependent requests, weighted by the server’s service times, when that exceeds the work per slot', () => {
    // A batch of two files (1,000 ms) and a single file (500 ms), then the folder page of all three, then the overview.
    const { requests, byPrompt } = timed(
      [request('file', 'src/a.ts', ['src/a.ts', 'src/b.ts'], 0, 1100), 1000],
      [request('file', 'src/c.ts', ['src/c.ts'], 0, 600), 500],
      [request('file', 'main.ts', ['main.ts'], 0, 600), 500],
      [request('folder', 'src', ['src'], 1200, 1800), 500],
      [request('overview', 'README.md', [], 1900, 2500), 400],
      [request('architecture', 'ARCHITECTURE.md', [], 1900, 2500), 400],
    );
    const b = schedulingBound(requests, byPrompt, plan, 16);
    assert.equal(b.matched, 6);
    assert.equal(b.chainMs, 1000 + 500 + 400);
    assert.deepEqual(b.chain, ['file src/a.ts', 'folder src', 'overview README.md']);
    assert.equal(b.workMs, 3300 / 16);
    assert.equal(b.boundMs, b.chainMs);
  });

  it('is the work per slot when there are more requests than slots', () => {
    const { requests, byPrompt } = timed(
      [request('file', 'src/a.ts', ['src/a.ts'], 0, 600), 500],
      [request('file', 'src/b.ts', ['src/b.ts'], 600, 1200), 500],
      [request('file', 'src/c.ts', ['src/c.ts'], 1200, 1800), 500],
      [request('file', 'main.ts', ['main.ts'], 1800, 2400), 500],
    );
    const b = schedulingBound(requests, byPrompt, plan, 1);
    assert.equal(b.workMs, 2000);
    assert.equal(b.chainMs, 500);
    assert.equal(b.boundMs, 2000);
  });

  it('graph bound: a request waits for all its ancestors’ work spread over the slots, then its own chain follows', () => {
    // Three files of src (500 ms each), main.ts (500), then the src folder page (500), then the overview (400); two slots.
    const { requests, byPrompt } = timed(
      [request('file', 'src/a.ts', ['src/a.ts'], 0, 600), 500],
      [request('file', 'src/b.ts', ['src/b.ts'], 0, 600), 500],
      [request('file', 'src/c.ts', ['src/c.ts'], 600, 1200), 500],
      [request('file', 'main.ts', ['main.ts'], 600, 1200), 500],
      [request('folder', 'src', ['src'], 1200, 1800), 500],
      [request('overview', 'README.md', [], 1800, 2300), 400],
    );
    const b = schedulingBound(requests, byPrompt, plan, 2);
    assert.equal(b.workMs, 2900 / 2);
    assert.equal(b.chainMs, 500 + 500 + 400);
    // The folder page starts after 1,500 ms of file work on 2 slots (750 ms), then 500 + 400 ms.
    assert.equal(b.graphMs, 750 + 900);
  });

  it('chains a page asked again after an earlier request for it ended, and uses the engine’s own time for a request the server did not time', () => {
    const batch = request('file', 'src/a.ts', ['src/a.ts', 'src/b.ts'], 0, 1000);
    const again = request('file', 'src/b.ts', ['src/b.ts'], 1100, 1800);
    const b = schedulingBound([batch, again], new Map([[batch.promptKey, [900]]]), plan, 8);
    assert.equal(b.matched, 1);
    assert.equal(b.chainMs, 900 + 700);
  });
});
