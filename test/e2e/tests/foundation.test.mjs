// The foundation in real VS Code: the packaged VSIX installed into code-server, driven through Chromium.
// The extension activates, every command is in the palette, both status bar items show, and
// Set API Key typed into the password box lands in VS Code's secret store and nowhere else.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { filesContaining } from '../harness.mjs';
import { e2eSuite } from '../suiteHooks.mjs';

/** The command titles of PRODUCT.md, as the palette shows them (category "Docsmith"). */
const PRODUCT_COMMANDS = [
  'Generate Docs',
  'Generate Docs for Current File',
  'Add Doc Comments to Current File',
  'Select Model',
  'Select Provider',
  'Set API Key',
  'Clear API Key',
  'Show Session Cost',
  'Reset Session Cost',
  'Refresh Model List',
  'Open Docs',
  'Update Stale Docs',
  'Write a Guide…',
].map((title) => `Docsmith: ${title}`);

const CANARY_KEY = `sk-or-v1-e2e-canary-${Date.now().toString(36)}-7d1f0c`;

describe('foundation: Docsmith in real VS Code', { timeout: 300_000 }, () => {
  const { fake, elsewhere, vscode } = e2eSuite({
    // A cloned repository's settings name another host (`elsewhere`): the stored key must never go there.
    fakes: { fake: {}, elsewhere: {} },
    launch: ({ fake, elsewhere }) => ({
      name: 'foundation',
      userSettings: { 'docsmith.openrouter.baseUrl': fake.openRouterBaseUrl },
      settings: { 'docsmith.openrouter.baseUrl': elsewhere.openRouterBaseUrl },
      files: { 'src/math.ts': 'export function add(a: number, b: number): number {\n  return a + b;\n}\n' },
    }),
  });

  test('the workbench loads with the extension active', async () => {
    const log = await vscode.waitForOutputChannel(/Docsmith \S+ activated/);
    assert.match(log, /Docsmith \S+ activated/, 'the Docsmith output channel reports activation');
    const errors = (await vscode.readNotifications()).filter((n) => n.severity === 'error');
    assert.deepEqual(errors, [], 'no error notification at startup');
  });

  test('both status bar items are visible, model first, then the session cost', async () => {
    const cost = await vscode.workbench.statusBarItem('docsmith.cost');
    const model = await vscode.workbench.statusBarItem('docsmith.model');
    assert.ok(cost?.visible, 'docsmith.cost is shown');
    assert.ok(model?.visible, 'docsmith.model is shown');
    // `$(book) $0.0000` renders as the book codicon followed by the text.
    assert.equal(await vscode.statusBarText('docsmith.cost'), '$(book) $0.0000');
    assert.deepEqual(cost.icons, ['book']);
    assert.equal(cost.text, '$0.0000');
    // No model configured: OpenRouter's free default, shown by its short name.
    assert.equal(await vscode.statusBarText('docsmith.model'), '$(sparkle) gpt-oss-20b:free');
    const boxes = await vscode.page.evaluate(() =>
      ['docsmith.docsmith.docsmith.model', 'docsmith.docsmith.docsmith.cost'].map((id) => {
        const r = document.getElementById(id).getBoundingClientRect();
        return { left: r.left, right: r.right, top: r.top };
      }),
    );
    assert.ok(boxes[0].right <= boxes[1].left + 1 && boxes[1].left - boxes[0].right < 20, `adjacent: ${JSON.stringify(boxes)}`);
    assert.equal(boxes[0].top, boxes[1].top);
  });

  test('every Docsmith command of PRODUCT.md appears in the command palette', async () => {
    // The file commands show only with a file in the editor, so open one as a user would.
    await vscode.workbench.openFile('src/math.ts');
    const listed = await vscode.listPaletteCommands('Docsmith:');
    assert.deepEqual([...listed].sort(), [...PRODUCT_COMMANDS].sort());
  });

  test('Set API Key stores the key in SecretStorage; a later command uses it; it is written nowhere else', async () => {
    await vscode.runCommand('Docsmith: Set API Key');
    const input = await vscode.workbench.currentInput();
    assert.equal(input.type, 'password', 'the key is typed into a password box');
    assert.match(input.title, /OpenRouter/);
    await vscode.typeIntoInput(CANARY_KEY);
    await vscode.workbench.waitForNotification(/stored your OpenRouter API key/);

    // A later command reads it: Select Model lists the catalog with the stored key.
    fake.reset();
    await vscode.runCommand('Docsmith: Select Model');
    await vscode.workbench.quickPickItems({ min: 5, all: false });
    await vscode.workbench.closeQuickInput();
    const modelRequests = fake.requests.filter((r) => r.path.endsWith('/models'));
    assert.ok(modelRequests.length > 0, 'Select Model fetched the model list');
    assert.equal(modelRequests[0].headers.authorization, `Bearer ${CANARY_KEY}`);
    assert.deepEqual(elsewhere.requests, [], 'the base URL in the workspace settings was not used');

    // Select Provider shows OpenRouter as having a key, also after a window reload.
    await vscode.reload();
    await vscode.runCommand('Docsmith: Select Provider');
    const providers = await vscode.workbench.quickPickItems({ min: 3 });
    await vscode.workbench.closeQuickInput();
    const openRouter = providers.find((p) => p.label === 'OpenRouter');
    assert.match(openRouter?.description ?? '', /key stored/);
    assert.match(providers.find((p) => p.label === 'OpenAI')?.description ?? '', /no key/);
    // docsmith.provider is auto by default: with only the OpenRouter key stored it resolves to
    // OpenRouter, and both Select Provider and the model tooltip say so and why.
    const auto = providers.find((p) => p.label === 'Auto');
    assert.match(auto?.description ?? '', /now OpenRouter/);
    assert.match(auto?.detail ?? '', /OpenRouter has a stored API key/);
    assert.match(await vscode.workbench.statusBarTooltip('docsmith.model'), /OpenRouter \(auto: OpenRouter has a stored API key\)/);

    // VS Code's own secret store in code-server: browser localStorage `secrets.provider`, sealed
    // with AES-GCM (half of the key from the server's /mint-key). It holds an entry, not the text.
    const sealed = await vscode.page.evaluate(() => localStorage.getItem('secrets.provider'));
    assert.ok(sealed && sealed.length > 40, 'the secret store has an entry');
    assert.ok(!sealed.includes(CANARY_KEY), 'the stored secret is encrypted');

    // Nowhere else: no file of the user data folder (settings, state databases, logs), the
    // extensions folder or the workspace holds the key, and the output channel never printed it.
    assert.deepEqual(filesContaining(vscode.dirs.userData, CANARY_KEY), []);
    assert.deepEqual(filesContaining(vscode.dirs.extensions, CANARY_KEY), []);
    assert.deepEqual(filesContaining(vscode.dirs.workspace, CANARY_KEY), []);
    assert.ok(!vscode.readOutputChannel('Docsmith').includes(CANARY_KEY));
    assert.deepEqual(elsewhere.requests, [], 'nothing, key or not, went to the workspace\'s host');
  });
});
