// Workspaces in real VS Code: a multi-root workspace. Generate Docs asks which folder to document
// before anything else, and without a key it stops with the missing-key message and its Set API Key button.
// In Restricted Mode and with no folder open, it says what is needed and writes nothing.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, test } from 'node:test';
import { e2eSuite } from '../suiteHooks.mjs';

describe('workspace shapes: multi-root', { timeout: 300_000 }, () => {
  const { vscode } = e2eSuite({
    launch: () => ({
      name: 'multiroot',
      files: {
        'app/src/main.ts': 'export function main(): number {\n  return 1;\n}\n',
        'lib/src/util.ts': 'export const one = 1;\n',
        'both.code-workspace': `${JSON.stringify({ folders: [{ path: 'app' }, { path: 'lib' }] }, null, 2)}\n`,
      },
      workspaceFile: 'both.code-workspace',
    }),
    screenshots: 'end',
  });

  test('Generate Docs asks which folder, then asks for the missing key and writes nothing', async () => {
    await vscode.runCommand('Docsmith: Generate Docs');
    const rows = await vscode.workbench.quickPickItems({ min: 2 });
    assert.deepEqual(rows.map((r) => r.label).sort(), ['app', 'lib'], 'one row per workspace folder');
    // Keyboard, as a user filtering the list would: a hover over a row can cover the mouse target.
    await vscode.typeIntoInput('lib');
    const toast = await vscode.workbench.waitForNotification(/No API key for OpenRouter/);
    assert.ok(toast.buttons.includes('Set API Key'), `buttons: ${toast.buttons.join(', ')}`);
    for (const folder of ['app', 'lib']) {
      assert.equal(fs.existsSync(vscode.workspacePath(folder, 'docs')), false, `nothing written in ${folder}`);
    }
  });
});

describe('workspace shapes: Restricted Mode', { timeout: 300_000 }, () => {
  const { vscode } = e2eSuite({
    launch: () => ({
      name: 'untrusted',
      workspaceTrust: true,
      // Trust is on and never prompted for: the folder opens in Restricted Mode.
      userSettings: { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never' },
      files: { 'src/main.ts': 'export function main(): number {\n  return 1;\n}\n' },
    }),
    screenshots: 'end',
  });

  test('Generate Docs says it needs a trusted workspace, offers to manage trust and writes nothing', async () => {
    await vscode.runCommand('Docsmith: Generate Docs');
    const toast = await vscode.workbench.waitForNotification(/only in a trusted workspace/);
    assert.ok(toast.buttons.includes('Manage Workspace Trust'), `buttons: ${toast.buttons.join(', ')}`);
    assert.equal(fs.existsSync(vscode.workspacePath('docs')), false, 'nothing written');
  });
});

describe('workspace shapes: no folder open', { timeout: 300_000 }, () => {
  const { vscode } = e2eSuite({ launch: () => ({ name: 'nofolder', noFolder: true }), screenshots: 'end' });

  test('Generate Docs asks the user to open a folder first', async () => {
    await vscode.runCommand('Docsmith: Generate Docs');
    await vscode.workbench.waitForNotification(/open a folder first/);
    assert.equal(fs.existsSync(vscode.workspacePath('docs')), false, 'nothing written');
  });
});
