/**
 * Any OpenAI-compatible server (Ollama, LM Studio, llama.cpp server, vLLM, Groq, …)
 * at a custom base URL. A key is optional: without one a dummy key is sent, since local servers
 * ignore it and the SDK refuses to run without one. Servers that omit usage (no
 * `include_usage` support), send `:` pings or extra fields (`timings`, `fp_ollama`) are fine.
 */
import type { ChatRequest, ChatResult, LlmProvider, ModelInfo, ProviderContext } from './types';
import { streamOpenAiChat, type OpenAiWireConfig } from './openAiWire';
import { getJson, joinUrl } from './httpJson';
import { NO_KEY_PLACEHOLDER, resolveBearer } from './providerKeys';
import { isLocalBaseUrl, parseOpenAiCompatibleModels, type ModelListOptions } from './providerModelLists';


/** Deadline of one request to a compatible server: 4,096 tokens at 5 tokens a second, with room to spare. */
export const LOCAL_SERVER_DEADLINE_MS = 15 * 60_000;

export function createOpenAiCompatibleProvider(ctx: ProviderContext, listOptions: ModelListOptions = {}): LlmProvider {
  const wire: OpenAiWireConfig = {
    provider: 'openaiCompatible',
    ctx,
    fallbackApiKey: NO_KEY_PLACEHOLDER,
    tokenLimitField: 'max_tokens',
    readsCost: false,
    // A model on a local machine may write a few tokens a second: a page can take many minutes.
    defaultDeadlineMs: LOCAL_SERVER_DEADLINE_MS,
  };
  return {
    id: 'openaiCompatible',
    chat(request: ChatRequest): Promise<ChatResult> {
      return streamOpenAiChat(wire, request);
    },
    async listModels(signal?: AbortSignal): Promise<ModelInfo[]> {
      const headers = { authorization: await resolveBearer(ctx, 'openaiCompatible', NO_KEY_PLACEHOLDER) };
      const { body } = await getJson(joinUrl(ctx.baseUrl, 'models'), { provider: 'openaiCompatible', ctx, headers, signal });
      return parseOpenAiCompatibleModels(body, { ...listOptions, local: isLocalBaseUrl(ctx.baseUrl) });
    },
  };
}
