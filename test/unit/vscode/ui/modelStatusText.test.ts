import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ModelInfo } from '../../../../src/core/providers/types';
import { modelStatus } from '../../../../src/vscode/ui/modelStatusText';

const mini: ModelInfo = {
  id: 'openai/gpt-4o-mini', name: 'OpenAI: GPT-4o-mini', vendor: 'openai', contextLength: 128_000,
  pricing: { prompt: 0.00000015, completion: 0.0000006 }, isFree: false, supportedParameters: [],
};

test('status item text and tooltip name the provider, full id, price and context', () => {
  const s = modelStatus('openrouter', 'openai/gpt-4o-mini', mini);
  assert.equal(s.text, '$(sparkle) gpt-4o-mini');
  assert.match(s.tooltip, /\| Provider \| OpenRouter \|/);
  assert.match(s.tooltip, /`openai\/gpt-4o-mini`/);
  assert.match(s.tooltip, /\$0\.15 \/ \$0\.60 per 1M/);
  assert.match(s.tooltip, /128K tokens/);
  assert.match(s.accessibilityLabel, /openai\/gpt-4o-mini/);
});

test('a new user sees the free OpenRouter default, not an empty name', () => {
  const s = modelStatus('openrouter', '');
  assert.equal(s.text, '$(sparkle) gpt-oss-20b:free');
  assert.equal(s.modelId, 'openai/gpt-oss-20b:free');
  assert.match(s.tooltip, /provider's default/);
});

test('typed ids are shown normalised, as requests will use them', () => {
  assert.equal(modelStatus('openrouter', 'openrouter/anthropic/claude-3-opus').modelId, 'anthropic/claude-3-opus');
  assert.equal(modelStatus('openrouter', 'gpt-4o').text, '$(sparkle) gpt-4o');
});

test('a price that is not loaded is not invented; vscodeLm is included', () => {
  assert.match(modelStatus('anthropic', 'claude-sonnet-4-5').tooltip, /unknown until the model list loads/);
  assert.match(modelStatus('vscodeLm', 'copilot/gpt-4o').tooltip, /included in your subscription/);
});

test('a model name from the catalog cannot inject Markdown', () => {
  const s = modelStatus('openrouter', 'x/y', { ...mini, id: 'x/y', name: 'Evil | [link](command:foo) `x`' });
  assert.doesNotMatch(s.tooltip, /\[link\]\(command:/);
  assert.equal(s.tooltip.split('\n').find((l) => l.startsWith('| Name'))!.split('|').length, 4);
});

test('once the model list has loaded, a model missing from it is said to be missing, not "until the list loads"', () => {
  const tooltip = modelStatus('openrouter', 'nope/nothing', undefined, { listLoaded: true }).tooltip;
  assert.match(tooltip, /not in the OpenRouter model list/);
  assert.doesNotMatch(tooltip, /until the model list loads/);
});

test('the tooltip says whether a key is stored, and that there is none after it was cleared', () => {
  assert.match(modelStatus('openrouter', '', undefined, { key: 'stored' }).tooltip, /\| API key \| stored \|/);
  assert.match(modelStatus('openrouter', '', undefined, { key: 'none' }).tooltip, /\| API key \| none: run \*\*Docsmith: Set API Key\*\* \|/);
  assert.match(modelStatus('openaiCompatible', 'llama3', undefined, { key: 'none' }).tooltip, /none \(optional/);
  assert.doesNotMatch(modelStatus('vscodeLm', 'copilot/gpt-4o').tooltip, /API key/);
});

test('under auto the tooltip says which provider serves and why', () => {
  const resolution = { provider: 'openrouter', setting: 'auto', reason: { kind: 'key' } } as const;
  const s = modelStatus('openrouter', '', undefined, { resolution });
  assert.match(s.tooltip, /\| Provider \| OpenRouter \(auto: OpenRouter has a stored API key\) \|/);
  assert.match(s.accessibilityLabel, /auto: OpenRouter has a stored API key/);
  const routed = modelStatus('anthropic', 'claude-3-5-haiku', undefined, {
    resolution: { provider: 'anthropic', setting: 'auto', reason: { kind: 'modelVendor', model: 'claude-3-5-haiku', vendor: 'anthropic', hasKey: true } },
  });
  assert.match(routed.tooltip, /\| Provider \| Anthropic \(auto: claude-3-5-haiku is an Anthropic model; Anthropic has a stored API key and OpenRouter has none\) \|/);
  assert.match(modelStatus('openai', '', undefined, { resolution: { provider: 'openai', setting: 'openai', reason: { kind: 'setting' } } }).tooltip, /\| Provider \| OpenAI \|/);
});
