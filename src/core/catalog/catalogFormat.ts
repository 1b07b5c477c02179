/**
 * Text for the model quick pick and the status bar tooltip: prices per million tokens,
 * context sizes and vendor labels. Pure functions; the VS Code layer only places the strings.
 */
import type { ModelInfo } from '../providers/types';

/** USD per token → USD per million tokens, without float noise (1.5e-7 → 0.15). */
export function perMillion(pricePerToken: number): number {
  return Math.round(pricePerToken * 1e6 * 1e6) / 1e6;
}

/** `0.15` → `$0.15`, `2.5` → `$2.50`, `0.075` → `$0.075`: at least 2 decimals, never rounds a price away. */
export function formatUsdPerMillion(value: number): string {
  const trimmed = value.toFixed(6).replace(/0+$/, '');
  const [whole, fraction = ''] = trimmed.split('.');
  return `$${whole}.${fraction.padEnd(2, '0')}`;
}

/** `$0.15 / $0.60 per 1M` (input / output), `free`, or `price unknown` (router models). */
export function formatPricePerMillion(model: Pick<ModelInfo, 'pricing' | 'isFree'>): string {
  if (model.isFree) return 'free';
  const { prompt, completion } = model.pricing;
  if (prompt === undefined || completion === undefined) return 'price unknown';
  return `${formatUsdPerMillion(perMillion(prompt))} / ${formatUsdPerMillion(perMillion(completion))} per 1M`;
}

/** 128000 → `128K`, 131072 → `131K`, 1048576 → `1.05M`, 2000000 → `2M`; unknown → `?`. */
export function formatContext(tokens: number | undefined): string {
  if (tokens === undefined || !Number.isFinite(tokens) || tokens <= 0) return '?';
  if (tokens >= 1_000_000) {
    return `${(Math.round(tokens / 10_000) / 100).toString()}M`;
  }
  if (tokens >= 1000) return `${Math.round(tokens / 1000)}K`;
  return String(Math.round(tokens));
}

const VENDOR_LABELS: Record<string, string> = {
  openai: 'OpenAI',
  anthropic: 'Anthropic',
  google: 'Google',
  'meta-llama': 'Meta',
  mistralai: 'Mistral',
  qwen: 'Qwen',
  deepseek: 'DeepSeek',
  'x-ai': 'xAI',
  cohere: 'Cohere',
  microsoft: 'Microsoft',
  nvidia: 'NVIDIA',
  amazon: 'Amazon',
  perplexity: 'Perplexity',
  moonshotai: 'Moonshot AI',
  'z-ai': 'Z.AI',
  nousresearch: 'Nous Research',
  openrouter: 'OpenRouter',
  minimax: 'MiniMax',
  ai21: 'AI21',
};

/** Display label for a vendor id: `meta-llama` → `Meta`, unknown ids title-cased (`arcee-ai` → `Arcee Ai`). */
export function vendorLabel(vendor: string): string {
  const known = VENDOR_LABELS[vendor.toLowerCase()];
  if (known) return known;
  return vendor
    .split(/[-_]/)
    .filter(Boolean)
    .map((part) => part[0].toUpperCase() + part.slice(1))
    .join(' ');
}
