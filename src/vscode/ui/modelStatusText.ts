import type { ModelInfo, ProviderId } from '../../core/providers/types';
import { PROVIDER_LABELS } from '../providerLabels';
import { formatTokenCount } from './costStatusText';

/** `openai/gpt-oss-20b:free` → `gpt-oss-20b:free`; ids without a vendor stay as they are. */
export function modelShortName(id: string): string {
  const slash = id.lastIndexOf('/');
  return slash >= 0 && slash < id.length - 1 ? id.slice(slash + 1) : id;
}

/** USD per token → USD per million tokens, e.g. `$0.15`, `$0.0375`, `$15`; undefined → `?`. */
export function formatPerMillion(perToken: number | undefined): string {
  if (perToken === undefined || !Number.isFinite(perToken) || perToken < 0) return '?';
  const perMillion = perToken * 1e6;
  if (perMillion === 0) return '$0';
  if (perMillion >= 100) return `$${Math.round(perMillion)}`;
  const digits = perMillion >= 1 ? 2 : 4;
  return `$${perMillion.toFixed(digits).replace(/(\.\d*?[1-9])0+$/, '$1').replace(/\.0+$/, '')}`;
}

/** `$0.15 / $0.60 per 1M`, or `free`. */
export function formatModelPrice(model: Pick<ModelInfo, 'pricing' | 'isFree'>): string {
  if (model.isFree) return 'free';
  return `${formatPerMillion(model.pricing.prompt)} / ${formatPerMillion(model.pricing.completion)} per 1M`;
}

function code(text: string): string {
  return `\`${text.replace(/`/g, "'")}\``;
}

/** What the model status item shows for the configured provider and model. */
export interface ModelStatus {
  text: string;
  tooltip: string;
  accessibilityLabel: string;
}

/**
 * `modelId` is the configured (or default) id; `info` is the catalog entry when known.
 * An empty `modelId` means the provider picks its default.
 */
export function modelStatus(provider: ProviderId, modelId: string, info?: ModelInfo): ModelStatus {
  const label = PROVIDER_LABELS[provider];
  const shown = modelId ? modelShortName(modelId) : 'default model';
  const lines = [
    '**Docsmith model**',
    '',
    `| | |`,
    `|---|---|`,
    `| Provider | ${label.displayName} |`,
    `| Model | ${modelId ? code(modelId) : "the provider's default"} |`,
  ];
  if (info) {
    if (info.name && info.name !== modelId) lines.push(`| Name | ${info.name.replace(/[|\\`*_[\]<>]/g, ' ')} |`);
    lines.push(`| Price per 1M tokens | ${info.isFree ? 'free' : `${formatPerMillion(info.pricing.prompt)} in / ${formatPerMillion(info.pricing.completion)} out`} |`);
    lines.push(`| Context | ${info.contextLength ? `${formatTokenCount(info.contextLength)} tokens` : 'unknown'} |`);
  } else if (provider === 'vscodeLm') {
    lines.push('| Price | included in your subscription |');
  } else {
    lines.push('| Price per 1M tokens | unknown until the model list loads |');
  }
  lines.push('', 'Click to switch models.');
  return {
    text: `$(sparkle) ${shown}`,
    tooltip: lines.join('\n'),
    accessibilityLabel: `Docsmith model ${modelId || 'default'} on ${label.displayName}. Click to switch models.`,
  };
}
