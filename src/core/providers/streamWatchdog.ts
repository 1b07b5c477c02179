/**
 * Per-request plumbing shared by every streaming provider: one AbortController that the caller's
 * signal and an idle watchdog both feed, and a fetch wrapper that reports every body byte.
 *
 * Why: the SDKs' `timeout` stops at the response headers, so a stream that goes quiet would hang
 * until undici's ~300 s body timeout. The watchdog aborts when no byte (keep-alive comments count)
 * arrives for `idleTimeoutMs`. Aborting mid-stream makes the SDK iterators end silently, so the
 * caller checks {@link RequestControl.idleFired} and the caller's signal after the loop.
 */

export const DEFAULT_IDLE_TIMEOUT_MS = 120_000;
export const DEFAULT_REQUEST_TIMEOUT_MS = 120_000;

export interface RequestControl {
  /** Pass to the SDK call; aborted by the caller's signal or the watchdog. */
  readonly signal: AbortSignal;
  /** True once the idle watchdog aborted the request. */
  readonly idleFired: boolean;
  /** Fetch that arms the watchdog when headers arrive and re-arms it on every body chunk. */
  readonly fetch: typeof fetch;
  /** Stops timers and listeners; call in `finally`. */
  dispose(): void;
}

export function createRequestControl(
  baseFetch: typeof fetch | undefined,
  idleTimeoutMs: number,
  callerSignal?: AbortSignal,
): RequestControl {
  const controller = new AbortController();
  let idleFired = false;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const onCallerAbort = (): void => controller.abort(callerSignal?.reason);
  if (callerSignal?.aborted) controller.abort(callerSignal.reason);
  else callerSignal?.addEventListener('abort', onCallerAbort, { once: true });

  const arm = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    if (controller.signal.aborted) return;
    timer = setTimeout(() => {
      idleFired = true;
      controller.abort(new Error('idle stream timeout'));
    }, idleTimeoutMs);
  };

  const innerFetch = baseFetch ?? globalThis.fetch;
  const watchedFetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const response = await innerFetch(input, init);
    if (!response.body) return response;
    arm();
    const touch = new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, ctrl) {
        arm();
        ctrl.enqueue(chunk);
      },
      flush() {
        if (timer !== undefined) clearTimeout(timer);
      },
    });
    return new Response(response.body.pipeThrough(touch), {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };

  return {
    signal: controller.signal,
    get idleFired() {
      return idleFired;
    },
    fetch: watchedFetch as typeof fetch,
    dispose() {
      if (timer !== undefined) clearTimeout(timer);
      callerSignal?.removeEventListener('abort', onCallerAbort);
    },
  };
}
