/**
 * The headless CLI as CI runs it: `node dist/cli.js generate <folder> …` (built with esbuild
 * first), keys and base URLs from the environment, against the fake LLM server.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { prepareFixture, ENV_CANARY } from '../fixtures/workspaces/prepare';
import { readManifest } from '../../src/core/docs/manifest';
import type { JsonSummary } from '../../src/core/docs/runReport';
import { citationValidityOnDisk, tempFilesIn, wrongCitationResponder } from './docs/docRunHarness';
import { withFakeLlm } from './providers/providerTestContext';
import { withCliBundle } from './cliBundle';

const KEY = 'sk-or-v1-clitestkey0123456789abcdef0123';

const cli = withCliBundle('docsmith-cli-');
const fake = withFakeLlm({ responder: wrongCitationResponder }, { resetBeforeEach: false });

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runCli(args: string[], env: Record<string, string> = {}, onStderr?: (text: string, child: ReturnType<typeof spawn>) => void): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli.cliPath, ...args], {
      env: { PATH: process.env.PATH ?? '', XDG_CACHE_HOME: path.join(cli.dir, 'user-cache'), OPENROUTER_API_KEY: KEY, OPENROUTER_BASE_URL: fake.openRouterBaseUrl, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      onStderr?.(stderr, child);
    });
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

async function workspace(name: string): Promise<string> {
  return (await prepareFixture('ts-sample', path.join(cli.dir, name))).root;
}

test('generate --json writes the docs, prints pages, citations and cost, and exits 0; a rerun makes no request', async () => {
  const root = await workspace('json');
  fake.reset();
  fake.responder = wrongCitationResponder;
  const run = await runCli(['generate', root, '--provider', 'openrouter', '--model', 'openai/gpt-4o-mini', '--json', '--concurrency', '6']);
  assert.equal(run.code, 0, run.stderr);
  const out = JSON.parse(run.stdout) as JsonSummary;
  assert.ok(out.pages.includes('README.md') && out.pages.includes('ARCHITECTURE.md') && out.pages.includes('src/models/order.ts.md'));
  assert.deepEqual(out.failed, []);
  assert.ok(out.citations.total > 0);
  assert.equal(out.citations.valid, out.citations.total);
  assert.equal(out.citations.invalid, 0);
  assert.ok(out.citations.repaired > 0 && out.citations.removed > 0);
  assert.ok(out.cost.total_cost_usd !== null && out.cost.total_cost_usd > 0);
  assert.ok(out.cost.total_tokens > 0);
  assert.equal(out.cost.provider, 'openrouter');
  assert.equal(out.cost.model, 'openai/gpt-4o-mini');
  assert.ok(out.skipped.some((s) => s.path === '.env' && s.reason === 'secret'));
  assert.match(run.stderr, /\[\d+\/\d+\] /, 'progress on stderr');
  assert.ok(!run.stdout.includes(KEY) && !run.stderr.includes(KEY), 'the key is never printed');
  assert.deepEqual((await citationValidityOnDisk(root, path.join(root, 'docs/generated'))).invalid, []);
  const bodies = JSON.stringify(fake.chatRequests.map((r) => r.body));
  assert.ok(!bodies.includes(ENV_CANARY));
  assert.ok(fake.chatRequests.every((r) => r.headers.authorization === `Bearer ${KEY}`));
  // How fast the model answered, per model: every request sent, each timed from its first token.
  assert.equal(out.speed.length, 1);
  const [speed] = out.speed;
  assert.deepEqual([speed.provider, speed.model, speed.requests, speed.errors, speed.error_rate], ['openrouter', 'openai/gpt-4o-mini', fake.chatRequests.length, 0, 0]);
  assert.ok(speed.p50_latency_ms !== null && speed.p95_latency_ms !== null && speed.p50_latency_ms <= speed.p95_latency_ms, JSON.stringify(speed));
  assert.ok(speed.p50_ttft_ms !== null && speed.p50_ttft_ms <= speed.p50_latency_ms, JSON.stringify(speed));

  const before = fake.chatRequests.length;
  const again = await runCli(['generate', root, '--provider', 'openrouter', '--model', 'openai/gpt-4o-mini', '--json']);
  assert.equal(again.code, 0, again.stderr);
  const second = JSON.parse(again.stdout) as JsonSummary;
  assert.deepEqual(second.pages, []);
  assert.equal(second.requests, 0);
  assert.deepEqual(second.speed, [], 'no request, no speed figures');
  assert.equal(fake.chatRequests.length, before);
});

test('a failed page makes the exit code non-zero and is listed with its reason', async () => {
  const root = await workspace('fail');
  fake.reset();
  fake.responder = wrongCitationResponder;
  // Every request carrying the file fails: alone, or in a batch (whose other files are then asked alone).
  fake.script = (req) => (/the file `src\/models\/user\.ts`|=== FILE src\/models\/user\.ts\\n/.test(JSON.stringify(req.body)) ? { kind: 'error', status: 500, retryAfterMs: '1' } : undefined);
  const run = await runCli(['generate', root, '--model', 'openai/gpt-4o-mini', '--json', '--no-cache', '--output', 'out/docs']);
  fake.script = undefined;
  assert.equal(run.code, 1);
  const out = JSON.parse(run.stdout) as JsonSummary;
  assert.deepEqual(out.failed.map((f) => [f.page, f.reason]), [['src/models/user.ts.md', 'serverError']]);
  await fs.stat(path.join(root, 'out/docs/README.md'));
});

test('Ctrl+C cancels cleanly: no temp files, a valid manifest, and the next run completes the rest', async () => {
  const root = await workspace('sigint');
  fake.reset();
  fake.responder = wrongCitationResponder;
  fake.script = () => ({ kind: 'stream', tokenDelayMs: 4 });
  let sent = false;
  const run = await runCli(['generate', root, '--model', 'openai/gpt-4o-mini', '--json', '--no-cache', '--concurrency', '2'], {}, (stderr, child) => {
    if (!sent && /\[6\/\d+\]/.test(stderr)) {
      sent = true;
      child.kill('SIGINT');
    }
  });
  fake.script = undefined;
  assert.equal(run.code, 130, run.stderr);
  assert.match(run.stderr, /cancelling/);
  const out = JSON.parse(run.stdout) as JsonSummary;
  assert.equal(out.cancelled, true);
  assert.ok(out.pages.length >= 6 && out.not_started.length > 0);
  const outputDir = path.join(root, 'docs/generated');
  assert.deepEqual(await tempFilesIn(outputDir), []);
  const manifest = await readManifest(outputDir);
  assert.equal(manifest.problem, undefined);
  assert.deepEqual(Object.keys(manifest.manifest.pages).sort(), [...out.pages].sort());

  const rest = await runCli(['generate', root, '--model', 'openai/gpt-4o-mini', '--json', '--no-cache']);
  assert.equal(rest.code, 0, rest.stderr);
  const second = JSON.parse(rest.stdout) as JsonSummary;
  assert.equal(second.pages.filter((p) => out.pages.includes(p)).length, 0, 'finished pages are not redone');
  assert.deepEqual([...second.unchanged].sort(), [...out.pages].sort());
});

test('usage errors exit 2; a missing key exits 1 with the PRODUCT.md message', async () => {
  const bad = await runCli(['generate']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /Which folder\?/);
  const unknown = await runCli(['generate', cli.dir, '--provider', 'nope']);
  assert.equal(unknown.code, 2);
  const noKey = await runCli(['generate', cli.dir], { OPENROUTER_API_KEY: '' });
  assert.equal(noKey.code, 1);
  assert.match(noKey.stderr, /Provider: OpenRouter \(auto: no provider is configured yet/);
  assert.match(noKey.stderr, /No API key for OpenRouter/);
});

test('check without docs: every page is missing, exit 1, no request and nothing written', async () => {
  const root = await workspace('check-empty');
  fake.reset();
  const before = await listTree(root);
  const run = await runCli(['check', root]);
  assert.equal(run.code, 1, run.stderr);
  assert.match(run.stdout, /No docs in .*docs\/generated yet: \d+ pages to generate\./);
  assert.equal(fake.requests.length, 0);
  assert.deepEqual(await listTree(root), before, 'check writes nothing, not even a parse cache');
});

test('check after generate: exit 0; after an edit exit 1 with the page, the folder pages, ARCHITECTURE.md and the overview, and no request', async () => {
  const root = await workspace('check');
  fake.reset();
  fake.responder = wrongCitationResponder;
  const generated = await runCli(['generate', root, '--provider', 'openrouter', '--model', 'openai/gpt-4o-mini']);
  assert.equal(generated.code, 0, generated.stderr);
  const requests = fake.requests.length;

  const fresh = await runCli(['check', root]);
  assert.equal(fresh.code, 0, fresh.stdout + fresh.stderr);
  assert.match(fresh.stdout, /are up to date: \d+ pages fresh/);

  await fs.appendFile(path.join(root, 'src', 'util', 'format.ts'), '\n// edited\n');
  const before = await listTree(root);
  const stale = await runCli(['check', root, '--json']);
  assert.equal(stale.code, 1, stale.stderr);
  const out = JSON.parse(stale.stdout) as { up_to_date: boolean; counts: { stale: number }; pages: { page: string; state: string; changed: string[] }[] };
  assert.equal(out.up_to_date, false);
  assert.deepEqual(out.pages.map((p) => p.page), ['ARCHITECTURE.md', 'README.md', 'src/README.md', 'src/util/README.md', 'src/util/format.ts.md']);
  for (const p of out.pages) {
    assert.equal(p.state, 'stale');
    assert.deepEqual(p.changed, ['src/util/format.ts'], p.page);
  }
  const text = await runCli(['check', root]);
  assert.match(text.stdout, /5 stale of \d+ pages/);
  assert.match(text.stdout, /stale\s+src\/util\/format\.ts\.md\s+src\/util\/format\.ts changed/);
  assert.equal(fake.requests.length, requests, 'check sends nothing');
  assert.deepEqual(await listTree(root), before, 'check writes nothing');
});

test('check takes --include as generate does: the same globs expect the same pages, others report the overview stale', async () => {
  const root = await workspace('check-include');
  fake.reset();
  fake.responder = wrongCitationResponder;
  const generated = await runCli(['generate', root, '--provider', 'openrouter', '--model', 'openai/gpt-4o-mini', '--include', 'package.json']);
  assert.equal(generated.code, 0, generated.stderr);
  await fs.access(path.join(root, 'docs', 'generated', 'package.json.md'));

  const same = await runCli(['check', root, '--include', 'package.json']);
  assert.equal(same.code, 0, same.stdout + same.stderr);
  const without = await runCli(['check', root, '--json']);
  assert.equal(without.code, 1, 'without the glob the page set differs from what was generated');
  const out = JSON.parse(without.stdout) as { pages: { page: string }[] };
  assert.ok(out.pages.some((p) => p.page === 'README.md'), JSON.stringify(out.pages));
});

test('check with an unknown option is a usage error (exit 2)', async () => {
  const run = await runCli(['check', '.', '--provider', 'openrouter']);
  assert.equal(run.code, 2);
  assert.match(run.stderr, /Unknown option --provider for check/);
});

/** Every file under `root` with its size and modification time. */
async function listTree(root: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const e of await fs.readdir(dir, { withFileTypes: true })) {
      const abs = path.join(dir, e.name);
      if (e.isDirectory()) await walk(abs);
      else {
        const s = await fs.stat(abs);
        out.push(`${path.relative(root, abs)} ${s.size} ${s.mtimeMs}`);
      }
    }
  };
  await walk(root);
  return out.sort();
}

