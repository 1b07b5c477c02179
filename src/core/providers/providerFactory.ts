/**
 * Builds the HTTP provider for a provider id. The `vscodeLm` adapter needs the VS Code API and
 * is created in `src/vscode`, so it is not built here.
 */
import type { LlmProvider, ProviderContext, ProviderId } from './types';
import { createOpenRouterProvider, OPENROUTER_DEFAULT_BASE_URL, type OpenRouterProvider } from './openRouterProvider';
import { createOpenAiProvider, OPENAI_DEFAULT_BASE_URL } from './openAiProvider';
import { createOpenAiCompatibleProvider, OPENAI_COMPATIBLE_DEFAULT_BASE_URL } from './openAiCompatibleProvider';
import { ANTHROPIC_DEFAULT_BASE_URL, createAnthropicProvider } from './anthropicProvider';
import type { ModelListOptions } from './providerModelLists';

export type HttpProviderId = Exclude<ProviderId, 'vscodeLm'>;

export const HTTP_PROVIDER_IDS: readonly HttpProviderId[] = ['openrouter', 'openai', 'anthropic', 'openaiCompatible'];

/** The base URL each provider uses when settings and environment give none. */
export const DEFAULT_BASE_URLS: Readonly<Record<HttpProviderId, string>> = {
  openrouter: OPENROUTER_DEFAULT_BASE_URL,
  openai: OPENAI_DEFAULT_BASE_URL,
  anthropic: ANTHROPIC_DEFAULT_BASE_URL,
  openaiCompatible: OPENAI_COMPATIBLE_DEFAULT_BASE_URL,
};

/** Human name for messages ("No API key for OpenRouter"). */
export const PROVIDER_DISPLAY_NAMES: Readonly<Record<ProviderId, string>> = {
  openrouter: 'OpenRouter',
  openai: 'OpenAI',
  anthropic: 'Anthropic',
  openaiCompatible: 'OpenAI-compatible server',
  vscodeLm: 'VS Code language models',
};

export function isHttpProviderId(id: string): id is HttpProviderId {
  return (HTTP_PROVIDER_IDS as readonly string[]).includes(id);
}

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
