/**
 * The engine's model caller: the spend cap counts requests in flight; over the real wire, tool rounds
 * are billed, capped and recorded with their phase like any request, and a server that does not
 * answer stops the run's requests while one slow moment does not.
 */
import { describe, it, test } from 'node:test';
import assert from 'node:assert/strict';
import { fakeAgent } from '../../fixtures/fakeLlm/fakeAgent';
import { createOpenRouterProvider } from '../../../src/core/providers/openRouterProvider';
import { ProviderError, type ChatMessage, type ChatResult } from '../../../src/core/providers/types';
import { CostLedger } from '../../../src/core/cost/costLedger';
import { ModelCaller, SpendCapReachedError, type CallResult } from '../../../src/core/docs/modelCalls';
import { testContext, withFakeLlm } from '../providers/providerTestContext';
import { runTool, TOOLS } from '../providers/toolLoop';

test('the spend cap counts requests in flight, so parallel requests cannot overshoot it, and frees their room when they finish', async () => {
  const answers: Array<(result: ChatResult) => void> = [];
  const caller = new ModelCaller({
    provider: 'openrouter',
    model: 'x/y',
    chat: () => new Promise<ChatResult>((resolve) => answers.push(resolve)),
    maxTokens: 4096,
    temperature: 0,
    // $1 / $2 per million: a 1,000-token prompt with 4,096 output tokens may cost $0.009192.
    spendCap: { maxCostUsd: 0.03, pricing: { prompt: 0.000001, completion: 0.000002 } },
    retry: { maxAttempts: 1 },
  });
  const prompt = 'x'.repeat(3000); // counted as 1,000 tokens
  const call = (): Promise<CallResult> => caller.call({ messages: [{ role: 'user', content: prompt }], purpose: { phase: 'file' } });
  const running = [call(), call(), call()];
  await assert.rejects(call(), SpendCapReachedError, 'a fourth worst case does not fit under $0.03 beside three in flight');
  while (answers.length < 3) await new Promise((r) => setImmediate(r));
  answers[0]({ text: 'done', servedModel: 'x/y', latencyMs: 1, reportedCostUsd: 0.001 });
  assert.equal((await running[0]).costUsd, 0.001);
  const fourth = call();
  while (answers.length < 4) await new Promise((r) => setImmediate(r));
  for (const answer of answers.slice(1)) answer({ text: 'done', servedModel: 'x/y', latencyMs: 1, reportedCostUsd: 0.001 });
  await Promise.all([...running.slice(1), fourth]);
  assert.equal(caller.totals.requests, 4);
  assert.equal(caller.totals.costNanos, 4_000_000);
});

describe('model calls', () => {
  const fake = withFakeLlm();

  function caller(options: { ledger?: CostLedger; requestTimeoutMs?: number; maxCostUsd?: number } = {}): ModelCaller {
    const provider = createOpenRouterProvider(testContext(fake.openRouterBaseUrl, { requestTimeoutMs: options.requestTimeoutMs ?? 2000 }));
    return new ModelCaller({
      provider: 'openrouter',
      model: 'openai/gpt-4o-mini',
      chat: (r) => provider.chat(r),
      maxTokens: 200,
      temperature: 0,
      ledger: options.ledger,
      retry: { maxAttempts: 4, baseDelayMs: 5, maxDelayMs: 50 },
      spendCap: options.maxCostUsd !== undefined ? { maxCostUsd: options.maxCostUsd, pricing: { prompt: 1e-6, completion: 2e-6 } } : undefined,
      runId: 'run-tools',
    });
  }

  it('every tool round is a billed request recorded with its phase, and the calls reach the caller', async () => {
    fake.script = fakeAgent();
    const ledger = new CostLedger({ lookupGeneration: async () => undefined, lookupDelaysMs: [1] });
    const calls = caller({ ledger });
    const messages: ChatMessage[] = [{ role: 'user', content: 'How does a request reach the router?' }];
    for (let round = 0; round < 6; round++) {
      const { result } = await calls.call({ messages: [...messages], tools: TOOLS, purpose: { phase: 'guide-exploration' } });
      if (!result.toolCalls) break;
      messages.push({ role: 'assistant', content: result.text, toolCalls: result.toolCalls });
      for (const c of result.toolCalls) messages.push({ role: 'tool', toolCallId: c.id, name: c.name, ...runTool(c.name, c.arguments) });
    }
    await ledger.whenSettled();
    assert.ok(fake.chatRequests.length >= 3, 'several rounds');
    assert.ok(fake.chatRequests.every((r) => Array.isArray((r.body as { tools?: unknown }).tools)), 'the tools went out with every round');
    assert.equal(ledger.records.length, fake.chatRequests.length, 'one record per round');
    assert.ok(ledger.records.every((r) => r.purpose.phase === 'guide-exploration' && r.purpose.runId === 'run-tools'));
    assert.equal(calls.totals.requests, fake.chatRequests.length);
    assert.ok(calls.totals.costNanos > 0, 'the rounds cost what the server reported');
  });

  it('the spend cap counts the tool definitions and earlier calls of a round', async () => {
    const big = Array.from({ length: 40 }, (_, i) => ({ ...TOOLS[0], name: `tool_${i}`, description: 'x'.repeat(2000) }));
    // 40 tools of 2,000 characters are about 27,000 prompt tokens: $0.027 at $1 per million, over a $0.01 cap.
    await assert.rejects(caller({ maxCostUsd: 0.01 }).call({ messages: [{ role: 'user', content: 'hi' }], tools: big, purpose: { phase: 'guide-exploration' } }), SpendCapReachedError);
    assert.equal(fake.chatRequests.length, 0);
  });

  it('one request that gets no answer is retried; the run goes on', async () => {
    fake.enqueue({ kind: 'stream', firstByteDelayMs: 10_000 }, { kind: 'stream', text: 'answered' });
    const calls = caller({ requestTimeoutMs: 300 });
    const { result, attempts } = await calls.call({ messages: [{ role: 'user', content: 'a' }], purpose: { phase: 'file' } });
    assert.equal(result.text, 'answered');
    assert.equal(attempts, 2);
    fake.enqueue({ kind: 'stream', firstByteDelayMs: 10_000 }, { kind: 'stream', text: 'again' });
    assert.equal((await calls.call({ messages: [{ role: 'user', content: 'b' }], purpose: { phase: 'file' } })).result.text, 'again', 'an answer in between resets the count');
  });

  it('two requests in a row without an answer: noAnswer, and later calls fail without being sent', async () => {
    fake.script = () => ({ kind: 'stream', firstByteDelayMs: 10_000 });
    const calls = caller({ requestTimeoutMs: 300 });
    const first = await calls.call({ messages: [{ role: 'user', content: 'a' }], purpose: { phase: 'file' } }).catch((e: unknown) => e);
    assert.ok(first instanceof ProviderError);
    assert.equal(first.reason, 'noAnswer');
    assert.equal(first.retryable, false);
    assert.equal(fake.chatRequests.length, 2);
    const later = await calls.call({ messages: [{ role: 'user', content: 'b' }], purpose: { phase: 'file' } }).catch((e: unknown) => e);
    assert.ok(later instanceof ProviderError && later.reason === 'noAnswer');
    assert.equal(fake.chatRequests.length, 2, 'nothing more was sent');
    assert.equal(calls.totals.requests, 2);
  });
});
