/**
 * Everything of the extension but its activation entry: the services, the status bar, the Docs
 * view's data, the stale markers and the command handlers. Built into its own file
 * (`dist/main.js`, esbuild.js) that `src/extension.ts` loads on the first command, chat request or
 * view request, or in the background just after activation, so that activation compiles none of it.
 */
import * as vscode from 'vscode';
import { CostTracking } from './adapters/costTracking';
import { DocRunHost } from './adapters/docRunHost';
import { DocsStateHub } from './adapters/docsStateHub';
import { ModelMemory } from './adapters/modelMemory';
import { createOutputLog } from './adapters/outputLog';
import { ProviderHub } from './adapters/providerHub';
import { SecretKeyStore } from './adapters/secretKeyStore';
import { ProviderFactsWatcher } from './adapters/providerFacts';
import { onDidChangeDocsmithConfig, readConfig, useProviderFacts } from './adapters/settings';
import { CommandId, InternalCommandId } from './commandIds';
import { PROVIDERS } from '../core/providers/providerInfo';
import { addDocComments } from './commands/addDocComments';
import { clearApiKey } from './commands/clearApiKey';
import { openPageSource, regeneratePage } from './commands/docsPageActions';
import { generateDocs } from './commands/generateDocs';
import { generateFileDocs } from './commands/generateFileDocs';
import { offerEnvironmentKeys } from './commands/offerEnvironmentKeys';
import { openDocs } from './commands/openDocs';
import { refreshModels } from './commands/refreshModels';
import { resetSessionCost } from './commands/resetSessionCost';
import { selectModel } from './commands/selectModel';
import { selectProvider } from './commands/selectProvider';
import { setApiKey } from './commands/setApiKey';
import { updateStaleDocs } from './commands/updateStaleDocs';
import { writeGuideCommand } from './commands/writeGuide';
import { createDocsmithApi, type DocsmithApi } from './chat/chatApi';
import { handleChatRequest } from './chat/docsmithParticipant';
import { CostViewPanel } from './ui/costViewPanel';
import { DocsTreeProvider, type DocsNode } from './ui/docsTree';
import { DocCommentReview } from './ui/docCommentReview';
import { showProviderError } from './ui/showProviderError';
import { StaleDocsLens, StaleFileDecorations } from './ui/staleDocsMarkers';
import { CostStatusItem, ModelStatusItem } from './ui/statusBarItems';
import { PREVIEW_SCHEME, StreamingPreviewProvider } from './ui/streamingPreview';

/** What the activation entry made before this code was loaded. */
export interface ActivationShell {
  /** The Docs view, created at activation with a data provider that hands its calls on to `docsTree`. */
  docsView: Pick<vscode.TreeView<DocsNode>, 'message' | 'description'>;
  /** How long `activate()` took, for the output channel's first line. */
  activateMs: number;
  /** How long loading this module's bundle took. */
  loadMs: number;
}

/** The handlers the activation entry's registrations forward to. */
export interface DocsmithMain {
  /** One handler per contributed command (every id of `CommandId` and `InternalCommandId`). */
  commands: Record<CommandId | InternalCommandId, (...args: unknown[]) => unknown>;
  /** `@docsmith` requests. */
  chat: (request: vscode.ChatRequest, stream: vscode.ChatResponseStream, token: vscode.CancellationToken) => Promise<vscode.ChatResult>;
  docsTree: vscode.TreeDataProvider<DocsNode>;
  api: DocsmithApi;
}

