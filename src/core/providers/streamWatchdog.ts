/**
 * Per-request plumbing shared by the HTTP providers: one AbortController fed by the caller's
 * signal and by every limit a request has, and a fetch wrapper that watches every body byte.
 *
 * Limits, each ending the request with {@link RequestControl.stopped} saying which:
 * - `idle`: no byte (keep-alive comments count) for `idleTimeoutMs`. The SDKs' `timeout` stops at
 *   the response headers, so without this a quiet stream hangs until undici gives up (~300 s).
 * - `deadline`: the whole request, from sending it to the last byte read, took longer than
 *   `deadlineMs`. A server that sends `: ping` forever, or chunks that never finish an answer,
 *   never trips the idle watchdog.
 * - `tooLarge`: the body passed `maxResponseBytes`, whatever it held (answer text or not).
 * - `eventTooLarge`: one server-sent event (one line, or `data:` lines with no blank line between)
 *   passed `maxEventBytes`. The SDKs keep an unfinished line in memory and copy it again with every
 *   chunk, so one endless line used to take hundreds of megabytes and made cancel wait for seconds.
 *
 * Aborting mid-stream makes the SDK iterators end silently, so callers check `stopped` and the
 * caller's signal after the loop. A 2xx JSON body (a server answering a streaming request with
 * one whole completion) is read here, within the same limits, and kept in `jsonBody`; the SDK then
 * sees an empty stream.
 */
import { ProviderError, type ProviderContext } from './types';

export const DEFAULT_IDLE_TIMEOUT_MS = 120_000;
export const DEFAULT_REQUEST_TIMEOUT_MS = 120_000;
/** Five minutes: several times what a 4,096-token answer takes from a hosted model. */
export const DEFAULT_REQUEST_DEADLINE_MS = 5 * 60_000;
/** Answers stream as chunks of a few hundred bytes per token; 32 MiB is far past any `max_tokens`. */
export const DEFAULT_MAX_RESPONSE_BYTES = 32 * 1024 * 1024;
/** One chunk of a legitimate stream is a few kilobytes, a whole answer in one chunk well under this. */
export const DEFAULT_MAX_SSE_EVENT_BYTES = 1024 * 1024;

export type StopCause = 'idle' | 'deadline' | 'tooLarge' | 'eventTooLarge';

export interface RequestLimits {
  idleTimeoutMs: number;
  deadlineMs: number;
  maxResponseBytes: number;
  maxEventBytes: number;
}

/** The limits a provider context asks for, the built-in defaults where it is silent. */
export function requestLimits(ctx: ProviderContext, defaultDeadlineMs = DEFAULT_REQUEST_DEADLINE_MS): RequestLimits {
  return {
    idleTimeoutMs: ctx.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS,
    deadlineMs: ctx.requestDeadlineMs ?? defaultDeadlineMs,
    maxResponseBytes: ctx.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
    maxEventBytes: ctx.maxSseEventBytes ?? DEFAULT_MAX_SSE_EVENT_BYTES,
  };
}

export interface RequestControl {
  /** Pass to the SDK call; aborted by the caller's signal or by a limit. */
  readonly signal: AbortSignal;
  /** Which limit ended the request, if one did. */
  readonly stopped: StopCause | undefined;
  /** True once the idle watchdog aborted the request (`stopped === 'idle'`). */
  readonly idleFired: boolean;
  /** Response headers arrived. */
  readonly responded: boolean;
  /** 2xx response headers arrived: the server took the request, and a failure from now on may have been billed. */
  readonly accepted: boolean;
  /** Body bytes received so far. */
  readonly bytesReceived: number;
  /** A 2xx JSON body read in place of a stream, as text. */
  readonly jsonBody: string | undefined;
  /** Fetch that arms the watchdogs and counts every body byte. */
  readonly fetch: typeof fetch;
  /** Stops timers and listeners; call in `finally`. */
  dispose(): void;
}

const LF = 0x0a;
const CR = 0x0d;

/** Tracks bytes since the last blank line of an SSE body, across chunk boundaries. */
class EventSizer {
  private sinceBoundary = 0;
  private terminators = 0;
  private afterCr = false;

  /** Feeds a chunk; returns the size of the longest unfinished event seen in it. */
  feed(chunk: Uint8Array): number {
    let largest = this.sinceBoundary;
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i];
      if (byte === LF && this.afterCr) {
        this.afterCr = false; // `\r\n` is one line end
      } else if (byte === LF || byte === CR) {
        this.terminators++;
        this.afterCr = byte === CR;
        if (this.terminators >= 2) this.sinceBoundary = 0;
      } else {
        this.terminators = 0;
        this.afterCr = false;
      }
      this.sinceBoundary++;
      if (this.sinceBoundary > largest) largest = this.sinceBoundary;
    }
    return largest;
  }
}

