// `npm run try [-- <folder>] [-- --fake] [-- --port N]`: builds and packages Docsmith, installs it
// into real VS Code (code-server) and opens it on a folder, printing the URL to open in a browser.
// Default folder: a fresh copy of test/fixtures/workspaces/ts-sample. `--fake` points OpenRouter at
// the fake LLM server (no key, no cost). Ctrl-C stops everything.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { quietUserSettings, repoRoot, startFakeLlm, vsixPath } from './harness.mjs';
import { installExtension, startCodeServer, stopProcessGroup } from './processes.mjs';
import { e2eDir, setup } from './setup.mjs';

function parseArgs(argv) {
  const args = { folder: undefined, fake: false, port: undefined };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--fake') args.fake = true;
    else if (argv[i] === '--port') args.port = Number(argv[++i]);
    else if (argv[i] === '--help' || argv[i] === '-h') {
      console.log('usage: npm run try -- [folder] [--fake] [--port N]');
      process.exit(0);
    } else args.folder = path.resolve(argv[i]);
  }
  return args;
}

function run(command, args) {
  console.error(`[try] $ ${command} ${args.join(' ')}`);
  const status = spawnSync(command, args, { cwd: repoRoot, stdio: 'inherit' }).status;
  if (status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${status})`);
}

const args = parseArgs(process.argv.slice(2));
setup();
run('npm', ['run', 'package']);

const tryDir = path.join(e2eDir, '.run', 'try');
const dirs = {
  root: tryDir,
  userData: path.join(tryDir, 'user-data'),
  extensions: path.join(tryDir, 'extensions'),
  xdgConfig: path.join(tryDir, 'xdg-config'),
  xdgData: path.join(tryDir, 'xdg-data'),
};
for (const dir of Object.values(dirs)) fs.mkdirSync(dir, { recursive: true });
const userSettingsPath = path.join(dirs.userData, 'User', 'settings.json');
if (!fs.existsSync(userSettingsPath)) {
  fs.mkdirSync(path.dirname(userSettingsPath), { recursive: true });
  fs.writeFileSync(userSettingsPath, `${JSON.stringify(quietUserSettings, null, 2)}\n`);
}

let workspace = args.folder;
const sample = path.join(repoRoot, 'test', 'fixtures', 'workspaces', 'ts-sample');
if (!workspace) {
  if (!fs.existsSync(sample)) throw new Error('No folder given and test/fixtures/workspaces/ts-sample does not exist');
  workspace = path.join(tryDir, 'ts-sample');
  fs.rmSync(workspace, { recursive: true, force: true });
  const prepare = path.join(repoRoot, 'out', 'test', 'fixtures', 'workspaces', 'prepare.js');
  if (fs.existsSync(prepare)) await createRequire(import.meta.url)(prepare).prepareFixture('ts-sample', workspace);
  else fs.cpSync(sample, workspace, { recursive: true });
}

let fake;
if (args.fake) {
  run('npx', ['tsc', '-p', 'tsconfig.test.json']);
  fake = await startFakeLlm();
  // Base URLs count only in the user's settings (a workspace cannot redirect the key).
  const settings = JSON.parse(fs.readFileSync(userSettingsPath, 'utf8'));
  settings['docsmith.openrouter.baseUrl'] = fake.openRouterBaseUrl;
  fs.writeFileSync(userSettingsPath, `${JSON.stringify(settings, null, 2)}\n`);
  console.error(`[try] fake LLM server at ${fake.url}; any key works (e.g. sk-or-v1-try)`);
}

installExtension(dirs, vsixPath);
const server = await startCodeServer(dirs, workspace, {}, path.join(tryDir, 'code-server.log'), args.port);
const url = `${server.url}/?folder=${encodeURIComponent(workspace)}`;
console.log(`\nDocsmith is running in VS Code (code-server) on ${workspace}\n\n  Open ${url}\n\nPress Ctrl-C to stop.`);

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  await stopProcessGroup(server.pid);
  await fake?.stop();
  process.exit(0);
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
setInterval(() => {}, 1 << 30);
