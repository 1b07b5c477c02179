import * as vscode from 'vscode';
import type { CatalogSnapshot, ModelCatalog } from '../../core/catalog/modelCatalog';
import type { ModelInfo, ProviderId } from '../../core/providers/types';
import { PROVIDERS } from '../../core/providers/providerInfo';
import { modelPickRows, typedRow, type ModelPickRow } from './modelPickItems';
import { providerErrorText } from './providerErrorText';

interface ModelItem extends vscode.QuickPickItem {
  modelId?: string;
}

export interface ModelPickerOptions {
  provider: ProviderId;
  /** The model in use now (already resolved: never empty). */
  currentId: string;
  recentIds: readonly string[];
  catalog: ModelCatalog;
}

function toItem(row: ModelPickRow): ModelItem {
  switch (row.kind) {
    case 'separator':
      return { label: row.label, kind: vscode.QuickPickItemKind.Separator };
    case 'model':
      return { label: row.label, description: row.description, detail: row.detail, modelId: row.modelId };
    case 'typed':
      return { label: row.label, description: row.description, modelId: row.modelId, alwaysShow: true };
  }
}

/**
 * The model quick pick: busy while the catalog loads, current model first, then recent ones, then
 * all models by vendor; an unlisted typed id can be used anyway. Resolves to the chosen id.
 */
export async function pickModel(options: ModelPickerOptions): Promise<string | undefined> {
  const label = PROVIDERS[options.provider];
  const disposables: vscode.Disposable[] = [];
  const qp = vscode.window.createQuickPick<ModelItem>();
  disposables.push(qp);
  const baseTitle = vscode.l10n.t('Docsmith: Select Model ({0})', label.displayName);
  let models: readonly ModelInfo[] = [];
  let baseItems: ModelItem[] = [];

  const render = (): void => {
    const typed = typedRow(models, qp.value);
    qp.items = typed ? [toItem(typed), ...baseItems] : baseItems;
  };
  const show = (snapshot: CatalogSnapshot | undefined): void => {
    models = snapshot?.models ?? [];
    baseItems = modelPickRows(models, options.provider, options.currentId, options.recentIds).map(toItem);
    render();
    const current = qp.items.find((i) => i.modelId === options.currentId);
    if (current && !qp.value) qp.activeItems = [current];
    qp.title = snapshot?.stale ? vscode.l10n.t('{0} — offline: the list may be out of date', baseTitle) : baseTitle;
  };
  const load = async (force: boolean): Promise<void> => {
    qp.busy = true;
    try {
      show(await (force ? options.catalog.refresh() : options.catalog.getModels()));
    } catch (error) {
      show(undefined);
      const why =
        options.provider === 'vscodeLm'
          ? vscode.l10n.t('no VS Code language models are available; install or sign in to a chat extension such as GitHub Copilot')
          : providerErrorText(error, { provider: options.provider }, vscode.l10n.t).message;
      qp.title = `${baseTitle} — ${why}`;
    } finally {
      qp.busy = false;
    }
  };

  try {
    qp.title = baseTitle;
    qp.placeholder = vscode.l10n.t('Filter by name, id or vendor, or type a model id');
    qp.matchOnDescription = true;
    qp.matchOnDetail = true;
    qp.ignoreFocusOut = false;
    const refresh: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('refresh'), tooltip: vscode.l10n.t('Refresh Model List') };
    const openPage: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('link-external'), tooltip: vscode.l10n.t('Open the {0} model page', label.displayName) };
    qp.buttons = label.modelPageUrl ? [refresh, openPage] : [refresh];
    show(undefined);
    return await new Promise<string | undefined>((resolve) => {
      disposables.push(
        qp.onDidChangeValue(render),
        qp.onDidTriggerButton((button) => {
          if (button === refresh) void load(true);
          else if (button === openPage && label.modelPageUrl) void vscode.env.openExternal(vscode.Uri.parse(label.modelPageUrl));
        }),
        qp.onDidAccept(() => {
          const chosen = qp.selectedItems[0] ?? qp.activeItems[0];
          const id = chosen?.modelId ?? (qp.value.trim() || undefined);
          if (!id) return;
          resolve(id);
          qp.hide();
        }),
        qp.onDidHide(() => resolve(undefined)),
      );
      qp.show();
      void load(false);
    });
  } finally {
    for (const d of disposables) d.dispose();
  }
}
