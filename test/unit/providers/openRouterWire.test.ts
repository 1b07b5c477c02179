import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createOpenRouterProvider } from '../../../src/core/providers/openRouterProvider';
import { CANARY_KEYS, chatRequest, testContext, failure, withFakeLlm } from './providerTestContext';

const fake = withFakeLlm();
const provider = () => createOpenRouterProvider(testContext(fake.openRouterBaseUrl));

describe('OpenRouter provider against the fake server: answers and requests', () => {
  it('assembles streamed text, reads usage (cached, cache-write, reasoning), cost, generation id and served model', async () => {
    fake.enqueue({
      kind: 'stream',
      text: 'Hello, documented world! This is a longer answer.',
      usage: { promptTokens: 120, completionTokens: 40, cachedTokens: 30, cacheWriteTokens: 10, reasoningTokens: 12 },
      cost: 0.00042,
      model: 'openai/gpt-oss-20b',
      generationId: 'gen-abc-1',
    });
    const tokens: string[] = [];
    const result = await provider().chat(chatRequest({ onToken: (t) => tokens.push(t) }));
    assert.equal(result.text, 'Hello, documented world! This is a longer answer.');
    assert.equal(tokens.join(''), result.text);
    assert.ok(tokens.length > 1, 'text arrives in several deltas');
    assert.deepEqual(result.usage, { promptTokens: 120, completionTokens: 40, cachedTokens: 30, cacheWriteTokens: 10, reasoningTokens: 12 });
    assert.equal(result.reportedCostUsd, 0.00042);
    assert.equal(result.generationId, 'gen-abc-1');
    assert.equal(result.servedModel, 'openai/gpt-oss-20b');
    assert.equal(result.finishReason, 'stop');
    assert.ok(result.latencyMs >= 0);
  });

  it('adds upstream_inference_cost only for BYOK keys', async () => {
    fake.enqueue(
      { kind: 'stream', text: 'byok', cost: 0.0001, isByok: true, upstreamCost: 0.002 },
      { kind: 'stream', text: 'not byok', cost: 0.0001, isByok: false, upstreamCost: 0.002 },
    );
    const byok = await provider().chat(chatRequest());
    assert.ok(Math.abs((byok.reportedCostUsd ?? 0) - 0.0021) < 1e-12, `byok cost ${byok.reportedCostUsd}`);
    const regular = await provider().chat(chatRequest());
    assert.equal(regular.reportedCostUsd, 0.0001);
  });

  it('ignores keep-alive comments before and between chunks', async () => {
    fake.enqueue({ kind: 'stream', text: 'abcdefghijklmnopqrstuvwxyz', keepAlive: true, chunkChars: 3, tokenDelayMs: 2 });
    const result = await provider().chat(chatRequest());
    assert.equal(result.text, 'abcdefghijklmnopqrstuvwxyz');
  });

  it('sends the key, attribution headers, max_tokens, temperature, usage flags and no model fallbacks', async () => {
    await provider().chat(chatRequest({ jsonSchema: { name: 'page', schema: { type: 'object', properties: { title: { type: 'string' } } } } }));
    const [sent] = fake.chatRequests;
    assert.equal(sent.path, '/api/v1/chat/completions');
    assert.equal(sent.headers.authorization, `Bearer ${CANARY_KEYS.openrouter}`);
    assert.equal(sent.headers['http-referer'], 'https://github.com/docsmith/docsmith');
    assert.equal(sent.headers['x-title'], 'Docsmith');
    assert.equal(sent.headers['x-openrouter-title'], 'Docsmith');
    assert.equal(sent.headers['openai-organization'], undefined);
    assert.equal(sent.headers['openai-project'], undefined);
    const body = sent.body as Record<string, unknown>;
    assert.equal(body.model, 'openai/gpt-oss-20b:free');
    assert.equal(body.max_tokens, 321);
    assert.equal(body.temperature, 0.1);
    assert.equal(body.stream, true);
    assert.deepEqual(body.stream_options, { include_usage: true });
    assert.deepEqual(body.usage, { include: true });
    assert.equal(body.models, undefined, 'never sends fallback models');
    assert.equal(body.route, undefined);
    assert.deepEqual((body.response_format as { type: string }).type, 'json_schema');
    assert.deepEqual(body.provider, { require_parameters: true }, 'a schema is only routed to endpoints that honour it');
    assert.deepEqual(body.messages, chatRequest().messages);
  });

  it('sends no provider routing preferences when no schema is asked for', async () => {
    await provider().chat(chatRequest());
    const body = fake.chatRequests[0].body as Record<string, unknown>;
    assert.equal(body.provider, undefined);
    assert.equal(body.response_format, undefined);
  });

  it('a missing key fails with missingKey before any request', async () => {
    const p = createOpenRouterProvider(testContext(fake.openRouterBaseUrl, { keys: { openrouter: undefined } }));
    const err = await failure(p.chat(chatRequest()));
    assert.equal(err.reason, 'missingKey');
    assert.equal(fake.requests.length, 0);
  });
});

