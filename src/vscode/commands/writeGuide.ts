import * as vscode from 'vscode';
import { formatUsd, usdToNanos } from '../../core/cost/money';
import { RunLockedError } from '../../core/docs/runLock';
import type { Logger } from '../../core/logger';
import { writeGuide as runGuideWriter, type GuideProgress, type GuideResult } from '../../core/guide/guideWriter';
import { toAbortSignal } from '../adapters/cancellation';
import type { DocRunHost } from '../adapters/docRunHost';
import type { ModelChoice } from '../../core/docs/runSetup';
import type { SecretKeyStore } from '../adapters/secretKeyStore';
import { readConfig } from '../adapters/settings';
import { estimateDetail, needsConfirmation } from '../ui/runMessages';
import { showProviderError } from '../ui/showProviderError';
import { closeTabsOf, type StreamingPreviewProvider } from '../ui/streamingPreview';
import { guideProgressMessage, guideOutcomeMessage } from '../ui/guideMessages';
import { ensureKey, ensureTrusted, pickWorkspaceFolder } from './runPreflight';
import { guideOptions, guideServices } from '../adapters/guideRun';

const RECENT_KEY = 'docsmith.recentGuideTopics';
const RECENT_MAX = 10;

export interface WriteGuideDeps {
  keys: SecretKeyStore;
  host: DocRunHost;
  previews: StreamingPreviewProvider;
  /** Where recent topics are kept (the workspace's state). */
  memory: vscode.Memento;
  log: Logger;
}

/** The question: typed, or one of the recent topics (the list filters as you type). */
async function askTopic(memory: vscode.Memento, given?: unknown): Promise<string | undefined> {
  if (typeof given === 'string' && given.trim()) return given.trim();
  const recent = memory.get<string[]>(RECENT_KEY, []);
  const pick = vscode.window.createQuickPick();
  pick.title = vscode.l10n.t('Docsmith: Write a Guide');
  pick.placeholder = vscode.l10n.t('Ask a question about this code, e.g. "How does a request reach the database?"');
  pick.items = recent.map((label) => ({ label, description: vscode.l10n.t('recent') }));
  pick.matchOnDescription = false;
  return new Promise<string | undefined>((resolve) => {
    let done = false;
    pick.onDidAccept(() => {
      const chosen = pick.selectedItems[0]?.label ?? pick.value;
      done = true;
      pick.hide();
      resolve(chosen.trim() || undefined);
    });
    pick.onDidHide(() => {
      if (!done) resolve(undefined);
      pick.dispose();
    });
    pick.show();
  });
}

async function remember(memory: vscode.Memento, topic: string): Promise<void> {
  const recent = memory.get<string[]>(RECENT_KEY, []).filter((t) => t !== topic);
  await memory.update(RECENT_KEY, [topic, ...recent].slice(0, RECENT_MAX));
}

/** The guide as it streams in: title, then each section in outline order as it arrives. */
function partialGuide(topic: string, title: string, sections: readonly ({ heading: string; markdown?: string } | undefined)[]): string {
  const body = sections.map((s, i) => (s?.markdown !== undefined ? `## ${s.heading}\n\n${s.markdown.trim()}` : `## ${s?.heading ?? `Section ${i + 1}`}\n\n_${vscode.l10n.t('writing…')}_`));
  return `# ${title}\n\n> **${vscode.l10n.t('Question')}:** ${topic}\n\n${body.join('\n\n')}\n`;
}

/**
 * `docsmith.writeGuide`: asks for a question, explores and writes the guide with a cancellable
 * progress notification (phase, each tool call, cost so far), streams its sections into a preview
 * beside the editor, and opens the saved `guides/<slug>.md` when done.
 */
