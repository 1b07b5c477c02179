/** Manifest entries the size of a real page's entry, for the manifest tests. */
import type { ManifestPage } from '../../../src/core/docs/manifest';

export function sampleEntry(i: number): ManifestPage {
  return {
    kind: 'file',
    inputsHash: `${i}`.padStart(64, 'a'),
    sources: { [`pkg/p${i}.ts`]: `${i}`.padStart(64, 'b') },
    summary: `Page ${i} explains what this module does and how the rest of the code uses it, in two sentences of plain prose.`,
    contentHash: `${i}`.padStart(64, 'c'),
    provider: 'openrouter',
    model: 'openai/gpt-4o-mini',
    tokens: { prompt: 812, completion: 301, cached: 0, total: 1113 },
    costUsd: 0.000302,
    requests: 1,
    generatedAt: new Date(0).toISOString(),
    durationMs: 1234,
    citations: { total: 4, repaired: 1, removed: 0 },
  };
}
