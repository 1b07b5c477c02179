import * as vscode from 'vscode';
import type { CostLedger } from '../../core/cost/costLedger';
import { formatTotals } from '../../core/cost/costTotals';

/** `docsmith.resetSessionCost`: starts a new session; the persisted history (today, this month) is kept. */
export async function resetSessionCost(ledger: CostLedger): Promise<void> {
  const before = formatTotals(ledger.sessionTotals());
  ledger.reset();
  await vscode.window.showInformationMessage(
    vscode.l10n.t('Docsmith started a new cost session (the last one came to {0}). Your cost history is kept.', before),
  );
}
