/**
 * A tiny event emitter for the core, shaped like VS Code's `Event<T>` so an `onDid…` event of a
 * core service can be handed to VS Code code unchanged, without the core importing `vscode`.
 */

export interface Disposable {
  dispose(): void;
}

/** Subscribe with a listener; dispose the result to unsubscribe. */
export type Event<T> = (listener: (e: T) => unknown, thisArgs?: unknown, disposables?: Disposable[]) => Disposable;

export class Emitter<T> implements Disposable {
  private listeners: Array<(e: T) => unknown> = [];
  private disposed = false;

  /** Listener errors are reported here instead of breaking the other listeners. */
  constructor(private readonly onListenerError: (error: unknown) => void = () => undefined) {}

  readonly event: Event<T> = (listener, thisArgs, disposables) => {
    if (this.disposed) return { dispose: () => undefined };
    const bound = thisArgs === undefined ? listener : (e: T) => listener.call(thisArgs, e);
    this.listeners.push(bound);
    const subscription: Disposable = {
      dispose: () => {
        this.listeners = this.listeners.filter((candidate) => candidate !== bound);
      },
    };
    disposables?.push(subscription);
    return subscription;
  };

  /** Calls every current listener in subscription order. */
  fire(event: T): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch (error) {
        this.onListenerError(error);
      }
    }
  }

  dispose(): void {
    this.disposed = true;
    this.listeners = [];
  }
}
