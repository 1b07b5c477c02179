import type { ProviderId } from '../core/providers/types';

/** What the UI needs to know about a provider: its name, where keys and models live, what a key looks like. */
export interface ProviderLabel {
  id: ProviderId;
  /** Shown in messages: "No API key for OpenRouter". */
  displayName: string;
  /** Does a request need a key? (`openaiCompatible` may use one; `vscodeLm` never.) */
  keyRequired: boolean;
  /** Whether a key can be stored at all. */
  acceptsKey: boolean;
  keyPageUrl?: string;
  modelPageUrl?: string;
  /** Prefix a well-formed key starts with, for the input box hint. */
  keyPrefix?: string;
  /** Environment variable a key may come from (the CLI reads the same ones). */
  envVar?: string;
}

export const PROVIDER_LABELS: Readonly<Record<ProviderId, ProviderLabel>> = {
  openrouter: {
    id: 'openrouter',
    displayName: 'OpenRouter',
    keyRequired: true,
    acceptsKey: true,
    keyPageUrl: 'https://openrouter.ai/settings/keys',
    modelPageUrl: 'https://openrouter.ai/models',
    keyPrefix: 'sk-or-',
    envVar: 'OPENROUTER_API_KEY',
  },
  openai: {
    id: 'openai',
    displayName: 'OpenAI',
    keyRequired: true,
    acceptsKey: true,
    keyPageUrl: 'https://platform.openai.com/api-keys',
    modelPageUrl: 'https://platform.openai.com/docs/models',
    keyPrefix: 'sk-',
    envVar: 'OPENAI_API_KEY',
  },
  anthropic: {
    id: 'anthropic',
    displayName: 'Anthropic',
    keyRequired: true,
    acceptsKey: true,
    keyPageUrl: 'https://console.anthropic.com/settings/keys',
    modelPageUrl: 'https://docs.anthropic.com/en/docs/about-claude/models',
    keyPrefix: 'sk-ant-',
    envVar: 'ANTHROPIC_API_KEY',
  },
  openaiCompatible: {
    id: 'openaiCompatible',
    displayName: 'OpenAI-compatible server',
    keyRequired: false,
    acceptsKey: true,
  },
  vscodeLm: {
    id: 'vscodeLm',
    displayName: 'VS Code language models',
    keyRequired: false,
    acceptsKey: false,
  },
};

/** Providers a key can be stored for, in the order the UI lists them. */
export const KEYED_PROVIDERS: readonly ProviderId[] = ['openrouter', 'openai', 'anthropic', 'openaiCompatible'];
