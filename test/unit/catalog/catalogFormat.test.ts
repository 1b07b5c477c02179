import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatContext, formatPricePerMillion, vendorLabel } from '../../../src/core/catalog/catalogFormat';
import { parseOpenRouterModels } from '../../../src/core/providers/openRouterModels';
import { buildOpenRouterModelsPayload } from '../../fixtures/catalog/openRouterModelsPayload';

test('price per million as the quick pick shows it', () => {
  assert.equal(formatPricePerMillion({ pricing: { prompt: 0.00000015, completion: 0.0000006 }, isFree: false }), '$0.15 / $0.60 per 1M');
  assert.equal(formatPricePerMillion({ pricing: { prompt: 0.0000025, completion: 0.00001 }, isFree: false }), '$2.50 / $10.00 per 1M');
  assert.equal(formatPricePerMillion({ pricing: { prompt: 0.000000075, completion: 0.0000003 }, isFree: false }), '$0.075 / $0.30 per 1M');
  assert.equal(formatPricePerMillion({ pricing: { prompt: 0, completion: 0 }, isFree: true }), 'free');
  assert.equal(formatPricePerMillion({ pricing: {}, isFree: false }), 'price unknown');
});

test('every fixture model formats without float noise or negative prices', () => {
  for (const model of parseOpenRouterModels(buildOpenRouterModelsPayload())) {
    const text = formatPricePerMillion(model);
    assert.match(text, /^(free|price unknown|\$\d+\.\d{2,6} \/ \$\d+\.\d{2,6} per 1M)$/, `${model.id}: ${text}`);
  }
});

test('context sizes', () => {
  assert.equal(formatContext(128000), '128K');
  assert.equal(formatContext(131072), '131K');
  assert.equal(formatContext(8192), '8K');
  assert.equal(formatContext(1048576), '1.05M');
  assert.equal(formatContext(2000000), '2M');
  assert.equal(formatContext(512), '512');
  assert.equal(formatContext(undefined), '?');
});

test('vendor labels', () => {
  assert.equal(vendorLabel('meta-llama'), 'Meta');
  assert.equal(vendorLabel('x-ai'), 'xAI');
  assert.equal(vendorLabel('arcee-ai'), 'Arcee Ai');
});