/** Wires services and the status bar; pushes disposables. No network or disk scanning here. */
export function startDocsmith(context: vscode.ExtensionContext, shell: ActivationShell): DocsmithMain {
  const started = performance.now();
  const keys = new SecretKeyStore(context.secrets);
  const { channel, log } = createOutputLog(() => keys.knownKeys());
  const hub = new ProviderHub(keys, log, context.globalStorageUri.fsPath);
  const providerFacts = new ProviderFactsWatcher(keys, log);
  useProviderFacts(() => providerFacts.facts());
  const memory = new ModelMemory(context.globalState);
  const costs = new CostTracking(context.globalStorageUri.fsPath, hub, log);
  const costView = new CostViewPanel(costs, context.extensionUri);
  // The parse cache stays out of the workspace: a repository could ship one that injects names.
  const parseCache = vscode.Uri.joinPath(context.storageUri ?? context.globalStorageUri, 'parse').fsPath;
  const host = new DocRunHost(hub, costs, log, context.extensionUri, parseCache, context.globalStorageUri.fsPath);
  const previews = new StreamingPreviewProvider();
  const review = new DocCommentReview();
  context.subscriptions.push(previews, review, vscode.workspace.registerTextDocumentContentProvider(PREVIEW_SCHEME, previews));
  const modelItem = new ModelStatusItem();
  const costItem = new CostStatusItem();
  context.subscriptions.push(keys, providerFacts, channel, hub, costs, costView, modelItem, costItem);
  context.subscriptions.push(
    costs.ledger.onDidChange(() => costItem.setTotals(costs.ledger.sessionTotals())),
    costs.onDidChangeBalance((balance) => costItem.setBalance(balance)),
    keys.onDidChange((provider) => (provider === 'openrouter' ? void costs.refreshBalance() : undefined)),
  );

  // Shown at once; the key's state (an async SecretStorage read) is added when known.
  const showModel = (): void => {
    const config = readConfig();
    const snapshot = hub.catalog(config.provider).snapshot;
    const paint = (key?: 'stored' | 'none'): void =>
      modelItem.update(config.provider, config.model, hub.currentModelInfo(), {
        listLoaded: snapshot !== undefined && !snapshot.stale && snapshot.models.length > 0,
        key,
        resolution: config.resolution,
      });
    paint();
    if (PROVIDERS[config.provider].key.accepted) void keys.has(config.provider).then((has) => paint(has ? 'stored' : 'none'));
  };
  showModel();
  context.subscriptions.push(onDidChangeDocsmithConfig(showModel), hub.onDidChangeCatalog(showModel), keys.onDidChange(showModel), providerFacts.onDidChange(showModel));
  // Commands wait for the stored keys and VS Code's models (at most 3 s), so `auto` never resolves
  // from a half-read state right after start-up.
  const factsReady = Promise.race([providerFacts.refresh(), new Promise<void>((resolve) => setTimeout(resolve, 3000))]);
  const onError = (error: unknown): Promise<void> => showProviderError(error, { provider: readConfig().provider }, log);

  // The Docsmith Docs view, the stale badges, the editor action and the status bar's docs line
  // share one live state per folder, read in the background.
  const docsHub = new DocsStateHub(host.parseLazily(), host.parseCacheDirectory, log);
  const docsTree = new DocsTreeProvider(docsHub, shell.docsView);
  context.subscriptions.push(docsHub, docsTree, new StaleFileDecorations(docsHub), new StaleDocsLens(docsHub));
  context.subscriptions.push(docsHub.onDidChange(() => costItem.setDocs(docsCounts(docsHub))));
  setTimeout(() => docsHub.start(), 0);
  const runDeps = { keys, host, costs, costItem, channel, log };
  const afterRun = (): void => {
    void costs.refreshBalance();
    void docsHub.refresh();
  };

  const handlers: Record<CommandId, (...args: unknown[]) => unknown> = {
    [CommandId.generateDocs]: () => generateDocs(runDeps).finally(afterRun),
    [CommandId.generateFileDocs]: (uri) => generateFileDocs({ keys, host, costs, previews, log }, uri).finally(() => void docsHub.refresh()),
    [CommandId.addDocComments]: (uri) => addDocComments({ keys, host, costs, previews, review, log }, uri),
    [CommandId.selectModel]: (model) => selectModel(hub, memory, model),
    [CommandId.selectProvider]: (provider) => selectProvider(keys, memory, provider),
    [CommandId.setApiKey]: (provider, key, options) => setApiKey(keys, provider, key, options),
    [CommandId.clearApiKey]: (provider) => clearApiKey(keys, provider),
    [CommandId.showCost]: () => costView.show(),
    [CommandId.resetSessionCost]: () => resetSessionCost(costs.ledger),
    [CommandId.refreshModels]: () => refreshModels(hub, onError),
    [CommandId.updateStaleDocs]: (uri) => updateStaleDocs({ ...runDeps, hub: docsHub }, uri).finally(afterRun),
    [CommandId.openDocs]: () => openDocs(),
    [CommandId.regeneratePage]: (node) => regeneratePage(runDeps, docsTree, node).finally(afterRun),
    [CommandId.openPageSource]: (node) => openPageSource(docsTree, node),
    [CommandId.writeGuide]: (topic) => writeGuideCommand({ keys, host, previews, memory: context.workspaceState, log }, topic).finally(() => void costs.refreshBalance()),
  };
  const commands = {
    ...Object.fromEntries(
      Object.entries(handlers).map(([id, handler]) => [
        id,
        async (...args: unknown[]) => {
          await factsReady;
          return handler(...args);
        },
      ]),
    ),
    [InternalCommandId.applyDocComments]: () => review.answer('apply'),
    [InternalCommandId.discardDocComments]: () => review.answer('discard'),
  } as DocsmithMain['commands'];

  if (typeof vscode.chat?.createChatParticipant !== 'function') log.info('This editor has no chat API; @docsmith is not available.');
  const chatDeps = { keys, host, log };

  void costs.loadHistory().catch((e: unknown) => log.warn('Could not load the cost history', e));
  void offerEnvironmentKeys(keys, context.globalState).catch((e: unknown) => log.warn('Could not offer environment keys', e));
  const version = String(context.extension.packageJSON.version);
  log.info(`Docsmith ${version} activated in ${shell.activateMs.toFixed(1)} ms; then loaded in ${shell.loadMs.toFixed(1)} ms, started in ${(performance.now() - started).toFixed(1)} ms`);
  return {
    commands,
    chat: (request, stream, token) => handleChatRequest(chatDeps, request, stream, token),
    docsTree,
    api: createDocsmithApi(chatDeps, factsReady),
  };
}

/** Pages needing an update across the loaded folders, for the cost item's tooltip. */
function docsCounts(docsHub: DocsStateHub): { stale: number; missing: number; failed: number } | undefined {
  const folders = docsHub.loaded().filter((f) => f.state.hasDocs);
  if (folders.length === 0) return undefined;
  const total = { stale: 0, missing: 0, failed: 0 };
  for (const { state } of folders) {
    const c = state.counts();
    total.stale += c.stale;
    total.missing += c.missing;
    total.failed += c.failed;
  }
  return total;
}
