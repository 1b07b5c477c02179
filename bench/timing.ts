/** Small timing helpers shared by the benchmark sections. */

/** Milliseconds since an arbitrary origin, sub-millisecond resolution. */
export function nowMs(): number {
  return performance.now();
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** CPU time (user + system) of this process so far, ms. */
export function cpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

export interface RunTimes {
  /** Wall-clock ms of each measured run. */
  wall: number[];
  /** CPU ms of each measured run (less affected by other load on the machine). */
  cpu: number[];
}

/** Runs `fn` `warmup` times unmeasured, then `runs` times, timing each run. */
export async function timeRuns(fn: () => unknown, runs: number, warmup = 1): Promise<RunTimes> {
  for (let i = 0; i < warmup; i++) await fn();
  const out: RunTimes = { wall: [], cpu: [] };
  for (let i = 0; i < runs; i++) {
    const cpuStart = cpuMs();
    const start = nowMs();
    await fn();
    out.wall.push(nowMs() - start);
    out.cpu.push(cpuMs() - cpuStart);
  }
  return out;
}

/** `1.23 ms CPU (wall 4.56 ms)` from the medians of a set of runs. */
export function formatRunTimes(times: RunTimes): string {
  return `${formatMs(median(times.cpu))} CPU (wall ${formatMs(median(times.wall))})`;
}

/** `12.3 ms`, `1.24 s`: milliseconds with a sensible unit and precision. */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return 'n/a';
  if (ms >= 10_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms >= 100) return `${ms.toFixed(0)} ms`;
  if (ms >= 10) return `${ms.toFixed(1)} ms`;
  return `${ms.toFixed(2)} ms`;
}

/** `512 KB`, `3.4 MB`: bytes in binary units. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return 'n/a';
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${bytes} B`;
}

export function formatRatio(ratio: number, digits = 2): string {
  return Number.isFinite(ratio) ? `${ratio.toFixed(digits)}×` : 'n/a';
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
