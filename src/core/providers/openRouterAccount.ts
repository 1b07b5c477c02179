/**
 * OpenRouter account endpoints beyond chat: `GET /generation?id=` (cost of one generation, used
 * when a stream ended without `usage.cost`) and `GET /key` (credit limit and usage of the key,
 * shown as the balance).
 */
import { ProviderError, type ProviderContext } from './types';
import { getJson, joinUrl } from './httpJson';
import { resolveBearer } from './providerKeys';

export interface GenerationInfo {
  id: string;
  /** USD. */
  totalCostUsd: number;
  /** USD charged upstream for BYOK keys; undefined otherwise. */
  upstreamInferenceCostUsd?: number;
  isByok: boolean;
  model: string;
  providerName?: string;
  tokensPrompt?: number;
  tokensCompletion?: number;
  nativeTokensCached?: number;
  nativeTokensReasoning?: number;
  finishReason?: string;
  cancelled?: boolean;
  latencyMs?: number;
}

export interface KeyInfo {
  label?: string;
  /** USD credit cap of the key; undefined = unlimited. */
  limitUsd?: number;
  /** USD left under the cap; undefined = unlimited. */
  limitRemainingUsd?: number;
  limitReset?: string;
  /** USD spent with this key, all time / today / this month. */
  usageUsd: number;
  usageDailyUsd?: number;
  usageMonthlyUsd?: number;
  isFreeTier: boolean;
  expiresAt?: string;
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

async function authHeaders(ctx: ProviderContext): Promise<Record<string, string>> {
  return { authorization: await resolveBearer(ctx, 'openrouter') };
}

function dataOf(body: unknown): Json {
  if (!isObject(body) || !isObject(body.data)) {
    throw new ProviderError('badResponse', 'OpenRouter answered without a data object', { provider: 'openrouter' });
  }
  return body.data;
}

export function parseGeneration(body: unknown): GenerationInfo {
  const data = dataOf(body);
  const totalCostUsd = num(data.total_cost) ?? num(data.usage);
  if (totalCostUsd === undefined || typeof data.id !== 'string') {
    throw new ProviderError('badResponse', 'OpenRouter generation record has no cost', { provider: 'openrouter' });
  }
  return {
    id: data.id,
    totalCostUsd,
    upstreamInferenceCostUsd: data.is_byok === true ? num(data.upstream_inference_cost) : undefined,
    isByok: data.is_byok === true,
    model: str(data.model) ?? '',
    providerName: str(data.provider_name),
    tokensPrompt: num(data.tokens_prompt),
    tokensCompletion: num(data.tokens_completion),
    nativeTokensCached: num(data.native_tokens_cached),
    nativeTokensReasoning: num(data.native_tokens_reasoning),
    finishReason: str(data.finish_reason),
    cancelled: typeof data.cancelled === 'boolean' ? data.cancelled : undefined,
    latencyMs: num(data.latency),
  };
}

/**
 * The generation record, or undefined while OpenRouter has not recorded it yet (it answers 404
 * for a short while after a request; the caller retries later). Other failures throw.
 */
export async function getOpenRouterGeneration(ctx: ProviderContext, id: string, signal?: AbortSignal): Promise<GenerationInfo | undefined> {
  const url = joinUrl(ctx.baseUrl, `generation?id=${encodeURIComponent(id)}`);
  try {
    const { body } = await getJson(url, { provider: 'openrouter', ctx, headers: await authHeaders(ctx), signal });
    return parseGeneration(body);
  } catch (err) {
    if (err instanceof ProviderError && err.details.status === 404) return undefined;
    throw err;
  }
}

export function parseKeyInfo(body: unknown): KeyInfo {
  const data = dataOf(body);
  return {
    label: str(data.label),
    limitUsd: num(data.limit),
    limitRemainingUsd: num(data.limit_remaining),
    limitReset: str(data.limit_reset),
    usageUsd: num(data.usage) ?? 0,
    usageDailyUsd: num(data.usage_daily),
    usageMonthlyUsd: num(data.usage_monthly),
    isFreeTier: data.is_free_tier === true,
    expiresAt: str(data.expires_at),
  };
}

/** Limit and usage of the calling key (`GET /key`). */
export async function getOpenRouterKeyInfo(ctx: ProviderContext, signal?: AbortSignal): Promise<KeyInfo> {
  const { body } = await getJson(joinUrl(ctx.baseUrl, 'key'), { provider: 'openrouter', ctx, headers: await authHeaders(ctx), signal });
  return parseKeyInfo(body);
}