describe('OpenRouter provider against the fake server: error chunks and bodies that are no answer', () => {
  it('a mid-stream error chunk (numeric code) becomes a typed error carrying the billed partial', async () => {
    fake.enqueue({
      kind: 'stream',
      text: 'partial answer that will be cut',
      chunkChars: 5,
      generationId: 'gen-mid-1',
      interrupt: { kind: 'errorChunk', afterChunks: 2, code: 429, errorType: 'rate_limit_exceeded', message: 'Rate limit exceeded' },
    });
    const tokens: string[] = [];
    const err = await failure(provider().chat(chatRequest({ onToken: (t) => tokens.push(t) })));
    assert.equal(err.reason, 'rateLimited');
    assert.equal(err.details.status, 429);
    assert.equal(err.details.partial?.generationId, 'gen-mid-1');
    assert.equal(err.details.partial?.text, 'partial an');
    assert.equal(tokens.join(''), 'partial an');
  });

  it('a mid-stream error chunk with a string code and [DONE] maps by error_type', async () => {
    fake.enqueue({
      kind: 'stream',
      text: 'some text here',
      interrupt: { kind: 'errorChunk', afterChunks: 1, code: 'server_error', errorType: 'provider_unavailable', done: true },
    });
    const err = await failure(provider().chat(chatRequest()));
    assert.equal(err.reason, 'serverError');
    assert.equal(err.retryable, true);
  });

  it('choices[0].error with finish_reason "error" is an error, not a success', async () => {
    fake.enqueue({ kind: 'stream', text: 'abc def ghi', interrupt: { kind: 'choiceError', afterChunks: 1, code: 502 } });
    const err = await failure(provider().chat(chatRequest()));
    assert.equal(err.reason, 'serverError');
    assert.ok(err.details.partial, 'partial is kept');
  });

  it('a stream that ends without finish_reason or [DONE] is a retryable network failure, not a short answer', async () => {
    fake.enqueue({ kind: 'stream', text: 'truncated answer text', chunkChars: 4, interrupt: { kind: 'end', afterChunks: 2 } });
    const err = await failure(provider().chat(chatRequest()));
    assert.equal(err.reason, 'network');
    assert.equal(err.retryable, true);
    assert.equal(err.details.partial?.text, 'trun' + 'cate');
  });

  it('a complete stream without [DONE] still succeeds (finish_reason arrived)', async () => {
    fake.enqueue({ kind: 'stream', text: 'complete', omitDone: true });
    const result = await provider().chat(chatRequest());
    assert.equal(result.text, 'complete');
    assert.equal(result.finishReason, 'stop');
  });

  it('a leading chunk with empty choices and no usage is not mistaken for the end', async () => {
    fake.enqueue({ kind: 'stream', text: 'after debug chunk', leadingEmptyChoices: true, cost: 0.001 });
    const result = await provider().chat(chatRequest());
    assert.equal(result.text, 'after debug chunk');
    assert.equal(result.reportedCostUsd, 0.001);
  });

  it('a whole JSON completion answering a streaming request is read as the answer, with its usage and cost', async () => {
    fake.enqueue({
      kind: 'json',
      body: { id: 'gen-json-1', model: 'openai/gpt-oss-20b', choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: 'hi' } }], usage: { prompt_tokens: 7, completion_tokens: 1, cost: 0.002 } },
    });
    const tokens: string[] = [];
    const result = await provider().chat(chatRequest({ onToken: (t) => tokens.push(t) }));
    assert.equal(result.text, 'hi');
    assert.deepEqual(tokens, ['hi']);
    assert.equal(result.generationId, 'gen-json-1');
    assert.equal(result.usage?.promptTokens, 7);
    assert.equal(result.reportedCostUsd, 0.002);
  });

  it('a JSON body with no choices is a retryable badResponse that keeps its id for billing', async () => {
    fake.enqueue({ kind: 'json', body: { id: 'gen-empty-1', object: 'chat.completion', created: 0, model: 'x', choices: [] } });
    const err = await failure(provider().chat(chatRequest()));
    assert.equal(err.reason, 'badResponse');
    assert.equal(err.retryable, true);
    assert.equal(err.details.partial?.generationId, 'gen-empty-1');
  });

  it('a JSON body that is no completion at all is a badResponse that a retry cannot cure', async () => {
    fake.enqueue({ kind: 'json', body: { hello: 'world' } });
    const err = await failure(provider().chat(chatRequest()));
    assert.equal(err.reason, 'badResponse');
    assert.equal(err.retryable, false);
  });

  it('a malformed JSON chunk is a retryable badResponse carrying what was billed', async () => {
    fake.enqueue({ kind: 'stream', text: 'abcdef', chunkChars: 3, generationId: 'gen-broken-1', interrupt: { kind: 'malformed', afterChunks: 1 } });
    const err = await failure(provider().chat(chatRequest()));
    assert.equal(err.reason, 'badResponse');
    assert.equal(err.retryable, true, 'a broken stream is transient, like a reset');
    assert.equal(err.details.partial?.generationId, 'gen-broken-1');
    assert.equal(err.details.partial?.text, 'abc');
  });
});

