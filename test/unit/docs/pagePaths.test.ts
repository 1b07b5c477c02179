import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { encodeLinkPath, pageToPageLink } from '../../../src/core/docs/pagePaths';

test('a link between pages is the relative path from one folder to the other, encoded', () => {
  assert.equal(pageToPageLink('pkg0/README.md', 'pkg0/file0.ts.md'), 'file0.ts.md');
  assert.equal(pageToPageLink('README.md', 'pkg0/sub/file (1).ts.md'), 'pkg0/sub/file%20%281%29.ts.md');
  assert.equal(pageToPageLink('a/b/c.md', 'a/d.md'), '../d.md');
  assert.equal(pageToPageLink('a/README.md', 'ab/x.md'), '../ab/x.md');
  assert.equal(pageToPageLink('a/README.md', 'a/b/c/d.md'), 'b/c/d.md');
  // Paths that are not already normal are resolved like any other.
  for (const [from, to] of [
    ['a/README.md', 'a/../x.md'],
    ['a/README.md', 'a/./x.md'],
    ['a/README.md', 'a//x.md'],
    ['README.md', './x.md'],
    ['README.md', '../x.md'],
    ['a/README.md', 'a'],
    ['a/README.md', 'a/'],
  ]) {
    const rel = path.posix.relative(path.posix.dirname(from), to);
    assert.equal(pageToPageLink(from, to), encodeLinkPath(rel === '' ? to.split('/').pop()! : rel), `${from} → ${to}`);
  }
});

test('a link path is encoded per segment: what a URL or Markdown would misread is escaped, the rest kept as it is', () => {
  const slow = (p: string): string =>
    p
      .split('/')
      .map((seg) => encodeURIComponent(seg).replace(/%40/g, '@').replace(/\(/g, '%28').replace(/\)/g, '%29'))
      .join('/');
  for (const p of ['pkg0/file0.ts.md', 'a_b/c-d.e~f!g*h\'i@j.md', 'a b.md', 'a(b).md', 'ä/ö.md', 'a#b?c.md', 'a%20b.md', 'a[b].md', 'a\\b.md', 'x+y=z&w.md', '', '/']) {
    assert.equal(encodeLinkPath(p), slow(p), p);
  }
});
