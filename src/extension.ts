/**
 * The activation entry: the only code VS Code loads when it activates Docsmith (at every window's
 * start-up). It registers what must exist from the first moment — every contributed command, the
 * `@docsmith` chat participant and the Docs view — with handlers that load the rest of the
 * extension (`./vscode/startDocsmith`, its own bundle `dist/main.js`) on first use, and loads it in
 * the background right after activation for the status bar, the Docs view and the stale markers.
 * Compiling that bundle is what made activation slow; here nothing of it runs until activate()
 * has returned. Every module but `commandIds` lives in exactly one of the two bundles (esbuild.js
 * checks it), so an `instanceof` check or a module-level state never sees two copies.
 */
import * as vscode from 'vscode';
import type { DocsmithApi } from './vscode/chat/chatApi';
import { CommandId, InternalCommandId } from './vscode/commandIds';
import type { DocsmithMain } from './vscode/startDocsmith';
import type { DocsNode } from './vscode/ui/docsTree';

const CHAT_PARTICIPANT_ID = 'docsmith.chat';
const DOCS_VIEW_ID = 'docsmith.docs';

/** The Docs view's data provider until (and after) the main bundle is loaded: each call loads it and hands on. */
class DocsViewRelay implements vscode.TreeDataProvider<DocsNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<DocsNode | DocsNode[] | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private target: vscode.TreeDataProvider<DocsNode> | undefined;
  private forwarding: vscode.Disposable | undefined;

  constructor(private readonly load: () => DocsmithMain) {}

  attach(target: vscode.TreeDataProvider<DocsNode>): void {
    this.target = target;
    this.forwarding = target.onDidChangeTreeData?.((nodes) => this.changed.fire(nodes ?? undefined));
    this.changed.fire(undefined);
  }

  private provider(): vscode.TreeDataProvider<DocsNode> {
    return this.target ?? this.load().docsTree;
  }

  getChildren(node?: DocsNode): vscode.ProviderResult<DocsNode[]> {
    return this.provider().getChildren(node);
  }

  getTreeItem(node: DocsNode): vscode.TreeItem | Thenable<vscode.TreeItem> {
    return this.provider().getTreeItem(node);
  }

  dispose(): void {
    this.forwarding?.dispose();
    this.changed.dispose();
  }
}

export function activate(context: vscode.ExtensionContext): DocsmithApi {
  const started = performance.now();
  let main: DocsmithMain | undefined;
  let failure: { error: unknown } | undefined;
  const docsView = new DocsViewRelay(() => load());
  const view = vscode.window.createTreeView(DOCS_VIEW_ID, { treeDataProvider: docsView, showCollapseAll: true });
  context.subscriptions.push(docsView, view);
  let activateMs = Number.NaN;

  /** The rest of the extension, loaded and started once, on whichever use comes first. */
  function load(): DocsmithMain {
    if (main) return main;
    // A start that threw is not run again over its half-made registrations; each use reports it.
    if (failure) throw failure.error;
    const loading = performance.now();
    try {
      // A plain require inside the function, so nothing of it is compiled before the first use;
      // esbuild.js turns this path into the separate bundle `./main.js`.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { startDocsmith } = require('./vscode/startDocsmith') as typeof import('./vscode/startDocsmith');
      main = startDocsmith(context, { docsView: view, activateMs, loadMs: performance.now() - loading });
    } catch (error) {
      failure = { error };
      throw error;
    }
    docsView.attach(main.docsTree);
    return main;
  }

  for (const id of [...Object.values(CommandId), ...Object.values(InternalCommandId)]) {
    context.subscriptions.push(vscode.commands.registerCommand(id, (...args: unknown[]) => load().commands[id](...args)));
  }
  // Registered here, not when the rest loads: a request may arrive as soon as activation ends.
  if (typeof vscode.chat?.createChatParticipant === 'function') {
    const participant = vscode.chat.createChatParticipant(CHAT_PARTICIPANT_ID, (request, _chat, stream, token) => load().chat(request, stream, token));
    participant.iconPath = vscode.Uri.joinPath(context.extensionUri, 'media', 'icon.png');
    context.subscriptions.push(participant);
  }
  // The status bar, the Docs view's contents and the stale markers come with the rest: load it
  // in a later task, once activation (and whatever VS Code runs after it) is done.
  setTimeout(() => {
    try {
      load();
    } catch (error) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Docsmith could not start: {0}', error instanceof Error ? error.message : String(error)));
    }
  }, 0);
  activateMs = performance.now() - started;
  return { chat: { ask: (question, options) => load().api.chat.ask(question, options) } };
}

export function deactivate(): void {}
