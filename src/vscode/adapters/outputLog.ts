import * as vscode from 'vscode';
import type { Logger } from '../../core/logger';
import { createRedactingLogger } from '../../core/logger';
import { withoutStacks } from './briefErrors';

/**
 * The one `Docsmith` LogOutputChannel and a core {@link Logger} writing to it with keys redacted at
 * the logger. `knownKeys` returns the keys this window has seen, so they are masked whatever their shape.
 * Errors are logged as their name and message; their stack traces only at the Trace log level.
 */
export function createOutputLog(knownKeys: () => readonly string[]): { channel: vscode.LogOutputChannel; log: Logger } {
  const channel = vscode.window.createOutputChannel('Docsmith', { log: true });
  return { channel, log: withoutStacks(createRedactingLogger(channel, knownKeys), () => channel.logLevel === vscode.LogLevel.Trace) };
}
