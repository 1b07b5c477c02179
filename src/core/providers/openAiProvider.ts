/**
 * OpenAI direct: the shared Chat Completions wire with OpenAI's choices.
 *
 * Token limit: `max_completion_tokens`, not `max_tokens`. OpenAI documents `max_tokens` as
 * deprecated and "not compatible with o-series models" (they answer 400), while every current
 * model accepts `max_completion_tokens`. Docsmith's `docsmith.maxOutputTokens` is sent through it;
 * OpenRouter and compatible servers still get `max_tokens`.
 * Temperature: reasoning models (o1/o3/o4…, gpt-5…) reject any temperature but the default, so
 * it is left out for them and sent for the others.
 */
import type { ChatRequest, ChatResult, LlmProvider, ModelInfo, ProviderContext } from './types';
import { streamOpenAiChat, type OpenAiWireConfig } from './openAiWire';
import { getJson, joinUrl } from './httpJson';
import { resolveBearer } from './providerKeys';
import { parseOpenAiModels, type ModelListOptions } from './providerModelLists';


/** Models that only accept the default temperature. */
export function isOpenAiReasoningModel(model: string): boolean {
  return /^(o\d|gpt-5)/i.test(model.trim());
}

export function createOpenAiProvider(ctx: ProviderContext, listOptions: ModelListOptions = {}): LlmProvider {
  const wire: OpenAiWireConfig = {
    provider: 'openai',
    ctx,
    tokenLimitField: 'max_completion_tokens',
    sendsTemperature: (model) => !isOpenAiReasoningModel(model),
    readsCost: false,
  };
  return {
    id: 'openai',
    chat(request: ChatRequest): Promise<ChatResult> {
      return streamOpenAiChat(wire, request);
    },
    async listModels(signal?: AbortSignal): Promise<ModelInfo[]> {
      const headers = { authorization: await resolveBearer(ctx, 'openai') };
      const { body } = await getJson(joinUrl(ctx.baseUrl, 'models'), { provider: 'openai', ctx, headers, signal });
      return parseOpenAiModels(body, listOptions);
    },
  };
}
