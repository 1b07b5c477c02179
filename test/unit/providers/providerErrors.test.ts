import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { errorFromResponse, parseRetryAfterMs, reasonFor, toProviderError } from '../../../src/core/providers/providerErrors';
import { ProviderError } from '../../../src/core/providers/types';

const ctx = { provider: 'openrouter' as const, model: 'a/b' };

describe('parseRetryAfterMs', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  it('prefers retry-after-ms, then seconds, then an HTTP-date', () => {
    assert.equal(parseRetryAfterMs(new Headers({ 'retry-after-ms': '250', 'retry-after': '9' }), now), 250);
    assert.equal(parseRetryAfterMs(new Headers({ 'retry-after': '1.5' }), now), 1500);
    assert.equal(parseRetryAfterMs(new Headers({ 'retry-after': 'Thu, 01 Jan 2026 00:00:30 GMT' }), now), 30_000);
  });
  it('past dates and negatives mean "now"; garbage means no hint', () => {
    assert.equal(parseRetryAfterMs(new Headers({ 'retry-after': 'Wed, 31 Dec 2025 23:59:00 GMT' }), now), 0);
    assert.equal(parseRetryAfterMs(new Headers({ 'retry-after': '-3' }), now), 0);
    assert.equal(parseRetryAfterMs(new Headers({ 'retry-after': 'soon' }), now), undefined);
    assert.equal(parseRetryAfterMs(new Headers(), now), undefined);
  });
  it('reads plain header records case-insensitively', () => {
    assert.equal(parseRetryAfterMs({ 'Retry-After': '2' }, now), 2000);
  });
});

describe('reasonFor', () => {
  it('maps statuses', () => {
    const table: Array<[number, string]> = [
      [400, 'badRequest'], [401, 'unauthorized'], [402, 'insufficientCredits'], [403, 'badRequest'], [404, 'modelNotFound'],
      [408, 'timeout'], [413, 'badRequest'], [429, 'rateLimited'], [500, 'serverError'], [502, 'serverError'],
      [503, 'serverError'], [504, 'timeout'], [524, 'timeout'], [529, 'serverError'],
    ];
    for (const [status, reason] of table) assert.equal(reasonFor(status, undefined), reason, String(status));
  });
  it('uses typed codes, never message text', () => {
    assert.equal(reasonFor(429, { error: { type: 'insufficient_quota', message: 'x' } }), 'quotaExhausted');
    assert.equal(reasonFor(429, { error: { message: 'You exceeded your current quota' } }), 'rateLimited');
    assert.equal(reasonFor(403, { type: 'error', error: { type: 'permission_error' } }), 'unauthorized');
    assert.equal(reasonFor(400, { error: { availability: { code: 'model_not_found' } } }), 'modelNotFound');
    assert.equal(reasonFor(undefined, { code: 'server_error', metadata: { error_type: 'timeout' } }), 'timeout');
    assert.equal(reasonFor(undefined, { code: 'server_error' }), 'serverError');
  });
});

describe('errorFromResponse / toProviderError', () => {
  it('reads the status from a mid-stream error code given as a string', () => {
    const err = errorFromResponse(ctx, undefined, new Headers(), { error: { code: '429', message: 'slow' } });
    assert.equal(err.reason, 'rateLimited');
    assert.equal(err.details.status, 429);
  });
  it('x-should-retry overrides the default retryability', () => {
    assert.equal(errorFromResponse(ctx, 500, new Headers({ 'x-should-retry': 'false' }), {}).retryable, false);
    assert.equal(errorFromResponse(ctx, 409, new Headers({ 'x-should-retry': 'true' }), {}).retryable, true);
  });
  it('redacts keys echoed in server messages', () => {
    const err = errorFromResponse(ctx, 401, new Headers(), { error: { message: 'Incorrect API key provided: sk-proj-ABCDEFGH12345678' } });
    assert.ok(!err.message.includes('sk-proj-ABCDEFGH12345678'));
    assert.ok(!String(err.details.detail).includes('sk-proj-ABCDEFGH12345678'));
  });
  it('maps SDK classes and Node errors', () => {
    assert.equal(toProviderError(new OpenAI.APIUserAbortError(), ctx).reason, 'cancelled');
    assert.equal(toProviderError(new OpenAI.APIConnectionTimeoutError(), ctx).reason, 'timeout');
    assert.equal(toProviderError(new OpenAI.APIConnectionError({ message: 'x' }), ctx).reason, 'network');
    assert.equal(toProviderError(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }), ctx).reason, 'network');
    assert.equal(toProviderError(new TypeError('terminated'), ctx).reason, 'network');
    assert.equal(toProviderError(new SyntaxError('Unexpected token'), ctx).reason, 'badResponse');
    const aborted = new AbortController();
    aborted.abort();
    assert.equal(toProviderError(new Error('whatever'), { ...ctx, signal: aborted.signal }).reason, 'cancelled');
    const same = new ProviderError('unauthorized', 'x');
    assert.equal(toProviderError(same, ctx), same);
  });
});

describe('OpenRouter\'s 400 for an unknown model id', () => {
  const body = (message: string, extra: Record<string, unknown> = {}) => ({ error: { code: 400, message, ...extra }, user_id: 'u' });
  const unknown = { provider: 'openrouter' as const, model: 'nope/nothing' };
  it('is "model not found" when the whole message names the model sent', () => {
    const error = errorFromResponse(unknown, 400, {}, body('nope/nothing is not a valid model ID'));
    assert.equal(error.reason, 'modelNotFound');
    assert.equal(error.details.detail, 'nope/nothing is not a valid model ID');
  });
  it('stays a bad request for any other text, model, status, provider or a typed code', () => {
    assert.equal(errorFromResponse(unknown, 400, {}, body('other/model is not a valid model ID')).reason, 'badRequest');
    assert.equal(errorFromResponse(unknown, 400, {}, body('nope/nothing is not a valid model ID for tools, try x')).reason, 'badRequest');
    assert.equal(errorFromResponse(unknown, 400, {}, body('nope/nothing is not a valid model ID', { metadata: { error_type: 'invalid_prompt' } })).reason, 'badRequest');
    assert.equal(errorFromResponse({ provider: 'openai', model: 'nope/nothing' }, 400, {}, body('nope/nothing is not a valid model ID')).reason, 'badRequest');
    assert.equal(errorFromResponse(unknown, 422, {}, body('nope/nothing is not a valid model ID')).reason, 'badRequest');
  });
});
