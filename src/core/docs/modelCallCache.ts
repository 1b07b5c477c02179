/** The response cache as model calls use it: the key of a request and the answer a hit gives back. */
import { createHash } from 'node:crypto';
import type { ChatResult, ProviderId, RequestPurpose } from '../providers/types';
import { cacheKey, type CachedAnswer, type ResponseCache } from '../cache/responseCache';
import type { CallRequest } from './modelRequest';

/** The response cache and the scope (server) its keys are made in. */
export interface ResponseCacheUse {
  cache: Pick<ResponseCache, 'get' | 'put'> & Partial<Pick<ResponseCache, 'getReplay' | 'putReplay'>>;
  /** What else decides an answer besides the request: the provider's base URL. */
  scope?: string;
  /**
   * The user asked for new answers (a forced rewrite): the cache is not read, and the new answers
   * replace the old ones in it.
   */
  writeOnly?: boolean;
}

/** The cache as a flow that may force new answers uses it: write-only when `force` is set. */
export function cacheUse(use: ResponseCacheUse | undefined, force: boolean | undefined): ResponseCacheUse | undefined {
  return use && force ? { ...use, writeOnly: true } : use;
}

/** What decides an answer besides the request's own messages and tools. */
export interface CacheKeySettings {
  provider: ProviderId;
  model: string;
  fallbackModels?: readonly string[];
  maxTokens: number;
  temperature: number;
}

/** The parts of a request its cache key is made of. */
export type CacheKeyRequest = Pick<CallRequest, 'messages' | 'jsonSchema' | 'tools' | 'toolChoice'>;

/** The cache key of a request: provider, server, model, fallbacks, every parameter that changes the answer, and the prompt. */
export function responseCacheKey(settings: CacheKeySettings, scope: string | undefined, req: CacheKeyRequest): string {
  return cacheKey({
    provider: settings.provider,
    scope,
    request: {
      model: settings.model,
      fallbackModels: settings.fallbackModels ? [...settings.fallbackModels] : undefined,
      messages: req.messages,
      maxTokens: settings.maxTokens,
      temperature: settings.temperature,
      jsonSchema: req.jsonSchema,
      tools: req.tools,
      toolChoice: req.toolChoice,
    },
  });
}

/** The cached answer under `key` as a call's result (no latency, $0, marked as from the cache); undefined on a miss or when the cache is not read. */
export async function cachedAnswer(use: ResponseCacheUse, key: string): Promise<ChatResult | undefined> {
  if (use.writeOnly) return undefined;
  const answer = await use.cache.get(key);
  return answer ? { ...answer, latencyMs: 0, reportedCostUsd: 0, fromCache: true } : undefined;
}

/** An answer a run used: its cache key, the hash of the answer as the cache holds it, and what it was for. */
export interface UsedAnswer {
  key: string;
  hash: string;
  purpose: RequestPurpose;
}

/** sha256 of everything the response cache keeps of an answer (text, tool calls, finish reason, served model, usage). */
export function answerHash(answer: CachedAnswer): string {
  return createHash('sha256')
    .update(JSON.stringify([answer.text, answer.toolCalls ?? null, answer.finishReason ?? null, answer.servedModel, answer.usage ?? null]))
    .digest('hex');
}
