import * as vscode from 'vscode';
import type { Logger } from '../../core/providers/types';

// Interim redaction until the core's `createRedactingLogger` (src/core/redact.ts) lands; the
// point is that redaction happens here, at the logger, never at each call site.
const KEY_PATTERNS: RegExp[] = [
  /\bsk-[A-Za-z0-9_-]{8,}/g,
  /(\bBearer\s+)[^\s"',]+/gi,
  /((?:x-api-key|authorization|api[_-]?key)["']?\s*[:=]\s*["']?)[^\s"',}]+/gi,
];

/** Replaces every known key and anything shaped like a key or an Authorization value. */
export function redactText(text: string, knownKeys: readonly string[]): string {
  let out = text;
  for (const key of knownKeys) {
    if (key.length >= 4) out = out.split(key).join('[redacted]');
  }
  for (const pattern of KEY_PATTERNS) {
    out = out.replace(pattern, (_match: string, prefix?: string) => (typeof prefix === 'string' ? `${prefix}[redacted]` : '[redacted]'));
  }
  return out;
}

function describe(value: unknown): string {
  if (value instanceof Error) return value.stack ?? `${value.name}: ${value.message}`;
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

/**
 * The one `Docsmith` LogOutputChannel and a core {@link Logger} writing to it with keys redacted.
 * `knownKeys` returns the keys this window has seen, so they are removed even when oddly shaped.
 */
export function createOutputLog(knownKeys: () => readonly string[]): { channel: vscode.LogOutputChannel; log: Logger } {
  const channel = vscode.window.createOutputChannel('Docsmith', { log: true });
  const line = (message: unknown, args: unknown[]): string =>
    redactText([message, ...args].map(describe).join(' '), knownKeys());
  const log: Logger = {
    trace: (m, ...a) => channel.trace(line(m, a)),
    debug: (m, ...a) => channel.debug(line(m, a)),
    info: (m, ...a) => channel.info(line(m, a)),
    warn: (m, ...a) => channel.warn(line(m, a)),
    error: (m, ...a) => channel.error(line(m, a)),
  };
  return { channel, log };
}
