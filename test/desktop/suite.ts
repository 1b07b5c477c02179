/**
 * The desktop suite, run inside VS Code's extension host by runTest.ts: the extension activates,
 * every command of package.json is registered, and Generate Docs documents the sample workspace
 * against the fake LLM server. Plain `node:assert`; each check runs in order and the first
 * failure rejects `run()`, which fails the test run.
 */
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DocRunSummary } from '../../src/core/docs/runSummary';

const EXTENSION_ID = 'docsmith.docsmith';

const checks: Array<[string, () => Promise<void>]> = [
  [
    'the extension activates',
    async () => {
      const extension = vscode.extensions.getExtension(EXTENSION_ID);
      assert.ok(extension, `${EXTENSION_ID} is installed`);
      await extension.activate();
      assert.equal(extension.isActive, true);
    },
  ],
  [
    'every contributed command is registered',
    async () => {
      const contributed = (vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as { contributes: { commands: { command: string }[] } }).contributes.commands;
      const registered = new Set(await vscode.commands.getCommands(true));
      const missing = contributed.map((c) => c.command).filter((id) => !registered.has(id));
      assert.deepEqual(missing, []);
    },
  ],
  [
    'Generate Docs documents the sample workspace against the fake LLM server',
    async () => {
      const key = process.env.DOCSMITH_DESKTOP_KEY;
      assert.ok(key, 'runTest.ts passes the fake key');
      assert.equal(await vscode.commands.executeCommand('docsmith.setApiKey', 'openrouter', key), true);
      const summary = await vscode.commands.executeCommand<DocRunSummary | undefined>('docsmith.generateDocs');
      assert.ok(summary, 'the run returned a summary');
      assert.equal(summary.ok, true, `run failed: ${JSON.stringify(summary.failed)}`);
      const folder = vscode.workspace.workspaceFolders?.[0];
      assert.ok(folder, 'the sample workspace is open');
      const readme = await fs.readFile(path.join(folder.uri.fsPath, 'docs', 'generated', 'README.md'), 'utf8');
      assert.match(readme, /\S/, 'the overview page was written');
    },
  ],
];

/** Entry point `@vscode/test-electron` calls inside the extension host. */
export async function run(): Promise<void> {
  for (const [name, check] of checks) {
    try {
      await check();
      console.log(`ok - ${name}`);
    } catch (error) {
      console.log(`not ok - ${name}`);
      throw error;
    }
  }
  console.log(`${checks.length} passed, 0 failed`);
}
