/**
 * One documentation run (`runDocs`, as the CLI and the extension call it)
 * against the fake server process, through the real OpenRouter provider (HTTP, SSE parsing).
 * Each model request is timed and its prompt kept, so the bench sees exactly what was sent.
 */
import { rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runDocs } from '../src/core/docs/docRun';
import { parseCacheFile } from '../src/core/docs/sourceIndex';
import { createParser, type SourceParser } from '../src/core/docs/parse/sourceParser';
import { createProvider } from '../src/core/providers/providerFactory';
import type { ChatRequest, ChatResult } from '../src/core/providers/types';
import type { Logger } from '../src/core/logger';
import { cpuMs, nowMs } from './timing';
import { promptKey } from './fakeServerProcess';

export const BENCH_MODEL = 'openai/gpt-4o-mini';
export const OUTPUT_DIR = 'docs/generated';
/** The parse cache of the bench's in-process runs (the editor keeps it in workspace storage). */
export const BENCH_PARSE_CACHE = path.join(os.tmpdir(), `docsmith-bench-parse-${process.pid}`);

const quietLog: Logger = { trace: () => undefined, debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

export interface TimedRequest {
  startMs: number;
  endMs: number;
  promptText: string;
  /** Page kind the request was for (`file`, `folder`, `architecture`, `overview`). */
  phase?: string;
  /** The file or page the request served (a file page's source path; a batch's first file). */
  subject?: string;
  /** Every source file a file request documents (one, or a batch's files); a folder request's folders. */
  files: string[];
  ok: boolean;
  /** `promptKey` of the last user message: pairs the request with the server's service time for it. */
  promptKey: string;
}

/** A progress report of the run, timed: a phase starting, or a page finished (`page`). */
export interface TimedProgress {
  atMs: number;
  phase: string;
  page?: string;
}

export interface TimedDocRunResult {
  /** `nowMs()` when `runDocs` was called: the origin of the requests' and progress' times. */
  startedMs: number;
  /** Whole run: lock, scan, parse, plan, generate, write. */
  wallMs: number;
  /** CPU of this process during the run (the fake server is another process). */
  cpuMs: number;
  /** Run start → first request start (scan, parse, plan, estimate); the whole run without requests. */
  firstRequestMs: number;
  /** First request start → last request end; 0 without requests. */
  requestWindowMs: number;
  requests: TimedRequest[];
  pagesPlanned: number;
  pagesWritten: number;
  failed: number;
  /** Most requests in flight at once. */
  peakInFlight: number;
  /** Progress reports in order: each phase's first report, and each page finished. */
  progress: TimedProgress[];
  /** `runDocs`' own phase timings. */
  durations: { scanMs: number; parseMs: number; generateMs: number; totalMs: number };
}

let parserPromise: Promise<SourceParser> | undefined;

/** The tree-sitter parser, created once per bench process (as the extension keeps one). */
export function benchParser(): Promise<SourceParser> {
  parserPromise ??= createParser();
  return parserPromise;
}

/** Removes generated pages, Docsmith's state and the root's parse cache so the next run starts from nothing. */
export function resetOutput(root: string): void {
  rmSync(path.join(root, OUTPUT_DIR), { recursive: true, force: true });
  rmSync(path.join(root, '.docsmith'), { recursive: true, force: true });
  rmSync(parseCacheFile(BENCH_PARSE_CACHE, root), { force: true });
}

export async function runDocsTimed(root: string, baseUrl: string, concurrency: number): Promise<TimedDocRunResult> {
  const parser = await benchParser();
  const provider = createProvider('openrouter', { baseUrl, getApiKey: () => Promise.resolve('sk-or-v1-bench'), log: quietLog });
  const requests: TimedRequest[] = [];
  let inFlight = 0;
  let peakInFlight = 0;
  const chat = async (request: ChatRequest): Promise<ChatResult> => {
    const users = request.messages.filter((m) => m.role === 'user');
    const timed: TimedRequest = {
      startMs: nowMs(),
      endMs: 0,
      promptText: request.messages.map((m) => m.content).join('\n'),
      phase: request.purpose?.phase,
      subject: request.purpose?.file,
      files: request.purpose?.files ?? (request.purpose?.file ? [request.purpose.file] : []),
      ok: false,
      promptKey: promptKey(users.length > 0 ? users[users.length - 1].content : ''),
    };
    requests.push(timed);
    peakInFlight = Math.max(peakInFlight, ++inFlight);
    try {
      const result = await provider.chat(request);
      timed.ok = true;
      return result;
    } finally {
      timed.endMs = nowMs();
      inFlight--;
    }
  };
  const progress: TimedProgress[] = [];
  const onProgress = ({ phase, page }: { phase: string; page?: string }): void => {
    if (page !== undefined || progress.at(-1)?.phase !== phase) progress.push({ atMs: nowMs(), phase, page });
  };
  const cpuStart = cpuMs();
  const start = nowMs();
  const summary = await runDocs(
    { root, outputDirectory: OUTPUT_DIR, parseCacheDirectory: BENCH_PARSE_CACHE, provider: 'openrouter', model: BENCH_MODEL, concurrency, maxFileSizeKB: 256, maxOutputTokens: 4096, temperature: 0.1, structuredOutput: false },
    { chat, parse: (p, language, text, files) => parser.parseFile(p, language, text, files), log: quietLog },
    { onProgress },
  );
  const wallMs = nowMs() - start;
  const cpu = cpuMs() - cpuStart;
  const windowMs = requests.length > 0 ? Math.max(...requests.map((r) => r.endMs)) - Math.min(...requests.map((r) => r.startMs)) : 0;
  return {
    startedMs: start,
    wallMs,
    cpuMs: cpu,
    requestWindowMs: windowMs,
    firstRequestMs: requests.length > 0 ? Math.min(...requests.map((r) => r.startMs)) - start : wallMs,
    requests,
    pagesPlanned: summary.pages.planned,
    pagesWritten: summary.pages.written.length,
    failed: summary.failed.length,
    peakInFlight,
    progress,
    durations: summary.durations,
  };
}