export async function writeGuideCommand(deps: WriteGuideDeps, topicArg?: unknown): Promise<GuideResult | undefined> {
  if (!(await ensureTrusted())) return undefined;
  const folder = await pickWorkspaceFolder();
  if (!folder) return undefined;
  const config = readConfig(folder.uri);
  if (!(await ensureKey(deps.keys, config.provider))) return undefined;
  const topic = await askTopic(deps.memory, topicArg);
  if (!topic) return undefined;
  await remember(deps.memory, topic);

  const preview = deps.previews.create('guide.md', `# ${topic}\n\n_${vscode.l10n.t('Docsmith is exploring the code…')}_\n`);
  let previewColumn: vscode.ViewColumn | undefined;
  let run: ModelChoice | undefined;
  try {
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Docsmith: Write a Guide'), cancellable: true },
      async (progress, token) => {
        progress.report({ message: vscode.l10n.t('preparing…') });
        run = await deps.host.chooseModel(config);
        const model = run;
        const confirm = async (estimate: Parameters<typeof estimateDetail>[0]): Promise<boolean> => {
          if (!needsConfirmation(estimate, config.confirmCostAbove, { free: model.priced?.isFree === true, included: config.provider === 'vscodeLm' })) return true;
          const go = vscode.l10n.t('Write Guide');
          const answer = await vscode.window.showWarningMessage(
            vscode.l10n.t('Docsmith: this guide is estimated above {0}.', formatUsd(usdToNanos(config.confirmCostAbove))),
            { modal: true, detail: estimateDetail(estimate, model.model, { confirmAboveUsd: config.confirmCostAbove, maxCostPerRunUsd: config.maxCostPerRun }) },
            go,
          );
          return answer === go;
        };
        const services = await deps.host.services(run, config, confirm);
        const shown = await vscode.window.showTextDocument(preview, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true, preview: false });
        previewColumn = shown.viewColumn;
        const sections: ({ heading: string; markdown?: string } | undefined)[] = [];
        const abort = toAbortSignal(token);
        try {
          return await runGuideWriter(
            guideOptions(folder, config, model, topic),
            guideServices(services, model, deps.log, confirm),
            {
              signal: abort.signal,
              onProgress: (p: GuideProgress) => {
                const message = guideProgressMessage(p, vscode.l10n.t);
                if (message) progress.report({ message });
                if (p.toolCall) deps.log.info(`Guide: ${p.toolCall.label}${p.toolCall.isError ? ' (refused)' : ''}`);
              },
              onSection: (s) => {
                sections.length = s.total;
                sections[s.index] = { heading: s.heading, markdown: s.markdown };
                deps.previews.replace(preview, partialGuide(topic, s.title, sections));
              },
            },
          );
        } finally {
          abort.dispose();
        }
      },
    );
    await showResult(result, deps, preview, previewColumn);
    return result;
  } catch (error) {
    deps.previews.append(preview, `\n\n---\n${vscode.l10n.t('Stopped: no guide was saved.')}\n`);
    if (error instanceof RunLockedError) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Docsmith is already writing to the output folder (another window or the CLI). Try again when it finishes.'));
      return undefined;
    }
    await showProviderError(error, { provider: config.provider, model: run?.model }, deps.log);
    return undefined;
  }
}

async function showResult(result: GuideResult, deps: WriteGuideDeps, preview: vscode.Uri, column: vscode.ViewColumn | undefined): Promise<void> {
  deps.log.info(`Guide ${result.pagePath}: ${result.status}; ${result.rounds} round(s), ${result.toolCalls.total} tool call(s) (${result.toolCalls.rejected} refused), ${result.requests} request(s), citations ${result.citations.total} (${result.citations.repaired} repaired, ${result.citations.removed} removed)`);
  const outcome = guideOutcomeMessage(result, vscode.l10n.t);
  if (result.status === 'written' || result.status === 'unchanged') {
    await vscode.window.showTextDocument(vscode.Uri.file(result.absolutePath), { viewColumn: column ?? vscode.ViewColumn.Beside, preserveFocus: true, preview: false });
    await closeTabsOf(preview);
    deps.previews.release(preview);
    void vscode.window.showInformationMessage(outcome.message);
    return;
  }
  deps.previews.append(preview, `\n\n---\n${outcome.message}\n`);
  if (result.status === 'failed' && result.error) {
    void vscode.window.showErrorMessage(outcome.message);
    return;
  }
  void (outcome.severity === 'warning' ? vscode.window.showWarningMessage(outcome.message) : vscode.window.showInformationMessage(outcome.message));
}
