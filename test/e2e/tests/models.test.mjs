// The live model catalog in real VS Code, behind `docsmith.openrouter.baseUrl` (the fake LLM
// server): Select Model from the status bar, newest models first, the choice written to settings
// and shown in the status bar tooltip, Refresh Model List fetching again. Then a new user's first
// minutes with a model id that does not exist: no key (Set API Key, then Resume), the model
// checked against the list before anything is sent, OpenRouter's 400 worded as "not available"
// with Select Model, and Clear API Key showing in the tooltip.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import { e2eSuite } from '../suiteHooks.mjs';

/** `$2.50 / $10.00 per 1M` → [2.5, 10]. */
function pricesPerMillion(detail) {
  const match = /\$([\d.,]+) \/ \$([\d.,]+) per 1M/.exec(detail);
  return match ? [Number(match[1].replace(/,/g, '')), Number(match[2].replace(/,/g, ''))] : undefined;
}

function close(a, b) {
  return Math.abs(a - b) <= Math.max(0.006, Math.abs(b) * 0.01);
}

describe('models: live catalog and Select Model in real VS Code', { timeout: 600_000 }, () => {
  const { fake, vscode } = e2eSuite({
    fakes: { fake: {} },
    launch: ({ fake }) => ({
      name: 'models',
      userSettings: { 'docsmith.openrouter.baseUrl': fake.openRouterBaseUrl },
      files: { 'src/a.ts': 'export const answer = 42;\n' },
    }),
  });
  let catalog;

  before(async () => {
    catalog = (await (await fetch(`${fake.openRouterBaseUrl}/models`)).json()).data;
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

    // Then vendors by their newest model, each vendor's models newest first, one vendor label per row.
    const created = new Map(catalog.map((m) => [m.id, m.created]));
    const vendorOf = (id) => id.split('/')[0];
    const newestVendor = vendorOf([...catalog].sort((a, b) => b.created - a.created)[0].id);
    assert.equal(vendorOf(rows[1].description), newestVendor, 'the vendor of the newest model comes first');
    const openAi = rows.slice(1).filter((r) => vendorOf(r.description) === 'openai').map((r) => created.get(r.description));
    assert.deepEqual(openAi, [...openAi].sort((a, b) => b - a), 'OpenAI models newest first');

    const gpt4o = rows.find((r) => r.description === 'openai/gpt-4o');
    const gpt4oEntry = catalog.find((m) => m.id === 'openai/gpt-4o');
    const [inPrice, outPrice] = pricesPerMillion(gpt4o.detail) ?? [];
    assert.ok(close(inPrice, Number(gpt4oEntry.pricing.prompt) * 1e6), `input price in "${gpt4o.detail}"`);
    assert.ok(close(outPrice, Number(gpt4oEntry.pricing.completion) * 1e6), `output price in "${gpt4o.detail}"`);
    assert.match(gpt4o.detail, /128K context/);
    assert.equal(gpt4o.label, 'GPT-4o', 'no "OpenAI:" prefix: the vendor is named once');
    assert.doesNotMatch(gpt4o.detail, /OpenAI/);

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

  // A new user's first minutes with a model id that does not exist, in the same window.
  test('an unknown model: the status bar tooltip says the loaded list lacks it', async () => {
    const settingsPath = vscode.workspacePath('.vscode', 'settings.json');
    // The workspace may have no settings file yet: the fake's base URL lives in the user's settings.
    const settings = fs.existsSync(settingsPath) ? JSON.parse(fs.readFileSync(settingsPath, 'utf8')) : {};
    fs.mkdirSync(path.dirname(settingsPath), { recursive: true });
    fs.writeFileSync(settingsPath, `${JSON.stringify({ ...settings, 'docsmith.model': 'nope/nothing' }, null, 2)}\n`);
    await vscode.workbench.waitForStatusBarText('docsmith.model', '$(sparkle) nothing');
    const tooltip = await vscode.workbench.statusBarTooltip('docsmith.model');
    assert.match(tooltip, /not in the OpenRouter model list/);
    assert.doesNotMatch(tooltip, /until the model list loads/);
    assert.match(tooltip, /API key\s+none/);
  });

  const KEY = 'sk-or-v1-e2e-models-5c1a';

  test('no key: Set API Key from the error, then Resume runs the command that needed it', async () => {
    await vscode.workbench.openFile('src/a.ts');
    await vscode.runCommand('Docsmith: Generate Docs for Current File');
    await vscode.workbench.waitForNotification(/No API key for OpenRouter/);
    await vscode.workbench.clickNotificationButton(/No API key for OpenRouter/, 'Set API Key');
    await vscode.typeIntoInput(KEY);
    const stored = await vscode.workbench.waitForNotification(/stored your OpenRouter API key/);
    assert.deepEqual(stored.buttons, ['Resume Generate Docs for Current File']);
    await vscode.workbench.clickNotificationButton(/stored your OpenRouter API key/, 'Resume Generate Docs for Current File');
    // Resumed: the command goes on to check the model (next test).
    await vscode.workbench.waitForDialog({ timeout: 60_000 });
  });

  test('a model missing from the loaded list is asked about before any request; its 400 reads "not available" with Select Model', async () => {
    const dialog = await vscode.workbench.waitForDialog();
    assert.match(dialog.message, /Model .nope\/nothing. is not in the OpenRouter model list/);
    assert.ok(dialog.buttons.includes('Select Model') && dialog.buttons.includes('Use Anyway'), `buttons: ${dialog.buttons}`);
    assert.equal(fake.chatRequests.length, 0, 'nothing is sent before the user answers');
    await vscode.screenshot('unknown-model-asked');

    // Used anyway, OpenRouter answers as it does for an id it does not know.
    fake.enqueue({ kind: 'error', status: 400, message: 'nope/nothing is not a valid model ID' });
    await vscode.workbench.clickDialogButton('Use Anyway');
    const error = await vscode.workbench.waitForNotification(/is not available on OpenRouter/, { timeout: 60_000 });
    assert.match(error.message, /^Model .nope\/nothing. is not available on OpenRouter$/);
    assert.deepEqual(error.buttons, ['Select Model']);
    await vscode.screenshot('model-not-available');

    // The stopped preview does not linger, and the log has the server's words without a stack trace.
    const tabs = (await vscode.workbench.editorGroups()).flatMap((g) => g.tabs);
    assert.ok(!tabs.some((t) => /writing/.test(t)), `no stopped preview left open: ${tabs.join(', ')}`);
    const log = await vscode.workbench.poll(() => vscode.readOutputChannel('Docsmith'), (text) => /not a valid model ID/.test(text), { what: 'the error in the log' });
    assert.doesNotMatch(log, /\n\s+at \S+ \(/, 'no stack trace at the default log level');
  });

  test('after Clear API Key the model tooltip says there is no key', async () => {
    let tooltip = await vscode.workbench.statusBarTooltip('docsmith.model');
    assert.match(tooltip, /API key\s+stored/);
    await vscode.runCommand('Docsmith: Clear API Key');
    await vscode.workbench.pickQuickPickItem('OpenRouter');
    await vscode.workbench.waitForNotification(/removed the OpenRouter API key/);
    tooltip = await vscode.workbench.poll(() => vscode.workbench.statusBarTooltip('docsmith.model'), (t) => /API key\s+none/.test(t), { what: 'the tooltip to say there is no key' });
    assert.match(tooltip, /Set API Key/);
  });
});
