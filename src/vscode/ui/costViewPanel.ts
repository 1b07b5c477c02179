import { randomBytes } from 'node:crypto';
import { homedir } from 'node:os';
import * as vscode from 'vscode';
import { recordsToCsv, recordsToJson } from '../../core/cost/costHistory';
import type { CostRecord } from '../../core/cost/types';
import type { CostTracking } from '../adapters/costTracking';
import { renderCostViewHtml, type CostViewData } from './costViewHtml';

interface ExportMessage {
  type: 'export';
  format: 'csv' | 'json';
  scope: 'session' | 'history';
}

function isExportMessage(m: unknown): m is ExportMessage {
  const x = m as ExportMessage;
  return typeof m === 'object' && m !== null && x.type === 'export' && (x.format === 'csv' || x.format === 'json') && (x.scope === 'session' || x.scope === 'history');
}

/** The `Show Session Cost` webview: one panel, re-rendered from ledger events while open. */
export class CostViewPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly costs: CostTracking,
    private readonly extensionUri: vscode.Uri,
  ) {
    this.disposables.push(costs.ledger.onDidChange(() => this.render()), costs.onDidChangeBalance(() => this.render()));
  }

  show(): void {
    if (this.panel) {
      this.panel.reveal();
      return;
    }
    const panel = vscode.window.createWebviewPanel('docsmith.costView', vscode.l10n.t('Docsmith: Session Cost'), vscode.ViewColumn.Active, {
      enableScripts: true,
      localResourceRoots: [],
    });
    this.panel = panel;
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'icon.png');
    panel.onDidDispose(() => (this.panel = undefined), undefined, this.disposables);
    panel.webview.onDidReceiveMessage((m: unknown) => (isExportMessage(m) ? void this.export(m) : undefined), undefined, this.disposables);
    this.render();
    void this.costs.refreshBalance();
  }

  private data(): CostViewData {
    const ledger = this.costs.ledger;
    return {
      sessionRecords: ledger.records,
      sessionTotals: ledger.sessionTotals(),
      byModel: [...ledger.totalsByModel()].map(([model, totals]) => ({ model, totals })),
      byRun: [...ledger.totalsByRun()].map(([runId, totals]) => ({ runId, label: this.costs.runLabel(runId), totals })),
      daily: ledger.dailyTotals(),
      today: ledger.dayTotals(),
      month: ledger.monthTotals(),
      balanceUsd: this.costs.balanceUsd,
      speed: this.costs.speed(),
    };
  }

  private render(): void {
    if (!this.panel) return;
    const nonce = randomBytes(16).toString('base64');
    this.panel.webview.html = renderCostViewHtml(this.data(), { nonce, cspSource: this.panel.webview.cspSource });
  }

  private async export(m: ExportMessage): Promise<void> {
    const records: readonly CostRecord[] = m.scope === 'session' ? this.costs.ledger.records : (await this.costs.history.load()).records;
    const stamp = new Date().toISOString().slice(0, 10);
    const target = await vscode.window.showSaveDialog({
      title: vscode.l10n.t('Export Docsmith costs'),
      defaultUri: vscode.Uri.joinPath(vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(homedir()), `docsmith-costs-${m.scope}-${stamp}.${m.format}`),
      filters: m.format === 'csv' ? { CSV: ['csv'] } : { JSON: ['json'] },
    });
    if (!target) return;
    const text = m.format === 'csv' ? recordsToCsv(records) : recordsToJson(records);
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
    void vscode.window.showInformationMessage(vscode.l10n.t('Docsmith exported {0} cost records to {1}.', records.length, target.fsPath));
  }

  dispose(): void {
    this.panel?.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
