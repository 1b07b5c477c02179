// Starts real VS Code (code-server) with the packaged docsmith.vsix installed, a workspace open and
// Debian's Chromium showing it, and hands a test the page plus the helpers of workbench.mjs.
// Everything lives under a fresh temp folder; teardown ends both processes by their ids.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { installExtension, startChromium, startCodeServer, stopProcessGroup } from './processes.mjs';
import { e2eDir } from './setup.mjs';
import { Workbench, statusBarDomId } from './workbench.mjs';

export const repoRoot = path.resolve(e2eDir, '..', '..');
/** The VSIX under test: `npm run package` output, or DOCSMITH_E2E_VSIX (e.g. a deliberately broken one). */
export const vsixPath = process.env.DOCSMITH_E2E_VSIX ?? path.join(repoRoot, 'docsmith.vsix');
export const screenshotsDir = path.join(e2eDir, '.run', 'screenshots');
const requireFromE2e = createRequire(path.join(e2eDir, 'package.json'));

/** User settings that keep code-server's own noise (welcome page, chat, tips) out of the way. */
export const quietUserSettings = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.disableAIFeatures': true,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'git.enabled': false,
  'security.workspace.trust.enabled': false,
  'window.restoreWindows': 'none',
};

/** Loads a test fixture module compiled by `tsc -p tsconfig.test.json` into out/. */
function requireCompiled(...parts) {
  const compiled = path.join(repoRoot, 'out', 'test', 'fixtures', ...parts);
  if (!fs.existsSync(compiled)) throw new Error(`${compiled} is missing: run npx tsc -p tsconfig.test.json`);
  return requireFromE2e(compiled);
}

/** Process groups still running; killed if this process exits without closing its sessions. */
const liveGroups = new Set();
let exitGuarded = false;

/** Installed with the first session only, so importers with their own signal handling (try.mjs) keep it. */
function guardExit() {
  if (exitGuarded) return;
  exitGuarded = true;
  process.once('exit', () => {
    for (const pid of liveGroups) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.once(signal, () => process.exit(130));
}

/** The fake LLM server (test/fixtures/fakeLlm), listening on 127.0.0.1. */
export async function startFakeLlm(options = {}) {
  const { FakeLlmServer } = requireCompiled('fakeLlm', 'fakeLlmServer.js');
  return new FakeLlmServer(options).start();
}

/**
 * Packages a helper extension of test/e2e/fixtures/<name> into a VSIX in the temp folder (with the
 * repository's vsce) and returns its path, for launchVsCode's `extraVsix`.
 */
export function packageTestExtension(name) {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), `docsmith-${name}-`)), `${name}.vsix`);
  const vsce = path.join(repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce');
  const result = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '-o', out], {
    cwd: path.join(e2eDir, 'fixtures', name),
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`Packaging the ${name} test extension failed:\n${result.stdout}${result.stderr}`);
  return out;
}

/** A fake server script that plays an agent calling the tools a request offers (test/fixtures/fakeLlm/fakeAgent.ts). */
export function fakeAgent(options = {}) {
  return requireCompiled('fakeLlm', 'fakeAgent.js').fakeAgent(options);
}

function copyDir(from, to) {
  fs.cpSync(from, to, { recursive: true, dereference: false, verbatimSymlinks: true });
}

/**
 * Launches VS Code on a workspace.
 * @param {object} options
 * @param {string} [options.name] label for temp folders and screenshots
 * @param {'ts-sample'|'py-sample'} [options.fixture] sample workspace prepared by test/fixtures/workspaces/prepare.ts
 * @param {string} [options.workspaceFrom] folder copied as the workspace (default: an empty one)
 * @param {Record<string,string>} [options.files] extra workspace files (relative path → content)
 * @param {Record<string,unknown>} [options.settings] written to WORKSPACE/.vscode/settings.json
 * @param {Record<string,unknown>} [options.userSettings] merged over quietUserSettings
 * @param {Record<string,string>} [options.env] extra environment for code-server (and its extension host)
 * @param {string} [options.vsix] default: docsmith.vsix in the repo root
 * @param {string[]} [options.extraVsix] other extensions installed beside Docsmith
 * @param {boolean} [options.waitForActivation] wait for Docsmith's status bar item (default true)
 */
