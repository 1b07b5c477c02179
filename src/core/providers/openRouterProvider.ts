/**
 * OpenRouter: Chat Completions over the `openai` SDK with OpenRouter's
 * attribution headers, usage/cost accounting in the stream, and the account endpoints.
 * It never sends `models` fallbacks or `provider.allow_fallbacks` tricks: the model the user
 * picked is the model asked for, and the served model is reported from the chunks.
 */
import type { ChatRequest, ChatResult, LlmProvider, ModelInfo, ProviderContext } from './types';
import { streamOpenAiChat, type OpenAiWireConfig } from './openAiWire';
import { getJson, joinUrl } from './httpJson';
import { getOpenRouterGeneration, getOpenRouterKeyInfo, type GenerationInfo, type KeyInfo } from './openRouterAccount';
import { fetchAllOpenRouterModels } from './openRouterModels';


/** App attribution: the referer creates the app page, the title names it. */
export const OPENROUTER_ATTRIBUTION_HEADERS: Readonly<Record<string, string>> = {
  'HTTP-Referer': 'https://github.com/docsmith/docsmith',
  'X-Title': 'Docsmith',
  'X-OpenRouter-Title': 'Docsmith',
};

export interface OpenRouterProvider extends LlmProvider {
  readonly id: 'openrouter';
  /** Cost record of a generation; undefined while OpenRouter has not recorded it yet (404). */
  getGeneration(id: string, signal?: AbortSignal): Promise<GenerationInfo | undefined>;
  /** Limit, remaining credit and usage of the configured key. */
  getKeyInfo(signal?: AbortSignal): Promise<KeyInfo>;
}

export function createOpenRouterProvider(ctx: ProviderContext): OpenRouterProvider {
  const wire: OpenAiWireConfig = {
    provider: 'openrouter',
    ctx,
    defaultHeaders: { ...OPENROUTER_ATTRIBUTION_HEADERS },
    tokenLimitField: 'max_tokens',
    // Usage is always included today; older deployments needed one of these.
    extraBody: { usage: { include: true } },
    // Endpoints that do not support a parameter silently ignore it; with a schema or tools asked
    // for, only route to endpoints that honour them (no such endpoint: a 404 instead of a model
    // that answers without calling tools).
    routingBody: { provider: { require_parameters: true } },
    readsCost: true,
    sendsFallbackModels: true,
  };
  return {
    id: 'openrouter',
    chat(request: ChatRequest): Promise<ChatResult> {
      return streamOpenAiChat(wire, request);
    },
    async listModels(signal?: AbortSignal): Promise<ModelInfo[]> {
      // `/models` works without a key; send it when there is one (some deployments list more models for a key).
      const key = (await ctx.getApiKey('openrouter'))?.trim();
      const headers: Record<string, string> = { ...OPENROUTER_ATTRIBUTION_HEADERS };
      if (key) headers.authorization = `Bearer ${key}`;
      return fetchAllOpenRouterModels(joinUrl(ctx.baseUrl, 'models'), async (url) => {
        const { body } = await getJson(url, { provider: 'openrouter', ctx, headers, signal });
        return body;
      });
    },
    getGeneration(id: string, signal?: AbortSignal) {
      return getOpenRouterGeneration(ctx, id, signal);
    },
    getKeyInfo(signal?: AbortSignal) {
      return getOpenRouterKeyInfo(ctx, signal);
    },
  };
}
