import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  anthropicNextPageQuery,
  isLocalBaseUrl,
  parseAnthropicModels,
  parseOpenAiCompatibleModels,
  parseOpenAiModels,
} from '../../../src/core/providers/providerModelLists';

test('OpenAI /v1/models keeps chat models, newest first, with prices from the lookup', () => {
  const body = {
    object: 'list',
    data: [
      { id: 'gpt-4o-mini', object: 'model', created: 1721172741, owned_by: 'system' },
      { id: 'text-embedding-3-small', object: 'model', created: 1705948997, owned_by: 'system' },
      { id: 'gpt-4o', object: 'model', created: 1715367049, owned_by: 'system' },
      { id: 'whisper-1', object: 'model', created: 1677532384, owned_by: 'openai-internal' },
      { id: 'o3-mini', object: 'model', created: 1737146383, owned_by: 'system' },
      { id: 'dall-e-3', object: 'model', created: 1698785189, owned_by: 'system' },
    ],
  };
  const models = parseOpenAiModels(body, { pricingFor: (id) => (id === 'gpt-4o-mini' ? { prompt: 1.5e-7, completion: 6e-7 } : undefined) });
  assert.deepEqual(models.map((m) => m.id), ['o3-mini', 'gpt-4o-mini', 'gpt-4o']);
  assert.deepEqual(models[1].pricing, { prompt: 1.5e-7, completion: 6e-7 });
  assert.deepEqual(models[2].pricing, {});
  assert.equal(models[2].vendor, 'openai');
  assert.equal(models[2].isFree, false);
});

test('Anthropic /v1/models reads display name, limits, created time and pagination', () => {
  const body = {
    data: [
      { type: 'model', id: 'claude-sonnet-4-5-20250929', display_name: 'Claude Sonnet 4.5', created_at: '2025-09-29T00:00:00Z', max_input_tokens: 1000000, max_tokens: 64000 },
      { type: 'model', id: 'claude-3-haiku-20240307', display_name: 'Claude Haiku 3', created_at: '2024-03-07T00:00:00Z' },
    ],
    has_more: true,
    first_id: 'claude-sonnet-4-5-20250929',
    last_id: 'claude-3-haiku-20240307',
  };
  const models = parseAnthropicModels(body);
  assert.equal(models.length, 2);
  assert.equal(models[0].name, 'Claude Sonnet 4.5');
  assert.equal(models[0].contextLength, 1000000);
  assert.equal(models[0].maxCompletionTokens, 64000);
  assert.equal(models[0].created, Date.parse('2025-09-29T00:00:00Z') / 1000);
  assert.equal(models[1].contextLength, undefined);
  assert.equal(models[1].vendor, 'anthropic');
  assert.equal(anthropicNextPageQuery(body), 'after_id=claude-3-haiku-20240307&limit=1000');
  assert.equal(anthropicNextPageQuery({ ...body, has_more: false }), undefined);
});

test('compatible servers: ids only, unknown prices unless local', () => {
  const ollama = { object: 'list', data: [{ id: 'llama3.2:latest', object: 'model', created: 1730000000, owned_by: 'library' }, { id: 'qwen2.5-coder:7b', object: 'model', owned_by: 'library' }] };
  const remote = parseOpenAiCompatibleModels(ollama);
  assert.deepEqual(remote.map((m) => m.id), ['llama3.2:latest', 'qwen2.5-coder:7b']);
  assert.deepEqual(remote[0].pricing, {});
  assert.equal(remote[0].isFree, false);
  assert.equal(remote[0].vendor, 'library');
  const local = parseOpenAiCompatibleModels(ollama, { local: true });
  assert.equal(local[0].isFree, true);
  const llamaCpp = { object: 'list', data: [{ id: 'models/qwen.gguf', object: 'model', owned_by: 'llamacpp', meta: { n_ctx_train: 32768 } }] };
  const parsed = parseOpenAiCompatibleModels(llamaCpp);
  assert.equal(parsed[0].contextLength, 32768);
  assert.equal(parsed[0].vendor, 'models');
  assert.deepEqual(parseOpenAiCompatibleModels({ error: 'nope' }), []);
});

test('isLocalBaseUrl recognises loopback only', () => {
  assert.equal(isLocalBaseUrl('http://localhost:11434/v1'), true);
  assert.equal(isLocalBaseUrl('http://127.0.0.1:1234/v1'), true);
  assert.equal(isLocalBaseUrl('http://[::1]:8080/v1'), true);
  assert.equal(isLocalBaseUrl('https://api.groq.com/openai/v1'), false);
  assert.equal(isLocalBaseUrl('not a url'), false);
});