function isJsonType(contentType: string | null): boolean {
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  return type === 'application/json' || type.endsWith('+json');
}

export function createRequestControl(baseFetch: typeof fetch | undefined, limits: RequestLimits, callerSignal?: AbortSignal): RequestControl {
  const controller = new AbortController();
  let stopped: StopCause | undefined;
  let responded = false;
  let accepted = false;
  let bytesReceived = 0;
  let jsonBody: string | undefined;
  let idleTimer: ReturnType<typeof setTimeout> | undefined;

  const stop = (cause: StopCause): void => {
    if (controller.signal.aborted) return;
    stopped = cause;
    controller.abort(new Error(`request stopped: ${cause}`));
  };
  const onCallerAbort = (): void => controller.abort(callerSignal?.reason);
  if (callerSignal?.aborted) controller.abort(callerSignal.reason);
  else callerSignal?.addEventListener('abort', onCallerAbort, { once: true });
  let deadlineTimer: ReturnType<typeof setTimeout> | undefined;

  const arm = (): void => {
    if (idleTimer !== undefined) clearTimeout(idleTimer);
    if (controller.signal.aborted) return;
    idleTimer = setTimeout(() => stop('idle'), limits.idleTimeoutMs);
  };

  const innerFetch = baseFetch ?? globalThis.fetch;
  const watchedFetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    // From the moment the request is sent: loading an SDK or reading a key is not the server's time.
    deadlineTimer ??= setTimeout(() => stop('deadline'), limits.deadlineMs);
    const response = await innerFetch(input, init);
    responded = true;
    accepted = response.ok;
    if (!response.body) return response;
    arm();
    const json = isJsonType(response.headers.get('content-type'));
    const sizer = json ? undefined : new EventSizer();
    const watch = new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, ctrl) {
        bytesReceived += chunk.byteLength;
        if (bytesReceived > limits.maxResponseBytes) return stop('tooLarge');
        if (sizer && sizer.feed(chunk) > limits.maxEventBytes) return stop('eventTooLarge');
        arm();
        ctrl.enqueue(chunk);
      },
      flush() {
        if (idleTimer !== undefined) clearTimeout(idleTimer);
      },
    });
    const body = response.body.pipeThrough(watch, { signal: controller.signal });
    const init2 = { status: response.status, statusText: response.statusText, headers: response.headers };
    if (response.ok && json) {
      jsonBody = await new Response(body).text();
      return new Response('', init2);
    }
    return new Response(body, init2);
  };

  return {
    signal: controller.signal,
    get stopped() {
      return stopped;
    },
    get idleFired() {
      return stopped === 'idle';
    },
    get responded() {
      return responded;
    },
    get accepted() {
      return accepted;
    },
    get bytesReceived() {
      return bytesReceived;
    },
    get jsonBody() {
      return jsonBody;
    },
    fetch: watchedFetch as typeof fetch,
    dispose() {
      if (idleTimer !== undefined) clearTimeout(idleTimer);
      if (deadlineTimer !== undefined) clearTimeout(deadlineTimer);
      callerSignal?.removeEventListener('abort', onCallerAbort);
    },
  };
}

function duration(ms: number): string {
  return ms >= 10_000 ? `${Math.round(ms / 1000)} s` : `${(ms / 1000).toFixed(1)} s`;
}

function size(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / (1024 * 1024))} MiB` : `${Math.round(bytes / 1024)} KiB`;
}

/**
 * The error for a request a limit ended. `answered` says whether any of the answer (text or tool
 * calls) had arrived: a deadline reached with none is a server that does not answer.
 */
export function limitError(provider: string, control: RequestControl, limits: RequestLimits, answered: boolean, cause?: unknown): ProviderError {
  switch (control.stopped) {
    case 'deadline':
      // Not retried: the same request would take as long again.
      return new ProviderError('timeout', `${provider} did not finish the answer within ${duration(limits.deadlineMs)}`, {
        retryable: false,
        serverSilent: !answered,
        cause,
      });
    case 'tooLarge':
      return new ProviderError('badResponse', `${provider} sent more than ${size(limits.maxResponseBytes)} for one answer; stopped reading`, { retryable: false, cause });
    case 'eventTooLarge':
      return new ProviderError('badResponse', `${provider} sent a stream event longer than ${size(limits.maxEventBytes)}; stopped reading`, { retryable: false, cause });
    default:
      return new ProviderError('timeout', `${provider} stream went quiet`, { serverSilent: control.bytesReceived === 0, cause });
  }
}
