import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ModelCaller, SpendCapReachedError, type CallResult } from '../../../src/core/docs/modelCalls';
import type { ChatResult } from '../../../src/core/providers/types';

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
