import * as vscode from 'vscode';
import { formatUsd, usdToNanos } from '../../core/cost/money';
import { formatHumanSummary } from '../../core/docs/runReport';
import { runDocs, type DocRunOptions } from '../../core/docs/docRun';
import { runOptions, type ModelChoice } from '../../core/docs/runSetup';
import { OVERVIEW_PAGE } from '../../core/docs/pagePaths';
import { showMarkdownPreview } from '../ui/markdownPreview';
import { RunLockedError } from '../../core/docs/runLock';
import { OutputFolderError } from '../../core/docs/outputFolder';
import type { DocRunSummary } from '../../core/docs/runSummary';
import { ProviderError, type ErrorReason } from '../../core/providers/types';
import type { Logger } from '../../core/logger';
import { toAbortSignal } from '../adapters/cancellation';
import type { DocRunHost } from '../adapters/docRunHost';
import type { SecretKeyStore } from '../adapters/secretKeyStore';
import { readConfig } from '../adapters/settings';
import { estimateDetail, needsConfirmation, runNotice } from '../ui/runMessages';
import { showProviderError } from '../ui/showProviderError';
import type { CostStatusItem } from '../ui/statusBarItems';
import { enabledFilesExclude, ensureKey, ensureTrusted, pickWorkspaceFolder } from './runPreflight';

export interface GenerateDocsDeps {
  keys: SecretKeyStore;
  host: DocRunHost;
  costItem: CostStatusItem;
  channel: vscode.LogOutputChannel;
  log: Logger;
}

/** What a workspace run is asked to do; by default every stale page of a folder the user picks. */
export interface WorkspaceRunRequest {
  folder?: vscode.WorkspaceFolder;
  /** Limit the run to these pages (see `DocRunOptions.only`). */
  only?: DocRunOptions['only'];
  /** Progress title; default "Docsmith: Generate Docs". */
  title?: string;
}

/**
 * `docsmith.generateDocs` (and Update Stale Docs, Regenerate Page): documents a workspace folder
 * with the estimate, the cap and a cancellable progress notification.
 */
export async function generateDocs(deps: GenerateDocsDeps, request: WorkspaceRunRequest = {}): Promise<DocRunSummary | undefined> {
  if (!(await ensureTrusted())) return undefined;
  const folder = request.folder ?? (await pickWorkspaceFolder());
  if (!folder) return undefined;
  const config = readConfig(folder.uri);
  if (!(await ensureKey(deps.keys, config.provider))) return undefined;

  const title = request.title ?? vscode.l10n.t('Docsmith: Generate Docs');
  let run: ModelChoice | undefined;
  try {
    const summary = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
      progress.report({ message: vscode.l10n.t('preparing…') });
      run = await deps.host.chooseModel(config);
      const confirm = async (estimate: Parameters<typeof estimateDetail>[0]): Promise<boolean> => {
        const free = run?.priced?.isFree === true;
        if (!needsConfirmation(estimate, config.confirmCostAbove, { free, included: config.provider === 'vscodeLm' })) return true;
        const go = vscode.l10n.t('Generate');
        const answer = await vscode.window.showWarningMessage(
          vscode.l10n.t('Docsmith: this run is estimated above {0}.', formatUsd(usdToNanos(config.confirmCostAbove))),
          { modal: true, detail: estimateDetail(estimate, run?.model ?? '') },
          go,
        );
        return answer === go;
      };
      const services = await deps.host.services(run, config, confirm);
      const abort = toAbortSignal(token);
      let reported = 0;
      try {
        return await runDocs(
          runOptions(run, {
            root: folder.uri.fsPath,
            outputDirectory: config.outputDirectory,
            parseCacheDirectory: deps.host.parseCacheDirectory,
            concurrency: config.concurrency,
            maxFileSizeKB: config.maxFileSizeKB,
            maxOutputTokens: config.maxOutputTokens,
            temperature: config.temperature,
            exclude: config.exclude,
            include: config.include,
            filesExclude: enabledFilesExclude(folder),
            projectName: folder.name,
            only: request.only,
          }),
          services,
          {
            signal: abort.signal,
            onProgress: (p) => {
              if (p.phase === 'generate') {
                const share = p.pagesTotal ? (100 * p.pagesDone) / p.pagesTotal : 0;
                progress.report({ increment: share - reported, message: `${p.pagesDone}/${p.pagesTotal} · ${formatUsd(usdToNanos(p.costUsd))}` });
                reported = share;
                deps.costItem.setProgress({ done: p.pagesDone, total: p.pagesTotal });
              } else if (p.phase !== 'done') {
                progress.report({ message: p.phase === 'scan' ? vscode.l10n.t('scanning files…') : p.phase === 'parse' ? vscode.l10n.t('reading code…') : vscode.l10n.t('estimating {0} pages…', p.pagesTotal) });
              }
            },
          },
        );
      } finally {
        abort.dispose();
        deps.costItem.setProgress(undefined);
      }
    });
    report(summary, deps);
    return summary;
  } catch (error) {
    if (error instanceof RunLockedError) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Docsmith is already generating docs in this folder (another window or the CLI). Try again when it finishes.'));
      return undefined;
    }
    if (error instanceof OutputFolderError) {
      void showOutputFolderError(error);
      return undefined;
    }
    await showProviderError(error, { provider: config.provider, model: run?.model }, deps.log);
    return undefined;
  }
}

function report(summary: DocRunSummary, deps: GenerateDocsDeps): void {
  for (const line of formatHumanSummary(summary).trimEnd().split('\n')) deps.log.info(line);
  if (summary.fatal) {
    const error = new ProviderError(summary.fatal.reason as ErrorReason, summary.fatal.message, { provider: summary.provider, model: summary.model });
    void showProviderError(error, { provider: summary.provider, model: summary.model }, deps.log);
    return;
  }
  const notice = runNotice(summary);
  const labels = { openDocs: vscode.l10n.t('Open Docs'), showOutput: vscode.l10n.t('Show Output') };
  const show = notice.severity === 'info' ? vscode.window.showInformationMessage : notice.severity === 'warning' ? vscode.window.showWarningMessage : vscode.window.showErrorMessage;
  void show(notice.message, ...notice.actions.map((a) => labels[a])).then(async (choice) => {
    if (choice === labels.showOutput) deps.channel.show(true);
    if (choice === labels.openDocs) await showMarkdownPreview(vscode.Uri.joinPath(vscode.Uri.file(summary.outputDirectory), OVERVIEW_PAGE));
  });
}

/** The output folder cannot be used (a link out of the workspace, a file in the way): say why, offer the setting. */
async function showOutputFolderError(error: OutputFolderError): Promise<void> {
  const open = vscode.l10n.t('Open Settings');
  const choice = await vscode.window.showErrorMessage(`Docsmith: ${error.message}`, open);
  if (choice === open) await vscode.commands.executeCommand('workbench.action.openSettings', 'docsmith.outputDirectory');
}
