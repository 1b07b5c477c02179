import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ModelInfo } from '../../../../src/core/providers/types';
import { modelPickRows, pushRecent, typedRow } from '../../../../src/vscode/ui/modelPickItems';

function model(id: string, extra: Partial<ModelInfo> = {}): ModelInfo {
  return {
    id, name: id.split('/')[1], vendor: id.split('/')[0], contextLength: 131_072,
    pricing: { prompt: 0.0000001, completion: 0.0000004 }, isFree: false, supportedParameters: [], ...extra,
  };
}

const models = [
  model('openai/gpt-4o-mini', { name: 'GPT-4o mini', pricing: { prompt: 0.00000015, completion: 0.0000006 }, contextLength: 128_000 }),
  model('anthropic/claude-3.5-haiku', { name: 'Claude 3.5 Haiku' }),
  model('openai/gpt-oss-20b:free', { name: 'gpt-oss-20b (free)', isFree: true, pricing: { prompt: 0, completion: 0 } }),
  model('meta-llama/llama-3.1-8b-instruct', { name: 'Llama 3.1 8B' }),
];

test('current model first, then recent, then all models grouped by vendor', () => {
  const rows = modelPickRows(models, 'openrouter', 'openai/gpt-oss-20b:free', ['meta-llama/llama-3.1-8b-instruct', 'openai/gpt-oss-20b:free']);
  const shape = rows.map((r) => (r.kind === 'separator' ? `— ${r.label}` : r.modelId));
  assert.deepEqual(shape, [
    '— Current', 'openai/gpt-oss-20b:free',
    '— Recently used', 'meta-llama/llama-3.1-8b-instruct',
    '— Anthropic', 'anthropic/claude-3.5-haiku',
    '— Meta', 'meta-llama/llama-3.1-8b-instruct',
    '— OpenAI', 'openai/gpt-4o-mini', 'openai/gpt-oss-20b:free',
  ]);
});

test('items show name, id, price per 1M, context and a free badge', () => {
  const rows = modelPickRows(models, 'openrouter', 'openai/gpt-4o-mini', []);
  const mini = rows.find((r) => r.kind === 'model' && r.modelId === 'openai/gpt-4o-mini' && !r.label.startsWith('$(check)'));
  assert.ok(mini && mini.kind === 'model');
  assert.equal(mini.label, 'GPT-4o mini');
  assert.equal(mini.description, 'openai/gpt-4o-mini');
  assert.equal(mini.detail, 'OpenAI · $0.15 / $0.60 per 1M · 128K context');
  const free = rows.find((r) => r.kind === 'model' && r.modelId === 'openai/gpt-oss-20b:free');
  assert.ok(free && free.kind === 'model');
  assert.match(free.detail, /\$\(gift\) free/);
});

test('a current model the list does not know still shows, marked as unlisted', () => {
  const rows = modelPickRows(models, 'openrouter', 'acme/secret-model', []);
  assert.equal(rows[1].kind === 'model' && rows[1].modelId, 'acme/secret-model');
  assert.match(rows[1].kind === 'model' ? rows[1].detail : '', /not in the provider/);
});

test('vscodeLm models are shown as included, never with a price', () => {
  const rows = modelPickRows([model('copilot/gpt-4o', { pricing: {} })], 'vscodeLm', 'copilot/gpt-4o', []);
  assert.match(rows[1].kind === 'model' ? rows[1].detail : '', /included in your subscription/);
});

test('typing an unlisted id offers to use it anyway; listed ids and blanks do not', () => {
  assert.deepEqual(typedRow(models, ' mistralai/mistral-7b '), {
    kind: 'typed', modelId: 'mistralai/mistral-7b', label: "$(edit) Use 'mistralai/mistral-7b' anyway", description: 'not in the provider’s list',
  });
  assert.equal(typedRow(models, 'openai/gpt-4o-mini'), undefined);
  assert.equal(typedRow(models, 'OpenAI/GPT-4o-mini'), undefined);
  assert.equal(typedRow(models, '  '), undefined);
  assert.equal(typedRow(models, 'gpt mini'), undefined, 'words are a filter, not an id');
});

test('recent list keeps the newest first, without duplicates, capped', () => {
  assert.deepEqual(pushRecent(['a', 'b', 'c'], 'b'), ['b', 'a', 'c']);
  assert.deepEqual(pushRecent(['a', 'b', 'c', 'd', 'e'], 'f'), ['f', 'a', 'b', 'c', 'd']);
});
