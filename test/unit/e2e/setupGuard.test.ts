/**
 * The e2e toolchain set-up never installs into a shared toolchain: when test/e2e/node_modules is a
 * symbolic link whose target lacks the toolchain, it says what is missing and stops, leaving the
 * target as it was.
 */
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const E2E_DIR = path.resolve(__dirname, '../../../../test/e2e');

/** A copy of the set-up script and its package.json whose node_modules is a link to `target`. */
function e2eCopyLinkedTo(target: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'docsmith-e2e-setup-'));
  for (const name of ['setup.mjs', 'package.json']) fs.copyFileSync(path.join(E2E_DIR, name), path.join(dir, name));
  fs.symlinkSync(target, path.join(dir, 'node_modules'));
  return dir;
}

function runSetup(dir: string): { status: number | null; stderr: string } {
  const run = spawnSync(process.execPath, [path.join(dir, 'setup.mjs')], { encoding: 'utf8', timeout: 30_000 });
  return { status: run.status, stderr: run.stderr };
}

describe('e2e set-up with a shared toolchain behind a symbolic link', () => {
  const made: string[] = [];
  after(() => {
    for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('stops and names what is missing, leaving the linked folder untouched, when the toolchain is incomplete', () => {
    const shared = fs.mkdtempSync(path.join(os.tmpdir(), 'docsmith-shared-toolchain-'));
    fs.writeFileSync(path.join(shared, 'someone-else.txt'), 'kept');
    const dir = e2eCopyLinkedTo(shared);
    made.push(shared, dir);

    const run = runSetup(dir);

    assert.equal(run.status, 1, run.stderr);
    assert.match(run.stderr, /symbolic link to the shared e2e toolchain/);
    assert.match(run.stderr, /setup marker/);
    assert.match(run.stderr, /code-server\/out\/node\/entry\.js/);
    assert.match(run.stderr, /Nothing was installed/);
    assert.deepEqual(fs.readdirSync(shared), ['someone-else.txt']);
    assert.ok(fs.lstatSync(path.join(dir, 'node_modules')).isSymbolicLink(), 'the link itself is kept');
  });

  it('says the link dangles when its target does not exist', () => {
    const missing = path.join(os.tmpdir(), `docsmith-no-toolchain-${process.pid}`);
    const dir = e2eCopyLinkedTo(missing);
    made.push(dir);

    const run = runSetup(dir);

    assert.equal(run.status, 1, run.stderr);
    assert.match(run.stderr, /which does not exist/);
    assert.equal(fs.existsSync(missing), false, 'nothing was created at the link target');
  });
});
