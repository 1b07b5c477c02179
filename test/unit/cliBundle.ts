/**
 * The CLI as users run it: `dist/cli.js` built fresh with esbuild, then copied into a private
 * folder for the suite so another build of dist/ cannot change it mid-test.
 */
import { after, before } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const repoRoot = path.resolve(__dirname, '..', '..', '..');

export interface CliBundle {
  /** The suite's temp folder: the bundle is in `bin/`; workspaces and caches may go beside it. */
  readonly dir: string;
  /** The copied `cli.js`. */
  readonly cliPath: string;
}

/**
 * Builds and copies the bundle before the suite's tests and removes the folder after them.
 * `withoutGrammars`: the copy lacks the parser's WebAssembly grammars, so starting the parser fails.
 */
export function withCliBundle(folderPrefix: string, { withoutGrammars = false } = {}): CliBundle {
  let dir: string | undefined;
  before(async () => {
    const build = spawnSync(process.execPath, ['esbuild.js'], { cwd: repoRoot, encoding: 'utf8' });
    assert.equal(build.status, 0, build.stderr);
    dir = await fs.mkdtemp(path.join(os.tmpdir(), folderPrefix));
    await fs.cp(path.join(repoRoot, 'dist'), path.join(dir, 'bin'), { recursive: true });
    if (withoutGrammars) await fs.rm(path.join(dir, 'bin', 'wasm'), { recursive: true, force: true });
  });
  after(async () => {
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });
  const built = (): string => {
    if (!dir) throw new Error('the CLI bundle is built when the suite starts');
    return dir;
  };
  return {
    get dir() {
      return built();
    },
    get cliPath() {
      return path.join(built(), 'bin', 'cli.js');
    },
  };
}
