/**
 * Persisted cost history: an append-only JSON-lines file (one {@link CostRecord} per line) in a
 * given directory, e.g. VS Code global storage, so day and month totals survive a reload and
 * `Reset Session Cost` never deletes spending. A corrupt or half-written line is skipped, not fatal.
 */
import { appendFile, mkdir, open, readFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { Logger } from '../logger';
import { isProviderId } from '../providers/providerInfo';
import { microsToNanos, nanosToDecimalString } from './money';
import { recordCostNanos } from './costTotals';
import type { CostRecord, CostSource } from './types';

export const COST_HISTORY_FILE = 'cost-history.jsonl';

const SOURCES: readonly CostSource[] = ['reported', 'lookup', 'computed', 'included', 'unknown', 'cached', 'unbilled'];

function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : 0;
}

/** A parsed line → record, or undefined when it is not a record this version understands. */
export function parseHistoryLine(line: string): CostRecord | undefined {
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  if (typeof raw !== 'object' || raw === null) return undefined;
  const { id, sessionId, time, provider, model, source } = raw;
  if (typeof id !== 'string' || typeof time !== 'string' || Number.isNaN(Date.parse(time))) return undefined;
  if (typeof provider !== 'string' || !isProviderId(provider)) return undefined;
  if (typeof model !== 'string' || typeof source !== 'string' || !SOURCES.includes(source as CostSource)) return undefined;
  const purpose = typeof raw.purpose === 'object' && raw.purpose !== null ? (raw.purpose as CostRecord['purpose']) : {};
  const record: CostRecord = {
    id,
    sessionId: typeof sessionId === 'string' ? sessionId : '',
    time,
    provider: provider as CostRecord['provider'],
    model,
    purpose,
    latencyMs: count(raw.latencyMs),
    promptTokens: count(raw.promptTokens),
    completionTokens: count(raw.completionTokens),
    cachedTokens: count(raw.cachedTokens),
    cacheWriteTokens: count(raw.cacheWriteTokens),
    reasoningTokens: count(raw.reasoningTokens),
    source: source as CostSource,
  };
  const nanos = Number.isInteger(raw.costNanos) ? (raw.costNanos as number) : Number.isInteger(raw.costMicros) ? microsToNanos(raw.costMicros as number) : undefined;
  if (nanos !== undefined && source !== 'unknown' && source !== 'included') {
    record.costNanos = nanos;
    record.costMicros = Math.round(nanos / 1000);
  }
  if (typeof raw.generationId === 'string') record.generationId = raw.generationId;
  if (raw.failed === true || source === 'unbilled') record.failed = true;
  if (typeof raw.fallbackFor === 'string') record.fallbackFor = raw.fallbackFor;
  // Lines written before speed was measured have neither: left out, not read as 0.
  if (typeof raw.ttftMs === 'number' && Number.isFinite(raw.ttftMs) && raw.ttftMs >= 0) record.ttftMs = raw.ttftMs;
  if (typeof raw.outputTokensPerSec === 'number' && Number.isFinite(raw.outputTokensPerSec) && raw.outputTokensPerSec > 0) record.outputTokensPerSec = raw.outputTokensPerSec;
  return record;
}

/** Every readable line of a history file, with the number of lines skipped as corrupt. */
export function parseHistory(text: string): { records: CostRecord[]; skipped: number } {
  const records: CostRecord[] = [];
  let skipped = 0;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const record = parseHistoryLine(line);
    if (record) records.push(record);
    else skipped++;
  }
  return { records, skipped };
}

export class CostHistory {
  private queue: Promise<void> = Promise.resolve();
  private checkedTail = false;

  constructor(
    private readonly dir: string,
    private readonly fileName: string = COST_HISTORY_FILE,
    private readonly log?: Logger,
  ) {}

  get filePath(): string {
    return path.join(this.dir, this.fileName);
  }

  /** Appends one line. Appends run one after another; one line is one write. */
  append(record: CostRecord): Promise<void> {
    const next = this.queue.then(() => this.appendNow(record));
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Every record in the file; missing file = empty history. */
  async load(): Promise<{ records: CostRecord[]; skipped: number }> {
    await this.queue;
    let text: string;
    try {
      text = await readFile(this.filePath, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { records: [], skipped: 0 };
      throw error;
    }
    const parsed = parseHistory(text);
    if (parsed.skipped > 0) this.log?.warn(`Skipped ${parsed.skipped} unreadable line(s) in ${this.filePath}`);
    return parsed;
  }

  private async appendNow(record: CostRecord): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    let prefix = '';
    if (!this.checkedTail) {
      // A crash mid-write can leave a line without its newline; never glue a good line onto it.
      prefix = (await this.endsWithoutNewline()) ? '\n' : '';
      this.checkedTail = true;
    }
    await appendFile(this.filePath, `${prefix}${JSON.stringify(record)}\n`, 'utf8');
  }

  private async endsWithoutNewline(): Promise<boolean> {
    let handle;
    try {
      handle = await open(this.filePath, 'r');
      const { size } = await handle.stat();
      if (size === 0) return false;
      const last = Buffer.alloc(1);
      await handle.read(last, 0, 1, size - 1);
      return last[0] !== 0x0a;
    } catch {
      return false;
    } finally {
      await handle?.close();
    }
  }
}

const CSV_COLUMNS = [
  'time', 'sessionId', 'provider', 'model', 'runId', 'phase', 'file', 'promptTokens', 'completionTokens',
  'cachedTokens', 'cacheWriteTokens', 'reasoningTokens', 'latencyMs', 'costUsd', 'source', 'failed', 'generationId',
  'ttftMs', 'outputTokensPerSec',
] as const;

/** CSV field: quoted when needed; a leading `= + - @` is neutralised so spreadsheets never run it. */
function csvField(value: string | number | undefined): string {
  if (value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** CSV with a header row; `costUsd` is exact (9 decimals) and empty when unknown or included. */
export function recordsToCsv(records: readonly CostRecord[]): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const record of records) {
    const nanos = recordCostNanos(record);
    const values: Record<(typeof CSV_COLUMNS)[number], string | number | undefined> = {
      time: record.time,
      sessionId: record.sessionId,
      provider: record.provider,
      model: record.model,
      runId: record.purpose.runId,
      phase: record.purpose.phase,
      file: record.purpose.file,
      promptTokens: record.promptTokens,
      completionTokens: record.completionTokens,
      cachedTokens: record.cachedTokens,
      cacheWriteTokens: record.cacheWriteTokens,
      reasoningTokens: record.reasoningTokens,
      latencyMs: record.latencyMs,
      costUsd: nanos === undefined || record.source === 'unknown' || record.source === 'included' ? undefined : nanosToDecimalString(nanos),
      source: record.source,
      failed: record.failed ? 'true' : 'false',
      generationId: record.generationId,
      ttftMs: record.ttftMs,
      outputTokensPerSec: record.outputTokensPerSec,
    };
    lines.push(CSV_COLUMNS.map((column) => csvField(values[column])).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** Pretty JSON array of the records, each with `costUsd` (number) next to the integer fields. */
export function recordsToJson(records: readonly CostRecord[]): string {
  return JSON.stringify(
    records.map((record) => {
      const nanos = recordCostNanos(record);
      return { ...record, costUsd: nanos === undefined || record.source === 'unknown' || record.source === 'included' ? null : nanos / 1e9 };
    }),
    null,
    2,
  );
}
