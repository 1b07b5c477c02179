import * as vscode from 'vscode';
import type { ProviderId } from '../../core/providers/types';
import { baseUrlOf, HTTP_PROVIDER_IDS, type HttpProviderId } from '../../core/providers/providerInfo';
import { effectiveConfirmCostAbove, effectiveMaxCostPerRun, type ScopedNumber } from '../../core/cost/spendSettings';
import { isProviderSetting, resolveProvider, type ProviderFacts, type ProviderResolution, type ProviderSetting } from '../../core/providerResolution';

/** The `docsmith.*` settings, typed and checked. Keys are never settings; see SecretKeyStore. */
export interface DocsmithConfig {
  /** The provider that serves requests: `docsmith.provider`, or what `auto` resolved to. */
  provider: ProviderId;
  /** `docsmith.provider` as set. */
  providerSetting: ProviderSetting;
  /** Why {@link provider} serves requests (for the tooltip and Select Provider). */
  resolution: ProviderResolution;
  /** Empty means the provider's default model. */
  model: string;
  /** Each HTTP provider's `docsmith.<id>.baseUrl`. */
  baseUrls: Record<HttpProviderId, string>;
  outputDirectory: string;
  exclude: string[];
  /** Files that are not code to give a page anyway. */
  include: string[];
  maxFileSizeKB: number;
  concurrency: number;
  maxCostPerRun: number;
  confirmCostAbove: number;
  temperature: number;
  maxOutputTokens: number;
  /** `docsmith.guide.maxToolRounds`: rounds of tool calls a guide's exploration may take. */
  guideMaxToolRounds: number;
  /** `docsmith.fallbackModels`: tried in order when the model is unavailable or keeps failing. */
  fallbackModels: string[];
  /** `docsmith.responseCache`: identical requests are answered from a local cache at no cost. */
  responseCache: boolean;
}

const SECTION = 'docsmith';

/** Defaults as package.json declares them; used when a value is missing or malformed. Base URLs come from each provider's descriptor. */
export const DEFAULT_CONFIG: DocsmithConfig = {
  provider: 'openrouter',
  providerSetting: 'auto',
  resolution: { provider: 'openrouter', setting: 'auto', reason: { kind: 'nothingConfigured' } },
  model: '',
  baseUrls: baseUrlsFrom(() => undefined),
  outputDirectory: 'docs/generated',
  exclude: [],
  include: [],
  maxFileSizeKB: 256,
  concurrency: 4,
  maxCostPerRun: 1,
  confirmCostAbove: 0.05,
  temperature: 0.1,
  maxOutputTokens: 4096,
  guideMaxToolRounds: 12,
  fallbackModels: [],
  responseCache: true,
};

function str(value: unknown, fallback: string): string {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : fallback;
}

/** Every HTTP provider's base URL: the configured value when it is a non-empty string, else the provider's default. */
function baseUrlsFrom(configured: (id: HttpProviderId) => unknown): Record<HttpProviderId, string> {
  return Object.fromEntries(HTTP_PROVIDER_IDS.map((id) => {
    const value = configured(id);
    return [id, baseUrlOf(id, typeof value === 'string' ? value : undefined)];
  })) as Record<HttpProviderId, string>;
}

function num(value: unknown, fallback: number, min: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= min ? value : fallback;
}

const NOTHING_KNOWN: ProviderFacts = { hasKey: () => false, keySource: 'stored', vscodeLmModels: [] };
let providerFacts: () => ProviderFacts = () => NOTHING_KNOWN;

/** What `auto` sees (stored keys, VS Code's models): installed once at activation. */
export function useProviderFacts(source: () => ProviderFacts): void {
  providerFacts = source;
}

/** Settings to read as if they held other values (what `auto` would choose, before writing it). */
export interface ConfigOverrides {
  providerSetting?: ProviderSetting;
  model?: string;
}

