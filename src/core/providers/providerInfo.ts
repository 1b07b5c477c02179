/**
 * Everything Docsmith knows about a provider before sending it anything, in one descriptor per
 * provider: its name, where it lives, where its key comes from and what a key looks like, its
 * default model and what its wire can carry. The factory, the CLI, the settings, the UI labels
 * and cost tracking all read these; nothing else names a provider's URL, key variable or label.
 * The order of {@link PROVIDER_IDS} is the order the UI lists providers in, and the order of
 * preference when several are configured.
 */
import { PROVIDER_IDS, type ProviderId } from './types';

/** Providers Docsmith reaches over HTTP itself (every one but VS Code's language models). */
export type HttpProviderId = Exclude<ProviderId, 'vscodeLm'>;

/** What a provider's API can carry. Model-level support (a catalog's `supported_parameters`) comes on top. */
export interface ProviderCapabilities {
  /** `tools` in a request and tool calls in the answer. */
  tools: boolean;
  /** A JSON schema for the answer (`response_format: json_schema`), used when the model's catalog entry allows it. */
  structuredOutput: boolean;
  /** The answer carries its billed cost, and a generation id can be looked up later for it. */
  reportsCost: boolean;
  /** The model list carries prices (otherwise they come from the price table or stay unknown). */
  listsPrices: boolean;
}

/** How a provider authenticates. */
export interface ProviderKeyInfo {
  /** A request fails without a key. */
  required: boolean;
  /** A key can be stored for it at all. */
  accepted: boolean;
  /** Environment variable the CLI reads the key from; the extension offers to store it. */
  envVar?: string;
  /** What a well-formed key starts with (input box hint and check). */
  prefix?: string;
  /** Where a user creates a key. */
  pageUrl?: string;
}

export interface ProviderInfo {
  id: ProviderId;
  /** Shown in messages: "No API key for OpenRouter". */
  displayName: string;
  /** HTTP providers: the default of `docsmith.<id>.baseUrl`, used when settings and environment give none. */
  defaultBaseUrl?: string;
  /** Environment variable the CLI reads the base URL from. */
  baseUrlEnvVar?: string;
  /** The model used when `docsmith.model` is empty. */
  defaultModel: string;
  /**
   * The vendor whose models this provider's own API serves under bare ids: OpenAI serves
   * `openai/gpt-4o` as `gpt-4o`, Anthropic `anthropic/claude-…` as `claude-…`.
   */
  nativeVendor?: string;
  key: ProviderKeyInfo;
  /** Where a user browses the provider's models. */
  modelPageUrl?: string;
  capabilities: ProviderCapabilities;
}

export const PROVIDERS: Readonly<Record<ProviderId, ProviderInfo>> = {
  openrouter: {
    id: 'openrouter',
    displayName: 'OpenRouter',
    defaultBaseUrl: 'https://openrouter.ai/api/v1',
    baseUrlEnvVar: 'OPENROUTER_BASE_URL',
    // Costs nothing, so a new user's first run is free.
    defaultModel: 'openai/gpt-oss-20b:free',
    key: { required: true, accepted: true, envVar: 'OPENROUTER_API_KEY', prefix: 'sk-or-', pageUrl: 'https://openrouter.ai/settings/keys' },
    modelPageUrl: 'https://openrouter.ai/models',
    capabilities: { tools: true, structuredOutput: true, reportsCost: true, listsPrices: true },
  },
  openai: {
    id: 'openai',
    displayName: 'OpenAI',
    defaultBaseUrl: 'https://api.openai.com/v1',
    baseUrlEnvVar: 'OPENAI_BASE_URL',
    defaultModel: 'gpt-4o-mini',
    nativeVendor: 'openai',
    key: { required: true, accepted: true, envVar: 'OPENAI_API_KEY', prefix: 'sk-', pageUrl: 'https://platform.openai.com/api-keys' },
    modelPageUrl: 'https://platform.openai.com/docs/models',
    capabilities: { tools: true, structuredOutput: true, reportsCost: false, listsPrices: false },
  },
  anthropic: {
    id: 'anthropic',
    displayName: 'Anthropic',
    defaultBaseUrl: 'https://api.anthropic.com',
    baseUrlEnvVar: 'ANTHROPIC_BASE_URL',
    defaultModel: 'claude-haiku-4-5',
    nativeVendor: 'anthropic',
    key: { required: true, accepted: true, envVar: 'ANTHROPIC_API_KEY', prefix: 'sk-ant-', pageUrl: 'https://console.anthropic.com/settings/keys' },
    modelPageUrl: 'https://docs.anthropic.com/en/docs/about-claude/models',
    // The Messages API has no JSON-schema answer format: the prompt asks for JSON instead.
    capabilities: { tools: true, structuredOutput: false, reportsCost: false, listsPrices: false },
  },
  openaiCompatible: {
    id: 'openaiCompatible',
    displayName: 'OpenAI-compatible server',
    defaultBaseUrl: 'http://localhost:11434/v1',
    baseUrlEnvVar: 'OPENAI_COMPATIBLE_BASE_URL',
    defaultModel: 'llama3.2',
    // Local servers (Ollama, LM Studio, llama.cpp) take no key; hosted ones (Groq, vLLM behind auth) do.
    key: { required: false, accepted: true, envVar: 'OPENAI_COMPATIBLE_API_KEY' },
    capabilities: { tools: true, structuredOutput: true, reportsCost: false, listsPrices: false },
  },
  vscodeLm: {
    id: 'vscodeLm',
    displayName: 'VS Code language models',
    defaultModel: 'copilot/gpt-4o',
    // Signed in through VS Code; billed by the user's subscription, not per request.
    key: { required: false, accepted: false },
    capabilities: { tools: true, structuredOutput: false, reportsCost: false, listsPrices: false },
  },
};

/** HTTP providers, in the order of {@link PROVIDER_IDS}. */
export const HTTP_PROVIDER_IDS: readonly HttpProviderId[] = PROVIDER_IDS.filter((id): id is HttpProviderId => id !== 'vscodeLm');

/** Providers a key can be stored for, in the order the UI lists them. */
export const KEYED_PROVIDER_IDS: readonly ProviderId[] = PROVIDER_IDS.filter((id) => PROVIDERS[id].key.accepted);

export function isProviderId(value: unknown): value is ProviderId {
  return typeof value === 'string' && (PROVIDER_IDS as readonly string[]).includes(value);
}

export function isHttpProviderId(value: unknown): value is HttpProviderId {
  return isProviderId(value) && value !== 'vscodeLm';
}

/** The base URL of an HTTP provider: the configured one when set, else its default. */
export function baseUrlOf(id: HttpProviderId, configured?: string): string {
  const trimmed = configured?.trim();
  return trimmed ? trimmed : (PROVIDERS[id].defaultBaseUrl ?? '');
}
