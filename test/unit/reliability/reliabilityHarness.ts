/**
 * Shared set-up of the reliability suite: canary secrets for every provider and a canary `.env`,
 * a logger that keeps every line, provider contexts with short client timeouts, and a leak search
 * over everything a run leaves behind (request bodies and headers, logs, files on disk).
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { ProviderContext, ProviderId } from '../../../src/core/providers/types';
import type { Logger } from '../../../src/core/logger';
import type { RecordedRequest } from '../../fixtures/fakeLlm/scenarios';
import type { FaultEvent } from './faultPlan';

/** Recognisable fake keys, one per provider; none may ever leave its own provider's requests. */
export const CANARY_KEYS: Readonly<Record<Exclude<ProviderId, 'vscodeLm'>, string>> = {
  openrouter: 'sk-or-v1-relcanary7d2f1e0c9b8a7d2f1e0c9b8a7d2f1e0c9b8a',
  openai: 'sk-proj-relcanary4c3b2a19f8e7d6c5',
  anthropic: 'sk-ant-api03-relcanary9e8d7c6b5a4f3e2d',
  openaiCompatible: 'relcanary-local-key-31d4f5',
};

/** The value a canary `.env` holds. */
export const ENV_FILE_CANARY = 'relcanary-dotenv-a61b3c';

export function allCanaries(): string[] {
  return [...Object.values(CANARY_KEYS), ENV_FILE_CANARY];
}

export interface RecordingLogger extends Logger {
  readonly lines: string[];
}

/** A logger that renders every message and argument the way a log channel would. */
export function recordingLogger(): RecordingLogger {
  const lines: string[] = [];
  const render = (value: unknown): string => {
    if (value instanceof Error) return `${value.name}: ${value.message}\n${value.stack ?? ''}`;
    if (typeof value === 'string') return value;
    try {
      return JSON.stringify(value);
    } catch {
      return String(value);
    }
  };
  const push =
    (level: string) =>
    (message: string | Error, ...args: unknown[]): void => {
      lines.push(`${level} ${render(message)} ${args.map(render).join(' ')}`);
    };
  return { lines, trace: push('trace'), debug: push('debug'), info: push('info'), warn: push('warn'), error: push('error') };
}

export interface ContextOptions {
  requestTimeoutMs?: number;
  idleTimeoutMs?: number;
  keys?: Partial<Record<ProviderId, string | undefined>>;
}

/** A provider context pointed at `baseUrl` with the canary keys and short timeouts. */
export function providerContext(baseUrl: string, log: Logger, options: ContextOptions = {}): ProviderContext {
  const keys: Partial<Record<ProviderId, string | undefined>> = { ...CANARY_KEYS, ...options.keys };
  return {
    baseUrl,
    getApiKey: async (provider: ProviderId) => keys[provider],
    log,
    requestTimeoutMs: options.requestTimeoutMs ?? 400,
    idleTimeoutMs: options.idleTimeoutMs ?? 300,
  };
}

/**
 * Generation ids the fake billed: every stream scenario whose headers went out. A first byte
 * slower than the client timeout is abandoned before the headers, so it is not billed.
 */
export function billedGenerationIds(events: readonly FaultEvent[]): string[] {
  return events.filter((e) => e.generationId !== undefined && e.fault !== 'slowFirstByte').map((e) => e.generationId!);
}

/** Every canary found in `text`, with where. */
export function leaksIn(where: string, text: string, canaries: readonly string[] = allCanaries()): string[] {
  return canaries.filter((c) => text.includes(c)).map((c) => `${where}: ${c.slice(0, 18)}…`);
}

/** What a chat request sent that the right provider may see: its body, and its headers if it is not that provider's own. */
export function requestLeaks(requests: readonly RecordedRequest[], ownKey?: string): string[] {
  const canaries = allCanaries().filter((c) => c !== ownKey);
  const found: string[] = [];
  for (const r of requests) {
    found.push(...leaksIn(`request ${r.index} body`, typeof r.body === 'string' ? r.body : JSON.stringify(r.body ?? ''), allCanaries()));
    found.push(...leaksIn(`request ${r.index} headers`, JSON.stringify(r.headers), canaries));
  }
  return found;
}

/** Every file under `dir` (recursively, symlinks not followed) with its text. */
export async function readTree(dir: string): Promise<Array<{ path: string; text: string }>> {
  const out: Array<{ path: string; text: string }> = [];
  const walk = async (abs: string): Promise<void> => {
    let entries;
    try {
      entries = await fs.readdir(abs, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const child = path.join(abs, e.name);
      if (e.isDirectory()) await walk(child);
      else if (e.isFile()) out.push({ path: child, text: await fs.readFile(child, 'utf8') });
    }
  };
  await walk(dir);
  return out;
}

/** Canary leaks in every file under `dir`, except the listed files (the canary `.env` itself). */
export async function treeLeaks(dir: string, except: readonly string[] = []): Promise<string[]> {
  const found: string[] = [];
  for (const f of await readTree(dir)) {
    if (except.includes(f.path)) continue;
    found.push(...leaksIn(path.relative(dir, f.path) || f.path, f.text));
  }
  return found;
}

/** Resolves after `ms`. */
export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
