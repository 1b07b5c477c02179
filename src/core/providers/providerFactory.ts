/**
 * Builds the HTTP provider for a provider id. The `vscodeLm` adapter needs the VS Code API and
 * is created in `src/vscode`, so it is not built here.
 */
import type { LlmProvider, ProviderContext } from './types';
import { createOpenRouterProvider, type OpenRouterProvider } from './openRouterProvider';
import { createOpenAiProvider } from './openAiProvider';
import { createOpenAiCompatibleProvider } from './openAiCompatibleProvider';
import { createAnthropicProvider } from './anthropicProvider';
import type { HttpProviderId } from './providerInfo';
import type { ModelListOptions } from './providerModelLists';

export interface ProviderOptions {
  /** Price lookup for model lists that carry no prices (OpenAI, Anthropic, compatible). */
  pricingFor?: ModelListOptions['pricingFor'];
}

export function createProvider(id: 'openrouter', ctx: ProviderContext, options?: ProviderOptions): OpenRouterProvider;
export function createProvider(id: HttpProviderId, ctx: ProviderContext, options?: ProviderOptions): LlmProvider;
export function createProvider(id: HttpProviderId, ctx: ProviderContext, options: ProviderOptions = {}): LlmProvider {
  const listOptions: ModelListOptions = { pricingFor: options.pricingFor };
  switch (id) {
    case 'openrouter':
      return createOpenRouterProvider(ctx);
    case 'openai':
      return createOpenAiProvider(ctx, listOptions);
    case 'anthropic':
      return createAnthropicProvider(ctx, listOptions);
    case 'openaiCompatible':
      return createOpenAiCompatibleProvider(ctx, listOptions);
  }
}
