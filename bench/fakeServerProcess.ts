/**
 * The fake LLM server (test/fixtures/fakeLlm) in its own process for the docs benchmarks, so
 * its work never shares an event loop or CPU time with the run being measured.
 *   node out/bench/fakeServerProcess.js '{"latencyMs":700,"tokensPerSecond":1000,"answerTokens":300}'
 * Every chat answer has the same length and takes the same time: `latencyMs` before the first
 * byte, then `answerTokens` streamed at `tokensPerSecond` (12-token chunks). Prints
 * `FAKE_LLM_URL=<url>` once listening, `CHAT <n>` for each chat request, `PROMPT <id> <key>` naming
 * the prompt of request `<id>` (see {@link promptKey}) and `DONE <ms> <id>` with the time that
 * response took on the server (request in → last byte out); stops on SIGTERM.
 */
import { createHash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { Server } from 'node:http';
import { startFakeLlm } from '../test/fixtures/fakeLlm/fakeLlmServer';
import { defaultResponder } from '../test/fixtures/fakeLlm/defaultResponder';
import { batchAnswer, batchFiles } from '../test/fixtures/fakeLlm/batchAnswers';
import type { Responder } from '../test/fixtures/fakeLlm/scenarios';

export interface FakeServerSettings {
  /** Time to the first byte of each answer, ms. */
  latencyMs: number;
  /** Streaming rate of the answer; 0 = as fast as possible. */
  tokensPerSecond: number;
  /** Answer length in tokens (4 characters each). */
  answerTokens: number;
}

/** Characters per streamed chunk: 12 tokens of 4 characters. */
export const CHUNK_CHARS = 48;

/** Time one answer takes on this server, ms: the physical floor of one request. */
export function requestTimeMs(settings: FakeServerSettings): number {
  const chunks = Math.ceil((settings.answerTokens * 4) / CHUNK_CHARS);
  return settings.latencyMs + (settings.tokensPerSecond > 0 ? (chunks * (CHUNK_CHARS / 4) * 1000) / settings.tokensPerSecond : 0);
}

/** Header the process puts on each incoming request so its script can name the request it answers. */
const REQUEST_ID_HEADER = 'x-bench-request-id';

/**
 * A short key of a chat request's last user message: the bench computes it on both sides to pair
 * each request the engine sent with the service time the server measured for it.
 */
export function promptKey(lastUserMessage: string): string {
  return createHash('sha256').update(lastUserMessage).digest('hex').slice(0, 24);
}

const FILLER = '\nThis part of the code is documented here with the detail a reader needs to use it correctly.';

function toLength(text: string, chars: number): string {
  let out = text;
  while (out.length < chars) out += FILLER;
  return out.slice(0, chars);
}

/**
 * The default answer (a Markdown page naming the file asked about), padded or cut to a fixed
 * length; a batch request gets that length for each of its pages, as a model writes a page per file.
 */
function fixedLengthResponder(chars: number): Responder {
  return (request) => {
    const users = request.messages.filter((m) => m.role === 'user');
    const files = batchFiles(users.length > 0 ? users[users.length - 1].content : '');
    if (files.length === 0) return { text: toLength(defaultResponder(request).text, chars) };
    return { text: batchAnswer(request, files, (f) => ({ summary: `\`${f.path}\` provides a small, focused piece of the project.`, markdown: toLength(`## Purpose\n\n\`${f.path}\` provides a small, focused piece of the project.`, chars) })) };
  };
}

async function main(): Promise<void> {
  // Each streamed chunk waits with a 'close' listener on the response; dozens per answer are expected.
  EventEmitter.defaultMaxListeners = 0;
  const settings = JSON.parse(process.argv[2] ?? '{}') as FakeServerSettings;
  const chunkDelay = settings.tokensPerSecond > 0 ? ((CHUNK_CHARS / 4) * 1000) / settings.tokensPerSecond : 0;
  const server = await startFakeLlm({
    responder: fixedLengthResponder(settings.answerTokens * 4),
    script: (request, n) => {
      const users = request.messages.filter((m) => m.role === 'user');
      process.stdout.write(`CHAT ${n}\nPROMPT ${request.headers[REQUEST_ID_HEADER] ?? '?'} ${promptKey(users.length > 0 ? users[users.length - 1].content : '')}\n`);
      return { kind: 'stream', firstByteDelayMs: settings.latencyMs, tokenDelayMs: chunkDelay, chunkChars: CHUNK_CHARS, keepAlive: false };
    },
  });
  // The fake keeps its http.Server private; the bench only listens to it, to time each answer.
  const http = (server as unknown as { server?: Server }).server;
  let nextId = 0;
  http?.on('request', (req, res) => {
    if (req.method !== 'POST') return;
    const start = performance.now();
    // The fake copies the headers after reading the body, so its script sees this id.
    const id = String(++nextId);
    req.headers[REQUEST_ID_HEADER] = id;
    res.on('close', () => process.stdout.write(`DONE ${(performance.now() - start).toFixed(2)} ${id}\n`));
  });
  process.stdout.write(`FAKE_LLM_URL=${server.url}\n`);
  const stop = (): void => {
    void server.stop().then(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

if (require.main === module) void main();
