import * as path from 'node:path';
import type * as vscode from 'vscode';
import { outputStatsByPhase } from '../../core/cost/costEstimate';
import type { DocRunServices } from '../../core/docs/runScope';
import { createParser, type SourceParser } from '../../core/docs/parse/sourceParser';
import { chooseModel, runServices, type ModelChoice } from '../../core/docs/runSetup';
import { fileLevel, type ParseFn } from '../../core/docs/sourceIndex';
import { createGuideRefresher } from '../../core/guide/guideRefresh';
import { requireGuideTools } from '../../core/guide/guideToolCheck';
import type { Logger } from '../../core/logger';
import type { CostTracking } from './costTracking';
import type { ProviderHub } from './providerHub';
import { ResponseCache } from '../../core/cache/responseCache';
import type { DocsmithConfig } from './settings';

/**
 * What every documentation command needs from the extension: the provider and model from the
 * settings, prices from the catalog (fetched if needed, never blocking longer than 15 s), the
 * tree-sitter parser (loaded once, from the bundle's `dist/wasm`), where its cache lives, and the
 * session ledger.
 */
export class DocRunHost {
  private parser: Promise<SourceParser | undefined> | undefined;
  private responseCache: ResponseCache | undefined;

  constructor(
    private readonly hub: ProviderHub,
    private readonly costs: CostTracking,
    private readonly log: Logger,
    private readonly extensionUri: vscode.Uri,
    /** Folder of the parse cache: the workspace's storage, never the workspace itself. */
    readonly parseCacheDirectory: string,
    /** Global storage: the response cache lives in its `responses` folder. */
    private readonly responseCacheParent: string,
  ) {}

  /** The configured model and what its catalog says (waits for the list at most 15 s). */
  async chooseModel(config: DocsmithConfig): Promise<ModelChoice> {
    void this.parserOnce(); // loads while the model list is fetched
    const catalog = this.hub.catalog(config.provider);
    let stale = false;
    const choice = await chooseModel(
      { provider: config.provider, model: config.model },
      {
        llm: this.hub.provider(config.provider),
        listModels: async () => {
          const snapshot = await catalog.getModels();
          stale = snapshot.stale;
          return snapshot.models;
        },
        openRouter: { find: (id) => this.hub.catalog('openrouter').find(id) },
        log: this.log,
      },
    );
    // A stale list (the fetch failed, the cache answered) may simply be out of date.
    return stale ? { ...choice, listed: undefined } : choice;
  }

  /** The response cache in global storage, shared by every window (entries are written atomically). */
  private cache(): ResponseCache {
    return (this.responseCache ??= new ResponseCache({ dir: path.join(this.responseCacheParent, 'responses') }));
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

  /** A parse function that starts the parser on the first file it is given (file level if it cannot start). */
  parseLazily(): ParseFn {
    return async (file, language, text, files) => {
      const parser = await this.parserOnce();
      return parser ? parser.parseFile(file, language, text, files) : fileLevel(file, language, 0);
    };
  }

  /** Services for `runDocs`: chat through the provider, the session ledger, the spend cap. */
  async services(choice: ModelChoice, config: DocsmithConfig, confirm: DocRunServices['confirm']): Promise<DocRunServices> {
    const [parser, history] = await Promise.all([this.parserOnce(), this.costs.history.load()]);
    const services = runServices(choice, {
      parse: parser ? (file, language, text, files) => parser.parseFile(file, language, text, files) : undefined,
      ledger: this.costs.ledger,
      maxCostUsd: config.maxCostPerRun,
      confirm,
      // Past answers of this model bound the estimate's output better than max_tokens alone.
      pastOutput: outputStatsByPhase(history.records, choice.model),
      responseCache: config.responseCache ? { cache: this.cache(), scope: choice.provider === 'vscodeLm' ? '' : config.baseUrls[choice.provider] } : undefined,
      log: this.log,
    });
    // Guides whose sources changed are written again inside the run (its lock, cap and ledger).
    const guides = createGuideRefresher(
      { outputDirectory: config.outputDirectory, provider: choice.provider, model: choice.model, maxOutputTokens: config.maxOutputTokens, temperature: config.temperature, concurrency: config.concurrency, structuredOutput: choice.structured, maxToolRounds: config.guideMaxToolRounds },
      { ...services, requireTools: () => requireGuideTools(choice) },
    );
    return { ...services, guides };
  }
}