export async function launchVsCode(options = {}) {
  const name = options.name ?? 'e2e';
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `docsmith-${name.replace(/[^\w-]/g, '_')}-`));
  const dirs = {
    root,
    userData: path.join(root, 'user-data'),
    extensions: path.join(root, 'extensions'),
    workspace: path.join(root, 'workspace'),
    browserProfile: path.join(root, 'chromium-profile'),
    xdgConfig: path.join(root, 'xdg-config'),
    xdgData: path.join(root, 'xdg-data'),
  };
  for (const dir of Object.values(dirs)) fs.mkdirSync(dir, { recursive: true });
  let fixture;
  if (options.fixture) fixture = await requireCompiled('workspaces', 'prepare.js').prepareFixture(options.fixture, dirs.workspace);
  if (options.workspaceFrom) copyDir(options.workspaceFrom, dirs.workspace);
  for (const [rel, content] of Object.entries(options.files ?? {})) {
    fs.mkdirSync(path.dirname(path.join(dirs.workspace, rel)), { recursive: true });
    fs.writeFileSync(path.join(dirs.workspace, rel), content);
  }
  if (options.settings) {
    fs.mkdirSync(path.join(dirs.workspace, '.vscode'), { recursive: true });
    fs.writeFileSync(path.join(dirs.workspace, '.vscode', 'settings.json'), `${JSON.stringify(options.settings, null, 2)}\n`);
  }
  fs.mkdirSync(path.join(dirs.userData, 'User'), { recursive: true });
  fs.writeFileSync(
    path.join(dirs.userData, 'User', 'settings.json'),
    `${JSON.stringify({ ...quietUserSettings, ...options.userSettings }, null, 2)}\n`,
  );

  const session = new VsCodeSession(name, dirs);
  session.fixture = fixture;
  // A `.code-workspace` file inside the workspace folder opens a multi-root window instead.
  if (options.workspaceFile) session.workspaceFile = path.join(dirs.workspace, options.workspaceFile);
  // An empty window: no folder open at all.
  session.noFolder = options.noFolder === true;
  guardExit();
  try {
    installExtension(dirs, options.vsix ?? vsixPath);
    for (const extra of options.extraVsix ?? []) installExtension(dirs, extra);
    session.codeServer = await startCodeServer(dirs, dirs.workspace, options.env, path.join(root, 'code-server.log'), undefined, {
      workspaceTrust: options.workspaceTrust,
    });
    liveGroups.add(session.codeServer.pid);
    session.chromium = await startChromium(dirs.browserProfile, path.join(root, 'chromium.log'));
    liveGroups.add(session.chromium.pid);
    const { chromium } = requireFromE2e('playwright-core');
    session.browser = await chromium.connectOverCDP(session.chromium.endpoint);
    const context = session.browser.contexts()[0] ?? (await session.browser.newContext());
    session.page = await context.newPage();
    await session.page.setViewportSize({ width: 1400, height: 900 });
    session.workbench = new Workbench(session.page);
    await session.open();
    if (options.waitForActivation !== false) await session.waitForActivation();
    return session;
  } catch (error) {
    await session.screenshot(`${name}-launch-failure`).catch(() => undefined);
    await session.close({ keep: true });
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n(kept ${root} for inspection)`, { cause: error });
  }
}

export class VsCodeSession {
  constructor(name, dirs) {
    this.name = name;
    this.dirs = dirs;
    this.codeServer = undefined;
    this.chromium = undefined;
    this.browser = undefined;
    this.page = undefined;
    this.workbench = undefined;
  }

  get url() {
    if (this.noFolder) return `${this.codeServer.url}/?ew=true`;
    if (this.workspaceFile) return `${this.codeServer.url}/?workspace=${encodeURIComponent(this.workspaceFile)}`;
    return `${this.codeServer.url}/?folder=${encodeURIComponent(this.dirs.workspace)}`;
  }

  /** Loads the workbench on the workspace folder and waits until it is drawn. */
  async open() {
    await this.page.goto(this.url, { waitUntil: 'domcontentloaded', timeout: 60_000 });
    await this.page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 90_000 });
    await this.page.locator('.statusbar').waitFor({ state: 'visible', timeout: 60_000 });
  }

  /** Reloads the window the way `Developer: Reload Window` does, and waits for the workbench again. */
  async reload() {
    await this.page.reload({ waitUntil: 'domcontentloaded' });
    await this.page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 90_000 });
    await this.waitForActivation();
  }

  /** Docsmith activates on startup and creates its status bar items; wait for them. */
  async waitForActivation({ timeout = 90_000 } = {}) {
    await this.page.locator(`.statusbar [id="${statusBarDomId('docsmith.cost')}"]`).waitFor({ state: 'attached', timeout });
  }

  // Thin forwards so tests read as user actions.
  runCommand(title) {
    return this.workbench.runCommand(title);
  }
  listPaletteCommands(prefix) {
    return this.workbench.listPaletteCommands(prefix);
  }
  statusBarText(itemId) {
    return this.workbench.statusBarText(itemId);
  }
  typeIntoInput(text, options) {
    return this.workbench.typeIntoInput(text, options);
  }
  readNotifications() {
    return this.workbench.readNotifications();
  }

  /** Saves a PNG of what the user sees; `name` is a file name under .run/screenshots or a path. */
  async screenshot(name) {
    if (!this.page) return undefined;
    const file = path.isAbsolute(name) ? name : path.join(screenshotsDir, `${name}.png`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    await this.page.screenshot({ path: file });
    return file;
  }

  /**
   * Text of an output channel, read from the log file VS Code writes for it under the user data
   * folder (`logs/<session>/exthost*\/docsmith.docsmith/<name>.log` for a LogOutputChannel,
   * `output_logging_*\/<n>-<name>.log` for a plain one).
   */
  readOutputChannel(name = 'Docsmith') {
    const files = listFiles(path.join(this.dirs.userData, 'logs')).filter((f) => {
      const base = path.basename(f);
      return base === `${name}.log` || new RegExp(`^\\d+-${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.log$`).test(base);
    });
    return files.map((f) => fs.readFileSync(f, 'utf8')).join('');
  }

  /**
   * Waits until the output channel's log file holds a line matching `pattern` (log files are written
   * asynchronously, so a line logged at activation may reach disk seconds later on a loaded machine).
   */
  async waitForOutputChannel(pattern, { name = 'Docsmith', timeoutMs = 30_000 } = {}) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const log = this.readOutputChannel(name);
      if (pattern.test(log) || Date.now() > deadline) return log;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  /** Path inside the workspace. */
  workspacePath(...parts) {
    return path.join(this.dirs.workspace, ...parts);
  }

  /** Ends Chromium and code-server by their process ids and removes the temp folder. */
  async close({ keep = process.env.DOCSMITH_E2E_KEEP === '1' } = {}) {
    await this.browser?.close().catch(() => undefined);
    await stopProcessGroup(this.chromium?.pid);
    await stopProcessGroup(this.codeServer?.pid);
    liveGroups.delete(this.chromium?.pid);
    liveGroups.delete(this.codeServer?.pid);
    this.browser = undefined;
    this.chromium = undefined;
    this.codeServer = undefined;
    if (!keep) fs.rmSync(this.dirs.root, { recursive: true, force: true, maxRetries: 3 });
  }
}

/** Every regular file below `dir` (symlinks not followed). */
export function listFiles(dir) {
  const out = [];
  const walk = (d) => {
    let entries;
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) out.push(full);
    }
  };
  walk(dir);
  return out;
}

/** Files below `dir` whose bytes contain `needle` as UTF-8 or UTF-16LE. */
export function filesContaining(dir, needle) {
  const patterns = [Buffer.from(needle, 'utf8'), Buffer.from(needle, 'utf16le')];
  return listFiles(dir).filter((file) => {
    let bytes;
    try {
      bytes = fs.readFileSync(file);
    } catch {
      return false;
    }
    return patterns.some((p) => bytes.includes(p));
  });
}

