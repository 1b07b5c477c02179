import * as path from 'node:path';
import * as vscode from 'vscode';
import { formatUsd, usdToNanos } from '../../core/cost/money';
import { escapeControlCharacters } from '../../core/printableText';
import { generateFileDoc, type FileDocResult } from '../../core/docs/fileDocs';
import type { Logger } from '../../core/logger';
import { toAbortSignal } from '../adapters/cancellation';
import type { DocRunHost } from '../adapters/docRunHost';
import type { SecretKeyStore } from '../adapters/secretKeyStore';
import { readConfig } from '../adapters/settings';
import { showProviderError } from '../ui/showProviderError';
import { closeTabsOf, type StreamingPreviewProvider } from '../ui/streamingPreview';
import { enabledFilesExclude, ensureKey, ensureTrusted } from './runPreflight';
import { RunLockedError } from '../../core/docs/runLock';
import { targetFile } from './targetFile';

export interface FileDocsDeps {
  keys: SecretKeyStore;
  host: DocRunHost;
  previews: StreamingPreviewProvider;
  log: Logger;
}

/**
 * `docsmith.generateFileDocs`: the page streams into a read-only Markdown document beside the
 * code as tokens arrive; once validated it is saved under the output folder and opened in its place.
 */
export async function generateFileDocs(deps: FileDocsDeps, uriArg?: unknown): Promise<FileDocResult | undefined> {
  if (!(await ensureTrusted())) return undefined;
  const target = await targetFile(uriArg, vscode.l10n.t('generate its docs'));
  if (!target) return undefined;
  const config = readConfig(target.folder.uri);
  if (!(await ensureKey(deps.keys, config.provider))) return undefined;

  const preview = deps.previews.create(`${path.basename(target.relativePath)}.md`, vscode.l10n.t('_Docsmith is writing the documentation of {0}…_\n\n', target.relativePath));
  let previewColumn: vscode.ViewColumn | undefined;
  try {
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Docsmith: documenting {0}', target.relativePath), cancellable: true },
      async (progress, token) => {
        progress.report({ message: vscode.l10n.t('preparing…') });
        const run = await deps.host.chooseModel(config);
        const services = await deps.host.services(run, config, undefined);
        const shown = await vscode.window.showTextDocument(preview, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true, preview: false });
        previewColumn = shown.viewColumn;
        progress.report({ message: vscode.l10n.t('writing with {0}…', run.model) });
        const abort = toAbortSignal(token);
        try {
          return await generateFileDoc(
            {
              root: target.folder.uri.fsPath,
              path: target.relativePath,
              language: target.document.languageId,
              text: target.document.getText(),
              selection: target.selection,
              outputDirectory: config.outputDirectory,
              provider: run.provider,
              model: run.model,
              maxOutputTokens: config.maxOutputTokens,
              temperature: config.temperature,
              maxFileSizeKB: config.maxFileSizeKB,
              exclude: config.exclude,
              filesExclude: enabledFilesExclude(target.folder),
              projectName: target.folder.name,
            },
            { chat: services.chat, parse: services.parse, ledger: services.ledger, spendCap: services.spendCap },
            { signal: abort.signal, onToken: (delta) => deps.previews.append(preview, delta) },
          );
        } finally {
          abort.dispose();
        }
      },
    );
    await showResult(result, deps, preview, previewColumn);
    return result;
  } catch (error) {
    deps.previews.append(preview, `\n\n---\n${vscode.l10n.t('Stopped: no page was saved.')}\n`);
    if (error instanceof RunLockedError) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Docsmith is generating docs in this folder (another window or the CLI). Try again when it finishes.'));
      return undefined;
    }
    await showProviderError(error, { provider: config.provider }, deps.log);
    return undefined;
  }
}

async function showResult(result: FileDocResult, deps: FileDocsDeps, preview: vscode.Uri, column: vscode.ViewColumn | undefined): Promise<void> {
  const cost = result.costUsd === undefined ? '$?' : formatUsd(usdToNanos(result.costUsd));
  deps.log.info(`${escapeControlCharacters(result.pagePath)}: ${result.saved ? 'saved' : `not saved (${result.notSavedReason})`}, ${result.requests} request(s), ${result.tokens.prompt}+${result.tokens.completion} tokens, ${cost}; citations ${result.citations.total} (${result.citations.repaired} repaired, ${result.citations.removed} removed)`);
  if (result.saved) {
    await vscode.window.showTextDocument(vscode.Uri.file(result.absolutePath), { viewColumn: column ?? vscode.ViewColumn.Beside, preserveFocus: true, preview: false });
    await closeTabsOf(preview);
    deps.previews.release(preview);
    void vscode.window.showInformationMessage(vscode.l10n.t('Docsmith saved {0} ({1}).', result.pagePath, cost));
    return;
  }
  // Not saved: keep the validated page on screen, and say why.
  deps.previews.replace(preview, result.markdown);
  void vscode.window.showWarningMessage(
    vscode.l10n.t('Docsmith did not save {0}: a file Docsmith did not write is already there. The page is shown beside the code.', result.pagePath),
  );
}
