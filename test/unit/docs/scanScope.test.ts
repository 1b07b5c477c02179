import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { scanWorkspace } from '../../../src/core/docs/scan';

test('editor settings folders get no page and lock files are listed as generated, not documented', async () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'docsmith-scope-'));
  try {
    const put = (relative: string, content: string): void => {
      mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
      writeFileSync(path.join(root, relative), content);
    };
    put('src/app.ts', 'export const app = 1;\n');
    put('package.json', '{ "name": "x" }\n');
    put('package-lock.json', '{ "lockfileVersion": 3 }\n');
    put('web/yarn.lock', '# yarn lockfile v1\n');
    put('.vscode/settings.json', '{ "editor.tabSize": 2 }\n');
    put('.idea/workspace.xml', '<project/>\n');

    const result = await scanWorkspace({ root });
    assert.deepEqual(result.files.map((f) => f.path).sort(), ['package.json', 'src/app.ts']);
    const generated = result.skipped.filter((s) => s.reason === 'generated').map((s) => s.path).sort();
    assert.deepEqual(generated, ['package-lock.json', 'web/yarn.lock']);
    assert.ok(!result.skipped.some((s) => s.path.startsWith('.vscode') || s.path.startsWith('.idea')));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
