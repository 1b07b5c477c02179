import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseCliArgs, UsageError } from '../../../src/core/cliArgs';
import { runCli } from '../../../src/core/cli';
import { progressLine, toGuideJson } from '../../../src/core/guide/guideCli';
import { writeGuide } from '../../../src/core/guide/guideWriter';
import { prepareFixture } from '../../fixtures/workspaces/prepare';
import { guideAgentChat } from '../../fixtures/fakeAgent/guideAgent';

let dir: string;
let root: string;

before(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'docsmith-guide-cli-'));
  root = (await prepareFixture('ts-sample', path.join(dir, 'ws'))).root;
});

after(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

test('guide takes --topic or --prompt, --force, --max-tool-rounds, and --eval-json as an alias of --json', () => {
  const a = parseCliArgs(['guide', 'repo', '--topic', 'How does a request reach the router?', '--eval-json', '--force', '--max-tool-rounds', '5', '--provider', 'openai', '--max-cost', '0.5', '--no-track-cost']);
  assert.equal(a.command, 'guide');
  if (a.command !== 'guide') return;
  assert.equal(a.topic, 'How does a request reach the router?');
  assert.equal(a.json, true);
  assert.equal(a.force, true);
  assert.equal(a.maxToolRounds, 5);
  assert.equal(a.provider, 'openai');
  assert.equal(a.maxCost, 0.5);
  assert.equal(a.trackCost, false);
  const b = parseCliArgs(['guide', 'repo', '--prompt', 'q.txt', '--json']);
  assert.equal(b.command === 'guide' && b.promptFile, 'q.txt');
  assert.throws(() => parseCliArgs(['guide', 'repo']), (e: unknown) => e instanceof UsageError && /What question\?/.test(e.message));
  assert.throws(() => parseCliArgs(['guide', 'repo', '--topic', 'a', '--prompt', 'b']), /not both/);
  assert.throws(() => parseCliArgs(['guide', '--topic', 'a']), /Which folder\? docsmith guide/);
  assert.throws(() => parseCliArgs(['generate', 'repo', '--topic', 'a']), /--topic is an option of docsmith guide/);
});

test('a missing or empty prompt file is a usage error (exit 2) before anything is set up', async () => {
  let err = '';
  const io = { env: {}, stdout: () => undefined, stderr: (t: string) => (err += t) };
  assert.equal(await runCli(['guide', root, '--prompt', path.join(dir, 'nope.txt')], io), 2);
  assert.match(err, /cannot read the prompt file .*nope\.txt \(ENOENT\)/);
  await fs.writeFile(path.join(dir, 'empty.txt'), '  \n');
  assert.equal(await runCli(['guide', root, '--prompt', path.join(dir, 'empty.txt')], io), 2);
  assert.match(err, /is empty/);
});

test('the JSON has exactly the documented shape, and its phases add up to the total', async () => {
  const result = await writeGuide(
    { root, outputDirectory: 'docs/generated', topic: 'Which services handle an order?', provider: 'openrouter', model: 'openai/gpt-4o-mini', maxOutputTokens: 512, temperature: 0, concurrency: 2 },
    { chat: guideAgentChat() },
  );
  const json = toGuideJson(result, result.markdown!);
  assert.deepEqual(Object.keys(json).sort(), ['citations', 'cost', 'duration_ms', 'error', 'output_file', 'report', 'requests', 'sources', 'status', 'tool_calls'].sort());
  assert.deepEqual(Object.keys(json.citations), ['total', 'valid', 'invalid', 'repaired', 'removed']);
  assert.deepEqual(Object.keys(json.cost), ['total_cost_usd', 'total_tokens', 'provider', 'model', 'phases']);
  assert.deepEqual(Object.keys(json.cost.phases), ['exploration', 'outline', 'sections']);
  assert.deepEqual(Object.keys(json.tool_calls), ['total', 'rejected', 'by_tool']);
  assert.deepEqual(Object.keys(json.sources[0]), ['path', 'start_line', 'end_line']);
  const phases = Object.values(json.cost.phases);
  for (const p of phases) assert.deepEqual(Object.keys(p), ['requests', 'tokens', 'cost_usd']);
  assert.equal(phases.reduce((n, p) => n + p.requests, 0), json.requests);
  assert.equal(phases.reduce((n, p) => n + p.tokens, 0), json.cost.total_tokens);
  assert.equal(Math.round(phases.reduce((n, p) => n + p.cost_usd! * 1e9, 0)), Math.round(json.cost.total_cost_usd! * 1e9));
  assert.equal(json.output_file, path.join(root, 'docs', 'generated', 'guides', 'which-services-handle-an-order.md'));
  assert.equal(json.report, await fs.readFile(json.output_file!, 'utf8'));
});

test('progress lines name the phase and each tool call, refused calls marked', () => {
  assert.equal(progressLine({ phase: 'exploration', round: 2, maxRounds: 12, requests: 1, costUsd: 0 }), 'Exploring: round 2/12');
  assert.equal(progressLine({ phase: 'exploration', round: 2, toolCall: { round: 2, name: 'read_file', label: 'read_file src/a.ts:1-80', isError: false }, requests: 1, costUsd: 0 }), '  → read_file src/a.ts:1-80');
  assert.equal(progressLine({ phase: 'exploration', round: 2, toolCall: { round: 2, name: 'read_file', label: 'read_file .env', isError: true }, requests: 1, costUsd: 0 }), '  ✗ read_file .env (refused)');
  assert.equal(progressLine({ phase: 'sections', sectionsDone: 1, sectionsTotal: 3, requests: 5, costUsd: 0 }), 'Writing sections: 1/3');
});
