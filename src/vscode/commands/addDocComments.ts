import * as path from 'node:path';
import * as vscode from 'vscode';
import { applyDocCommentEdits, buildDocCommentEdits, type DocCommentEdit } from '../../core/docs/docComments/buildDocCommentEdits';
import { COMMENT_RENDERERS } from '../../core/docs/docComments/commentStyles';
import { editIsSafe, editIsSafeWith } from '../../core/docs/docComments/editSafety';
import { canonicalLanguage } from '../../core/docs/parse/sourceParser';
import { describeSymbols } from '../../core/docs/symbolDescriptions';
import type { Logger } from '../../core/logger';
import { toAbortSignal } from '../adapters/cancellation';
import type { DocRunHost } from '../adapters/docRunHost';
import type { SecretKeyStore } from '../adapters/secretKeyStore';
import { readConfig } from '../adapters/settings';
import { showProviderError } from '../ui/showProviderError';
import { closeTabsOf, type StreamingPreviewProvider } from '../ui/streamingPreview';
import { ensureKey, ensureTrusted } from './runPreflight';
import { targetFile } from './targetFile';

export interface DocCommentDeps {
  keys: SecretKeyStore;
  host: DocRunHost;
  previews: StreamingPreviewProvider;
  log: Logger;
}

interface Proposal {
  edits: DocCommentEdit[];
  proposed: string;
  version: number;
}

/**
 * `docsmith.addDocComments`: the parser finds exported symbols without a doc comment, the model
 * writes only their descriptions, the result is checked to change nothing but comments, shown as
 * a diff, and applied as one WorkspaceEdit (one Undo restores the file). Resolves to true when applied.
 */
export async function addDocComments(deps: DocCommentDeps, uriArg?: unknown): Promise<boolean> {
  if (!(await ensureTrusted())) return false;
  const target = await targetFile(uriArg, vscode.l10n.t('add doc comments'));
  if (!target) return false;
  const { document } = target;
  const language = canonicalLanguage(document.languageId);
  if (!COMMENT_RENDERERS[language]) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Docsmith adds doc comments to TypeScript, JavaScript, Python, Go, Rust, Java and C# files, not {0}.', document.languageId));
    return false;
  }
  const config = readConfig(target.folder.uri);
  if (!(await ensureKey(deps.keys, config.provider))) return false;
  const name = path.basename(target.relativePath);

  let proposal: Proposal | undefined;
  try {
    proposal = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Docsmith: doc comments for {0}', target.relativePath), cancellable: true },
      async (progress, token) => {
        progress.report({ message: vscode.l10n.t('preparing…') });
        const run = await deps.host.chooseModel(config);
        const services = await deps.host.services(run, config, undefined);
        const parser = await deps.host.parserOnce();
        const version = document.version;
        const text = document.getText();
        progress.report({ message: vscode.l10n.t('describing symbols with {0}…', run.model) });
        const abort = toAbortSignal(token);
        try {
          const described = await describeSymbols(
            { path: target.relativePath, language, text, provider: run.provider, model: run.model, maxOutputTokens: config.maxOutputTokens, temperature: config.temperature, structured: run.structured, maxFileSizeKB: config.maxFileSizeKB },
            { chat: services.chat, parse: services.parse, ledger: services.ledger, spendCap: services.spendCap },
            { signal: abort.signal },
          );
          if (described.targets.length === 0) return undefined;
          const edits = buildDocCommentEdits(described.parsed, text, language, described.descriptions);
          const proposed = applyDocCommentEdits(text, edits);
          const safety = parser ? editIsSafeWith(parser, text, proposed, language) : await editIsSafe(text, proposed, language);
          if (!safety.safe) throw new RefusedEdit(safety.reason ?? 'the code would change');
          return { edits, proposed, version };
        } finally {
          abort.dispose();
        }
      },
    );
  } catch (error) {
    if (error instanceof RefusedEdit) {
      deps.log.warn(`Doc comments for ${target.relativePath} refused: ${error.message}`);
      void vscode.window.showErrorMessage(vscode.l10n.t('Docsmith did not change {0}: {1}.', name, error.message));
      return false;
    }
    await showProviderError(error, { provider: config.provider }, deps.log);
    return false;
  }
  if (!proposal || proposal.edits.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Every exported symbol in {0} already has a doc comment.', name));
    return false;
  }
  return reviewAndApply(deps, document, name, proposal);
}

class RefusedEdit extends Error {}

async function reviewAndApply(deps: DocCommentDeps, document: vscode.TextDocument, name: string, proposal: Proposal): Promise<boolean> {
  const preview = deps.previews.create(name, proposal.proposed);
  try {
    await vscode.commands.executeCommand('vscode.diff', document.uri, preview, vscode.l10n.t('{0} ↔ with doc comments (Docsmith)', name), { preview: false });
    const apply = vscode.l10n.t('Apply');
    const answer = await vscode.window.showInformationMessage(
      vscode.l10n.t('Docsmith proposes {0} doc comment(s) for {1}. Review the diff, then apply them as one edit.', proposal.edits.length, name),
      apply,
      vscode.l10n.t('Discard'),
    );
    if (answer !== apply) return false;
    if (document.version !== proposal.version) {
      void vscode.window.showWarningMessage(vscode.l10n.t('{0} changed since the proposal; nothing was applied. Run Add Doc Comments again.', name));
      return false;
    }
    const edit = new vscode.WorkspaceEdit();
    for (const e of proposal.edits) edit.insert(document.uri, new vscode.Position(e.line - 1, e.column), e.text);
    const applied = await vscode.workspace.applyEdit(edit);
    if (!applied) void vscode.window.showErrorMessage(vscode.l10n.t('VS Code could not apply the doc comments to {0}.', name));
    else deps.log.info(`Added ${proposal.edits.length} doc comment(s) to ${document.uri.fsPath}`);
    return applied;
  } finally {
    await closeTabsOf(preview);
    deps.previews.release(preview);
  }
}
