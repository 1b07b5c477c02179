// The spend cap in real VS Code, on the TypeScript sample against the fake LLM server billing a
// fixed cost per answer: a workspace's docsmith.maxCostPerRun below the run's cost stops the run
// with a warning and nothing sent beyond the cap; without it, the next run continues where the
// first stopped, reuses its pages unchanged and completes.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { listFiles } from '../harness.mjs';
import { e2eSuite } from '../suiteHooks.mjs';

const KEY = 'sk-or-v1-e2e-spend-cap-5c1d';
const MODEL = 'openai/gpt-4o-mini';

describe('docs: the spend cap stops a run cleanly and the next run resumes', { timeout: 600_000 }, () => {
  const CAP = 0.01;
  const COST = 0.002;
  const { fake, vscode } = e2eSuite({
    fakes: { fake: { requireKey: KEY, script: () => ({ kind: 'stream', cost: COST }) } },
    launch: ({ fake }) => ({
      name: 'cap',
      fixture: 'ts-sample',
      // No confirmation: the user's own threshold (a workspace may only lower it). The cap is the
      // workspace's, lower than the user's default of $1.
      userSettings: { 'docsmith.openrouter.baseUrl': fake.openRouterBaseUrl, 'docsmith.confirmCostAbove': 100 },
      settings: {
        'docsmith.model': MODEL,
        'docsmith.maxCostPerRun': CAP,
      },
    }),
    apiKey: KEY,
  });

  let firstRunPages;

  test('with docsmith.maxCostPerRun below the run\'s cost, the run stops with a message and sends nothing beyond the cap', async () => {
    await vscode.runCommand('Docsmith: Generate Docs');
    const notice = await vscode.workbench.waitForNotification(/cost cap/, { timeout: 300_000 });
    assert.equal(notice.severity, 'warning');
    assert.match(notice.message, /run again to continue/);
    const sent = fake.chatRequests.length;
    assert.ok(sent > 0, 'some pages were generated before the cap');
    assert.ok(sent * COST <= CAP + 1e-9, `${sent} requests at $${COST} stay within the $${CAP} cap`);
    const out = vscode.workspacePath('docs', 'generated');
    firstRunPages = new Map(
      listFiles(out)
        .filter((f) => f.endsWith('.md'))
        .map((f) => [f, fs.statSync(f).mtimeMs]),
    );
    // Small files, and sibling folders, go several to a request (each under a `=== FILE path` or
    // `=== FOLDER path` line): no page is written that no paid answer covered.
    const answered = fake.chatRequests.reduce((n, r) => {
      const asked = r.body.messages.filter((m) => m.role === 'user').map((m) => (typeof m.content === 'string' ? m.content : JSON.stringify(m.content))).join('\n');
      return n + Math.max(1, new Set([...asked.matchAll(/^=== (?:FILE|FOLDER) (\S+)/gm)].map((m) => m[1])).size);
    }, 0);
    assert.ok(firstRunPages.size > 0 && firstRunPages.size <= answered, `pages written before the cap: ${firstRunPages.size}, files the ${sent} paid answers covered: ${answered}`);
    assert.ok(!fs.existsSync(path.join(out, 'README.md')), 'the overview comes last, so it is not written yet');
  });

  test('without the workspace\'s lower cap, the next run continues where it stopped and completes', async () => {
    // The user's own cap ($1 by default) applies again; a workspace value could not raise it.
    const settingsPath = vscode.workspacePath('.vscode', 'settings.json');
    const settings = JSON.parse(fs.readFileSync(settingsPath, 'utf8'));
    delete settings['docsmith.maxCostPerRun'];
    fs.writeFileSync(settingsPath, `${JSON.stringify(settings, null, 2)}\n`);
    await new Promise((resolve) => setTimeout(resolve, 3000));

    await vscode.runCommand('Docsmith: Generate Docs');
    const notice = await vscode.workbench.waitForNotification(/Docsmith wrote \d+ pages/, { timeout: 300_000 });
    assert.match(notice.message, /unchanged/, 'the pages of the first run are reused');
    const out = vscode.workspacePath('docs', 'generated');
    assert.ok(fs.existsSync(path.join(out, 'README.md')));
    for (const [file, mtime] of firstRunPages) assert.equal(fs.statSync(file).mtimeMs, mtime, `${path.relative(out, file)} was not rewritten`);
  });
});

