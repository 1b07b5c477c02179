/**
 * The run's own requests replayed on a virtual clock with nothing but their service times: no
 * time before the first request, none between an answer and the request it lets go, at most
 * `concurrency` in flight, ranked as the scheduler ranks them once it knows the times (the longest
 * chain of service times after a request first; of equal chains, the one with more requests).
 * Not a lower bound (a better order may exist), but it shows what the request set itself costs at
 * this concurrency: when the replay is well above the bound, the shape of the requests (how many
 * long ones must go before the same folder pages) rather than the run's overhead holds it back.
 */
export function replayMs(serviceMs: readonly number[], preds: readonly (readonly number[])[], concurrency: number): number {
  const n = serviceMs.length;
  const dependents: number[][] = serviceMs.map(() => []);
  preds.forEach((list, b) => list.forEach((a) => dependents[a].push(b)));
  const rank: number[] = new Array(n);
  const depth: number[] = new Array(n);
  const level = (i: number): void => {
    if (rank[i] !== undefined) return;
    dependents[i].forEach(level);
    rank[i] = serviceMs[i] + Math.max(0, ...dependents[i].map((d) => rank[d]));
    depth[i] = 1 + Math.max(0, ...dependents[i].map((d) => depth[d]));
  };
  for (let i = 0; i < n; i++) level(i);
  const waiting = preds.map((p) => p.length);
  const ready = serviceMs.map((_, i) => i).filter((i) => waiting[i] === 0);
  const running: { end: number; i: number }[] = [];
  let now = 0;
  let end = 0;
  for (;;) {
    ready.sort((a, b) => rank[b] - rank[a] || depth[b] - depth[a] || a - b);
    while (ready.length > 0 && running.length < Math.max(1, concurrency)) {
      const i = ready.shift()!;
      running.push({ end: now + serviceMs[i], i });
    }
    if (running.length === 0) return end;
    running.sort((a, b) => a.end - b.end);
    const { end: at, i } = running.shift()!;
    now = end = at;
    for (const d of dependents[i]) if (--waiting[d] === 0) ready.push(d);
  }
}
