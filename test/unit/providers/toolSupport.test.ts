import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { canCallTools, requireToolSupport, suggestToolModel } from '../../../src/core/providers/toolSupport';
import { ProviderError, type ModelInfo } from '../../../src/core/providers/types';
import { createOpenRouterProvider } from '../../../src/core/providers/openRouterProvider';
import { testContext, withFakeLlm } from './providerTestContext';

function model(id: string, supportedParameters: string[], created = 0): ModelInfo {
  return { id, name: id, vendor: id.split('/')[0], pricing: {}, isFree: false, supportedParameters, created };
}

const CATALOG = [
  model('mistralai/old-chat', ['max_tokens', 'temperature']),
  model('mistralai/tools-2024', ['max_tokens', 'tools', 'tool_choice'], 1_700_000_000),
  model('mistralai/tools-2025', ['max_tokens', 'tools'], 1_750_000_000),
  model('openai/gpt-5', ['tools'], 1_760_000_000),
  model('local/unknown', []),
];

describe('tool support from the model list', () => {
  it('is known only when the list names the parameters a model takes', () => {
    assert.equal(canCallTools(CATALOG[0]), false);
    assert.equal(canCallTools(CATALOG[1]), true);
    assert.equal(canCallTools(CATALOG[4]), undefined);
  });

  it('a model that cannot call tools is refused before any request, naming it and the same vendor\'s newest that can', () => {
    assert.throws(
      () => requireToolSupport('openrouter', 'mistralai/old-chat', CATALOG),
      (err: unknown) => err instanceof ProviderError && err.reason === 'toolsUnsupported' && err.details.model === 'mistralai/old-chat' && err.details.suggestedModel === 'mistralai/tools-2025' && !err.retryable,
    );
  });

  it('suggests any vendor\'s newest when the model\'s vendor has none', () => {
    assert.equal(suggestToolModel('x/nothing', CATALOG), 'openai/gpt-5');
  });

  it('lets through models that can, models the list does not know, and lists that do not say', () => {
    assert.doesNotThrow(() => requireToolSupport('openrouter', 'openai/gpt-5', CATALOG));
    assert.doesNotThrow(() => requireToolSupport('openrouter', 'who/knows', CATALOG));
    assert.doesNotThrow(() => requireToolSupport('openaiCompatible', 'local/unknown', CATALOG));
  });
});

describe('tool support against OpenRouter\'s model list from the fake server', () => {
  const fake = withFakeLlm();

  it('refuses a listed model without tools before any chat request and suggests one of its vendor that has them', async () => {
    const catalog = await createOpenRouterProvider(testContext(fake.openRouterBaseUrl)).listModels();
    const without = catalog.find((m) => m.vendor === 'openai' && canCallTools(m) === false)!;
    assert.ok(without, 'the list has an OpenAI model without tools');
    const err = (() => {
      try {
        requireToolSupport('openrouter', without.id, catalog);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    assert.ok(err instanceof ProviderError && err.reason === 'toolsUnsupported');
    const suggested = catalog.find((m) => m.id === err.details.suggestedModel);
    assert.ok(suggested && suggested.vendor === 'openai' && canCallTools(suggested) === true, `suggested ${err.details.suggestedModel}`);
    assert.equal(fake.chatRequests.length, 0);
  });
});
