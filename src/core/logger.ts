/** The logging interface the core writes to, and the wrapper that masks secrets before any sink sees them. */
import { redactSecrets, redactValue } from './redact';

export interface Logger {
  trace(message: string, ...args: unknown[]): void;
  debug(message: string, ...args: unknown[]): void;
  info(message: string, ...args: unknown[]): void;
  warn(message: string, ...args: unknown[]): void;
  error(message: string | Error, ...args: unknown[]): void;
}

/**
 * Wraps a sink (e.g. a VS Code LogOutputChannel, or a console logger in the CLI) so that every
 * message and argument is redacted before it reaches it. `knownSecrets` is read at each call so
 * a key stored later is masked too.
 */
export function createRedactingLogger(sink: Logger, knownSecrets: () => readonly string[] = () => []): Logger {
  const wrap =
    (level: 'trace' | 'debug' | 'info' | 'warn') =>
    (message: string, ...args: unknown[]): void => {
      const secrets = knownSecrets();
      sink[level](redactSecrets(message, secrets), ...args.map((arg) => redactValue(arg, secrets)));
    };
  return {
    trace: wrap('trace'),
    debug: wrap('debug'),
    info: wrap('info'),
    warn: wrap('warn'),
    error(message: string | Error, ...args: unknown[]): void {
      const secrets = knownSecrets();
      const text = typeof message === 'string' ? redactSecrets(message, secrets) : (redactValue(message, secrets) as string);
      sink.error(text, ...args.map((arg) => redactValue(arg, secrets)));
    },
  };
}
