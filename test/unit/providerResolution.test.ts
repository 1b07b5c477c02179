import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeResolution, resolveProvider, type ProviderFacts, type ProviderSetting } from '../../src/core/providerResolution';
import type { ProviderId } from '../../src/core/providers/types';
import { modelVendor, resolveModelId } from '../../src/core/modelNames';

function facts(keys: ProviderId[], vscodeLmModels: string[] = [], keySource: ProviderFacts['keySource'] = 'stored'): ProviderFacts {
  return { hasKey: (p) => keys.includes(p), keySource, vscodeLmModels };
}

// [setting, model, keys, VS Code models, provider expected, model id sent]
const table: Array<[ProviderSetting, string, ProviderId[], string[], ProviderId, string]> = [
  // Keys alone: OpenRouter, OpenAI, Anthropic in that order, then VS Code's models, else OpenRouter.
  ['auto', '', ['openrouter'], [], 'openrouter', 'openai/gpt-oss-20b:free'],
  ['auto', '', ['anthropic', 'openai'], [], 'openai', 'gpt-4o-mini'],
  ['auto', '', ['anthropic'], ['copilot/gpt-4o'], 'anthropic', 'claude-haiku-4-5'],
  ['auto', '', ['openrouter', 'anthropic'], ['copilot/gpt-4o'], 'openrouter', 'openai/gpt-oss-20b:free'],
  ['auto', '', [], ['copilot/gpt-4o'], 'vscodeLm', 'copilot/gpt-4o'],
  ['auto', '', [], [], 'openrouter', 'openai/gpt-oss-20b:free'],
  // Model names route: OpenRouter when it has a key (id normalised), else the vendor's own API.
  ['auto', 'claude-3-5-haiku', ['openrouter', 'anthropic'], [], 'openrouter', 'anthropic/claude-3-5-haiku'],
  ['auto', 'claude-3-5-haiku', ['openai', 'anthropic'], [], 'anthropic', 'claude-3-5-haiku'],
  ['auto', 'anthropic/claude-sonnet-4.5', ['openai', 'anthropic'], [], 'anthropic', 'claude-sonnet-4.5'],
  ['auto', 'gpt-4o', ['anthropic'], [], 'openai', 'gpt-4o'],
  ['auto', 'o3-mini', ['anthropic', 'openai'], [], 'openai', 'o3-mini'],
  ['auto', 'gpt-4o', ['openrouter'], [], 'openrouter', 'openai/gpt-4o'],
  ['auto', 'google/gemini-2.5-pro', ['openai'], [], 'openrouter', 'google/gemini-2.5-pro'],
  ['auto', 'openrouter/anthropic/claude-3-opus', ['openrouter'], [], 'openrouter', 'anthropic/claude-3-opus'],
  ['auto', 'copilot/gpt-4o', ['openrouter'], ['copilot/gpt-4o'], 'vscodeLm', 'copilot/gpt-4o'],
  // No key anywhere: a vendor's model goes to OpenRouter too, whose key Set API Key then asks for.
  ['auto', 'openai/gpt-4o-mini', [], [], 'openrouter', 'openai/gpt-4o-mini'],
  ['auto', 'claude-3-5-haiku', [], ['copilot/gpt-4o'], 'openrouter', 'anthropic/claude-3-5-haiku'],
  // A bare name of no known vendor stays with the first configured provider.
  ['auto', 'llama3.2', ['openai'], [], 'openai', 'llama3.2'],
  // An explicit setting is used as it is, whatever the keys and the model.
  ['openrouter', 'claude-3-5-haiku', ['anthropic'], [], 'openrouter', 'anthropic/claude-3-5-haiku'],
  ['openai', 'claude-3-5-haiku', ['openrouter'], [], 'openai', 'claude-3-5-haiku'],
  ['openaiCompatible', '', [], ['copilot/gpt-4o'], 'openaiCompatible', 'llama3.2'],
];

for (const [setting, model, keys, lm, provider, sent] of table) {
  test(`${setting} with model "${model}", keys [${keys.join(', ')}]${lm.length ? ', VS Code models' : ''} → ${provider} ${sent}`, () => {
    const resolved = resolveProvider(setting, model, facts(keys, lm));
    assert.equal(resolved.provider, provider);
    assert.equal(resolveModelId(resolved.provider, model), sent);
  });
}

test('the explanation names the provider and why, as the tooltip and the CLI show it', () => {
  assert.equal(describeResolution(resolveProvider('auto', '', facts(['openrouter']))), 'OpenRouter (auto: OpenRouter has a stored API key)');
  assert.equal(describeResolution(resolveProvider('auto', '', facts(['anthropic']))), 'Anthropic (auto: Anthropic has a stored API key; OpenRouter has none)');
  assert.equal(describeResolution(resolveProvider('auto', '', facts(['openai'], [], 'environment')), 'environment'), 'OpenAI (auto: OPENAI_API_KEY is set; OpenRouter has none)');
  assert.match(describeResolution(resolveProvider('auto', '', facts([], ['copilot/gpt-4o']))), /^VS Code language models \(auto: no API key is set; VS Code offers language models\)$/);
  assert.match(describeResolution(resolveProvider('auto', '', facts([]))), /^OpenRouter \(auto: no provider is configured yet; set an OpenRouter key/);
  assert.match(describeResolution(resolveProvider('auto', 'claude-3-5-haiku', facts(['openai', 'anthropic']))), /^Anthropic \(auto: claude-3-5-haiku is an Anthropic model; Anthropic has a stored API key and OpenRouter has none\)$/);
  assert.match(describeResolution(resolveProvider('auto', 'gpt-4o', facts(['anthropic']))), /gpt-4o is an OpenAI model and no OpenRouter key is set; it needs an OpenAI key/);
  assert.equal(describeResolution(resolveProvider('openai', '', facts([]))), 'OpenAI (set in docsmith.provider)');
});

test('model vendors: slash ids, openrouter/ prefixes and bare families; unknown bare names have none', () => {
  assert.equal(modelVendor('Anthropic/claude-3-opus'), 'anthropic');
  assert.equal(modelVendor('openrouter/google/gemini-2.5-pro'), 'google');
  assert.equal(modelVendor('chatgpt-4o-latest'), 'openai');
  assert.equal(modelVendor('openrouter/auto'), undefined);
  assert.equal(modelVendor('llama3.2'), undefined);
  assert.equal(modelVendor(''), undefined);
});
