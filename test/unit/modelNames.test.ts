import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { normaliseModelId, resolveModelId, shortModelName, splitVariant } from '../../src/core/modelNames';

describe('normaliseModelId', () => {
  const openRouter: Array<[string, string]> = [
    ['openrouter/anthropic/claude-3-opus', 'anthropic/claude-3-opus'],
    ['  anthropic/claude-3-opus  ', 'anthropic/claude-3-opus'],
    ['gpt-4o', 'openai/gpt-4o'],
    ['o3-mini', 'openai/o3-mini'],
    ['o3', 'openai/o3'],
    ['claude-3.5-sonnet', 'anthropic/claude-3.5-sonnet'],
    ['gemini-2.5-pro', 'google/gemini-2.5-pro'],
    ['meta-llama/llama-3.3-70b-instruct:free', 'meta-llama/llama-3.3-70b-instruct:free'],
    ['gpt-4o:nitro', 'openai/gpt-4o:nitro'],
    ['openai/gpt-4o:floor', 'openai/gpt-4o:floor'],
    ['openai/gpt-4o:online', 'openai/gpt-4o:online'],
    ['deepseek/deepseek-r1:thinking', 'deepseek/deepseek-r1:thinking'],
    ['openrouter/auto', 'openrouter/auto'],
    ['OpenAI/gpt-4o', 'openai/gpt-4o'],
    ['some-unknown-model', 'some-unknown-model'],
  ];
  for (const [raw, expected] of openRouter) {
    it(`OpenRouter: ${JSON.stringify(raw)} → ${expected}`, () => {
      assert.equal(normaliseModelId('openrouter', raw), expected);
    });
  }

  it('drops a redundant vendor prefix for direct providers, and only trims others', () => {
    assert.equal(normaliseModelId('openai', 'openai/gpt-4o'), 'gpt-4o');
    assert.equal(normaliseModelId('openai', ' gpt-4o '), 'gpt-4o');
    assert.equal(normaliseModelId('anthropic', 'anthropic/claude-haiku-4-5'), 'claude-haiku-4-5');
    assert.equal(normaliseModelId('openaiCompatible', ' llama3.2:latest '), 'llama3.2:latest');
    assert.equal(normaliseModelId('openaiCompatible', 'gpt-4o'), 'gpt-4o', 'no vendor added outside OpenRouter');
  });
});

describe('model name helpers', () => {
  it('shortModelName keeps the variant and drops the vendor', () => {
    assert.equal(shortModelName('openai/gpt-oss-20b:free'), 'gpt-oss-20b:free');
    assert.equal(shortModelName('gpt-4o'), 'gpt-4o');
    assert.equal(shortModelName('copilot/gpt-4o'), 'gpt-4o');
  });

  it('splitVariant separates the suffix only after the slug', () => {
    assert.deepEqual(splitVariant('openai/gpt-oss-20b:free'), { base: 'openai/gpt-oss-20b', variant: 'free' });
    assert.deepEqual(splitVariant('openai/gpt-4o'), { base: 'openai/gpt-4o' });
  });

  it('defaults: OpenRouter starts on a free model; an empty setting resolves to the default', () => {
    assert.equal(resolveModelId('openrouter', ''), 'openai/gpt-oss-20b:free');
    assert.equal(resolveModelId('openrouter', '   '), 'openai/gpt-oss-20b:free');
    assert.equal(resolveModelId('openrouter', 'gpt-4o'), 'openai/gpt-4o');
    assert.equal(resolveModelId('anthropic', undefined), 'claude-haiku-4-5');
  });
});
