import * as vscode from 'vscode';
import { emptyTotals } from '../../core/cost/costTotals';
import type { CostTotals } from '../../core/cost/types';
import type { ModelInfo, ProviderId } from '../../core/providers/types';
import { CommandId } from '../commandIds';
import { costStatusLabel, costStatusText, costTooltipMarkdown, type DocsNeedingUpdate, type PagesProgress } from './costStatusText';
import { modelStatus, type ModelStatusState } from './modelStatusText';

// Right-aligned: the higher priority sits further left, so the model comes first, then its cost.
const MODEL_PRIORITY = 101;
const COST_PRIORITY = 100;

function markdown(text: string): vscode.MarkdownString {
  const md = new vscode.MarkdownString(text, true);
  md.isTrusted = false;
  return md;
}

/** `docsmith.model`: the current model's short name; one click opens Select Model. */
export class ModelStatusItem implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('docsmith.model', vscode.StatusBarAlignment.Right, MODEL_PRIORITY);

  constructor() {
    this.item.name = vscode.l10n.t('Docsmith Model');
    this.item.command = CommandId.selectModel;
  }

  update(provider: ProviderId, modelId: string, info?: ModelInfo, state?: ModelStatusState): void {
    const status = modelStatus(provider, modelId, info, state);
    this.item.text = status.text;
    this.item.tooltip = markdown(status.tooltip);
    this.item.accessibilityInformation = { label: status.accessibilityLabel, role: 'button' };
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}

/** `docsmith.cost`: the session's total (or run progress and running total); one click opens the cost view. */
export class CostStatusItem implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('docsmith.cost', vscode.StatusBarAlignment.Right, COST_PRIORITY);
  private totals: CostTotals = emptyTotals();
  private progress: PagesProgress | undefined;
  private balanceUsd: number | undefined;
  private docs: DocsNeedingUpdate | undefined;

  constructor() {
    this.item.name = vscode.l10n.t('Docsmith Session Cost');
    this.item.command = CommandId.showCost;
    this.render();
    this.item.show();
  }

  /** Called from the ledger's `onDidChange` with this session's totals. */
  setTotals(totals: CostTotals): void {
    this.totals = totals;
    this.render();
  }

  /** Run progress while a run is going; `undefined` when it ends. */
  setProgress(progress: PagesProgress | undefined): void {
    this.progress = progress;
    this.render();
  }

  /** OpenRouter balance (USD) when the key has a limit; `undefined` when unknown. */
  setBalance(balanceUsd: number | undefined): void {
    this.balanceUsd = balanceUsd;
    this.render();
  }

  /** Pages needing an update in the workspace's docs; `undefined` when there are no docs. */
  setDocs(docs: DocsNeedingUpdate | undefined): void {
    this.docs = docs;
    this.render();
  }

  private render(): void {
    this.item.text = costStatusText(this.totals, this.progress);
    this.item.tooltip = markdown(costTooltipMarkdown(this.totals, { progress: this.progress, balanceUsd: this.balanceUsd, docs: this.docs }));
    this.item.accessibilityInformation = { label: costStatusLabel(this.totals, this.progress), role: 'button' };
  }

  dispose(): void {
    this.item.dispose();
  }
}
