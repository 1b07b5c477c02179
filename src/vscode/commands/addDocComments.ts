import * as path from 'node:path';
import * as vscode from 'vscode';
import { applyDocCommentEdits, buildDocCommentEdits, type DocCommentEdit } from '../../core/docs/docComments/buildDocCommentEdits';
import { COMMENT_RENDERERS } from '../../core/docs/docComments/commentStyles';
import { editIsSafe, editIsSafeWith } from '../../core/docs/docComments/editSafety';
import { canonicalLanguage } from '../../core/docs/parse/sourceParser';
import { describeSymbols } from '../../core/docs/symbolDescriptions';
import { CommandId } from '../commandIds';
import type { DocCommentReview } from '../ui/docCommentReview';
import type { StreamingPreviewProvider } from '../ui/streamingPreview';
import { withModelRun, type ModelRunDeps, type ModelRunScope } from './modelRun';
import { ensureTrusted } from './runPreflight';
import { servedNote } from '../ui/runMessages';
import { targetFile, type TargetFile } from './targetFile';

export interface DocCommentDeps extends ModelRunDeps {
  previews: StreamingPreviewProvider;
  review: DocCommentReview;
}

interface Proposal {
  edits: DocCommentEdit[];
  proposed: string;
  version: number;
  /** Symbols that needed a comment. */
  targets: number;
  /** Symbols the answers did not describe: they get no comment. */
  leftOut: string[];
  /** What served the answers besides the chosen model (the response cache, a fallback); empty when nothing did. */
  served: string;
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
  const name = path.basename(target.relativePath);
  const outcome = await withModelRun(
    deps,
    {
      label: vscode.l10n.t('Add Doc Comments'),
      title: vscode.l10n.t('Docsmith: doc comments for {0}', target.relativePath),
      folder: target.folder,
      command: CommandId.addDocComments,
      args: [document.uri],
    },
    (scope) => propose(deps, target, language, scope),
  );
  if (!outcome) return false;
  if ('refused' in outcome) {
    deps.log.warn(`Doc comments for ${target.relativePath} refused: ${outcome.refused}`);
    void vscode.window.showErrorMessage(vscode.l10n.t('Docsmith did not change {0}: {1}.', name, outcome.refused));
    return false;
  }
  const proposal = outcome;
  if (proposal.targets === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Every exported symbol in {0} already has a doc comment.', name));
    return false;
  }
  if (proposal.edits.length === 0) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Docsmith did not change {0}: the answer did not describe any of its {1} symbols needing a doc comment.', name, proposal.targets) + proposal.served);
    return false;
  }
  return reviewAndApply(deps, document, name, proposal);
}

/** Asks for the descriptions and builds the edit, or says why the edit was refused. */
async function propose(deps: DocCommentDeps, target: TargetFile, language: string, scope: ModelRunScope): Promise<Proposal | { refused: string }> {
  const { config, model, services } = scope;
  const parser = await deps.host.parserOnce();
  const version = target.document.version;
  const text = target.document.getText();
  scope.progress.report({ message: vscode.l10n.t('describing symbols with {0}…', model.model) });
  const described = await describeSymbols(
    { path: target.relativePath, language, text, provider: model.provider, model: model.model, maxOutputTokens: config.maxOutputTokens, temperature: config.temperature, structured: model.structured, maxFileSizeKB: config.maxFileSizeKB, runId: scope.runId, fallbackModels: scope.fallbackModels },
    { chat: services.chat, parse: services.parse, ledger: services.ledger, spendCap: services.spendCap, responseCache: services.responseCache },
    { signal: scope.signal },
  );
  const leftOut = described.leftOut.map((t) => t.key);
  if (leftOut.length > 0) deps.log.info(`Doc comments for ${target.relativePath}: left out ${leftOut.join(', ')} (not described by the answer)`);
  const edits = buildDocCommentEdits(described.parsed, text, language, described.descriptions);
  const proposed = applyDocCommentEdits(text, edits);
  const safety = parser ? editIsSafeWith(parser, text, proposed, language) : await editIsSafe(text, proposed, language);
  if (!safety.safe) return { refused: safety.reason ?? 'the code would change' };
  return { edits, proposed, version, targets: described.targets.length, leftOut, served: servedNote(described.cacheHits, described.fallbacks) };
}

/** `2 symbols left out: the answer did not describe them.` */
function leftOutNote(leftOut: readonly string[]): string {
  if (leftOut.length === 0) return '';
  return leftOut.length === 1
    ? vscode.l10n.t(' 1 symbol left out ({0}): the answer did not describe it.', leftOut[0])
    : vscode.l10n.t(' {0} symbols left out: the answer did not describe them.', leftOut.length);
}

async function reviewAndApply(deps: DocCommentDeps, document: vscode.TextDocument, name: string, proposal: Proposal): Promise<boolean> {
  const preview = deps.previews.create(name, proposal.proposed);
  try {
    const answer = await deps.review.ask(
      document.uri,
      preview,
      vscode.l10n.t('{0} ↔ with doc comments (Docsmith)', name),
      vscode.l10n.t('Docsmith proposes {0} doc comment(s) for {1}. Review the diff, then apply them as one edit.', proposal.edits.length, name) + leftOutNote(proposal.leftOut) + proposal.served,
    );
    if (answer !== 'apply') return false;
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
    deps.previews.release(preview);
  }
}
