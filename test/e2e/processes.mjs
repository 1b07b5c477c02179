// Starts and stops the two processes an end-to-end test drives: code-server (real VS Code, on
// Node 24 from test/e2e/node_modules) and Debian's Chromium. Each is started in its own process
// group so that teardown can end it and its children by the id we got, and nothing else.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import { chromiumPath, codeServerEntry, node24Bin } from './setup.mjs';

/** Chromium flags that keep it off the (closed) network and quiet, per TESTING.md. */
export const chromiumFlags = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
  '--disable-breakpad',
  '--disable-crash-reporter',
  '--window-size=1400,900',
];

/** A TCP port on 127.0.0.1 that nothing listens on right now. */
export async function freePort() {
  const server = net.createServer();
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Ends the process group led by `pid` (a process we spawned detached): TERM, then KILL. */
export async function stopProcessGroup(pid, graceMs = 4000) {
  if (!pid) return;
  const signal = (sig) => {
    try {
      process.kill(-pid, sig);
    } catch {
      try {
        process.kill(pid, sig);
      } catch {
        /* already gone */
      }
    }
  };
  signal('SIGTERM');
  const deadline = Date.now() + graceMs;
  while (isAlive(pid) && Date.now() < deadline) await sleep(100);
  signal('SIGKILL');
}

function codeServerArgs(dirs) {
  return ['--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions];
}

/** Environment for code-server: its config and data under our temp folder, not the user's home. */
function codeServerEnv(dirs, extraEnv) {
  const inherited = { ...process.env };
  // Keys from the developer's shell would make Docsmith offer to store them; tests pass keys explicitly.
  for (const name of ['OPENROUTER_API_KEY', 'OPENAI_API_KEY', 'ANTHROPIC_API_KEY']) delete inherited[name];
  return {
    ...inherited,
    XDG_CONFIG_HOME: dirs.xdgConfig,
    XDG_DATA_HOME: dirs.xdgData,
    ...extraEnv,
  };
}

/** `code-server --install-extension <vsix>` into the fresh extensions folder. */
export function installExtension(dirs, vsixPath) {
  const result = spawnSync(node24Bin, [codeServerEntry, ...codeServerArgs(dirs), '--install-extension', vsixPath, '--force'], {
    env: codeServerEnv(dirs, {}),
    encoding: 'utf8',
    timeout: 120_000,
  });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  if (result.status !== 0 || !/successfully installed/i.test(output)) {
    throw new Error(`Installing ${vsixPath} into code-server failed (exit ${result.status}):\n${output}`);
  }
  return output;
}

/** Starts code-server on a free port and resolves once `/healthz` answers. */
export async function startCodeServer(dirs, workspace, extraEnv = {}, logPath, wantedPort, { workspaceTrust = false } = {}) {
  const port = wantedPort ?? (await freePort());
  const args = [
    codeServerEntry,
    ...codeServerArgs(dirs),
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    // Workspace trust is off unless a test is about Restricted Mode.
    ...(workspaceTrust ? [] : ['--disable-workspace-trust']),
    '--disable-getting-started-override',
    workspace,
  ];
  const log = fs.openSync(logPath, 'a');
  const child = spawn(node24Bin, args, { env: codeServerEnv(dirs, extraEnv), detached: true, stdio: ['ignore', log, log] });
  fs.closeSync(log);
  let exited = false;
  child.once('exit', () => (exited = true));
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (exited) throw new Error(`code-server exited at start:\n${fs.readFileSync(logPath, 'utf8').slice(-3000)}`);
    if (Date.now() > deadline) {
      await stopProcessGroup(child.pid);
      throw new Error('code-server did not answer /healthz within 90 s');
    }
    try {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (res.ok) break;
    } catch {
      /* not listening yet */
    }
    await sleep(200);
  }
  return { pid: child.pid, port, url: `http://127.0.0.1:${port}` };
}

/** Starts Chromium with a fresh profile and a DevTools port; resolves with its pid and ws endpoint. */
export async function startChromium(profileDir, logPath) {
  const child = spawn(chromiumPath, [...chromiumFlags, `--user-data-dir=${profileDir}`, '--remote-debugging-port=0', 'about:blank'], {
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const log = fs.createWriteStream(logPath);
  const endpoint = await new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`Chromium gave no DevTools endpoint in 30 s:\n${seen.slice(-2000)}`)), 30_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Chromium exited (${code}) at start:\n${seen.slice(-2000)}`));
    });
    child.stderr.on('data', (chunk) => {
      log.write(chunk);
      seen += chunk.toString();
      const match = /DevTools listening on (ws:\/\/\S+)/.exec(seen);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
  });
  child.removeAllListeners('exit');
  return { pid: child.pid, endpoint };
}
