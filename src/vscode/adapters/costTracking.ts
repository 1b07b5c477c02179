import type * as vscode from 'vscode';
import { CostHistory } from '../../core/cost/costHistory';
import { CostLedger } from '../../core/cost/costLedger';
import { sampleOfRecord, speedByModel, type ModelSpeed } from '../../core/cost/speedStats';
import type { CostRecord } from '../../core/cost/types';
import { Emitter } from '../../core/events';
import { createPricingFor, type ModelLookup } from '../../core/cost/pricingLookup';
import { createOpenRouterProvider } from '../../core/providers/openRouterProvider';
import type { ProviderId } from '../../core/providers/types';
import { HTTP_PROVIDER_IDS } from '../../core/providers/providerInfo';
import type { Logger } from '../../core/logger';
import type { ProviderHub } from './providerHub';
import { readConfig } from './settings';

/** A catalog looked up at call time, so a changed base URL is followed. */
function lookupIn(hub: ProviderHub, provider: ProviderId): ModelLookup {
  return { find: (id) => hub.catalog(provider).find(id) };
}

/** What a run was, for the cost view: the command, the workspace folder and when it started. */
export interface RunLabel {
  command: string;
  folder: string;
  startedAt: Date;
}

/**
 * The session ledger with its persisted history under global storage, priced from the loaded
 * catalogs, and OpenRouter's generation lookup and balance. Nothing is read at construction:
 * `loadHistory()` runs after activation.
 */
export class CostTracking implements vscode.Disposable {
  readonly history: CostHistory;
  readonly ledger: CostLedger;
  /** OpenRouter credit left under the key's limit (USD), when known. */
  balanceUsd: number | undefined;
  private readonly balanceChanged = new Emitter<number | undefined>();
  readonly onDidChangeBalance = this.balanceChanged.event;
  private readonly runLabels = new Map<string, RunLabel>();
  /** The history as loaded at activation (earlier sessions), for the speed figures over all of it. */
  private pastRecords: readonly CostRecord[] = [];

  constructor(
    storageDir: string,
    private readonly hub: ProviderHub,
    private readonly log: Logger,
  ) {
    this.history = new CostHistory(storageDir, undefined, log);
    this.ledger = new CostLedger({
      history: this.history,
      log,
      pricingFor: createPricingFor({
        openRouter: lookupIn(hub, 'openrouter'),
        byProvider: Object.fromEntries(HTTP_PROVIDER_IDS.map((id) => [id, lookupIn(hub, id)])),
      }),
      lookupGeneration: (id, signal) => this.openRouter().getGeneration(id, signal),
    });
  }

  private openRouter() {
    return createOpenRouterProvider(this.hub.contextFor('openrouter'));
  }

  /** Names a run so the cost view can show what it was instead of its id. */
  labelRun(runId: string, label: RunLabel): void {
    this.runLabels.set(runId, label);
  }

  runLabel(runId: string): RunLabel | undefined {
    return this.runLabels.get(runId);
  }

  /** Loads persisted records into today's and this month's totals. A corrupt line is skipped. */
  async loadHistory(): Promise<void> {
    const { records } = await this.history.load();
    this.pastRecords = records;
    this.ledger.loadHistory(records);
  }

  /** Speed per provider and model over this session, and over the whole history (this session included). */
  speed(): { session: ModelSpeed[]; history: ModelSpeed[] } {
    const session = [...this.ledger.records, ...this.ledger.failures];
    const seen = new Set(session.map((r) => r.id));
    const history = [...this.pastRecords.filter((r) => !seen.has(r.id)), ...session];
    return { session: speedByModel(session.map(sampleOfRecord)), history: speedByModel(history.map(sampleOfRecord)) };
  }

  /**
   * Asks OpenRouter how much credit the key has left, when OpenRouter is the provider and a key is
   * stored. Keys without a limit have no balance to show. Resolves to the balance or undefined.
   */
  async refreshBalance(signal?: AbortSignal): Promise<number | undefined> {
    let balance: number | undefined;
    const ctx = this.hub.contextFor('openrouter');
    if (readConfig().provider === 'openrouter' && (await ctx.getApiKey('openrouter'))) {
      try {
        balance = (await this.openRouter().getKeyInfo(signal)).limitRemainingUsd;
      } catch (error) {
        this.log.debug('Could not read the OpenRouter key balance', error);
        balance = this.balanceUsd;
      }
    }
    if (balance !== this.balanceUsd) {
      this.balanceUsd = balance;
      this.balanceChanged.fire(balance);
    }
    return balance;
  }

  dispose(): void {
    this.ledger.dispose();
    this.balanceChanged.dispose();
  }
}
