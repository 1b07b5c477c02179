import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ProviderError } from '../../../../src/core/providers/types';
import { providerErrorText } from '../../../../src/vscode/ui/providerErrorText';

const ctx = { provider: 'openrouter' as const, model: 'x/y' };

test('PRODUCT.md messages and actions, chosen by reason', () => {
  assert.deepEqual(providerErrorText(new ProviderError('missingKey', 'irrelevant'), ctx), { message: 'No API key for OpenRouter', actions: ['setApiKey'] });
  assert.deepEqual(providerErrorText(new ProviderError('unauthorized', 'irrelevant'), ctx), { message: 'OpenRouter rejected the API key', actions: ['setApiKey'] });
  assert.deepEqual(providerErrorText(new ProviderError('insufficientCredits', 'x'), ctx), { message: 'Not enough OpenRouter credits for this request', actions: [] });
  assert.deepEqual(providerErrorText(new ProviderError('modelNotFound', 'x'), ctx), { message: 'Model `x/y` is not available on OpenRouter', actions: ['selectModel'] });
});

test('the figure of a 402 and the wait of a 429 are shown', () => {
  const credits = new ProviderError('insufficientCredits', 'x', { detail: 'this request needs $0.12, 0.05 left' });
  assert.equal(providerErrorText(credits, ctx).message, 'Not enough OpenRouter credits for this request (this request needs $0.12, 0.05 left)');
  const limited = new ProviderError('rateLimited', 'x', { retryAfterMs: 12_300 });
  assert.match(providerErrorText(limited, ctx).message, /^Rate limited by OpenRouter: try again in 13 s$/);
});

test('the provider and model named by the error win over the caller context', () => {
  const e = new ProviderError('modelNotFound', 'x', { provider: 'anthropic', model: 'claude-9' });
  assert.equal(providerErrorText(e, ctx).message, 'Model `claude-9` is not available on Anthropic');
});

test('the message text of an error never decides the wording', () => {
  const e = new ProviderError('serverError', 'No API key for OpenRouter');
  assert.doesNotMatch(providerErrorText(e, ctx).message, /No API key/);
});

test('words go through the translate function', () => {
  const t = (m: string, ...a: Array<string | number>) => `«${m}»${a.join(',')}`;
  assert.equal(providerErrorText(new ProviderError('missingKey', 'x'), ctx, t).message, '«No API key for {0}»OpenRouter');
});
