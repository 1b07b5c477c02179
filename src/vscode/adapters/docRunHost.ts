import * as path from 'node:path';
import type * as vscode from 'vscode';
import { lookupPricing, type PricingAnswer } from '../../core/cost/pricingLookup';
import { outputStatsByPhase } from '../../core/cost/costEstimate';
import type { DocRunServices } from '../../core/docs/docRun';
import { createParser, type SourceParser } from '../../core/docs/parse/sourceParser';
import { resolveModelId } from '../../core/modelNames';
import type { LlmProvider, ModelInfo, ProviderId } from '../../core/providers/types';
import type { Logger } from '../../core/logger';
import type { CostTracking } from './costTracking';
import type { ProviderHub } from './providerHub';
import type { DocsmithConfig } from './settings';

/** The model a run will use, with what the catalog knows about it. */
export interface RunModel {
  provider: ProviderId;
  model: string;
  llm: LlmProvider;
  info?: ModelInfo;
  priced?: PricingAnswer;
  /** The catalog says the model takes a JSON schema. */
  structured: boolean;
}

const CATALOG_WAIT_MS = 15_000;

/**
 * What every documentation command needs from the extension: the provider and model from the
 * settings, prices from the catalog (fetched if needed, never blocking longer than 15 s), the
 * tree-sitter parser (loaded once, from the bundle's `dist/wasm`), where its cache lives, and the
 * session ledger.
 */
export class DocRunHost {
  private parser: Promise<SourceParser | undefined> | undefined;

  constructor(
    private readonly hub: ProviderHub,
    private readonly costs: CostTracking,
    private readonly log: Logger,
    private readonly extensionUri: vscode.Uri,
    /** Folder of the parse cache: the workspace's storage, never the workspace itself. */
    readonly parseCacheDirectory: string,
  ) {}

  async runModel(config: DocsmithConfig): Promise<RunModel> {
    void this.parserOnce(); // loads while the model list is fetched
    const provider = config.provider;
    const model = resolveModelId(provider, config.model);
    const catalog = this.hub.catalog(provider);
    let info: ModelInfo | undefined;
    const started = Date.now();
    try {
      const snapshot = await Promise.race([
        catalog.getModels(),
        new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), CATALOG_WAIT_MS)),
      ]);
      info = snapshot ? catalog.find(model) : undefined;
      this.log.info(`${provider} model list ${snapshot ? `ready (${snapshot.models.length} models)` : 'not ready'} after ${Date.now() - started} ms; ${model} ${info ? 'found' : 'not listed'}`);
    } catch (error) {
      this.log.warn(`Could not load the ${provider} model list; prices and structured output are unknown.`, error);
    }
    const priced = lookupPricing(
      { openRouter: { find: (id) => this.hub.catalog('openrouter').find(id) }, byProvider: { [provider]: { find: (id: string) => catalog.find(id) } } },
      provider,
      model,
    );
    const structured = info?.supportedParameters.some((p) => p === 'structured_outputs' || p === 'response_format') ?? false;
    return { provider, model, llm: this.hub.provider(provider), info, priced, structured };
  }

  /** The parser, or undefined (files documented without symbol outlines) when it cannot start. */
  parserOnce(): Promise<SourceParser | undefined> {
    const started = Date.now();
    this.parser ??= createParser({ wasmDir: path.join(this.extensionUri.fsPath, 'dist', 'wasm') }).then((parser) => {
      this.log.info(`Parser ready in ${Date.now() - started} ms (${parser.languages.join(', ')})`);
      return parser;
    }).catch((error: unknown) => {
      this.log.warn('The parser could not start; files are documented without symbol outlines.', error);
      return undefined;
    });
    return this.parser;
  }

  /** Services for `runDocs`: chat through the provider, the session ledger, the spend cap. */
  async services(run: RunModel, config: DocsmithConfig, confirm: DocRunServices['confirm']): Promise<DocRunServices> {
    const [parser, history] = await Promise.all([this.parserOnce(), this.costs.history.load()]);
    return {
      chat: (request) => run.llm.chat(request),
      parse: parser ? (file, language, text, files) => parser.parseFile(file, language, text, files) : undefined,
      ledger: this.costs.ledger,
      spendCap: { maxCostUsd: config.maxCostPerRun, pricing: run.priced?.pricing, isFree: run.priced?.isFree },
      confirm,
      // Past answers of this model bound the estimate's output better than max_tokens alone.
      pastOutput: outputStatsByPhase(history.records, run.model),
      log: this.log,
    };
  }
}
