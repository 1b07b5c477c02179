import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import type { DocRunServices } from '../../core/docs/runScope';
import { RunLockedError } from '../../core/docs/runLock';
import { OutputFolderError } from '../../core/docs/outputFolder';
import type { Logger } from '../../core/logger';
import { toAbortSignal } from '../adapters/cancellation';
import type { CostTracking } from '../adapters/costTracking';
import { fallbackModelsFor, type ModelChoice } from '../../core/docs/runSetup';
import type { DocRunHost } from '../adapters/docRunHost';
import type { SecretKeyStore } from '../adapters/secretKeyStore';
import { readConfig, type DocsmithConfig } from '../adapters/settings';
import { CommandId } from '../commandIds';
import { PROVIDERS } from '../../core/providers/providerInfo';
import { showProviderError, type Resume } from '../ui/showProviderError';
import { ensureKey } from './runPreflight';

/** What every command that asks a model needs from the extension. */
export interface ModelRunDeps {
  keys: SecretKeyStore;
  host: DocRunHost;
  costs: CostTracking;
  log: Logger;
}

/** One command's run: what it is called, where it works, how to start it again. */
export interface ModelRunRequest {
  /** Shown on the Resume button and in the cost view: `Generate Docs`. */
  label: string;
  /** The title of the progress notification. */
  title: string;
  folder: vscode.WorkspaceFolder;
  /** The command and arguments that start this run again (after a key was set, say). */
  command: CommandId;
  args?: unknown[];
}

/** What the command's body gets: the settings, the model, services and the run's signal and progress. */
export interface ModelRunScope {
  config: DocsmithConfig;
  model: ModelChoice;
  services: DocRunServices;
  /** `docsmith.fallbackModels` as ids of the chosen provider. */
  fallbackModels?: string[];
  runId: string;
  signal: AbortSignal;
  progress: vscode.Progress<{ message?: string; increment?: number }>;
}

/** Models the user chose to use although the provider's list does not have them (this window only). */
const acceptedUnlisted = new Set<string>();

/**
 * Runs a model command as preflight → run → report. Preflight: a key for the provider (with an
 * offer to resume the command once one is set), then, inside a cancellable progress
 * notification, the model checked against the provider's loaded list before any request. `body`
 * runs with the services; its value is returned. Any failure is reported the way the user needs
 * it, and resolves to undefined.
 */
export async function withModelRun<T>(deps: ModelRunDeps, request: ModelRunRequest, body: (scope: ModelRunScope) => Promise<T>): Promise<T | undefined> {
  const resume: Resume = { label: request.label, run: () => vscode.commands.executeCommand(request.command, ...(request.args ?? [])) };
  let config = readConfig(request.folder.uri);
  if (!(await ensureKey(deps.keys, config.provider, resume))) return undefined;
  let model: ModelChoice | undefined;
  try {
    return await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: request.title, cancellable: true }, async (progress, token) => {
      progress.report({ message: vscode.l10n.t('preparing…') });
      model = await deps.host.chooseModel(config);
      for (;;) {
        const choice = await checkModelListed(model);
        if (choice === 'stop' || token.isCancellationRequested) return undefined;
        if (choice === 'go') break;
        config = readConfig(request.folder.uri);
        model = await deps.host.chooseModel(config);
      }
      const runId = randomUUID();
      deps.costs.labelRun(runId, { command: request.label, folder: request.folder.name, startedAt: new Date() });
      const services = await deps.host.services(model, config, undefined);
      const abort = toAbortSignal(token);
      try {
        return await body({ config, model, services, fallbackModels: fallbackModelsFor(model, config.fallbackModels), runId, signal: abort.signal, progress });
      } finally {
        abort.dispose();
      }
    });
  } catch (error) {
    await reportRunError(error, { provider: config.provider, model: model?.model }, deps.log, resume);
    return undefined;
  }
}

/**
 * How a model run failed, worded for the user: a held lock; an output folder that cannot be used
 * (a link out of the workspace, a file in the way), with the setting; or the provider error's
 * message and buttons.
 */
export async function reportRunError(error: unknown, context: { provider: DocsmithConfig['provider']; model?: string }, log: Logger, resume?: Resume): Promise<void> {
  if (error instanceof RunLockedError) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Docsmith is already generating docs in this folder (another window or the CLI). Try again when it finishes.'));
    return;
  }
  if (error instanceof OutputFolderError) {
    const open = vscode.l10n.t('Open Settings');
    const choice = await vscode.window.showErrorMessage(`Docsmith: ${error.message}`, open);
    if (choice === open) await vscode.commands.executeCommand('workbench.action.openSettings', 'docsmith.outputDirectory');
    return;
  }
  await showProviderError(error, context, log, resume);
}

/**
 * A model the provider's loaded list does not have is asked about before anything is sent:
 * pick another ('again' once one is picked), use it anyway ('go'), or stop. Without a loaded
 * list nothing can be said, and the run goes on.
 */
async function checkModelListed(model: ModelChoice): Promise<'go' | 'again' | 'stop'> {
  const key = `${model.provider} ${model.model}`;
  if (model.listed !== false || acceptedUnlisted.has(key)) return 'go';
  const provider = PROVIDERS[model.provider].displayName;
  const select = vscode.l10n.t('Select Model');
  const anyway = vscode.l10n.t('Use Anyway');
  const answer = await vscode.window.showWarningMessage(
    vscode.l10n.t('Model `{0}` is not in the {1} model list.', model.model, provider),
    { modal: true, detail: vscode.l10n.t('Requests to it will most likely fail. Pick a model from the list, or use this id anyway (for a model the list does not show yet).') },
    select,
    anyway,
  );
  if (answer === anyway) {
    acceptedUnlisted.add(key);
    return 'go';
  }
  if (answer !== select) return 'stop';
  const picked = await vscode.commands.executeCommand<string | undefined>(CommandId.selectModel);
  return picked ? 'again' : 'stop';
}
