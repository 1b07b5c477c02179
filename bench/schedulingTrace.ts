/**
 * Where one scheduling run's wall time went, along the path that decided it: walked back from the
 * last page written, each step is a page, the request that answered it, and the page that request
 * waited for last. The steps add up to the wall time exactly:
 *   before the first request (lock, scan, parse, plan, prompts and estimate)
 *   + the first request on the path sent after the run's first request
 *   + per request on the path: ready → sent (waiting for a slot or the event loop), the server's
 *     service time, the client's time beyond it (connection, SSE parsing), answer → page written
 *     (validation, write, manifest)
 *   + the last page written → the run's end (tidy-up, run record, summary).
 */
import { ARCHITECTURE_PAGE, OVERVIEW_PAGE } from '../src/core/docs/pagePaths';
import { pagesOf, type PlanPages, type SchedulingBound } from './schedulingBound';
import type { TimedDocRunResult } from './timedDocRun';
import { formatMs } from './timing';

export interface TraceStep {
  /** Phase and subject of the request. */
  request: string;
  /** Its last prerequisite page written → it was sent, ms (from the first request when it had none). */
  readyToSentMs: number;
  serviceMs: number;
  /** Engine-side duration beyond the server's service time, ms. */
  clientMs: number;
  /** Its answer → its page on the path written, ms. */
  answerToWrittenMs: number;
}

export interface RunTrace {
  /** Run start → first request sent, split by the progress reports. */
  beforeFirstMs: number;
  phasesMs: { name: string; ms: number }[];
  /** The requests on the path, first to last. */
  steps: TraceStep[];
  /** Last page written → run end, ms. */
  tailMs: number;
}

export function traceRun(run: TimedDocRunResult, bound: SchedulingBound, plan: PlanPages): RunTrace {
  const t0 = run.startedMs;
  const reqs = run.requests;
  const firstSent = reqs.length > 0 ? Math.min(...reqs.map((r) => r.startMs)) : t0 + run.wallMs;
  const phaseAt = (phase: string): number | undefined => run.progress.find((p) => p.phase === phase && p.page === undefined)?.atMs;
  // 'scan' and 'parse' are reported as those phases start; 'plan' once the pages are planned and
  // checked, as the prompts are built.
  const marks: { name: string; at: number }[] = [{ name: 'lock', at: t0 }];
  for (const [phase, name] of [['scan', 'scan'], ['parse', 'parse and plan'], ['plan', 'prompts, batches and estimate']] as const) {
    const at = phaseAt(phase);
    if (at !== undefined && at <= firstSent) marks.push({ name, at });
  }
  const phasesMs = marks.map((m, i) => ({ name: m.name, ms: (marks[i + 1]?.at ?? firstSent) - m.at }));

  const written = new Map<string, number>();
  for (const p of run.progress) if (p.page !== undefined) written.set(p.page, p.atMs);
  const answeredBy = new Map<string, number[]>();
  reqs.forEach((r, i) => {
    for (const page of pagesOf(r, plan)) answeredBy.set(page, [...(answeredBy.get(page) ?? []), i]);
  });

  const steps: TraceStep[] = [];
  let page = [...written].sort((a, b) => b[1] - a[1])[0]?.[0];
  const tailMs = page === undefined ? run.wallMs : t0 + run.wallMs - written.get(page)!;
  const seen = new Set<number>();
  while (page !== undefined) {
    const doneAt = written.get(page)!;
    // The overview's page waits for the architecture page's too.
    if (page === OVERVIEW_PAGE && (written.get(ARCHITECTURE_PAGE) ?? 0) > Math.max(...(answeredBy.get(page) ?? []).map((i) => reqs[i].endMs))) {
      page = ARCHITECTURE_PAGE;
      continue;
    }
    const candidates = (answeredBy.get(page) ?? []).filter((i) => reqs[i].endMs <= doneAt && !seen.has(i));
    if (candidates.length === 0) break;
    const r = candidates.reduce((a, b) => (reqs[b].endMs > reqs[a].endMs ? b : a));
    seen.add(r);
    const prereqs = pagesOf(reqs[r], plan).flatMap((p) => plan.byPath.get(p)?.prerequisites ?? []).filter((p) => written.has(p) && written.get(p)! <= reqs[r].startMs);
    const last = prereqs.sort((a, b) => written.get(b)! - written.get(a)!)[0];
    const readyAt = last === undefined ? firstSent : written.get(last)!;
    steps.unshift({
      request: `${reqs[r].phase ?? '?'} ${reqs[r].subject ?? ''}`.trim(),
      readyToSentMs: reqs[r].startMs - readyAt,
      serviceMs: bound.serviceMs[r],
      clientMs: reqs[r].endMs - reqs[r].startMs - bound.serviceMs[r],
      answerToWrittenMs: doneAt - reqs[r].endMs,
    });
    page = last;
  }
  return { beforeFirstMs: firstSent - t0, phasesMs, steps, tailMs };
}

/** One line for the bench log and notes: where the run's wall time went along its deciding path. */
export function describeTrace(t: RunTrace): string {
  const sum = (f: (s: TraceStep) => number): number => t.steps.reduce((n, s) => n + f(s), 0);
  const steps = t.steps.map(
    (s) => `${s.request} (ready → sent ${formatMs(s.readyToSentMs)}, server ${formatMs(s.serviceMs)}, client +${formatMs(s.clientMs)}, written +${formatMs(s.answerToWrittenMs)})`,
  );
  return (
    `first request at ${formatMs(t.beforeFirstMs)} (${t.phasesMs.map((p) => `${p.name} ${formatMs(p.ms)}`).join(', ')}); ` +
    `deciding path: server ${formatMs(sum((s) => s.serviceMs))}, waiting to be sent ${formatMs(sum((s) => s.readyToSentMs))}, client ${formatMs(sum((s) => s.clientMs))}, ` +
    `answer → page written ${formatMs(sum((s) => s.answerToWrittenMs))}, after the last page ${formatMs(t.tailMs)}: ${steps.join(' → ')}`
  );
}
