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

const DAY = 86_400;

test('current model first, then recent, then vendors by their newest model, each vendor\'s models newest first', () => {
  const dated = [
    model('agentica-org/deepcoder-14b', { name: 'Agentica: Deepcoder 14B', created: 100 * DAY }),
    model('anthropic/claude-3-haiku', { name: 'Anthropic: Claude 3 Haiku', created: 200 * DAY }),
    model('anthropic/claude-sonnet-4.5', { name: 'Anthropic: Claude Sonnet 4.5', created: 900 * DAY }),
    model('openai/gpt-4o-mini', { name: 'OpenAI: GPT-4o-mini', created: 500 * DAY }),
    model('openai/gpt-5', { name: 'OpenAI: GPT-5', created: 800 * DAY }),
    model('meta-llama/llama-3.1-8b-instruct', { name: 'Meta: Llama 3.1 8B', created: 300 * DAY }),
  ];
  const rows = modelPickRows(dated, 'openrouter', 'openai/gpt-4o-mini', ['meta-llama/llama-3.1-8b-instruct', 'anthropic/claude-3-haiku']);
  const shape = rows.map((r) => (r.kind === 'separator' ? `— ${r.label}` : r.modelId));
  assert.deepEqual(shape, [
    '— Current', 'openai/gpt-4o-mini',
    '— Recently used', 'meta-llama/llama-3.1-8b-instruct', 'anthropic/claude-3-haiku',
    '— Anthropic', 'anthropic/claude-sonnet-4.5', 'anthropic/claude-3-haiku',
    '— OpenAI', 'openai/gpt-5', 'openai/gpt-4o-mini',
    '— Meta', 'meta-llama/llama-3.1-8b-instruct',
    '— Agentica Org', 'agentica-org/deepcoder-14b',
  ]);
});

test('a row names its vendor once: no "Vendor:" prefix in the label, no vendor in the detail under a vendor separator', () => {
  const rows = modelPickRows([model('openai/gpt-5', { name: 'OpenAI: GPT-5' })], 'openrouter', 'openai/gpt-5', []);
  const [current, grouped] = rows.filter((r) => r.kind === 'model');
  assert.equal(current.kind === 'model' && current.label, '$(check) GPT-5');
  assert.match(current.kind === 'model' ? current.detail : '', /^OpenAI · /, 'the top rows have no vendor separator, so the detail names it');
  assert.equal(grouped.kind === 'model' && grouped.label, 'GPT-5');
  assert.doesNotMatch(grouped.kind === 'model' ? grouped.detail : '', /OpenAI/);
});

test('items show name, id, price per 1M, context and a free badge', () => {
  const rows = modelPickRows(models, 'openrouter', 'openai/gpt-4o-mini', []);
  const mini = rows.find((r) => r.kind === 'model' && r.modelId === 'openai/gpt-4o-mini' && !r.label.startsWith('$(check)'));
  assert.ok(mini && mini.kind === 'model');
  assert.equal(mini.label, 'GPT-4o mini');
  assert.equal(mini.description, 'openai/gpt-4o-mini');
  assert.equal(mini.detail, '$0.15 / $0.60 per 1M · 128K context');
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
