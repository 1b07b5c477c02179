import type { Logger } from '../../core/logger';

/** Replaces Error values by `Name: message` unless `tracing()`: a stack trace tells a user nothing. */
export function withoutStacks(log: Logger, tracing: () => boolean): Logger {
  const brief = (value: unknown): unknown => (value instanceof Error && !tracing() ? `${value.name}: ${value.message}` : value);
  const wrap =
    (level: 'trace' | 'debug' | 'info' | 'warn') =>
    (message: string, ...args: unknown[]): void =>
      log[level](message, ...args.map(brief));
  return {
    trace: wrap('trace'),
    debug: wrap('debug'),
    info: wrap('info'),
    warn: wrap('warn'),
    error: (message: string | Error, ...args: unknown[]): void => log.error(brief(message) as string | Error, ...args.map(brief)),
  };
}
