/**
 * The CLI starts the parser (tree-sitter and its grammars) only when a file needs parsing: a
 * rerun where every file is in the parse cache must not pay for it.
 * Observed from outside with a bundle whose grammars are missing: the first run says the parser
 * could not start; the no-op rerun never tries, so it says nothing about the parser.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { withFakeLlm } from './providers/providerTestContext';
import { withCliBundle } from './cliBundle';
import { prepareFixture } from '../fixtures/workspaces/prepare';

const PARSER_FAILED = /the parser could not start/;

const fake = withFakeLlm(undefined, { resetBeforeEach: false });
const cli = withCliBundle('docsmith-cli-lazy-', { withoutGrammars: true });

/** Runs the CLI without blocking this process: the fake server answers from this event loop. */
function generate(root: string): Promise<{ code: number | null; stderr: string; requests: number }> {
  const before = fake.chatRequests.length;
  const child = spawn(process.execPath, [cli.cliPath, 'generate', root, '--provider', 'openrouter', '--model', 'openai/gpt-4o-mini', '--json'], {
    env: { PATH: process.env.PATH ?? '', XDG_CACHE_HOME: path.join(cli.dir, 'user-cache'), OPENROUTER_API_KEY: 'sk-or-v1-lazyparsertest', OPENROUTER_BASE_URL: fake.openRouterBaseUrl },
  });
  let stderr = '';
  child.stdout.resume();
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stderr, requests: fake.chatRequests.length - before })));
}

test('a no-op rerun never starts the parser', async () => {
  const root = (await prepareFixture('ts-sample', path.join(cli.dir, 'ws'))).root;
  const first = await generate(root);
  assert.equal(first.code, 0, first.stderr);
  assert.match(first.stderr, PARSER_FAILED, 'the first run needs the parser and reports it cannot start');
  assert.ok(first.requests > 0);

  const rerun = await generate(root);
  assert.equal(rerun.code, 0, rerun.stderr);
  assert.equal(rerun.requests, 0);
  assert.doesNotMatch(rerun.stderr, PARSER_FAILED, 'nothing to parse: the parser is not started');
});