describe('OpenRouter provider against the fake server: resets, cancellation and the watchdog', () => {
  it('a connection reset before headers is a network error without partial', async () => {
    fake.enqueue({ kind: 'reset' });
    const err = await failure(provider().chat(chatRequest()));
    assert.equal(err.reason, 'network');
    assert.equal(err.details.partial, undefined);
  });

  it('a connection reset mid-stream is a network error with the partial text', async () => {
    fake.enqueue({ kind: 'stream', text: 'abcdefghijkl', chunkChars: 3, interrupt: { kind: 'reset', afterChunks: 2 } });
    const err = await failure(provider().chat(chatRequest()));
    assert.equal(err.reason, 'network');
    assert.equal(err.details.partial?.text, 'abcdef');
  });

  it('cancelling mid-stream closes the connection and no further tokens arrive', async () => {
    fake.enqueue({ kind: 'stream', text: 'x'.repeat(400), chunkChars: 4, tokenDelayMs: 10 });
    const controller = new AbortController();
    const tokens: string[] = [];
    const pending = provider().chat(
      chatRequest({
        signal: controller.signal,
        onToken: (t) => {
          tokens.push(t);
          if (tokens.length === 3) controller.abort();
        },
      }),
    );
    const err = await failure(pending);
    assert.equal(err.reason, 'cancelled');
    await fake.waitFor((reqs) => reqs[0]?.clientClosedEarly === true);
    const sentAtClose = fake.chatRequests[0].chunksSent;
    assert.ok(sentAtClose < 100, `server stopped early (${sentAtClose} of 100 chunks)`);
    await new Promise((r) => setTimeout(r, 60));
    assert.equal(fake.chatRequests[0].chunksSent, sentAtClose, 'no chunk written after the close');
    assert.equal(tokens.length, 3, 'no token delivered after cancel');
    assert.equal(err.details.partial?.text, 'xxxxxxxxxxxx');
  });

  it('the idle watchdog aborts a stalled stream with a timeout', async () => {
    fake.enqueue({ kind: 'stream', text: 'stall after this', chunkChars: 5, keepAlive: false, interrupt: { kind: 'stall', afterChunks: 1 } });
    const p = createOpenRouterProvider(testContext(fake.openRouterBaseUrl, { idleTimeoutMs: 150 }));
    const started = Date.now();
    const err = await failure(p.chat(chatRequest()));
    assert.equal(err.reason, 'timeout');
    assert.ok(Date.now() - started < 1500, 'fired promptly');
    assert.equal(err.details.partial?.text, 'stall');
    await fake.waitFor((reqs) => reqs[0]?.clientClosedEarly === true);
  });

  it('a slow but steady stream is not cut by the watchdog', async () => {
    fake.enqueue({ kind: 'stream', text: 'slow but alive', chunkChars: 7, tokenDelayMs: 100 });
    const p = createOpenRouterProvider(testContext(fake.openRouterBaseUrl, { idleTimeoutMs: 400 }));
    const result = await p.chat(chatRequest());
    assert.equal(result.text, 'slow but alive');
  });

  it('keep-alive comments during a long silence keep the stream alive; the same silence without them times out', async () => {
    const p = createOpenRouterProvider(testContext(fake.openRouterBaseUrl, { idleTimeoutMs: 200 }));
    fake.enqueue({ kind: 'stream', text: 'before and after', chunkChars: 6, quietPause: { afterChunks: 1, ms: 600, pingEveryMs: 50 } });
    const result = await p.chat(chatRequest());
    assert.equal(result.text, 'before and after');
    fake.enqueue({ kind: 'stream', text: 'before and after', chunkChars: 6, quietPause: { afterChunks: 1, ms: 600 } });
    const err = await failure(p.chat(chatRequest()));
    assert.equal(err.reason, 'timeout');
    assert.equal(err.details.partial?.text, 'before');
  });

  it('a slow first byte beyond the request timeout is a timeout', async () => {
    fake.enqueue({ kind: 'stream', text: 'late', firstByteDelayMs: 500 });
    const p = createOpenRouterProvider(testContext(fake.openRouterBaseUrl, { requestTimeoutMs: 100 }));
    const err = await failure(p.chat(chatRequest()));
    assert.equal(err.reason, 'timeout');
  });
});

