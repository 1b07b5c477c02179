import type * as vscode from 'vscode';

/**
 * The one place a CancellationToken becomes an AbortSignal: the core only ever sees the signal.
 * The returned disposable stops listening to the token once the work is over.
 */
export function toAbortSignal(token: vscode.CancellationToken): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  if (token.isCancellationRequested) {
    controller.abort();
    return { signal: controller.signal, dispose: () => undefined };
  }
  const listener = token.onCancellationRequested(() => controller.abort());
  return { signal: controller.signal, dispose: () => listener.dispose() };
}
