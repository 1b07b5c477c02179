/**
 * Shared set-up for tests against the fake LLM server: the server's lifetime in a suite, a
 * ProviderContext pointed at it with a log that records lines, a typical request.
 */
import * as assert from 'node:assert/strict';
import { after, before, beforeEach } from 'node:test';
import { startFakeLlm, type FakeLlmOptions, type FakeLlmServer } from '../../fixtures/fakeLlm/fakeLlmServer';
import { ProviderError, type ChatRequest, type ProviderContext, type ProviderId } from '../../../src/core/providers/types';
import type { Logger } from '../../../src/core/logger';

export const CANARY_KEYS: Readonly<Record<ProviderId, string>> = {
  openrouter: 'sk-or-v1-canary0123456789abcdef0123456789abcdef',
  openai: 'sk-proj-canary0123456789abcdef',
  anthropic: 'sk-ant-api03-canary0123456789abcdef',
  openaiCompatible: 'local-canary-key-0123',
  vscodeLm: '',
};

export interface RecordingLogger extends Logger {
  lines: string[];
}

export function recordingLogger(): RecordingLogger {
  const lines: string[] = [];
  const push =
    (level: string) =>
    (message: string | Error, ...args: unknown[]): void => {
      lines.push(`${level} ${String(message)} ${args.map((a) => JSON.stringify(a)).join(' ')}`);
    };
  return { lines, trace: push('trace'), debug: push('debug'), info: push('info'), warn: push('warn'), error: push('error') };
}

export function testContext(
  baseUrl: string,
  overrides: Partial<ProviderContext> & { keys?: Partial<Record<ProviderId, string | undefined>> } = {},
): ProviderContext & { log: RecordingLogger } {
  const keys = { ...CANARY_KEYS, ...overrides.keys };
  const { keys: _keys, ...rest } = overrides;
  return {
    baseUrl,
    getApiKey: async (provider: ProviderId) => keys[provider],
    idleTimeoutMs: 2000,
    requestTimeoutMs: 2000,
    ...rest,
    log: recordingLogger(),
  };
}

/**
 * A documentation request as the wire tests send it: a system and a user message, a token limit
 * and a temperature a test can find on the wire. `overrides` set the model and whatever else a
 * test checks.
 */
export function chatRequest(overrides: Partial<ChatRequest> = {}): ChatRequest {
  return {
    model: 'openai/gpt-oss-20b:free',
    messages: [
      { role: 'system', content: 'You write documentation.' },
      { role: 'user', content: 'Document src/core/cost.ts please.' },
    ],
    maxTokens: 321,
    temperature: 0.1,
    ...overrides,
  };
}

/** Awaits a request that must fail and returns its typed error. */
export async function failure(promise: Promise<unknown>): Promise<ProviderError> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof ProviderError, `expected ProviderError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected the request to fail');
}

export interface FakeLlmLifetime {
  /**
   * Reset the server (queue, script, recorded requests, billing) before each test: the default.
   * `false` for suites whose tests read what one shared set-up sent, or reset at points of their own.
   */
  resetBeforeEach?: boolean;
}

/**
 * The fake server for the tests of the enclosing `describe` (or of the whole file, when called at
 * its top level): started before them, stopped after, reset before each unless told otherwise.
 * Call it before the suite's own `before` hooks that use the server: hooks run in the order they
 * are declared. The returned object stands for the server (its methods and fields, also
 * `script`), which exists only once the suite has started.
 */
export function withFakeLlm(options?: FakeLlmOptions, lifetime: FakeLlmLifetime = {}): FakeLlmServer {
  let server: FakeLlmServer | undefined;
  before(async () => {
    server = await startFakeLlm(options);
  });
  after(async () => {
    await server?.stop();
  });
  if (lifetime.resetBeforeEach ?? true) beforeEach(() => server?.reset());
  const started = (): FakeLlmServer => {
    if (!server) throw new Error('the fake server starts with the suite');
    return server;
  };
  return new Proxy({} as FakeLlmServer, {
    get: (_target, key) => {
      const value: unknown = Reflect.get(started(), key);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(started()) : value;
    },
    set: (_target, key, value) => Reflect.set(started(), key, value),
  });
}
