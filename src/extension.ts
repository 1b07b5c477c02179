import * as vscode from 'vscode';
import { CostTracking } from './vscode/adapters/costTracking';
import { DocRunHost } from './vscode/adapters/docRunHost';
import { DocsStateHub } from './vscode/adapters/docsStateHub';
import { ModelMemory } from './vscode/adapters/modelMemory';
import { createOutputLog } from './vscode/adapters/outputLog';
import { ProviderHub } from './vscode/adapters/providerHub';
import { SecretKeyStore } from './vscode/adapters/secretKeyStore';
import { ProviderFactsWatcher } from './vscode/adapters/providerFacts';
import { onDidChangeDocsmithConfig, readConfig, useProviderFacts } from './vscode/adapters/settings';
import { CommandId } from './vscode/commandIds';
import { PROVIDERS } from './core/providers/providerInfo';
import { addDocComments } from './vscode/commands/addDocComments';
import { clearApiKey } from './vscode/commands/clearApiKey';
import { openPageSource, regeneratePage } from './vscode/commands/docsPageActions';
import { generateDocs } from './vscode/commands/generateDocs';
import { generateFileDocs } from './vscode/commands/generateFileDocs';
import { offerEnvironmentKeys } from './vscode/commands/offerEnvironmentKeys';
import { openDocs } from './vscode/commands/openDocs';
import { refreshModels } from './vscode/commands/refreshModels';
import { resetSessionCost } from './vscode/commands/resetSessionCost';
import { selectModel } from './vscode/commands/selectModel';
import { selectProvider } from './vscode/commands/selectProvider';
import { setApiKey } from './vscode/commands/setApiKey';
import { updateStaleDocs } from './vscode/commands/updateStaleDocs';
import { writeGuideCommand } from './vscode/commands/writeGuide';
import { createDocsmithApi, type DocsmithApi } from './vscode/chat/chatApi';
import { registerDocsmithParticipant } from './vscode/chat/docsmithParticipant';
import { CostViewPanel } from './vscode/ui/costViewPanel';
import { DocsTreeProvider } from './vscode/ui/docsTree';
import { DocCommentReview } from './vscode/ui/docCommentReview';
import { showProviderError } from './vscode/ui/showProviderError';
import { StaleDocsLens, StaleFileDecorations } from './vscode/ui/staleDocsMarkers';
import { CostStatusItem, ModelStatusItem } from './vscode/ui/statusBarItems';
import { PREVIEW_SCHEME, StreamingPreviewProvider } from './vscode/ui/streamingPreview';

/** Wires services, registers commands and pushes disposables. No network or disk scanning here. */
export function activate(context: vscode.ExtensionContext): DocsmithApi {
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
  // share one live state per folder, read in the background after activation.
  const docsHub = new DocsStateHub(host.parseLazily(), host.parseCacheDirectory, log);
  const docsTree = new DocsTreeProvider(docsHub);
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
  for (const [id, handler] of Object.entries(handlers)) {
    context.subscriptions.push(vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      await factsReady;
      return handler(...args);
    }));
  }

  registerDocsmithParticipant(context, { keys, host, log });

  void costs.loadHistory().catch((e: unknown) => log.warn('Could not load the cost history', e));
  void offerEnvironmentKeys(keys, context.globalState).catch((e: unknown) => log.warn('Could not offer environment keys', e));
  log.info(`Docsmith ${String(context.extension.packageJSON.version)} activated in ${(performance.now() - started).toFixed(1)} ms`);
  return createDocsmithApi({ keys, host, log }, factsReady);
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

export function deactivate(): void {}
