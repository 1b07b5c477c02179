import * as vscode from 'vscode';
import { ProviderError, type ProviderId } from '../../core/providers/types';
import type { Logger } from '../../core/logger';
import { CommandId } from '../commandIds';
import { providerErrorText, type ErrorAction } from './providerErrorText';

const ACTIONS: Record<ErrorAction, { label: () => string; command: CommandId }> = {
  setApiKey: { label: () => vscode.l10n.t('Set API Key'), command: CommandId.setApiKey },
  selectModel: { label: () => vscode.l10n.t('Select Model'), command: CommandId.selectModel },
};

/** Logs the error and shows its user-facing message with its buttons; a cancellation shows nothing. */
export async function showProviderError(error: unknown, context: { provider: ProviderId; model?: string }, log: Logger): Promise<void> {
  if (error instanceof ProviderError && error.reason === 'cancelled') return;
  log.error(error instanceof Error ? error : String(error));
  const text = providerErrorText(error, context, vscode.l10n.t);
  const buttons = text.actions.map((a) => ACTIONS[a].label());
  const choice = await vscode.window.showErrorMessage(text.message, ...buttons);
  const action = text.actions.find((a) => ACTIONS[a].label() === choice);
  if (action === 'setApiKey') await vscode.commands.executeCommand(ACTIONS.setApiKey.command, context.provider);
  else if (action) await vscode.commands.executeCommand(ACTIONS[action].command);
}
