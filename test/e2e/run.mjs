// `npm run test:e2e`: installs the e2e toolchain if needed, makes sure docsmith.vsix and the
// compiled fixtures are current, then runs test/e2e/tests/*.test.mjs with Node's test runner,
// one file at a time (each starts its own code-server and Chromium). Ends with node's summary.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot, vsixPath } from './harness.mjs';
import { e2eDir, setup } from './setup.mjs';

function newestMtime(paths) {
  let newest = 0;
  const visit = (p) => {
    let stat;
    try {
      stat = fs.statSync(p);
    } catch {
      return;
    }
    if (stat.isDirectory()) for (const name of fs.readdirSync(p)) visit(path.join(p, name));
    else newest = Math.max(newest, stat.mtimeMs);
  };
  paths.forEach(visit);
  return newest;
}

function mtime(p) {
  try {
    return fs.statSync(p).mtimeMs;
  } catch {
    return 0;
  }
}

function run(command, args) {
  process.stderr.write(`[e2e] $ ${command} ${args.join(' ')}\n`);
  return spawnSync(command, args, { cwd: repoRoot, stdio: 'inherit' }).status;
}

setup();

const extensionSources = ['src', 'package.json', 'package.nls.json', 'media', 'esbuild.js'].map((p) => path.join(repoRoot, p));
if (mtime(vsixPath) < newestMtime(extensionSources)) {
  if (run('npm', ['run', 'package']) !== 0) process.exit(1);
}

const fixtureSources = path.join(repoRoot, 'test', 'fixtures');
const compiledFixture = path.join(repoRoot, 'out', 'test', 'fixtures', 'fakeLlm', 'fakeLlmServer.js');
if (mtime(compiledFixture) < newestMtime([fixtureSources])) {
  // Type errors elsewhere in the repository do not stop tsc from emitting; the check below does.
  run('npx', ['tsc', '-p', 'tsconfig.test.json']);
  if (!fs.existsSync(compiledFixture)) {
    console.error(`[e2e] ${compiledFixture} was not built`);
    process.exit(1);
  }
}

const testsDir = path.join(e2eDir, 'tests');
const only = process.argv.slice(2);
const files = fs
  .readdirSync(testsDir)
  .filter((f) => f.endsWith('.test.mjs'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort()
  .map((f) => path.join(testsDir, f));

const status = spawnSync(process.execPath, ['--test', '--test-concurrency=1', ...files], { cwd: repoRoot, stdio: 'inherit' }).status;
process.exit(status ?? 1);
