import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ModelInfo } from '../../../src/core/providers/types';
import { formatModelPrice, formatPerMillion, modelShortName, modelStatus } from '../../../src/vscode/ui/modelStatusText';

const mini: ModelInfo = {
  id: 'openai/gpt-4o-mini', name: 'OpenAI: GPT-4o-mini', vendor: 'openai', contextLength: 128_000,
  pricing: { prompt: 0.00000015, completion: 0.0000006 }, isFree: false, supportedParameters: [],
};

test('short name drops the vendor but keeps suffixes', () => {
  assert.equal(modelShortName('openai/gpt-oss-20b:free'), 'gpt-oss-20b:free');
  assert.equal(modelShortName('llama3.1:8b'), 'llama3.1:8b');
});

test('prices are shown per million tokens', () => {
  assert.equal(formatPerMillion(0.00000015), '$0.15');
  assert.equal(formatPerMillion(0.000015), '$15');
  assert.equal(formatPerMillion(0.0000000375), '$0.0375');
  assert.equal(formatPerMillion(undefined), '?');
  assert.equal(formatPerMillion(-1), '?');
  assert.equal(formatModelPrice(mini), '$0.15 / $0.6 per 1M');
  assert.equal(formatModelPrice({ ...mini, isFree: true }), 'free');
});

test('status item text and tooltip name the provider, full id, price and context', () => {
  const s = modelStatus('openrouter', 'openai/gpt-4o-mini', mini);
  assert.equal(s.text, '$(sparkle) gpt-4o-mini');
  assert.match(s.tooltip, /OpenRouter/);
  assert.match(s.tooltip, /`openai\/gpt-4o-mini`/);
  assert.match(s.tooltip, /\$0\.15 in \/ \$0\.6 out/);
  assert.match(s.tooltip, /128K tokens/);
  assert.match(s.accessibilityLabel, /openai\/gpt-4o-mini/);
});

test('an empty model id means the provider default, and a price that is not loaded is not invented', () => {
  const s = modelStatus('anthropic', '');
  assert.equal(s.text, '$(sparkle) default model');
  assert.match(s.tooltip, /unknown until the model list loads/);
  assert.match(modelStatus('vscodeLm', 'copilot/gpt-4o').tooltip, /included in your subscription/);
});
