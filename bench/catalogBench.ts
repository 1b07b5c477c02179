/**
 * Item 6 — Catalog: parsing and indexing a 400-model OpenRouter `/models` payload, and the pure
 * part of `Select Model` with a warm cache (catalog lookup + building the quick-pick rows).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ModelCatalog, catalogCacheFileName } from '../src/core/catalog/modelCatalog';
import { groupModelsByVendor } from '../src/core/catalog/modelSearch';
import { parseOpenRouterModels } from '../src/core/providers/openRouterModels';
import { modelPickRows } from '../src/vscode/ui/modelPickItems';
import { buildOpenRouterModelsPayload, SPECIAL_MODEL_IDS } from '../test/fixtures/catalog/openRouterModelsPayload';
import { info, type Section } from './report';
import { cpuMs, formatBytes, formatMs, formatRunTimes, timeRuns } from './timing';

export interface CatalogBenchOptions {
  models: number;
  runs: number;
  log: (line: string) => void;
}

export async function runCatalogBench(options: CatalogBenchOptions): Promise<Section> {
  const text = JSON.stringify(buildOpenRouterModelsPayload(options.models));
  const parseAndIndex = (): number => {
    const models = parseOpenRouterModels(JSON.parse(text));
    return groupModelsByVendor(models).length;
  };
  const coldStart = cpuMs();
  parseAndIndex();
  const coldMs = cpuMs() - coldStart;
  const parse = await timeRuns(parseAndIndex, options.runs, 3);
  const models = parseOpenRouterModels(JSON.parse(text));

  const provider = 'openrouter' as const;
  const currentId = SPECIAL_MODEL_IDS.defaultFree;
  const recent = [SPECIAL_MODEL_IDS.paidOpenAi, SPECIAL_MODEL_IDS.anthropicCached];

  // Warm in memory: the catalog already holds the list (any Select Model after the first).
  const memoryCatalog = new ModelCatalog({ fetchModels: () => Promise.resolve(models) });
  await memoryCatalog.refresh();
  let rows = 0;
  const memory = await timeRuns(async () => {
    const snapshot = await memoryCatalog.getModels();
    rows = modelPickRows(snapshot.models, provider, currentId, recent).length;
  }, options.runs, 3);
  memoryCatalog.dispose();

  // Warm on disk: a new window whose catalog reads the cache file written by an earlier fetch.
  const storageDir = mkdtempSync(path.join(os.tmpdir(), 'docsmith-bench-catalog-'));
  try {
    const cacheFileName = catalogCacheFileName(provider, 'https://openrouter.ai/api/v1');
    const writer = new ModelCatalog({ fetchModels: () => Promise.resolve(models), storageDir, cacheFileName });
    await writer.refresh();
    writer.dispose();
    let fetched = 0;
    const disk = await timeRuns(async () => {
        const catalog = new ModelCatalog({
          storageDir,
          cacheFileName,
          fetchModels: () => {
            fetched++;
            return Promise.resolve(models);
          },
        });
        const snapshot = await catalog.getModels();
        modelPickRows(snapshot.models, provider, currentId, recent);
        catalog.dispose();
      }, options.runs, 3);
    if (fetched > 0) throw new Error('catalog bench: a fresh disk cache must not fetch');
    options.log(`catalog: parse+index ${formatRunTimes(parse)}, select (memory) ${formatRunTimes(memory)}, select (disk) ${formatRunTimes(disk)}`);
    return {
      title: '6. Catalog',
      settings: [
        `Payload: the deterministic OpenRouter fixture generator (\`test/fixtures/catalog/\`) at ${options.models} models, ${formatBytes(text.length)} of JSON.`,
        `Median of ${options.runs} runs after 3 warm-up runs, in this Node process. CPU time of the process is the headline figure because ` +
          'it does not grow with other load on the machine; the wall-clock median is given beside it.',
      ],
      figures: [
        info(`parse + index ${options.models}-model payload`, formatRunTimes(parse), `JSON.parse + parseOpenRouterModels + groupModelsByVendor; first (cold) run ${formatMs(coldMs)} CPU`),
        info('Select Model → items, warm in memory', formatRunTimes(memory), `catalog.getModels() + modelPickRows(): ${rows} rows (current, recent, ${options.models} models by vendor)`),
        info('Select Model → items, warm on disk (new window)', formatRunTimes(disk), 'new ModelCatalog reading its fresh cache file (no fetch) + modelPickRows()'),
      ],
      notes: [
        'The timed `Select Model` path is the pure part: the catalog lookup and `modelPickRows()` (`src/vscode/ui/modelPickItems.ts`, no `vscode` import). ' +
          'Mapping rows to `QuickPickItem`s (`toItem` in `modelPicker.ts`, one object literal per row) and VS Code drawing the list are not included here.',
      ],
    };
  } finally {
    rmSync(storageDir, { recursive: true, force: true });
  }
}
