import * as vscode from 'vscode';
import { closeTabsOf } from './streamingPreview';

/** True while Docsmith's doc-comment diff is open: its title bar then shows Apply and Discard. */
export const REVIEW_CONTEXT = 'docsmith.docCommentDiff';

export type ReviewAnswer = 'apply' | 'discard';

/**
 * The review of a doc-comment proposal: the diff editor with Apply and Discard on its title bar,
 * and the same two buttons on a notification (which hides after a while; the title bar stays).
 * Closing the diff discards. One review at a time: a new one discards the one before.
 */
export class DocCommentReview implements vscode.Disposable {
  private pending: { proposal: vscode.Uri; settle: (answer: ReviewAnswer) => void } | undefined;
  private readonly disposables: vscode.Disposable[];

  constructor() {
    this.disposables = [
      vscode.window.tabGroups.onDidChangeTabs((e) => {
        const key = this.pending?.proposal.toString();
        if (key && e.closed.some((t) => t.input instanceof vscode.TabInputTextDiff && t.input.modified.toString() === key)) this.pending?.settle('discard');
      }),
    ];
  }

  /** The title bar's Apply or Discard (the commands `docsmith.applyDocComments` and `docsmith.discardDocComments`). */
  answer(answer: ReviewAnswer): void {
    this.pending?.settle(answer);
  }

  /**
   * Shows `original` ↔ `proposal` and waits for Apply or Discard from the title bar, the
   * notification (`message`), or the diff being closed. The diff is closed afterwards.
   */
  async ask(original: vscode.Uri, proposal: vscode.Uri, title: string, message: string): Promise<ReviewAnswer> {
    this.pending?.settle('discard');
    let settle: (answer: ReviewAnswer) => void = () => undefined;
    const answered = new Promise<ReviewAnswer>((resolve) => (settle = resolve));
    const current = { proposal, settle: (answer: ReviewAnswer) => settle(answer) };
    this.pending = current;
    try {
      await vscode.commands.executeCommand('vscode.diff', original, proposal, title, { preview: false });
      await vscode.commands.executeCommand('setContext', REVIEW_CONTEXT, true);
      const apply = vscode.l10n.t('Apply');
      const discard = vscode.l10n.t('Discard');
      void vscode.window.showInformationMessage(message, apply, discard).then((choice) => {
        if (choice === apply) current.settle('apply');
        else if (choice === discard) current.settle('discard');
      });
      return await answered;
    } finally {
      if (this.pending === current) {
        this.pending = undefined;
        await vscode.commands.executeCommand('setContext', REVIEW_CONTEXT, false);
      }
      await closeTabsOf(proposal);
    }
  }

  dispose(): void {
    this.pending?.settle('discard');
    for (const d of this.disposables) d.dispose();
  }
}
