import * as path from 'node:path';
import * as vscode from 'vscode';
import { formatUsd, usdToNanos } from '../../core/cost/money';
import { escapeControlCharacters } from '../../core/printableText';
import { generateFileDoc, type FileDocResult } from '../../core/docs/fileDocs';
import { CommandId } from '../commandIds';
import type { StreamingPreviewProvider } from '../ui/streamingPreview';
import { closeTabsOf } from '../ui/streamingPreview';
import { servedNote } from '../ui/runMessages';
import { withModelRun, type ModelRunDeps, type ModelRunScope } from './modelRun';
import { enabledFilesExclude, ensureTrusted } from './runPreflight';
import { targetFile, type TargetFile } from './targetFile';

export interface FileDocsDeps extends ModelRunDeps {
  previews: StreamingPreviewProvider;
}

type Lines = NonNullable<TargetFile['selection']>;

/**
 * `docsmith.generateFileDocs`: the page streams into a read-only Markdown document beside the
 * code as tokens arrive; once validated it is saved under the output folder and opened in its
 * place. A selection is documented only when the user says so, on a page of its own.
 */
export async function generateFileDocs(deps: FileDocsDeps, uriArg?: unknown): Promise<FileDocResult | undefined> {
  if (!(await ensureTrusted())) return undefined;
  const target = await targetFile(uriArg, vscode.l10n.t('generate its docs'));
  if (!target) return undefined;
  let lines: Lines | undefined;
  if (target.selection) {
    const scope = await pickScope(target.relativePath, target.selection);
    if (!scope) return undefined;
    lines = scope === 'selection' ? target.selection : undefined;
  }
  const what = lines ? vscode.l10n.t('lines {0}–{1} of {2}', lines.startLine, lines.endLine, target.relativePath) : target.relativePath;
  let column: vscode.ViewColumn | undefined;
  const result = await withModelRun(
    deps,
    {
      label: vscode.l10n.t('Generate Docs for Current File'),
      title: vscode.l10n.t('Docsmith: documenting {0}', what),
      folder: target.folder,
      command: CommandId.generateFileDocs,
      args: [target.document.uri],
    },
    async (scope) => {
      const streamed = await streamPage(deps, target, lines, scope);
      column = streamed.column;
      return streamed.result;
    },
  );
  if (result) await showResult(result, target, column);
  return result;
}

/** With lines selected, which to document: the whole file (its page) or the selection (a page of its own). */
async function pickScope(file: string, lines: Lines): Promise<'file' | 'selection' | undefined> {
  const items: (vscode.QuickPickItem & { scope: 'file' | 'selection' })[] = [
    { label: vscode.l10n.t('Whole file'), description: file, scope: 'file' },
    { label: vscode.l10n.t('Selected lines {0}–{1}', lines.startLine, lines.endLine), description: vscode.l10n.t('a page of its own, beside the file’s page'), scope: 'selection' },
  ];
  const picked = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Docsmith: Generate Docs for Current File'), placeHolder: vscode.l10n.t('Document the whole file or only the selected lines?') });
  return picked?.scope;
}

/** Streams the page into a preview beside the code; the preview is closed when nothing comes of it. */
async function streamPage(deps: FileDocsDeps, target: TargetFile, lines: Lines | undefined, scope: ModelRunScope): Promise<{ result: FileDocResult; column?: vscode.ViewColumn }> {
  const { config, model, services } = scope;
  const name = path.basename(target.relativePath);
  // Named apart from the saved page's tab, which replaces it once the page is saved.
  const preview = deps.previews.create(vscode.l10n.t('{0}.md (writing…)', name), vscode.l10n.t('_Docsmith is writing the documentation of {0}…_\n\n', target.relativePath));
  try {
    const shown = await vscode.window.showTextDocument(preview, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true, preview: false });
    await vscode.languages.setTextDocumentLanguage(shown.document, 'markdown');
    scope.progress.report({ message: vscode.l10n.t('writing with {0}…', model.model) });
    const result = await generateFileDoc(
      {
        root: target.folder.uri.fsPath,
        path: target.relativePath,
        language: target.document.languageId,
        text: target.document.getText(),
        selection: lines,
        outputDirectory: config.outputDirectory,
        provider: model.provider,
        model: model.model,
        maxOutputTokens: config.maxOutputTokens,
        temperature: config.temperature,
        maxFileSizeKB: config.maxFileSizeKB,
        exclude: config.exclude,
        filesExclude: enabledFilesExclude(target.folder),
        projectName: target.folder.name,
        runId: scope.runId,
        fallbackModels: scope.fallbackModels,
      },
      { chat: services.chat, parse: services.parse, ledger: services.ledger, spendCap: services.spendCap, responseCache: services.responseCache },
      { signal: scope.signal, onToken: (delta) => deps.previews.append(preview, delta) },
    );
    const cost = result.costUsd === undefined ? '$?' : formatUsd(usdToNanos(result.costUsd));
    deps.log.info(`${escapeControlCharacters(result.pagePath)}: ${result.saved ? 'saved' : `not saved (${result.notSavedReason})`}, ${result.requests} request(s), ${result.tokens.prompt}+${result.tokens.completion} tokens, ${cost}; citations ${result.citations.total} (${result.citations.repaired} repaired, ${result.citations.removed} removed)`);
    if (result.saved) {
      await closePreview(deps, preview);
    } else {
      // Not saved: the validated page stays on screen.
      deps.previews.replace(preview, result.markdown);
    }
    return { result, column: shown.viewColumn };
  } catch (error) {
    await closePreview(deps, preview);
    throw error;
  }
}

async function closePreview(deps: FileDocsDeps, preview: vscode.Uri): Promise<void> {
  await closeTabsOf(preview);
  deps.previews.release(preview);
}

/** Opens the saved page where the preview was and says where it is, with Open; or why it was not saved. */
async function showResult(result: FileDocResult, target: TargetFile, column: vscode.ViewColumn | undefined): Promise<void> {
  const shownPath = path.relative(target.folder.uri.fsPath, result.absolutePath).split(path.sep).join('/');
  if (!result.saved) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Docsmith did not save {0}: a file Docsmith did not write is already there. The page is shown beside the code.', shownPath));
    return;
  }
  const page = vscode.Uri.file(result.absolutePath);
  await vscode.window.showTextDocument(page, { viewColumn: column ?? vscode.ViewColumn.Beside, preserveFocus: true, preview: false });
  const cost = result.costUsd === undefined ? '$?' : formatUsd(usdToNanos(result.costUsd));
  const open = vscode.l10n.t('Open');
  const message = result.lines
    ? vscode.l10n.t('Docsmith saved lines {0}–{1} of {2} as {3} ({4}).', result.lines.startLine, result.lines.endLine, path.basename(target.relativePath), shownPath, cost)
    : vscode.l10n.t('Docsmith saved {0} ({1}).', shownPath, cost);
  const served = servedNote(result.cacheHits, result.fallbacks);
  void vscode.window.showInformationMessage(message + served, open).then(async (answer) => {
    if (answer === open) await vscode.commands.executeCommand('markdown.showPreview', page);
  });
}
