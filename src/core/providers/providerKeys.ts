/** Reading a provider's key from the host, with the one `missingKey` error every provider throws. */
import { ProviderError, type ProviderContext, type ProviderId } from './types';

/** Dummy key for OpenAI-compatible servers that need none (the SDK refuses an empty key). */
export const NO_KEY_PLACEHOLDER = 'sk-no-key-required';

/** The stored key, trimmed; `fallback` when none; else a `missingKey` error. */
export async function requireApiKey(ctx: ProviderContext, provider: ProviderId, fallback?: string): Promise<string> {
  const key = (await ctx.getApiKey(provider))?.trim();
  if (key) return key;
  if (fallback !== undefined) return fallback;
  throw new ProviderError('missingKey', `No API key for ${provider}`, { provider });
}

/** `Bearer <key>` for plain HTTP calls. */
export async function resolveBearer(ctx: ProviderContext, provider: ProviderId, fallback?: string): Promise<string> {
  return `Bearer ${await requireApiKey(ctx, provider, fallback)}`;
}
