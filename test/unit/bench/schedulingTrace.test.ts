import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { planDocs } from '../../../src/core/docs/plan';
import type { ImportGraph } from '../../../src/core/docs/importGraph';
import { planPages, schedulingBound } from '../../../bench/schedulingBound';
import { traceRun } from '../../../bench/schedulingTrace';
import type { TimedDocRunResult, TimedProgress, TimedRequest } from '../../../bench/timedDocRun';

function planOf(files: string[]): ReturnType<typeof planPages> {
  const graph: ImportGraph = { nodes: [...files].sort(), edges: [], imports: new Map(files.map((f) => [f, []])) };
  return planPages(planDocs(graph).pages);
}

function request(phase: string, subject: string, files: string[], startMs: number, endMs: number): TimedRequest {
  return { startMs, endMs, promptText: '', phase, subject, files, ok: true, promptKey: `${phase} ${subject}` };
}

function runOf(startedMs: number, wallMs: number, requests: TimedRequest[], progress: TimedProgress[]): TimedDocRunResult {
  return { startedMs, wallMs, cpuMs: 0, firstRequestMs: 0, requestWindowMs: 0, requests, pagesPlanned: 0, pagesWritten: 0, failed: 0, peakInFlight: 0, progress, durations: { scanMs: 0, parseMs: 0, generateMs: 0, totalMs: 0 } };
}

describe('traceRun', () => {
  it('follows the requests that decided the end, and its parts add up to the wall time', () => {
    const plan = planOf(['src/a.ts', 'src/b.ts', 'main.ts']);
    // Run from 1,000 to 4,000. A batch of src's two files waits 100 ms for a slot, the folder page
    // is sent 30 ms after its last file page is written, the overview 20 ms after the folder page.
    const requests = [
      request('file', 'main.ts', ['main.ts'], 1200, 1700),
      request('file', 'src/a.ts', ['src/a.ts', 'src/b.ts'], 1300, 2300),
      request('folder', 'src', [], 2340, 2900),
      request('architecture', 'ARCHITECTURE.md', [], 2930, 3400),
      request('overview', 'README.md', [], 2930, 3500),
    ];
    const progress: TimedProgress[] = [
      { atMs: 1010, phase: 'scan' },
      { atMs: 1050, phase: 'parse' },
      { atMs: 1150, phase: 'plan' },
      { atMs: 1720, phase: 'generate', page: 'main.ts.md' },
      { atMs: 2305, phase: 'generate', page: 'src/a.ts.md' },
      { atMs: 2310, phase: 'generate', page: 'src/b.ts.md' },
      { atMs: 2910, phase: 'generate', page: 'src/README.md' },
      { atMs: 3410, phase: 'generate', page: 'ARCHITECTURE.md' },
      { atMs: 3520, phase: 'generate', page: 'README.md' },
    ];
    const run = runOf(1000, 3000, requests, progress);
    const byPrompt = new Map(requests.map((r) => [r.promptKey, [r.endMs - r.startMs - 10]]));
    const trace = traceRun(run, schedulingBound(requests, byPrompt, plan, 8), plan);

    assert.equal(trace.beforeFirstMs, 200);
    assert.deepEqual(trace.phasesMs, [
      { name: 'lock', ms: 10 },
      { name: 'scan', ms: 40 },
      { name: 'parse and plan', ms: 100 },
      { name: 'prompts, batches and estimate', ms: 50 },
    ]);
    assert.deepEqual(
      trace.steps.map((s) => [s.request, s.readyToSentMs, s.serviceMs, s.clientMs, s.answerToWrittenMs]),
      [
        ['file src/a.ts', 100, 990, 10, 10],
        ['folder src', 30, 550, 10, 10],
        ['overview README.md', 20, 560, 10, 20],
      ],
    );
    assert.equal(trace.tailMs, 480);
    const sum = trace.beforeFirstMs + trace.tailMs + trace.steps.reduce((n, s) => n + s.readyToSentMs + s.serviceMs + s.clientMs + s.answerToWrittenMs, 0);
    assert.equal(sum, run.wallMs);
  });
});
