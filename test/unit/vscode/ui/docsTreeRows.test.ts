/**
 * The Docs view's rows across refreshes: the same node object for the same row, and only the rows
 * that changed handed back to VS Code, so the folders a user expanded stay expanded after a save.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { countStates, type DocStatus } from '../../../../src/core/docs/docStatus';
import type { ManifestPage } from '../../../../src/core/docs/manifest';
import { DocsTreeRows, nodeId, type DocsNode, type TreeDocsState, type TreeFolder } from '../../../../src/vscode/ui/docsTreeRows';

const KEY = 'file:///work/shop';

function entry(costUsd: number): ManifestPage {
  return {
    kind: 'file', inputsHash: 'h', sources: {}, summary: 's', contentHash: 'c', provider: 'openrouter', model: 'openai/gpt-4o-mini',
    tokens: { prompt: 900, completion: 300, cached: 0, total: 1200 }, costUsd, requests: 1, generatedAt: '2026-11-30T04:00:00.000Z', durationMs: 10,
    citations: { total: 0, repaired: 0, removed: 0 },
  };
}

/** A workspace's docs: src/ with util/ (format.ts, dates.ts) and index.ts, each page fresh unless `stale` names it. */
function shopDocs(stale: readonly string[] = [], extra: readonly DocStatus[] = []): TreeDocsState {
  const page = (path: string, kind: DocStatus['kind'], subject: string): DocStatus => ({
    path, kind, subject, entry: entry(0.0012), state: stale.includes(path) ? 'stale' : 'fresh',
    ...(stale.includes(path) ? { cause: { changed: ['src/util/format.ts'], added: [], removed: [], other: false } } : {}),
  });
  const statuses = [
    page('src/util/format.ts.md', 'file', 'src/util/format.ts'),
    page('src/util/dates.ts.md', 'file', 'src/util/dates.ts'),
    page('src/index.ts.md', 'file', 'src/index.ts'),
    page('src/util/README.md', 'folder', 'src/util'),
    page('src/README.md', 'folder', 'src'),
    page('ARCHITECTURE.md', 'architecture', ''),
    page('README.md', 'overview', ''),
    ...extra,
  ];
  const children: Record<string, string[]> = {
    'README.md': ['src/README.md'],
    'src/README.md': ['src/util/README.md', 'src/index.ts.md', ...extra.filter((s) => s.kind === 'file').map((s) => s.path)],
    'src/util/README.md': ['src/util/format.ts.md', 'src/util/dates.ts.md'],
  };
  return {
    hasDocs: true,
    statuses: () => statuses,
    status: (p) => statuses.find((s) => s.path === p),
    childrenOf: (p) => children[p] ?? [],
    counts: () => countStates(statuses),
  };
}

function folders(state: TreeDocsState): TreeFolder[] {
  return [{ key: KEY, name: 'shop', state }];
}

/** Every row from the top, depth first, as VS Code fetches an all-expanded tree. */
function expandAll(rows: DocsTreeRows, tree: TreeFolder[]): DocsNode[] {
  const out: DocsNode[] = [];
  const walk = (nodes: DocsNode[]): void => {
    for (const n of nodes) {
      out.push(n);
      walk(rows.children(tree, false, n));
    }
  };
  walk(rows.children(tree, false));
  return out;
}

const SAVED_FORMAT_TS = ['src/util/format.ts.md', 'src/util/README.md', 'src/README.md', 'ARCHITECTURE.md', 'README.md'];

test('after a save, only the saved file\'s row and the rows above it are refreshed, as the node objects VS Code already holds; the tree is never refreshed whole', () => {
  const rows = new DocsTreeRows();
  const fresh = folders(shopDocs());
  assert.deepEqual(rows.update(fresh, false), { all: true }, 'the first update shows the whole tree');
  const shown = expandAll(rows, fresh);
  assert.deepEqual(shown.map(nodeId), [
    `${KEY}#README.md`, `${KEY}#ARCHITECTURE.md`, `${KEY}#src/README.md`, `${KEY}#src/util/README.md`,
    `${KEY}#src/util/dates.ts.md`, `${KEY}#src/util/format.ts.md`, `${KEY}#src/index.ts.md`,
  ]);

  const saved = folders(shopDocs(SAVED_FORMAT_TS));
  const change = rows.update(saved, false);
  assert.equal(change.all, false, 'a save must not refresh the whole tree: VS Code would fold expanded folders whose children it was still fetching');
  const refreshed = change.all ? [] : change.nodes;
  assert.deepEqual(refreshed.map(nodeId).sort(), SAVED_FORMAT_TS.map((p) => `${KEY}#${p}`).sort());
  for (const node of refreshed) assert.ok(shown.includes(node), `${nodeId(node)} is the object VS Code holds, so it can find the row`);
  assert.deepEqual(expandAll(rows, saved), shown, 'every row is the same object as before, in the same order');
});

test('an update that changed nothing (a save arriving as a second file event) refreshes nothing', () => {
  const rows = new DocsTreeRows();
  rows.update(folders(shopDocs()), false);
  rows.update(folders(shopDocs(SAVED_FORMAT_TS)), false);
  assert.deepEqual(rows.update(folders(shopDocs(SAVED_FORMAT_TS)), false), { all: false, nodes: [] });
});

test('a new file refreshes its folder\'s row, which lists it; a new top-level row refreshes the tree', () => {
  const rows = new DocsTreeRows();
  rows.update(folders(shopDocs()), false);
  const added: DocStatus = { path: 'src/cart.ts.md', kind: 'file', subject: 'src/cart.ts', state: 'missing', cause: { changed: [], added: ['src/cart.ts'], removed: [], other: false } };
  const withCart = folders(shopDocs(['src/README.md', 'ARCHITECTURE.md', 'README.md'], [added]));
  const change = rows.update(withCart, false);
  assert.equal(change.all, false);
  assert.deepEqual((change.all ? [] : change.nodes).map(nodeId).sort(), ['ARCHITECTURE.md', 'README.md', 'src/README.md'].map((p) => `${KEY}#${p}`).sort());
  const src = rows.children(withCart, false).find((n) => nodeId(n) === `${KEY}#src/README.md`);
  assert.ok(src);
  assert.deepEqual(rows.children(withCart, false, src).map(nodeId), ['src/util/README.md', 'src/cart.ts.md', 'src/index.ts.md'].map((p) => `${KEY}#${p}`), 'folders first, then files by name');

  const guide: DocStatus = { path: 'guides/tax.md', kind: 'guide', subject: 'How is tax worked out?', state: 'fresh', entry: { ...entry(0.002), kind: 'guide' } };
  assert.deepEqual(rows.update(folders(shopDocs([], [guide])), false), { all: true }, 'the Guides row appears at the top level');
});

test('in a multi-root workspace each folder with docs is a row; one folder\'s save leaves the other folder\'s rows alone', () => {
  const rows = new DocsTreeRows();
  const other = 'file:///work/admin';
  const two = (shop: TreeDocsState): TreeFolder[] => [{ key: KEY, name: 'shop', state: shop }, { key: other, name: 'admin', state: shopDocs() }];
  rows.update(two(shopDocs()), true);
  assert.deepEqual(rows.children(two(shopDocs()), true).map(nodeId), [KEY, other]);
  const change = rows.update(two(shopDocs(SAVED_FORMAT_TS)), true);
  assert.equal(change.all, false);
  const ids = (change.all ? [] : change.nodes).map(nodeId);
  assert.ok(ids.includes(KEY), 'the folder row shows its stale count');
  assert.ok(ids.every((id) => !id.startsWith(other)), `refreshed: ${ids.join(', ')}`);
});
