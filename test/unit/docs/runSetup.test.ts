import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chooseModel, runOptions, runServices, type ModelSources } from '../../../src/core/docs/runSetup';
import type { Logger } from '../../../src/core/logger';
import type { LlmProvider, ModelInfo, ProviderId } from '../../../src/core/providers/types';

function model(id: string, supportedParameters: string[], prompt = 1e-6): ModelInfo {
  return { id, name: id, vendor: id.split('/')[0], pricing: { prompt, completion: 2 * prompt }, isFree: prompt === 0, supportedParameters };
}

function sources(provider: ProviderId, list: () => Promise<readonly ModelInfo[]>, waitMs?: number): ModelSources & { warnings: string[] } {
  const warnings: string[] = [];
  const log: Logger = { trace: () => undefined, debug: () => undefined, info: () => undefined, warn: (m) => warnings.push(m), error: () => undefined };
  const llm: LlmProvider = { id: provider, chat: () => Promise.reject(new Error('not called')), listModels: () => list().then((m) => [...m]) };
  return { llm, listModels: list, log, waitMs, warnings };
}

describe('chooseModel', () => {
  it("an empty model setting means the provider's default, priced from its catalog entry", async () => {
    const choice = await chooseModel({ provider: 'openrouter', model: '  ' }, sources('openrouter', async () => [model('openai/gpt-oss-20b:free', [], 0)]));
    assert.equal(choice.model, 'openai/gpt-oss-20b:free');
    assert.deepEqual(choice.priced, { pricing: { prompt: 0, completion: 0 }, isFree: true });
  });

  it('asks for JSON-schema answers when the catalog lists structured_outputs or response_format, and the wire can carry one', async () => {
    const listed = async (): Promise<ModelInfo[]> => [model('a/json', ['response_format']), model('a/plain', ['max_tokens'])];
    assert.equal((await chooseModel({ provider: 'openrouter', model: 'a/json' }, sources('openrouter', listed))).structured, true);
    assert.equal((await chooseModel({ provider: 'openrouter', model: 'a/plain' }, sources('openrouter', listed))).structured, false);
    const anthropic = async (): Promise<ModelInfo[]> => [model('claude-x', ['structured_outputs'])];
    assert.equal((await chooseModel({ provider: 'anthropic', model: 'claude-x' }, sources('anthropic', anthropic))).structured, false, 'the Messages API has no schema format');
  });

  it('a forced choice (the CLI flags) wins over the catalog', async () => {
    const listed = async (): Promise<ModelInfo[]> => [model('a/json', ['structured_outputs'])];
    assert.equal((await chooseModel({ provider: 'openrouter', model: 'a/json', structured: false }, sources('openrouter', listed))).structured, false);
    assert.equal((await chooseModel({ provider: 'openrouter', model: 'a/none', structured: true }, sources('openrouter', listed))).structured, true);
  });

  it('a failing or slow model list leaves prices and structured output unknown, with a warning', async () => {
    const failing = sources('openrouter', () => Promise.reject(new Error('503 from upstream')));
    const failed = await chooseModel({ provider: 'openrouter', model: 'a/b' }, failing);
    assert.equal(failed.info, undefined);
    assert.equal(failed.priced, undefined);
    assert.equal(failed.structured, false);
    assert.match(failing.warnings.join('\n'), /OpenRouter model list \(503 from upstream\)/);

    const slow = sources('openrouter', () => new Promise(() => undefined), 20);
    const started = Date.now();
    const waited = await chooseModel({ provider: 'openrouter', model: 'a/b' }, slow);
    assert.ok(Date.now() - started < 5_000, 'did not wait for a list that never comes');
    assert.equal(waited.info, undefined);
    assert.match(slow.warnings.join('\n'), /did not arrive in time/);
  });
});

describe('runServices and runOptions', () => {
  it('price the spend cap for the chosen model and its fallbacks, and carry its provider, model and answer format', async () => {
    const choice = await chooseModel({ provider: 'openrouter', model: 'a/json' }, sources('openrouter', async () => [model('a/json', ['structured_outputs'], 3e-6), model('b/fallback', [], 1e-5)]));
    const services = runServices(choice, { maxCostUsd: 0.5, log: sources('openrouter', async () => []).log });
    const { pricesOf, ...cap } = services.spendCap!;
    assert.deepEqual(cap, { maxCostUsd: 0.5, pricing: { prompt: 3e-6, completion: 6e-6 }, isFree: false });
    // A fallback is priced from the same catalog; a model it does not list is unknown, not guessed.
    assert.deepEqual(pricesOf?.('b/fallback'), { pricing: { prompt: 1e-5, completion: 2e-5 }, isFree: false });
    assert.equal(pricesOf?.('c/unlisted'), undefined);
    const options = runOptions(choice, { root: '/w', outputDirectory: 'docs', concurrency: 2, maxFileSizeKB: 10, maxOutputTokens: 100, temperature: 0 });
    assert.equal(options.provider, 'openrouter');
    assert.equal(options.model, 'a/json');
    assert.equal(options.structuredOutput, true);
  });
});
