import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseCliArgs, UsageError } from '../../../src/core/cliArgs';
import { runCli } from '../../../src/core/cli';
import { progressLine, toGuideJson } from '../../../src/core/guide/guideCli';
import { writeGuide } from '../../../src/core/guide/guideWriter';
import { ENV_CANARY, prepareFixture } from '../../fixtures/workspaces/prepare';
import { guideAgentChat } from '../../fixtures/fakeAgent/guideAgent';
import { withFakeLlm } from '../providers/providerTestContext';
import { fakeAgent, type FakeAgentOptions } from '../../fixtures/fakeLlm/fakeAgent';
import type { Script } from '../../fixtures/fakeLlm/scenarios';
import { citationValidityOnDisk } from '../docs/docRunHarness';
import type { GuideJson } from '../../../src/core/guide/guideCli';

let dir: string;
let root: string;
const KEY = 'sk-or-v1-guideclitest0123456789abcdef';
const fake = withFakeLlm({ requireKey: KEY }, { resetBeforeEach: false });

before(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'docsmith-guide-cli-'));
  root = (await prepareFixture('ts-sample', path.join(dir, 'ws'))).root;
});

after(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

/** The fake as an agent on the OpenRouter wire, each answer billed a known `usage.cost` (in 1e-5 USD, so sums are exact). */
function billedAgent(billed: number[], options?: FakeAgentOptions): Script {
  const agent = fakeAgent(options);
  return (request, n) => {
    const scenario = agent(request, n);
    if (scenario?.kind !== 'stream') return scenario;
    const units = ((n * 7) % 11) + 1;
    billed.push(units);
    return { ...scenario, cost: units / 100_000 };
  };
}

/** `docsmith guide …` in this process, against the fake server on 127.0.0.1. */
async function guideCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const env = { OPENROUTER_API_KEY: KEY, OPENROUTER_BASE_URL: fake.openRouterBaseUrl, XDG_CACHE_HOME: path.join(dir, 'cache') };
  const code = await runCli(['guide', ...args], { env, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

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

test('guide --json over the OpenRouter wire: the agent explores with real tool calls, the guide is saved with valid citations, and the cost is what the server billed', async () => {
  const billed: number[] = [];
  fake.reset();
  fake.script = billedAgent(billed);
  const topic = 'How does orderTotal work out the tax on an order?';
  const run = await guideCli([root, '--topic', topic, '--model', 'openai/gpt-4o-mini', '--json', '--output', 'docs/wire']);
  assert.equal(run.code, 0, run.stderr);
  const json = JSON.parse(run.stdout) as GuideJson;
  assert.equal(json.status, 'written');
  const outputDir = path.join(root, 'docs', 'wire');
  assert.equal(json.output_file, path.join(outputDir, 'guides', 'how-does-ordertotal-work-out-the-tax-on-an-order.md'));
  assert.equal(json.report, await fs.readFile(json.output_file!, 'utf8'));

  // Every model answer is one chat request on the wire, and the tools went out and came back as calls.
  const chats = fake.chatRequests;
  assert.equal(json.requests, chats.length);
  const offered = chats.filter((r) => Array.isArray((r.body as { tools?: unknown[] }).tools) && (r.body as { tools: unknown[] }).tools.length > 0);
  assert.equal(offered.length, json.cost.phases.exploration.requests, 'only exploration requests offer tools');
  assert.ok(json.cost.phases.exploration.requests >= 2, 'the agent took at least one round of tool calls before answering');
  assert.ok(json.tool_calls.total > 0 && (json.tool_calls.by_tool.read_file ?? 0) > 0, JSON.stringify(json.tool_calls));
  assert.equal(json.tool_calls.rejected, 0);
  assert.match(run.stderr, /Exploring: round 1\/12/);
  assert.match(run.stderr, /→ read_file src\/[\w/]+\.ts:\d+-\d+/);
  assert.match(run.stderr, /Writing sections: \d+\/\d+/);

  // Citations: every one resolves on disk and lies inside a range that was read.
  assert.ok(json.citations.total > 0);
  assert.equal(json.citations.invalid, 0);
  const onDisk = await citationValidityOnDisk(root, outputDir);
  assert.ok(onDisk.total > 0);
  assert.deepEqual(onDisk.invalid, []);
  assert.ok(json.sources.length > 0);
  for (const m of json.report.matchAll(/\[([^\]\s]+):(\d+)-(\d+)\]\(/g)) {
    const [, cited, s, e] = m;
    assert.ok(json.sources.some((r) => r.path === cited && r.start_line <= Number(s) && Number(e) <= r.end_line), `${m[0]} lies inside a range read`);
  }

  // Cost: exactly the sum of usage.cost the server billed; the phases add up to it.
  const total = billed.reduce((a, b) => a + b, 0);
  assert.equal(Math.round(json.cost.total_cost_usd! * 100_000), total);
  const phases = Object.values(json.cost.phases);
  assert.equal(Math.round(phases.reduce((n, p) => n + p.cost_usd! * 1e9, 0)), total * 10_000);

  // Nothing read has changed: the same question makes no request.
  const again = await guideCli([root, '--topic', topic, '--model', 'openai/gpt-4o-mini', '--json', '--output', 'docs/wire']);
  assert.equal(again.code, 0, again.stderr);
  assert.equal((JSON.parse(again.stdout) as GuideJson).status, 'unchanged');
  assert.equal(fake.chatRequests.length, chats.length);
});

test('guide --force asks the model anew rather than replaying the response cache; a deleted guide without --force comes back from the cache at no cost', async () => {
  const billed: number[] = [];
  fake.reset();
  fake.script = billedAgent(billed);
  const args = [root, '--topic', 'Where are orders stored?', '--model', 'openai/gpt-4o-mini', '--json', '--output', 'docs/force'];
  const first = JSON.parse((await guideCli(args)).stdout) as GuideJson;
  assert.equal(first.status, 'written');
  const sentFirst = fake.chatRequests.length;
  assert.equal(first.requests, sentFirst);

  // The guide deleted: stale, written again from the answers cached by the first run.
  await fs.rm(first.output_file!);
  const rebuilt = JSON.parse((await guideCli(args)).stdout) as GuideJson;
  assert.equal(rebuilt.status, 'written');
  assert.equal(fake.chatRequests.length, sentFirst, 'no request reached the server');
  assert.deepEqual({ requests: rebuilt.requests, cost: rebuilt.cost.total_cost_usd }, { requests: 0, cost: 0 });

  // --force: the same requests go to the model again and are paid for.
  const billedBefore = billed.length;
  const forced = await guideCli([...args, '--force']);
  assert.equal(forced.code, 0, forced.stderr);
  const json = JSON.parse(forced.stdout) as GuideJson;
  assert.equal(json.status, 'written');
  assert.equal(fake.chatRequests.length - sentFirst, sentFirst, 'every request of the first run was sent again');
  assert.equal(json.requests, sentFirst);
  assert.equal(Math.round(json.cost.total_cost_usd! * 100_000), billed.slice(billedBefore).reduce((a, b) => a + b, 0));
});

test('guide over the wire: bad tool calls (a path outside the workspace, a secret, broken JSON, an unknown tool) are refused, reported and never read', async () => {
  fake.reset();
  fake.script = billedAgent([], {
    turns: [
      {
        call: [
          { name: 'read_file', arguments: { path: '../../../etc/passwd' } },
          { name: 'read_file', arguments: { path: '.env' } },
          { name: 'read_file', arguments: '{"path": "src/' },
          { name: 'rm_rf', arguments: { path: '.' } },
        ],
      },
      { call: [{ name: 'read_file', arguments: { path: 'src/services/orderService.ts', start_line: 1, end_line: 30 } }] },
    ],
  });
  const run = await guideCli([root, '--topic', 'Where are orders stored?', '--json', '--output', 'docs/refused']);
  assert.equal(run.code, 0, run.stderr);
  const json = JSON.parse(run.stdout) as GuideJson;
  assert.equal(json.tool_calls.total, 5);
  assert.equal(json.tool_calls.rejected, 4);
  assert.equal((run.stderr.match(/✗ /g) ?? []).length, 4, run.stderr);
  assert.deepEqual(json.sources, [{ path: 'src/services/orderService.ts', start_line: 1, end_line: 30 }]);
  // The refusals went back to the model as tool results, and no secret went anywhere.
  const bodies = fake.chatRequests.map((r) => JSON.stringify(r.body));
  for (const refusal of [/leaves the workspace/, /may hold secrets/, /are not valid JSON/, /There is no tool \\"rm_rf\\"/]) {
    assert.ok(bodies[1].includes('"tool_call_id"') && refusal.test(bodies[1]), `the second request answers the refused call: ${refusal}`);
  }
  for (const b of bodies) assert.ok(!b.includes(ENV_CANARY) && !b.includes('root:x:0'), 'neither .env nor /etc/passwd reaches the model');
});

test('a model the provider lists without tools fails before any request, naming a model of the list that can', async () => {
  fake.reset();
  fake.script = billedAgent([]);
  // OpenRouter's list gives openai/chatgpt-4o-latest no `tools` in supported_parameters.
  const run = await guideCli([root, '--topic', 'Where is orderTotal computed?', '--model', 'openai/chatgpt-4o-latest', '--output', 'docs/notools']);
  assert.equal(run.code, 1);
  assert.match(run.stderr, /openai\/chatgpt-4o-latest cannot call tools; openai\/[\w.-]+ can/);
  assert.equal(fake.chatRequests.length, 0, 'no request was sent');
  await assert.rejects(fs.stat(path.join(root, 'docs', 'notools', 'guides')), 'nothing was written');
});
