/**
 * The provider SDKs are ~80% of the extension bundle; activation must not load them. Each case
 * runs in a fresh Node process so the module cache shows exactly what a caller's import loaded.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { test } from 'node:test';

const providersDir = path.join(__dirname, '..', '..', '..', 'src', 'core', 'providers');

/** Runs `body` after requiring `modules` in a fresh process; returns the SDK files then loaded. */
function sdkFilesLoadedAfter(modules: string[], body = ''): string[] {
  const script = [
    ...modules.map((m) => `require(${JSON.stringify(path.join(providersDir, m))});`),
    body,
    'const loaded = Object.keys(require.cache).filter((k) => /node_modules[\\\\/](openai|@anthropic-ai[\\\\/]sdk)[\\\\/]/.test(k));',
    'process.stdout.write(JSON.stringify(loaded));',
  ].join('\n');
  const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  return JSON.parse(run.stdout) as string[];
}

test('importing the provider factory and error mapping loads neither SDK', () => {
  assert.deepEqual(sdkFilesLoadedAfter(['providerFactory.js', 'providerErrors.js']), []);
});

test('creating a provider loads no SDK until a request needs one', () => {
  const body = `
    const { createProvider } = require(${JSON.stringify(path.join(providersDir, 'providerFactory.js'))});
    for (const id of ['openrouter', 'openai', 'anthropic', 'openaiCompatible']) {
      createProvider(id, { baseUrl: 'http://127.0.0.1:9', getApiKey: async () => 'k', log: { debug() {}, info() {}, warn() {}, error() {} } });
    }`;
  assert.deepEqual(sdkFilesLoadedAfter([], body), []);
});

test('mapping an error loads the SDKs, and SDK errors are still recognised by class', () => {
  const body = `
    const { toProviderError } = require(${JSON.stringify(path.join(providersDir, 'providerErrors.js'))});
    const OpenAI = require('openai').default;
    const mapped = toProviderError(new OpenAI.APIConnectionTimeoutError(), { provider: 'openai' });
    if (mapped.reason !== 'timeout') throw new Error('expected timeout, got ' + mapped.reason);`;
  const loaded = sdkFilesLoadedAfter([], body);
  assert.ok(loaded.some((f) => /[\\/]openai[\\/]/.test(f)), 'openai loaded');
  assert.ok(loaded.some((f) => /[\\/]@anthropic-ai[\\/]sdk[\\/]/.test(f)), 'anthropic loaded');
});
