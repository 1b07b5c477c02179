import { formatContext, formatPricePerMillion } from '../../core/catalog/catalogFormat';
import { resolveModelId, shortModelName } from '../../core/modelNames';
import type { ModelInfo, ProviderId } from '../../core/providers/types';
import { PROVIDERS } from '../../core/providers/providerInfo';
import { describeResolution, type ProviderResolution } from '../../core/providerResolution';

function code(text: string): string {
  return `\`${text.replace(/`/g, "'")}\``;
}

/** Text from a catalog (a model's display name) made inert inside a Markdown table cell. */
function plain(text: string): string {
  return text.replace(/[|\\`*_[\]<>#]/g, ' ').trim();
}

/** What the model status item shows for the configured provider and model. */
export interface ModelStatus {
  /** The model requests will use: the setting normalised, or the provider's default when empty. */
  modelId: string;
  text: string;
  tooltip: string;
  accessibilityLabel: string;
}

/** What is known besides the catalog entry: whether the model list has loaded, whether a key is stored, why this provider. */
export interface ModelStatusState {
  /** The provider's model list has loaded (so a model missing from it is really not listed). */
  listLoaded?: boolean;
  /** Whether the provider's key is stored; left out for providers that take none. */
  key?: 'stored' | 'none';
  /** Why the provider serves requests: shown when `auto` chose it. */
  resolution?: ProviderResolution;
}

/** `setting` is `docsmith.model` as written (may be empty); `info` is the catalog entry when known. */
export function modelStatus(provider: ProviderId, setting: string, info?: ModelInfo, state: ModelStatusState = {}): ModelStatus {
  const { resolution } = state;
  const label = PROVIDERS[provider];
  const modelId = resolveModelId(provider, setting);
  const lines = [
    '**Docsmith model**',
    '',
    '| | |',
    '|---|---|',
    `| Provider | ${resolution?.setting === 'auto' ? plain(describeResolution(resolution)) : label.displayName} |`,
    `| Model | ${code(modelId)}${setting.trim() ? '' : " (the provider's default)"} |`,
  ];
  if (info) {
    if (info.name && info.name !== modelId) lines.push(`| Name | ${plain(info.name)} |`);
    lines.push(`| Price (input / output) | ${formatPricePerMillion(info)} |`);
    lines.push(`| Context | ${info.contextLength ? `${formatContext(info.contextLength)} tokens` : 'unknown'} |`);
  } else if (provider === 'vscodeLm') {
    lines.push('| Price | included in your subscription |');
  } else if (state.listLoaded) {
    lines.push(`| Price | unknown: not in the ${label.displayName} model list, so requests may fail |`);
  } else {
    lines.push('| Price | unknown until the model list loads |');
  }
  if (state.key === 'stored') lines.push('| API key | stored |');
  else if (state.key === 'none') lines.push(`| API key | none${label.key.required ? ': run **Docsmith: Set API Key**' : ' (optional for this provider)'} |`);
  lines.push('', 'Click to switch models.');
  return {
    modelId,
    text: `$(sparkle) ${shortModelName(modelId)}`,
    tooltip: lines.join('\n'),
    accessibilityLabel: `Docsmith model ${modelId} on ${resolution?.setting === 'auto' ? describeResolution(resolution) : label.displayName}. Click to switch models.`,
  };
}
