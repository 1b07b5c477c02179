import * as vscode from 'vscode';
import { formatUsd, usdToNanos } from '../../core/cost/money';
import { formatHumanSummary } from '../../core/docs/runReport';
import { runDocs } from '../../core/docs/docRun';
import type { DocRunOptions, DocRunProgress } from '../../core/docs/runScope';
import { runOptions } from '../../core/docs/runSetup';
import type { RunEstimate } from '../../core/docs/runEstimate';
import { OVERVIEW_PAGE } from '../../core/docs/pagePaths';
import type { DocRunSummary } from '../../core/docs/runSummary';
import { ProviderError } from '../../core/providers/types';
import type { DocsmithConfig } from '../adapters/settings';
import { CommandId } from '../commandIds';
import { showMarkdownPreview } from '../ui/markdownPreview';
import { estimateDetail, estimateHeadline, estimatingMessage, needsConfirmation, runNotice } from '../ui/runMessages';
import { showProviderError } from '../ui/showProviderError';
import type { CostStatusItem } from '../ui/statusBarItems';
import { withModelRun, type ModelRunDeps, type ModelRunScope } from './modelRun';
import { enabledFilesExclude, ensureTrusted, pickWorkspaceFolder } from './runPreflight';

export interface GenerateDocsDeps extends ModelRunDeps {
  costItem: CostStatusItem;
  channel: vscode.LogOutputChannel;
}

/** Set once a workspace run has finished in this window: the walkthrough's Generate step completes on it. */
export const DOCS_GENERATED_CONTEXT = 'docsmith.docsGenerated';

/** What a workspace run is asked to do; by default every stale page of a folder the user picks. */
export interface WorkspaceRunRequest {
  folder?: vscode.WorkspaceFolder;
  /** Limit the run to these pages (see `DocRunOptions.only`). */
  only?: DocRunOptions['only'];
  /** Progress title; default "Docsmith: Generate Docs". */
  title?: string;
  /** The command's name on a Resume button and in the cost view, and how to start it again; default Generate Docs. */
  label?: string;
  command?: CommandId;
  args?: unknown[];
}

/**
 * `docsmith.generateDocs` (and Update Stale Docs, Regenerate Page): documents a workspace folder —
 * preflight, the run under a cancellable progress notification, the report.
 */
export async function generateDocs(deps: GenerateDocsDeps, request: WorkspaceRunRequest = {}): Promise<DocRunSummary | undefined> {
  if (!(await ensureTrusted())) return undefined;
  const folder = request.folder ?? (await pickWorkspaceFolder());
  if (!folder) return undefined;
  const summary = await withModelRun(
    deps,
    {
      label: request.label ?? vscode.l10n.t('Generate Docs'),
      title: request.title ?? vscode.l10n.t('Docsmith: Generate Docs'),
      folder,
      command: request.command ?? CommandId.generateDocs,
      args: request.args,
    },
    (scope) => runWorkspace(deps, folder, request, scope),
  );
  if (summary) report(summary, deps);
  return summary;
}

async function runWorkspace(deps: GenerateDocsDeps, folder: vscode.WorkspaceFolder, request: WorkspaceRunRequest, scope: ModelRunScope): Promise<DocRunSummary> {
  const { config, model, progress } = scope;
  const confirm = (estimate: RunEstimate): Promise<boolean> => confirmEstimate(estimate, config, model.model, { free: model.priced?.isFree === true });
  let reported = 0;
  const onProgress = (p: DocRunProgress): void => {
    if (p.phase === 'generate') {
      const share = p.pagesTotal ? (100 * p.pagesDone) / p.pagesTotal : 0;
      progress.report({ increment: share - reported, message: `${p.pagesDone}/${p.pagesTotal} · ${formatUsd(usdToNanos(p.costUsd))}` });
      reported = share;
      deps.costItem.setProgress({ done: p.pagesDone, total: p.pagesTotal });
    } else if (p.phase !== 'done') {
      progress.report({ message: p.phase === 'scan' ? vscode.l10n.t('scanning files…') : p.phase === 'parse' ? vscode.l10n.t('reading code…') : estimatingMessage(p.pagesTotal) });
    }
  };
  try {
    return await runDocs(
      runOptions(model, {
        root: folder.uri.fsPath,
        outputDirectory: config.outputDirectory,
        parseCacheDirectory: deps.host.parseCacheDirectory,
        concurrency: config.concurrency,
        maxFileSizeKB: config.maxFileSizeKB,
        maxOutputTokens: config.maxOutputTokens,
        temperature: config.temperature,
        fallbackModels: config.fallbackModels,
        exclude: config.exclude,
        include: config.include,
        filesExclude: enabledFilesExclude(folder),
        projectName: folder.name,
        only: request.only,
        runId: scope.runId,
      }),
      { ...scope.services, confirm },
      { signal: scope.signal, onProgress },
    );
  } finally {
    deps.costItem.setProgress(undefined);
  }
}

/** Asks before a run whose estimate is above `docsmith.confirmCostAbove` (or unknown on a priced provider). */
async function confirmEstimate(estimate: RunEstimate, config: DocsmithConfig, model: string, options: { free: boolean }): Promise<boolean> {
  if (!needsConfirmation(estimate, config.confirmCostAbove, { free: options.free, included: config.provider === 'vscodeLm' })) return true;
  const go = vscode.l10n.t('Generate');
  const detail = estimateDetail(estimate, model, { confirmAboveUsd: config.confirmCostAbove, maxCostPerRunUsd: config.maxCostPerRun });
  return (await vscode.window.showWarningMessage(estimateHeadline(estimate), { modal: true, detail }, go)) === go;
}

function report(summary: DocRunSummary, deps: GenerateDocsDeps): void {
  for (const line of formatHumanSummary(summary).trimEnd().split('\n')) deps.log.info(line);
  if (summary.fatal) {
    const error = new ProviderError(summary.fatal.reason, summary.fatal.message, { provider: summary.provider, model: summary.model });
    const resume = { label: vscode.l10n.t('Generate Docs'), run: () => vscode.commands.executeCommand(CommandId.generateDocs) };
    void showProviderError(error, { provider: summary.provider, model: summary.model }, deps.log, resume);
    return;
  }
  if (!summary.cancelled && summary.pages.written.length + summary.pages.unchanged.length > 0) void vscode.commands.executeCommand('setContext', DOCS_GENERATED_CONTEXT, true);
  const notice = runNotice(summary);
  const labels = { openDocs: vscode.l10n.t('Open Docs'), showOutput: vscode.l10n.t('Show Output') };
  const show = notice.severity === 'info' ? vscode.window.showInformationMessage : notice.severity === 'warning' ? vscode.window.showWarningMessage : vscode.window.showErrorMessage;
  void show(notice.message, ...notice.actions.map((a) => labels[a])).then(async (choice) => {
    if (choice === labels.showOutput) deps.channel.show(true);
    if (choice === labels.openDocs) await showMarkdownPreview(vscode.Uri.joinPath(vscode.Uri.file(summary.outputDirectory), OVERVIEW_PAGE));
  });
}
