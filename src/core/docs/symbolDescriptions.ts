/**
 * The model call of "Add Doc Comments to Current File": the parser picks the symbols that need a
 * comment and builds the skeletons; the model only writes descriptions, as JSON keyed by symbol
 * (a JSON schema when the model supports structured output, a tolerant parse otherwise).
 */
import type { ChatMessage, ChatRequest, ChatResult, ProviderId } from '../providers/types';
import type { RetryOptions } from '../retry';
import type { ParsedFile } from './types';
import { createModelCaller, type RequestLedger, type SpendCap } from './modelCalls';
import type { ResponseCacheUse } from './modelCallCache';
import type { FallbackUse } from './modelFallback';
import { numberLines, splitLines, stablePrefixFirst } from './prompts';
import { redactSource } from './redactSource';
import { fileLevel, type ParseFn } from './sourceIndex';
import { docCommentTargets, type DocCommentTarget, type DocDescriptions } from './docComments/docTargets';
import { docCommentAnswerSchema, readDocCommentAnswer } from './docComments/answerSchema';

export interface DescribeSymbolsOptions {
  path: string;
  language: string;
  text: string;
  provider: ProviderId;
  model: string;
  maxOutputTokens: number;
  temperature: number;
  /** JSON-schema output (the catalog says the model supports it). */
  structured?: boolean;
  /** Beyond this, only the spans of the symbols to describe are sent. */
  maxFileSizeKB?: number;
  /** Groups this command's requests in the cost view. */
  runId?: string;
  /** `docsmith.fallbackModels`, as ids of this provider. */
  fallbackModels?: readonly string[];
}

export interface DescribeSymbolsServices {
  chat: (request: ChatRequest) => Promise<ChatResult>;
  parse?: ParseFn;
  workspaceFiles?: ReadonlySet<string>;
  ledger?: RequestLedger;
  spendCap?: SpendCap;
  retry?: RetryOptions;
  responseCache?: ResponseCacheUse;
}

export interface DescribeSymbolsResult {
  parsed: ParsedFile;
  targets: DocCommentTarget[];
  /** What the model wrote, keyed like the targets. */
  descriptions: DocDescriptions;
  /** Targets the answers did not describe: they get no comment. */
  leftOut: DocCommentTarget[];
  requests: number;
  costUsd: number | undefined;
  /** Answers the response cache gave (at $0, not in `requests`). */
  cacheHits: number;
  /** Requests a fallback model served. */
  fallbacks: FallbackUse[];
}

/**
 * Asks the model to describe the symbols that need a doc comment. When the answer's shape was
 * wrong for some of them (not JSON, a key missing, an entry without a summary string), they are
 * asked for once more, alone; what is still not described is listed in `leftOut`.
 */
export async function describeSymbols(options: DescribeSymbolsOptions, services: DescribeSymbolsServices, hooks: { signal?: AbortSignal } = {}): Promise<DescribeSymbolsResult> {
  const lineCount = splitLines(options.text).length;
  const parsed: ParsedFile = services.parse
    ? { ...(await services.parse(options.path, options.language, options.text, services.workspaceFiles ?? new Set([options.path]))), path: options.path, lineCount }
    : fileLevel(options.path, options.language, lineCount);
  const targets = docCommentTargets(parsed);
  if (targets.length === 0) return { parsed, targets, descriptions: {}, leftOut: [], requests: 0, costUsd: 0, cacheHits: 0, fallbacks: [] };
  const caller = createModelCaller(options, services, options.runId);
  let requests = 0;
  let costUsd: number | undefined = 0;
  const ask = async (asked: readonly DocCommentTarget[]): Promise<ReturnType<typeof readDocCommentAnswer>> => {
    const call = await caller.call({
      messages: describePrompt(options, asked),
      jsonSchema: options.structured ? { name: 'docsmith_doc_comments', schema: docCommentAnswerSchema(asked) } : undefined,
      purpose: { phase: 'docComments', file: options.path },
      signal: hooks.signal,
      accept: (result) => Object.keys(readDocCommentAnswer(result.text, asked).descriptions).length > 0,
    });
    requests += call.attempts;
    costUsd = costUsd === undefined || call.costUsd === undefined ? undefined : costUsd + call.costUsd;
    return readDocCommentAnswer(call.result.text, asked);
  };
  const first = await ask(targets);
  const descriptions = { ...first.descriptions };
  if (first.malformed.length > 0) {
    const again = await ask(targets.filter((t) => first.malformed.includes(t.key)));
    Object.assign(descriptions, again.descriptions);
  }
  const leftOut = targets.filter((t) => !descriptions[t.key]);
  return { parsed, targets, descriptions, leftOut, requests, costUsd, cacheHits: caller.totals.cacheHits, fallbacks: caller.fallbacks.list() };
}

function describePrompt(options: DescribeSymbolsOptions, targets: readonly DocCommentTarget[]): ChatMessage[] {
  const redacted = redactSource(options.text, options.path);
  const maxBytes = (options.maxFileSizeKB ?? 256) * 1024;
  let source: string;
  if (Buffer.byteLength(redacted, 'utf8') <= maxBytes) {
    source = numberLines(redacted);
  } else {
    // Only the symbols to describe, each once, with their real line numbers.
    const lines = splitLines(redacted);
    source = targets
      .map((t) => numberLines(lines.slice(t.symbol.startLine - 1, t.symbol.endLine).join('\n'), t.symbol.startLine))
      .join('\n…\n');
  }
  const list = targets.map((t) => `- ${t.key} (${t.symbol.kind}, lines ${t.symbol.startLine}-${t.symbol.endLine})${t.params.length ? `: parameters ${t.params.join(', ')}` : ''}${t.needsReturns ? '; describe the return value' : ''}`);
  const system = [
    'You write the descriptions inside doc comments. The comment skeletons are built for you; write only the text.',
    'For each symbol: "summary" (one or two sentences, what it does, not how), "params" (one short description per parameter name listed) and "returns" when asked.',
    'Describe only what the code shows. No Markdown headings, no code fences, no links.',
    'Answer with one JSON object keyed by the symbol keys below, e.g. {"Cart.add": {"summary": "…", "params": {"item": "…"}, "returns": "…"}}.',
  ].join('\n');
  // The file goes before the list: a second ask for the symbols the first answer missed sends the
  // same file with a shorter list, and a provider's prefix cache can serve the file again.
  return stablePrefixFirst({
    rules: system,
    shared: [`File \`${options.path}\` (${options.language}).`, `Source, each line prefixed by its number and "|":\n${source}`],
    own: [`Symbols to describe:\n${list.join('\n')}`],
  });
}
