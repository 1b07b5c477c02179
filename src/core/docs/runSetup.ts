/**
 * How a documentation run is set up, the same for the editor and the CLI: which model (the
 * setting, or the provider's default), what its provider's catalog says about it (prices, whether
 * it takes a JSON schema for its answer), and the services and options `runDocs` gets. The front
 * ends only say where the model list, the ledger and the parser come from.
 */
import { findModel } from '../catalog/modelSearch';
import type { PhaseOutputStats } from '../cost/costEstimate';
import { lookupPricing, type ModelLookup, type PricingAnswer } from '../cost/pricingLookup';
import type { Logger } from '../logger';
import { normaliseModelId, resolveModelId } from '../modelNames';
import { PROVIDERS } from '../providers/providerInfo';
import type { LlmProvider, ModelInfo, ProviderId } from '../providers/types';
import type { DocRunOptions, DocRunServices } from './runScope';
import type { RequestLedger } from './modelCalls';
import type { ParseFn } from './sourceIndex';

/** The model a run uses, with what its provider's catalog says about it. */
export interface ModelChoice {
  provider: ProviderId;
  model: string;
  llm: LlmProvider;
  /** The catalog entry; undefined when the list could not be read or does not name the model. */
  info?: ModelInfo;
  /** Whether the provider's model list names the model; undefined when no list could be read, or it was empty. */
  listed?: boolean;
  /** The provider's model list when it could be read in time (what a guide's tool check suggests from). */
  catalog?: readonly ModelInfo[];
  priced?: PricingAnswer;
  /** Prices of any model of the provider (the fallbacks), from the same catalogs; undefined when not known. */
  pricesOf?: (model: string) => PricingAnswer | undefined;
  /** Answers are asked for as JSON matching a schema. */
  structured: boolean;
}

export interface ModelChoiceConfig {
  provider: ProviderId;
  /** As set or typed; empty or undefined means the provider's default model. */
  model?: string;
  /** Force (true) or forbid (false) JSON-schema answers; undefined: as the provider and the catalog allow. */
  structured?: boolean;
}

export interface ModelSources {
  llm: LlmProvider;
  /** The provider's model list: a cached catalog or a fresh request. */
  listModels(): Promise<readonly ModelInfo[]>;
  /** OpenRouter's catalog when loaded: prices of direct OpenAI and Anthropic models it mirrors. */
  openRouter?: ModelLookup;
  log: Logger;
  /** How long to wait for the list before going on without prices (ms). */
  waitMs?: number;
}

const MODEL_LIST_WAIT_MS = 15_000;

/** True when a catalog entry says the model honours a JSON schema for its answer. */
export function takesJsonSchema(info: ModelInfo | undefined): boolean {
  return info?.supportedParameters.some((p) => p === 'structured_outputs' || p === 'response_format') ?? false;
}

/** Resolves the model and what is known of it. Never throws for the model list: without it, prices and structured output are unknown. */
export async function chooseModel(config: ModelChoiceConfig, sources: ModelSources): Promise<ModelChoice> {
  const { provider } = config;
  const model = resolveModelId(provider, config.model);
  const { info, listed, catalog } = await catalogEntry(provider, model, sources);
  const priced = lookupPricing({ openRouter: sources.openRouter, byProvider: { [provider]: { find: (id: string) => (id === model ? info : undefined) } } }, provider, model);
  const pricesOf = (id: string): PricingAnswer | undefined => lookupPricing({ openRouter: sources.openRouter, byProvider: { [provider]: { find: (m: string) => (catalog ? findModel(catalog, m) : undefined) } } }, provider, id);
  const structured = config.structured ?? (PROVIDERS[provider].capabilities.structuredOutput && takesJsonSchema(info));
  return { provider, model, llm: sources.llm, info, listed, catalog, priced, pricesOf, structured };
}

async function catalogEntry(provider: ProviderId, model: string, sources: ModelSources): Promise<{ info?: ModelInfo; listed?: boolean; catalog?: readonly ModelInfo[] }> {
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    const models = await Promise.race([
      sources.listModels(),
      new Promise<undefined>((resolve) => {
        timer = setTimeout(() => resolve(undefined), sources.waitMs ?? MODEL_LIST_WAIT_MS);
      }),
    ]);
    const info = models ? findModel(models, model) : undefined;
    sources.log.info(`${provider} model list ${models ? `ready (${models.length} models)` : 'not ready'} after ${Date.now() - started} ms; ${model} ${info ? 'found' : 'not listed'}`);
    if (!models) sources.log.warn(`The ${PROVIDERS[provider].displayName} model list did not arrive in time; prices and structured output are unknown.`);
    return { info, listed: models && models.length > 0 ? info !== undefined : undefined, catalog: models };
  } catch (error) {
    sources.log.warn(`Could not load the ${PROVIDERS[provider].displayName} model list (${error instanceof Error ? error.message : String(error)}); prices and structured output are unknown.`);
    return {};
  } finally {
    clearTimeout(timer);
  }
}

export interface RunServiceParts {
  /** The session's ledger (editor) or this run's (CLI); absent when cost is not tracked. */
  ledger?: RequestLedger;
  parse?: ParseFn;
  /** USD; 0 means no cap. */
  maxCostUsd: number;
  confirm?: DocRunServices['confirm'];
  pastOutput?: Record<string, PhaseOutputStats>;
  /** The response cache, keyed by the provider's server; absent when switched off. */
  responseCache?: DocRunServices['responseCache'];
  log: Logger;
}

/** The services `runDocs` gets: chat through the chosen provider, the spend cap priced for the chosen model and its fallbacks. */
export function runServices(choice: ModelChoice, parts: RunServiceParts): DocRunServices {
  return {
    chat: (request) => choice.llm.chat(request),
    parse: parts.parse,
    ledger: parts.ledger,
    spendCap: { maxCostUsd: parts.maxCostUsd, pricing: choice.priced?.pricing, isFree: choice.priced?.isFree, pricesOf: choice.pricesOf },
    confirm: parts.confirm,
    pastOutput: parts.pastOutput,
    responseCache: parts.responseCache,
    log: parts.log,
  };
}

/** What a run is asked to do, apart from the model: the folder and the settings. */
export type RunSettings = Omit<DocRunOptions, 'provider' | 'model' | 'structuredOutput'>;

/** `runDocs` options: the settings, with the provider, model and answer format the choice decided (fallback ids normalised for the provider). */
export function runOptions(choice: ModelChoice, settings: RunSettings): DocRunOptions {
  return { ...settings, provider: choice.provider, model: choice.model, structuredOutput: choice.structured, fallbackModels: fallbackModelsFor(choice, settings.fallbackModels) };
}

/** `docsmith.fallbackModels` as ids of the chosen provider, without the chosen model itself. */
export function fallbackModelsFor(choice: Pick<ModelChoice, 'provider' | 'model'>, fallbackModels: readonly string[] | undefined): string[] | undefined {
  return fallbackModels?.map((m) => normaliseModelId(choice.provider, m)).filter((m) => m !== '' && m !== choice.model);
}
