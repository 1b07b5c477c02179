import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { checkAssembledPage } from '../../../src/core/docs/pageSafety';
import { MARKER_LINE, folderPage } from '../../../src/core/docs/pageContent';

const files = new Map([
  ['pkg/a.ts', 10],
  ['pkg/b.ts', 3],
]);

/** A folder page as Docsmith assembles it: the checked body, then the contents it lists. */
function page(body: string, contents = [{ name: 'a.ts', link: 'a.ts.md', summary: 'Reads `a`.' }]): string {
  return folderPage('pkg', 'The package.', body, contents);
}

test('an assembled page with valid citations in its prose passes, and its citations are counted', () => {
  const body = 'Reads the file ([pkg/a.ts:2-4](../../pkg/a.ts#L2-L4)) and [pkg/b.ts:3](../../pkg/b.ts#L3).\n\nCode is not prose: `[pkg/b.ts:9]` and\n\n```\n[pkg/a.ts:99]\n```';
  assert.deepEqual(checkAssembledPage(page(body), 'pkg/README.md', files), { citations: 2 });
});

test('a citation past the end of its file anywhere in the assembled page stops the page', () => {
  assert.throws(() => checkAssembledPage(page('See [pkg/b.ts:4](../../pkg/b.ts#L4).'), 'pkg/README.md', files), /1 invalid citations survived validation in pkg\/README\.md/);
  // In what was assembled around the body too: a summary in the contents that cites a missing file.
  const contents = [{ name: 'a.ts', link: 'a.ts.md', summary: 'x' }];
  const assembled = page('Body.', contents).replace(' — x', ' — see [pkg/gone.ts:1](../../pkg/gone.ts#L1)');
  assert.throws(() => checkAssembledPage(assembled, 'pkg/README.md', files), /invalid citations survived/);
});

test('a live link, a remote image or raw HTML anywhere in the assembled page stops the page; the marker comment does not', () => {
  assert.ok(page('Body.').startsWith(MARKER_LINE));
  for (const hostile of ['[open](command:workbench.action.reloadWindow)', '![x](https://example.com/x.png)', '<img src=x onerror=alert(1)>']) {
    assert.throws(() => checkAssembledPage(page(`Body ${hostile}.`), 'pkg/README.md', files), /internal: active (link|image|html) survived validation in pkg\/README\.md/, hostile);
    const inContents = page('Body.', [{ name: 'a.ts', link: 'a.ts.md', summary: 'x' }]).replace(' — x', ` — ${hostile}`);
    assert.throws(() => checkAssembledPage(inContents, 'pkg/README.md', files), /active/, hostile);
  }
});