describe('OpenRouter provider against the fake server: the model list, generations and the key', () => {
  it('lists the fake catalog (300+ models) through the catalog parser, with the key if there is one', async () => {
    const models = await provider().listModels();
    assert.ok(models.length >= 300, `got ${models.length}`);
    const free = models.find((m) => m.id === 'openai/gpt-oss-20b:free');
    assert.ok(free?.isFree);
    assert.equal(fake.requests[0].path, '/api/v1/models');
    assert.equal(fake.requests[0].headers.authorization, `Bearer ${CANARY_KEYS.openrouter}`);
  });

  it('lists models without a key too', async () => {
    const p = createOpenRouterProvider(testContext(fake.openRouterBaseUrl, { keys: { openrouter: undefined } }));
    const models = await p.listModels();
    assert.ok(models.length >= 300);
    assert.equal(fake.requests[0].headers.authorization, undefined);
  });

  it('getGeneration answers undefined while OpenRouter has no record, then the cost', async () => {
    fake.enqueue({ kind: 'stream', text: 'costly', cost: 0.0123, generationId: 'gen-lookup-1', usage: { promptTokens: 10, completionTokens: 2 } });
    await provider().chat(chatRequest());
    assert.equal(await provider().getGeneration('gen-lookup-1'), undefined);
    const generation = await provider().getGeneration('gen-lookup-1');
    assert.equal(generation?.totalCostUsd, 0.0123);
    assert.equal(generation?.tokensPrompt, 10);
    assert.equal(generation?.isByok, false);
    const lookup = fake.requests.filter((r) => r.path === '/api/v1/generation');
    assert.equal(lookup[0].query.id, 'gen-lookup-1');
    assert.equal(lookup[0].headers.authorization, `Bearer ${CANARY_KEYS.openrouter}`);
  });

  it('getKeyInfo reads the limit and usage of the key', async () => {
    const info = await provider().getKeyInfo();
    assert.equal(info.limitUsd, 10);
    assert.equal(info.limitRemainingUsd, 7.5);
    assert.equal(info.usageUsd, 2.5);
    assert.equal(info.isFreeTier, false);
  });

  it('never writes the key into its log', async () => {
    const ctx = testContext(fake.openRouterBaseUrl);
    fake.enqueue({ kind: 'error', status: 401 });
    await createOpenRouterProvider(ctx).chat(chatRequest()).catch(() => undefined);
    await createOpenRouterProvider(ctx).chat(chatRequest());
    assert.ok(ctx.log.lines.length > 0);
    assert.ok(ctx.log.lines.every((line) => !line.includes(CANARY_KEYS.openrouter)));
  });
});
