import { test } from 'node:test';
import assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { toAbortSignal } from '../../../../src/vscode/adapters/cancellation';

/** A CancellationToken as VS Code's CancellationTokenSource hands it out. */
function tokenSource(): { token: vscode.CancellationToken; cancel(): void; listeners(): number } {
  let cancelled = false;
  let listeners: Array<() => void> = [];
  const token = {
    get isCancellationRequested() {
      return cancelled;
    },
    onCancellationRequested(listener: () => void) {
      listeners.push(listener);
      return { dispose: () => (listeners = listeners.filter((l) => l !== listener)) };
    },
  } as unknown as vscode.CancellationToken;
  return {
    token,
    cancel() {
      cancelled = true;
      for (const l of [...listeners]) l();
    },
    listeners: () => listeners.length,
  };
}

test('cancelling the token aborts the signal', () => {
  const source = tokenSource();
  const { signal } = toAbortSignal(source.token);
  assert.equal(signal.aborted, false);
  source.cancel();
  assert.equal(signal.aborted, true);
});

test('an already-cancelled token gives an aborted signal and no listener', () => {
  const source = tokenSource();
  source.cancel();
  const { signal } = toAbortSignal(source.token);
  assert.equal(signal.aborted, true);
  assert.equal(source.listeners(), 0);
});

test('dispose stops listening, so a later cancel no longer aborts', () => {
  const source = tokenSource();
  const converted = toAbortSignal(source.token);
  assert.equal(source.listeners(), 1);
  converted.dispose();
  assert.equal(source.listeners(), 0);
  source.cancel();
  assert.equal(converted.signal.aborted, false);
});
