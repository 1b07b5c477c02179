// Model selection in real VS Code: the live model catalog behind `docsmith.openrouter.baseUrl` (the fake
// LLM server), Select Model from the status bar, the choice written to settings and shown in the
// status bar tooltip, and Refresh Model List fetching again.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, afterEach, before, describe, test } from 'node:test';
import { launchVsCode, startFakeLlm } from '../harness.mjs';

/** `$2.50 / $10.00 per 1M` → [2.5, 10]. */
function pricesPerMillion(detail) {
  const match = /\$([\d.,]+) \/ \$([\d.,]+) per 1M/.exec(detail);
  return match ? [Number(match[1].replace(/,/g, '')), Number(match[2].replace(/,/g, ''))] : undefined;
}

function close(a, b) {
  return Math.abs(a - b) <= Math.max(0.006, Math.abs(b) * 0.01);
}

describe('models: live catalog and Select Model in real VS Code', { timeout: 300_000 }, () => {
  let fake;
  let vscode;
  let catalog;

  before(async () => {
    fake = await startFakeLlm();
    catalog = (await (await fetch(`${fake.openRouterBaseUrl}/models`)).json()).data;
    vscode = await launchVsCode({
      name: 'models',
      settings: { 'docsmith.openrouter.baseUrl': fake.openRouterBaseUrl },
      files: { 'src/a.ts': 'export const answer = 42;\n' },
    });
  });

  // What the user saw at the end of each test, for diagnosis: test/e2e/.run/screenshots/.
  afterEach(async (t) => {
    await vscode?.screenshot(`models-${t.name.slice(0, 40).replace(/[^\w]+/g, '-')}`).catch(() => undefined);
  });

  after(async () => {
    await vscode?.close();
    await fake?.stop();
  });

  test('one click on the model status bar item lists the fake catalog with prices, context and free badges', async () => {
    await vscode.workbench.clickStatusBarItem('docsmith.model');
    const rows = await vscode.workbench.quickPickItems({ min: 5 });
    await vscode.workbench.closeQuickInput();

    const listedIds = new Set(rows.map((r) => r.description));
    const missing = catalog.map((m) => m.id).filter((id) => !listedIds.has(id));
    assert.deepEqual(missing, [], 'every model of GET /models is listed');

    // Current model first.
    assert.equal(rows[0].description, 'openai/gpt-oss-20b:free');

    const gpt4o = rows.find((r) => r.description === 'openai/gpt-4o');
    const gpt4oEntry = catalog.find((m) => m.id === 'openai/gpt-4o');
    const [inPrice, outPrice] = pricesPerMillion(gpt4o.detail) ?? [];
    assert.ok(close(inPrice, Number(gpt4oEntry.pricing.prompt) * 1e6), `input price in "${gpt4o.detail}"`);
    assert.ok(close(outPrice, Number(gpt4oEntry.pricing.completion) * 1e6), `output price in "${gpt4o.detail}"`);
    assert.match(gpt4o.detail, /128K context/);

    const freeIds = catalog.filter((m) => m.id.endsWith(':free')).map((m) => m.id);
    assert.ok(freeIds.length > 0, 'the fake catalog has free models');
    for (const id of freeIds) {
      const row = rows.find((r) => r.description === id);
      assert.match(row.detail, /\bfree\b/, `${id} carries the free badge`);
      assert.equal(pricesPerMillion(row.detail), undefined, `${id} shows no price`);
    }
  });

  test('choosing a model writes docsmith.model and updates the status bar text and tooltip', async () => {
    await vscode.runCommand('Docsmith: Select Model');
    await vscode.workbench.quickPickItems({ min: 5, all: false });
    await vscode.workbench.pickQuickPickItem('openai/gpt-4o', { filter: 'openai/gpt-4o', field: 'description' });

    await vscode.workbench.waitForStatusBarText('docsmith.model', '$(sparkle) gpt-4o');
    // Neither settings file held a model, so the choice goes to the user's settings.
    const userSettings = JSON.parse(fs.readFileSync(path.join(vscode.dirs.userData, 'User', 'settings.json'), 'utf8'));
    assert.equal(userSettings['docsmith.model'], 'openai/gpt-4o');

    const tooltip = await vscode.workbench.statusBarTooltip('docsmith.model');
    assert.match(tooltip, /OpenRouter/);
    assert.match(tooltip, /openai\/gpt-4o/);
    assert.match(tooltip, /\$2\.50/);
    assert.match(tooltip, /\$10(\.00)?/);
    assert.match(tooltip, /128K|128,000/);
  });

  test('Refresh Model List fetches the catalog again', async () => {
    fake.reset();
    await vscode.runCommand('Docsmith: Refresh Model List');
    await fake.waitFor((requests) => requests.some((r) => r.path.endsWith('/models')), 20_000);
  });
});
