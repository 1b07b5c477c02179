import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { defaultEstimate, placeholderSummaries, SUMMARY_CHARS, type PlannedRequest } from '../../../src/core/docs/runEstimate';

const options = { provider: 'openrouter' as const, model: 'openai/gpt-4o-mini', pricing: { prompt: 0.00000015, completion: 0.0000006 } };
const folderPrompt = 'Write the overview page of the folder `src/`.\n\nIts contents:\n' + Array.from({ length: 10 }, (_, i) => `- file \`f${i}.ts\`: (not documented yet)`).join('\n');

test('children not documented yet count as a summary each, as real summaries do', async () => {
  const base: PlannedRequest = { phase: 'folder', page: 'src/README.md', promptText: folderPrompt, maxOutputTokens: 4096 };
  const without = await defaultEstimate([base], options);
  const withTen = await defaultEstimate([{ ...base, placeholderChildren: 10 }], options);
  // A real two-sentence summary of ~240 characters is 40–60 o200k tokens.
  const real = 'Defines the price table and the money helpers used by billing, chiefly `priceOf`, `addTax` and `round`. Callers use it through its exported entry points, and it keeps no state between calls.';
  const perChild = (withTen.promptTokens - without.promptTokens) / 10;
  assert.ok(perChild >= 0.7 * countTokens(real), `a placeholder counts ${perChild} tokens, a real summary ${countTokens(real)}`);
  assert.ok(perChild <= 1.5 * countTokens(real), `a placeholder counts ${perChild} tokens, a real summary ${countTokens(real)}`);
  assert.ok(withTen.costUsd! > without.costUsd!);
});

test('placeholder summaries are SUMMARY_CHARS long each', () => {
  assert.equal(placeholderSummaries(0), '');
  const three = placeholderSummaries(3).split('\n');
  assert.equal(three.length, 3);
  for (const line of three) assert.equal(line.length, SUMMARY_CHARS);
});
