/** OpenAI direct and OpenAI-compatible servers against the fake (OpenAI flavour of the wire). */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createOpenAiProvider } from '../../../src/core/providers/openAiProvider';
import { createOpenAiCompatibleProvider } from '../../../src/core/providers/openAiCompatibleProvider';
import { NO_KEY_PLACEHOLDER } from '../../../src/core/providers/providerKeys';
import { ProviderError } from '../../../src/core/providers/types';
import { CANARY_KEYS, chatRequest, testContext, withFakeLlm } from './providerTestContext';

const MODEL = 'gpt-4o-mini';

describe('OpenAI provider against the fake server', () => {
  const fake = withFakeLlm();

  it('streams text and reads usage from the include_usage chunk, with no cost', async () => {
    fake.enqueue({ kind: 'stream', text: 'OpenAI answer', usage: { promptTokens: 9, completionTokens: 12, cachedTokens: 4, reasoningTokens: 3 } });
    const result = await createOpenAiProvider(testContext(fake.openAiBaseUrl)).chat(chatRequest({ model: MODEL }));
    assert.equal(result.text, 'OpenAI answer');
    assert.deepEqual(result.usage, { promptTokens: 9, completionTokens: 12, cachedTokens: 4, cacheWriteTokens: 0, reasoningTokens: 3 });
    assert.equal(result.reportedCostUsd, undefined);
    assert.ok(result.generationId?.startsWith('gen-fake'), 'chunk id kept as the generation id');
  });

  it('sends Bearer key, max_completion_tokens, include_usage and temperature; no org/project headers', async () => {
    await createOpenAiProvider(testContext(fake.openAiBaseUrl)).chat(chatRequest({ model: MODEL }));
    const [sent] = fake.chatRequests;
    assert.equal(sent.path, '/v1/chat/completions');
    assert.equal(sent.headers.authorization, `Bearer ${CANARY_KEYS.openai}`);
    assert.equal(sent.headers['openai-organization'], undefined);
    const body = sent.body as Record<string, unknown>;
    assert.equal(body.max_completion_tokens, 321);
    assert.equal(body.max_tokens, undefined);
    assert.deepEqual(body.stream_options, { include_usage: true });
    assert.equal(body.temperature, 0.1);
    assert.equal(body.usage, undefined, 'OpenRouter-only fields are not sent to OpenAI');
  });

  it('leaves temperature out for reasoning models', async () => {
    await createOpenAiProvider(testContext(fake.openAiBaseUrl)).chat(chatRequest({ model: 'o3-mini' }));
    assert.equal((fake.chatRequests[0].body as Record<string, unknown>).temperature, undefined);
  });

  it('lists chat models from /v1/models', async () => {
    const models = await createOpenAiProvider(testContext(fake.openAiBaseUrl)).listModels();
    const ids = models.map((m) => m.id);
    assert.ok(ids.includes('gpt-4o-mini'));
    assert.ok(!ids.includes('text-embedding-3-small'), 'embedding models are not offered for chat');
    assert.equal(fake.requests[0].path, '/v1/models');
    assert.equal(fake.requests[0].headers.authorization, `Bearer ${CANARY_KEYS.openai}`);
  });
});

describe('OpenAI-compatible provider against the fake server', () => {
  const fake = withFakeLlm();

  it('works without a stored key by sending a dummy key', async () => {
    const p = createOpenAiCompatibleProvider(testContext(fake.openAiBaseUrl, { keys: { openaiCompatible: undefined } }));
    fake.enqueue({ kind: 'stream', text: 'local answer' });
    const result = await p.chat(chatRequest({ model: 'llama3.2:latest' }));
    assert.equal(result.text, 'local answer');
    assert.equal(fake.chatRequests[0].headers.authorization, `Bearer ${NO_KEY_PLACEHOLDER}`);
    assert.equal((fake.chatRequests[0].body as Record<string, unknown>).max_tokens, 321);
  });

  it('uses a stored key when there is one', async () => {
    await createOpenAiCompatibleProvider(testContext(fake.openAiBaseUrl)).chat(chatRequest({ model: MODEL }));
    assert.equal(fake.chatRequests[0].headers.authorization, `Bearer ${CANARY_KEYS.openaiCompatible}`);
  });

  it('tolerates servers that send no usage and `:` pings', async () => {
    fake.enqueue({ kind: 'stream', text: 'no usage here at all', usage: null, keepAlive: true, chunkChars: 4 });
    const result = await createOpenAiCompatibleProvider(testContext(fake.openAiBaseUrl)).chat(chatRequest({ model: MODEL }));
    assert.equal(result.text, 'no usage here at all');
    assert.equal(result.usage, undefined);
  });

  it('a wrong base URL gives a clear badRequest when listing, not "model not found"', async () => {
    // A plain web server that has no such endpoint (as a base URL missing `/v1` would hit).
    const server = createServer((_req, res) => {
      res.writeHead(404, { 'content-type': 'text/html' });
      res.end('<html>Not Found</html>');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const p = createOpenAiCompatibleProvider(testContext(`http://127.0.0.1:${port}`));
      await assert.rejects(p.listModels(), (err: unknown) => {
        assert.ok(err instanceof ProviderError);
        assert.equal(err.reason, 'badRequest');
        assert.equal(err.details.status, 404);
        return true;
      });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('lists models from {baseUrl}/models as free when the server is local', async () => {
    const models = await createOpenAiCompatibleProvider(testContext(fake.openAiBaseUrl)).listModels();
    assert.ok(models.length > 0);
    assert.ok(models.every((m) => m.isFree), 'a server on 127.0.0.1 costs nothing');
    assert.equal(fake.requests[0].path, '/v1/models');
  });
});
