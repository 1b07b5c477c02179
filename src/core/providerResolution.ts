/**
 * Which provider serves requests when `docsmith.provider` is `auto` (the default), and why. The
 * first configured of OpenRouter, OpenAI and Anthropic (a key stored, or in the environment for
 * the CLI) wins, then VS Code's language models when any is offered; with nothing configured it is
 * OpenRouter, whose key the user is then asked for. A model id that names a vendor (`claude-…`,
 * `gpt-4o`, `anthropic/claude-…`) goes to a provider that can serve it: OpenRouter when it has a
 * key, else the vendor's own API; with no key at all it is OpenRouter, as for a model of no vendor.
 * An explicit provider setting is used as it is.
 */
import { modelVendor } from './modelNames';
import { PROVIDERS } from './providers/providerInfo';
import { PROVIDER_IDS, type ProviderId } from './providers/types';

/** `docsmith.provider` as set: a provider, or `auto`. */
export type ProviderSetting = ProviderId | 'auto';

export const PROVIDER_SETTINGS: readonly ProviderSetting[] = ['auto', ...PROVIDER_IDS];

/** Providers `auto` considers, in order, when a key is what configures them. */
export const AUTO_KEYED_ORDER: readonly ProviderId[] = ['openrouter', 'openai', 'anthropic'];

export function isProviderSetting(value: unknown): value is ProviderSetting {
  return typeof value === 'string' && (PROVIDER_SETTINGS as readonly string[]).includes(value);
}

/** What `auto` can see of the user's setup. */
export interface ProviderFacts {
  /** A key is stored (editor) or set in the environment (CLI) for this provider. */
  hasKey(provider: ProviderId): boolean;
  /** Where keys come from, for the explanation. */
  keySource: 'stored' | 'environment';
  /** Ids of the language models VS Code offers now (`copilot/gpt-4o`); empty when none or outside VS Code. */
  vscodeLmModels: readonly string[];
}

/** Why the provider was chosen. */
export type ResolutionReason =
  /** `docsmith.provider` names it. */
  | { kind: 'setting' }
  /** The first of OpenRouter, OpenAI, Anthropic with a key. */
  | { kind: 'key' }
  /** No key anywhere; VS Code offers language models. */
  | { kind: 'vscodeLm' }
  /** Nothing configured: OpenRouter, whose key is asked for. */
  | { kind: 'nothingConfigured' }
  /** The model is one VS Code offers. */
  | { kind: 'vscodeLmModel'; model: string }
  /** The model names a vendor; this provider can serve it (`hasKey` false: the vendor's own API, which needs a key). */
  | { kind: 'modelVendor'; model: string; vendor: string; hasKey: boolean };

export interface ProviderResolution {
  provider: ProviderId;
  setting: ProviderSetting;
  reason: ResolutionReason;
}

/** The provider that serves `model` under `setting`, and why. */
export function resolveProvider(setting: ProviderSetting, model: string, facts: ProviderFacts): ProviderResolution {
  if (setting !== 'auto') return { provider: setting, setting, reason: { kind: 'setting' } };
  const configured = AUTO_KEYED_ORDER.find((p) => facts.hasKey(p));
  const byModel = routeByModel(model.trim(), configured, facts);
  if (byModel) return { provider: byModel.provider, setting, reason: byModel.reason };
  if (configured) return { provider: configured, setting, reason: { kind: 'key' } };
  if (facts.vscodeLmModels.length > 0) return { provider: 'vscodeLm', setting, reason: { kind: 'vscodeLm' } };
  return { provider: 'openrouter', setting, reason: { kind: 'nothingConfigured' } };
}

function routeByModel(model: string, configured: ProviderId | undefined, facts: ProviderFacts): { provider: ProviderId; reason: ResolutionReason } | undefined {
  if (!model) return undefined;
  const lower = model.toLowerCase();
  if (facts.vscodeLmModels.some((id) => id.toLowerCase() === lower)) return { provider: 'vscodeLm', reason: { kind: 'vscodeLmModel', model } };
  const vendor = modelVendor(model);
  if (!vendor) return undefined;
  // The first configured provider already serves it: no routing to explain.
  if (configured === 'openrouter' || (configured && PROVIDERS[configured].nativeVendor === vendor)) return undefined;
  // With no key anywhere there is nothing to route between: OpenRouter serves every vendor, and its key is asked for.
  if (!configured) return { provider: 'openrouter', reason: { kind: 'nothingConfigured' } };
  const own = AUTO_KEYED_ORDER.find((p) => PROVIDERS[p].nativeVendor === vendor);
  if (facts.hasKey('openrouter')) return { provider: 'openrouter', reason: { kind: 'modelVendor', model, vendor, hasKey: true } };
  if (own) return { provider: own, reason: { kind: 'modelVendor', model, vendor, hasKey: facts.hasKey(own) } };
  // Only OpenRouter serves this vendor's models; without its key the user is asked for one.
  return { provider: 'openrouter', reason: { kind: 'modelVendor', model, vendor, hasKey: false } };
}

/** One line saying which provider serves requests and why: "OpenRouter (auto: the first provider with a stored key)". */
export function describeResolution(resolution: ProviderResolution, keySource: ProviderFacts['keySource'] = 'stored'): string {
  const name = PROVIDERS[resolution.provider].displayName;
  return `${name} (${resolution.setting === 'auto' ? `auto: ${resolutionWhy(resolution, keySource)}` : 'set in docsmith.provider'})`;
}

/** Why `auto` chose the provider, in words. */
export function resolutionWhy(resolution: ProviderResolution, keySource: ProviderFacts['keySource'] = 'stored'): string {
  const { reason, provider } = resolution;
  const name = PROVIDERS[provider].displayName;
  const key = keySource === 'stored' ? `${name} has a stored API key` : `${PROVIDERS[provider].key.envVar ?? 'its key'} is set`;
  switch (reason.kind) {
    case 'setting':
      return 'set in docsmith.provider';
    case 'key':
      return provider === 'openrouter' ? key : `${key}; OpenRouter has none`;
    case 'vscodeLm':
      return 'no API key is set; VS Code offers language models';
    case 'nothingConfigured':
      return 'no provider is configured yet; set an OpenRouter key to start';
    case 'vscodeLmModel':
      return `${reason.model} is a model VS Code offers`;
    case 'modelVendor':
      if (provider === 'openrouter') return reason.hasKey ? `${reason.model} is ${withArticle(reason.vendor)} model; OpenRouter serves it (${key})` : `${reason.model} is ${withArticle(reason.vendor)} model that only OpenRouter serves here; it needs an OpenRouter key`;
      return reason.hasKey ? `${reason.model} is ${withArticle(name)} model; ${key} and OpenRouter has none` : `${reason.model} is ${withArticle(name)} model and no OpenRouter key is set; it needs ${withArticle(name)} key`;
  }
}

function withArticle(word: string): string {
  return `${/^[aeiou]/i.test(word) ? 'an' : 'a'} ${word}`;
}
