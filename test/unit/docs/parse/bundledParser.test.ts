import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { build } from 'esbuild';
import { GRAMMAR_FILES } from '../../../../src/core/docs/parse/treeSitterRuntime';

const repoRoot = path.resolve(__dirname, '..', '..', '..', '..', '..');

test('a bundle outside the repository finds the grammars in its own wasm/ folder', async () => {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'docsmith-bundle-'));
  try {
    const entry = path.join(tmp, 'entry.ts');
    writeFileSync(
      entry,
      [
        `import { createParser } from ${JSON.stringify(path.join(repoRoot, 'src/core/docs/parse/sourceParser'))};`,
        'createParser().then((parser) => {',
        "  const parsed = parser.parseFile('a.py', 'python', 'def hello(name: str) -> str:\\n    return name\\n');",
        '  process.stdout.write(JSON.stringify(parsed.symbols.map((s) => [s.name, s.parameters.map((p) => p.name)])));',
        '});',
      ].join('\n'),
    );
    const dist = path.join(tmp, 'dist');
    await build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile: path.join(dist, 'cli.js'), logLevel: 'silent' });
    const wasmSource = path.join(repoRoot, 'node_modules', '@vscode', 'tree-sitter-wasm', 'wasm');
    for (const file of ['tree-sitter.wasm', ...new Set(Object.values(GRAMMAR_FILES))]) cpSync(path.join(wasmSource, file), path.join(dist, 'wasm', file));
    const out = execFileSync(process.execPath, [path.join(dist, 'cli.js')], { cwd: tmp, env: { PATH: process.env.PATH ?? '' }, encoding: 'utf8' });
    assert.deepEqual(JSON.parse(out), [['hello', ['name']]]);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});
