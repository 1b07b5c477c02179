/**
 * `npm run test:desktop`: the extension in desktop VS Code through `@vscode/test-electron`.
 * It needs a VS Code build: the one `VSCODE_EXECUTABLE_PATH` names, or one downloaded from the
 * VS Code update service (network). Where neither is possible it says why it did not run and
 * exits with code 2, so no CI job can mistake it for a pass. It is not part of `npm test`.
 *
 * The suite (suite.ts) runs inside the extension host, on a copy of the TypeScript sample
 * workspace, with OpenRouter pointed at the fake LLM server this process starts.
 */
import { existsSync, promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';
import { startFakeLlm } from '../fixtures/fakeLlm/fakeLlmServer';
import { prepareFixture } from '../fixtures/workspaces/prepare';

/** Key the fake requires; the suite stores it with Set API Key. */
export const DESKTOP_TEST_KEY = 'sk-or-v1-desktoptestkey00000000';

/** Why the suite cannot run here, or undefined when it can: the executable, or the download. */
async function findVsCode(): Promise<{ executable: string } | { reason: string }> {
  const given = process.env.VSCODE_EXECUTABLE_PATH;
  if (given) {
    return existsSync(given) ? { executable: given } : { reason: `VSCODE_EXECUTABLE_PATH is ${given}, which does not exist.` };
  }
  try {
    return { executable: await downloadAndUnzipVSCode({ version: 'stable', timeout: 20_000 }) };
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return { reason: `desktop VS Code could not be downloaded (${why}). Set VSCODE_EXECUTABLE_PATH to a VS Code executable, or run where the VS Code update service can be reached.` };
  }
}

async function main(): Promise<number> {
  const repoRoot = path.resolve(__dirname, '..', '..', '..');
  const found = await findVsCode();
  if ('reason' in found) {
    process.stderr.write(`test:desktop did not run: ${found.reason}\n`);
    return 2;
  }
  const work = await fs.mkdtemp(path.join(os.tmpdir(), 'docsmith-desktop-'));
  const fake = await startFakeLlm({ requireKey: DESKTOP_TEST_KEY });
  try {
    const workspace = (await prepareFixture('ts-sample', path.join(work, 'ts-sample'))).root;
    // User settings (a workspace can neither move a base URL nor raise the confirmation threshold):
    // OpenRouter at the fake, no confirmation for the sample's tiny estimate.
    const userData = path.join(work, 'user-data');
    await fs.mkdir(path.join(userData, 'User'), { recursive: true });
    await fs.writeFile(
      path.join(userData, 'User', 'settings.json'),
      JSON.stringify({ 'docsmith.openrouter.baseUrl': fake.openRouterBaseUrl, 'docsmith.confirmCostAbove': 1000 }, null, 2),
    );
    await runTests({
      vscodeExecutablePath: found.executable,
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: path.join(__dirname, 'suite.js'),
      extensionTestsEnv: { DOCSMITH_DESKTOP_KEY: DESKTOP_TEST_KEY },
      launchArgs: [workspace, '--disable-workspace-trust', '--disable-extensions', '--user-data-dir', userData],
    });
    return 0;
  } catch (error) {
    process.stderr.write(`test:desktop failed: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  } finally {
    await fake.stop();
    await fs.rm(work, { recursive: true, force: true });
  }
}

void main().then((code) => {
  process.exitCode = code;
});