/**
 * Reads `docsmith.*` for a resource (folder-scoped settings such as `outputDirectory`) or the window.
 *
 * What a workspace (settings that come with the repository) may not decide: where the stored key is
 * sent, and how much a run may spend. Base URLs are application-scoped and read from the user's own
 * settings only, so a cloned repository's `.vscode/settings.json` cannot send the key to its host;
 * `maxCostPerRun` and `confirmCostAbove` from a workspace count only when stricter than the user's.
 * A workspace may still pick `provider` and `model` (a team's choice): the key stays with the user's
 * base URL, and the spend stays under the user's cap and confirmation.
 */
export function readConfig(scope?: vscode.ConfigurationScope, overrides: ConfigOverrides = {}): DocsmithConfig {
  const c = vscode.workspace.getConfiguration(SECTION, scope);
  const d = DEFAULT_CONFIG;
  const spend = (key: 'maxCostPerRun' | 'confirmCostAbove'): ScopedNumber => {
    const inspected = c.inspect(key);
    return { defaultValue: d[key], user: inspected?.globalValue, workspace: inspected?.workspaceFolderValue ?? inspected?.workspaceValue };
  };
  const setting = c.get<string>('provider');
  const providerSetting = overrides.providerSetting ?? (isProviderSetting(setting) ? setting : d.providerSetting);
  const model = overrides.model ?? (typeof c.get('model') === 'string' ? c.get<string>('model', '').trim() : '');
  const resolution = resolveProvider(providerSetting, model, providerFacts());
  const globs = (key: string): string[] => {
    const value = c.get<unknown>(key);
    return Array.isArray(value) ? value.filter((g): g is string => typeof g === 'string' && g.trim() !== '') : [];
  };
  return {
    provider: resolution.provider,
    providerSetting,
    resolution,
    model,
    baseUrls: baseUrlsFrom((id) => c.inspect(`${id}.baseUrl`)?.globalValue),
    outputDirectory: str(c.get('outputDirectory'), d.outputDirectory),
    exclude: globs('exclude'),
    include: globs('include'),
    maxFileSizeKB: num(c.get('maxFileSizeKB'), d.maxFileSizeKB, 1),
    concurrency: Math.floor(num(c.get('concurrency'), d.concurrency, 1)),
    maxCostPerRun: effectiveMaxCostPerRun(spend('maxCostPerRun')),
    confirmCostAbove: effectiveConfirmCostAbove(spend('confirmCostAbove')),
    temperature: num(c.get('temperature'), d.temperature, 0),
    maxOutputTokens: Math.floor(num(c.get('maxOutputTokens'), d.maxOutputTokens, 1)),
    guideMaxToolRounds: Math.floor(num(c.get('guide.maxToolRounds'), d.guideMaxToolRounds, 1)),
    fallbackModels: globs('fallbackModels'),
    responseCache: c.get('responseCache') !== false,
  };
}

/**
 * The settings scope that holds `key` now: workspace if the workspace sets it, otherwise the user
 * settings. Writing there keeps a workspace's choice in the workspace and a user's in the user settings.
 */
export function targetHolding(key: 'model' | 'provider'): vscode.ConfigurationTarget {
  const inspected = vscode.workspace.getConfiguration(SECTION).inspect(key);
  if (inspected?.workspaceValue !== undefined && vscode.workspace.workspaceFolders?.length) {
    return vscode.ConfigurationTarget.Workspace;
  }
  return vscode.ConfigurationTarget.Global;
}

/** Writes `docsmith.model` to the scope that already holds it. */
export async function writeModelSetting(model: string): Promise<void> {
  await vscode.workspace.getConfiguration(SECTION).update('model', model, targetHolding('model'));
}

/** Writes `docsmith.provider` to the scope that already holds it. */
export async function writeProviderSetting(provider: ProviderSetting): Promise<void> {
  await vscode.workspace.getConfiguration(SECTION).update('provider', provider, targetHolding('provider'));
}

/** Fires when any `docsmith.*` setting changes. */
export function onDidChangeDocsmithConfig(listener: () => void): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration(SECTION)) listener();
  });
}