test('--provider auto (the default) routes a Claude model to Anthropic when OpenAI is the first key in the environment, and says why', async () => {
  const root = await workspace('auto');
  fake.reset();
  const run = await runCli(['generate', root, '--model', 'claude-3-5-haiku', '--json', '--concurrency', '4'], {
    OPENROUTER_API_KEY: '',
    OPENAI_API_KEY: 'sk-clitest-openai0123456789',
    OPENAI_BASE_URL: fake.openAiBaseUrl,
    ANTHROPIC_API_KEY: 'sk-ant-clitest0123456789',
    ANTHROPIC_BASE_URL: fake.anthropicBaseUrl,
  });
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stderr, /Provider: Anthropic \(auto: claude-3-5-haiku is an Anthropic model; ANTHROPIC_API_KEY is set and OpenRouter has none\)/);
  const out = JSON.parse(run.stdout) as JsonSummary;
  assert.equal(out.cost.provider, 'anthropic');
  assert.equal(out.cost.model, 'claude-3-5-haiku');
  assert.ok(fake.chatRequests.length > 0 && fake.chatRequests.every((r) => r.flavour === 'anthropic'));
});

test('the response cache: with the output folder deleted, a rerun writes every page again with zero paid requests; --no-cache sends them', async () => {
  const root = await workspace('cache');
  fake.reset();
  const args = ['generate', root, '--provider', 'openrouter', '--model', 'openai/gpt-4o', '--json'];
  const first = JSON.parse((await runCli(args)).stdout) as JsonSummary;
  assert.ok(first.requests > 0 && first.pages.length > 0);
  const sent = fake.chatRequests.length;

  await fs.rm(path.join(root, 'docs', 'generated'), { recursive: true, force: true });
  const cached = await runCli(args);
  assert.equal(cached.code, 0, cached.stderr);
  const again = JSON.parse(cached.stdout) as JsonSummary;
  assert.deepEqual([...again.pages].sort(), [...first.pages].sort(), 'every page is written again');
  assert.equal(again.requests, 0);
  assert.equal(fake.chatRequests.length, sent, 'nothing was sent');
  assert.equal(again.cost.total_cost_usd, 0);
  assert.equal(again.cache.hits, first.requests);
  assert.ok(again.cache.saved_tokens >= first.cost.total_tokens * 0.9, `saved ${again.cache.saved_tokens} of ${first.cost.total_tokens}`);
  assert.deepEqual((await citationValidityOnDisk(root, path.join(root, 'docs/generated'))).invalid, []);

  await fs.rm(path.join(root, 'docs', 'generated'), { recursive: true, force: true });
  const uncached = JSON.parse((await runCli([...args, '--no-cache'])).stdout) as JsonSummary;
  assert.equal(uncached.cache.hits, 0);
  assert.ok(uncached.requests > 0 && fake.chatRequests.length > sent);
});
