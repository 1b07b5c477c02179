import * as vscode from 'vscode';
import { ProviderError, type ProviderId } from '../../core/providers/types';
import type { Logger } from '../../core/logger';
import { CommandId } from '../commandIds';
import { setKeyThenOfferResume, type Resume } from '../commands/runPreflight';
import { providerErrorText, type ErrorAction } from './providerErrorText';

export type { Resume } from '../commands/runPreflight';

const LABELS: Record<ErrorAction, () => string> = {
  setApiKey: () => vscode.l10n.t('Set API Key'),
  selectModel: () => vscode.l10n.t('Select Model'),
};

/**
 * Logs the error (the log shows its stack only at the Trace level) and shows its message with its buttons; a
 * cancellation shows nothing. After Set API Key, `resume` is offered to run the command again.
 */
export async function showProviderError(error: unknown, context: { provider: ProviderId; model?: string }, log: Logger, resume?: Resume): Promise<void> {
  if (error instanceof ProviderError && error.reason === 'cancelled') return;
  log.error(error instanceof Error ? error : String(error));
  const text = providerErrorText(error, context, vscode.l10n.t);
  const choice = await vscode.window.showErrorMessage(text.message, ...text.actions.map((a) => LABELS[a]()));
  const action = text.actions.find((a) => LABELS[a]() === choice);
  if (action === 'setApiKey') await setKeyThenOfferResume(context.provider, resume);
  else if (action === 'selectModel') await vscode.commands.executeCommand(CommandId.selectModel);
}
