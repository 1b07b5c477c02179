// The set-up every e2e suite shares, as node:test hooks of the enclosing `describe`: fake LLM
// servers, one VS Code session (launched once, since each launch costs 30–40 s), a screenshot of
// what the user saw after each test, and after the suite the session closed, then the servers.
import { after, afterEach, before } from 'node:test';
import { launchVsCode, startFakeLlm } from './harness.mjs';

/**
 * An object standing for `current()`'s value, which exists once the suite's `before` ran: its
 * fields and bound methods are read through, and fields written to it land on the value.
 */
function standIn(current, what) {
  const value = () => {
    const started = current();
    if (started === undefined) throw new Error(`the ${what} starts with the suite`);
    return started;
  };
  return new Proxy(
    {},
    {
      get: (_target, key) => {
        const field = Reflect.get(value(), key);
        return typeof field === 'function' ? field.bind(value()) : field;
      },
      set: (_target, key, field) => Reflect.set(value(), key, field),
    },
  );
}

/**
 * Declares the suite's set-up and returns stand-ins for what it starts: `vscode`, and one fake
 * server per name of `fakes`.
 * @param {object} suite
 * @param {Record<string, object>} [suite.fakes] fake LLM servers to start first, by name → their options
 * @param {(fakes: Record<string, object>) => object} suite.launch the options of launchVsCode, given
 *   the started servers (for their base URLs)
 * @param {string} [suite.apiKey] stored through Docsmith: Set API Key once the window is up
 * @param {'each'|'end'} [suite.screenshots] a screenshot after each test (default), or one before
 *   the session closes; named after the launch's `name`
 */
export function e2eSuite({ fakes = {}, launch, apiKey, screenshots = 'each' }) {
  const servers = {};
  let vscode;
  let name = 'e2e';
  before(async () => {
    for (const [key, options] of Object.entries(fakes)) servers[key] = await startFakeLlm(options);
    const launchOptions = launch(servers);
    name = launchOptions.name ?? name;
    vscode = await launchVsCode(launchOptions);
    if (apiKey !== undefined) {
      await vscode.runCommand('Docsmith: Set API Key');
      await vscode.typeIntoInput(apiKey);
      await vscode.workbench.waitForNotification(/stored your OpenRouter API key/);
    }
  });
  // What the user saw, for diagnosis: test/e2e/.run/screenshots/.
  if (screenshots === 'each') {
    afterEach(async (t) => {
      await vscode?.screenshot(`${name}-${t.name.slice(0, 40).replace(/[^\w]+/g, '-')}`).catch(() => undefined);
    });
  }
  after(async () => {
    if (screenshots === 'end') await vscode?.screenshot(`${name}-end`).catch(() => undefined);
    await vscode?.close();
    for (const server of Object.values(servers)) await server.stop();
  });
  const standIns = { vscode: standIn(() => vscode, 'VS Code session') };
  for (const key of Object.keys(fakes)) standIns[key] = standIn(() => servers[key], `fake server ${key}`);
  return standIns;
}
