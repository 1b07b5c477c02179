/**
 * Parsers for the model lists of providers other than OpenRouter. None of these APIs returns
 * prices, so prices come from an injected lookup (the price table
 * for OpenAI and Anthropic direct) or stay unknown.
 */
import type { ModelInfo, ModelPricing } from './types';
import { isFreeModel, vendorOf } from './openRouterModels';

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function positiveInt(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.floor(value) : undefined;
}

function dataArray(json: unknown): Json[] {
  const list = Array.isArray(json) ? json : isObject(json) && Array.isArray(json.data) ? json.data : [];
  return list.filter(isObject);
}

export interface ModelListOptions {
  /** Price lookup by model id; undefined result = unknown prices. */
  pricingFor?: (id: string) => ModelPricing | undefined;
}

function withPricing(model: Omit<ModelInfo, 'pricing' | 'isFree'>, options: ModelListOptions): ModelInfo {
  const pricing = options.pricingFor?.(model.id) ?? {};
  return { ...model, pricing, isFree: isFreeModel(model.id, pricing) };
}

/** OpenAI lists embeddings, audio, image and moderation models too; only chat models fit here. */
export function isOpenAiChatModelId(id: string): boolean {
  if (!/^(gpt-|chatgpt-|o\d|codex-)/i.test(id)) return false;
  return !/(embedding|whisper|tts|dall-e|image|audio|realtime|transcribe|moderation|search-preview|-instruct$)/i.test(id);
}

/** `GET https://api.openai.com/v1/models` → chat models, newest first. */
export function parseOpenAiModels(json: unknown, options: ModelListOptions = {}): ModelInfo[] {
  const models = dataArray(json)
    .filter((raw) => typeof raw.id === 'string' && isOpenAiChatModelId(raw.id))
    .map((raw) => {
      const id = raw.id as string;
      const model: Omit<ModelInfo, 'pricing' | 'isFree'> = { id, name: id, vendor: 'openai', supportedParameters: [] };
      const created = positiveInt(raw.created);
      if (created !== undefined) model.created = created;
      return withPricing(model, options);
    });
  return models.sort((a, b) => (b.created ?? 0) - (a.created ?? 0) || a.id.localeCompare(b.id));
}

/** `GET https://api.anthropic.com/v1/models` (one page) → models in the order listed (newest first). */
export function parseAnthropicModels(json: unknown, options: ModelListOptions = {}): ModelInfo[] {
  return dataArray(json)
    .filter((raw) => typeof raw.id === 'string' && raw.id !== '')
    .map((raw) => {
      const id = raw.id as string;
      const name = typeof raw.display_name === 'string' && raw.display_name !== '' ? raw.display_name : id;
      const model: Omit<ModelInfo, 'pricing' | 'isFree'> = { id, name, vendor: 'anthropic', supportedParameters: [] };
      const context = positiveInt(raw.max_input_tokens);
      if (context !== undefined) model.contextLength = context;
      const maxTokens = positiveInt(raw.max_tokens);
      if (maxTokens !== undefined) model.maxCompletionTokens = maxTokens;
      if (typeof raw.created_at === 'string') {
        const time = Date.parse(raw.created_at);
        if (Number.isFinite(time)) model.created = Math.floor(time / 1000);
      }
      return withPricing(model, options);
    });
}

/** Query string for the next Anthropic page (`after_id=…&limit=…`), or undefined on the last page. */
export function anthropicNextPageQuery(json: unknown, limit = 1000): string | undefined {
  if (!isObject(json) || json.has_more !== true || typeof json.last_id !== 'string') return undefined;
  return `after_id=${encodeURIComponent(json.last_id)}&limit=${limit}`;
}

export interface CompatibleListOptions extends ModelListOptions {
  /**
   * The server runs on this machine (Ollama, LM Studio, llama.cpp): requests cost nothing, so
   * models are free unless `pricingFor` knows better. Remote compatible servers keep unknown prices.
   */
  local?: boolean;
}

/** True for loopback hosts (`localhost`, `127.x`, `::1`), where a compatible server is local. */
export function isLocalBaseUrl(baseUrl: string): boolean {
  try {
    const host = new URL(baseUrl).hostname.replace(/^\[|\]$/g, '');
    return host === 'localhost' || host === '::1' || /^127\./.test(host) || host === '0.0.0.0';
  } catch {
    return false;
  }
}

/**
 * `GET {baseUrl}/models` of an OpenAI-compatible server → models sorted by id. Context comes
 * from llama.cpp's `meta.n_ctx_train` or a `context_length`/`max_model_len` field when present.
 */
export function parseOpenAiCompatibleModels(json: unknown, options: CompatibleListOptions = {}): ModelInfo[] {
  const localPricing: ModelPricing = { prompt: 0, completion: 0 };
  const seen = new Set<string>();
  const models: ModelInfo[] = [];
  for (const raw of dataArray(json)) {
    if (typeof raw.id !== 'string' || raw.id === '' || seen.has(raw.id)) continue;
    seen.add(raw.id);
    const ownedBy = typeof raw.owned_by === 'string' && raw.owned_by !== '' ? raw.owned_by : 'local';
    const model: Omit<ModelInfo, 'pricing' | 'isFree'> = {
      id: raw.id,
      name: typeof raw.name === 'string' && raw.name !== '' ? raw.name : raw.id,
      vendor: vendorOf(raw.id, ownedBy.toLowerCase()),
      supportedParameters: [],
    };
    const meta = isObject(raw.meta) ? raw.meta : {};
    const context = positiveInt(raw.context_length) ?? positiveInt(raw.max_model_len) ?? positiveInt(meta.n_ctx_train);
    if (context !== undefined) model.contextLength = context;
    const created = positiveInt(raw.created);
    if (created !== undefined) model.created = created;
    const lookup: ModelListOptions = {
      pricingFor: (id) => options.pricingFor?.(id) ?? (options.local ? localPricing : undefined),
    };
    models.push(withPricing(model, lookup));
  }
  return models.sort((a, b) => a.id.localeCompare(b.id));
}
