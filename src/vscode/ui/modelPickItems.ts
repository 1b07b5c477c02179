import { formatContext, formatPricePerMillion, vendorLabel } from '../../core/catalog/catalogFormat';
import { findModel, groupModelsByVendor } from '../../core/catalog/modelSearch';
import type { ModelInfo, ProviderId } from '../../core/providers/types';

/** A row of the model quick pick, independent of the VS Code types so it can be tested in Node. */
export type ModelPickRow =
  | { kind: 'separator'; label: string }
  | { kind: 'model'; modelId: string; label: string; description: string; detail: string; picked?: boolean }
  | { kind: 'typed'; modelId: string; label: string; description: string };

/**
 * `OpenAI · $0.15 / $0.60 per 1M · 128K context`, `$(gift) free · …`, `included` for vscodeLm.
 * Without `withVendor` (rows under their vendor's separator) the vendor is left out.
 */
export function modelDetail(model: ModelInfo, provider: ProviderId, withVendor = true): string {
  const price = provider === 'vscodeLm' ? 'included in your subscription' : model.isFree ? '$(gift) free' : formatPricePerMillion(model);
  const context = model.contextLength ? `${formatContext(model.contextLength)} context` : 'context unknown';
  return [...(withVendor ? [vendorLabel(model.vendor)] : []), price, context].join(' · ');
}

/** `OpenAI: GPT-4o` → `GPT-4o`: the vendor is said once per row, by the id or the separator. */
export function modelLabel(model: ModelInfo): string {
  const name = model.name || model.id;
  const bare = name.replace(/^[^:/]{1,40}:\s+/, '');
  return bare || name;
}

function modelRow(model: ModelInfo, provider: ProviderId, current: boolean, withVendor: boolean): ModelPickRow {
  return {
    kind: 'model',
    modelId: model.id,
    label: `${current ? '$(check) ' : ''}${modelLabel(model)}`,
    description: model.id,
    detail: modelDetail(model, provider, withVendor),
    picked: current,
  };
}

function unlistedRow(id: string, current: boolean): ModelPickRow {
  return { kind: 'model', modelId: id, label: `${current ? '$(check) ' : ''}${id}`, description: id, detail: 'not in the provider’s list', picked: current };
}

/**
 * Rows in order: the current model, recently used ones (most recent first), then every model
 * grouped by vendor, newest first (vendors by their newest model, models by date). A current or
 * recent id the list does not know still appears.
 */
export function modelPickRows(models: readonly ModelInfo[], provider: ProviderId, currentId: string, recentIds: readonly string[]): ModelPickRow[] {
  const rows: ModelPickRow[] = [];
  if (currentId) {
    const current = findModel(models, currentId);
    rows.push({ kind: 'separator', label: 'Current' }, current ? modelRow(current, provider, true, true) : unlistedRow(currentId, true));
  }
  const recent = recentIds.filter((id) => id && id !== currentId);
  if (recent.length) {
    rows.push({ kind: 'separator', label: 'Recently used' });
    for (const id of recent) {
      const model = findModel(models, id);
      rows.push(model ? modelRow(model, provider, false, true) : unlistedRow(id, false));
    }
  }
  for (const group of groupModelsByVendor(models)) {
    rows.push({ kind: 'separator', label: vendorLabel(group.vendor) });
    for (const model of group.models) rows.push(modelRow(model, provider, false, false));
  }
  return rows;
}

/** The "use it anyway" row when what was typed is not a listed id; undefined otherwise. */
export function typedRow(models: readonly ModelInfo[], typed: string): ModelPickRow | undefined {
  const id = typed.trim();
  if (!id || /\s/.test(id) || findModel(models, id)) return undefined;
  return { kind: 'typed', modelId: id, label: `$(edit) Use '${id}' anyway`, description: 'not in the provider’s list' };
}

/** Most recent first, without duplicates, at most `limit`. */
export function pushRecent(recent: readonly string[], id: string, limit = 5): string[] {
  return [id, ...recent.filter((r) => r !== id)].slice(0, limit);
}
