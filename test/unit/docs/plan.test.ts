import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { buildImportGraph, dependencyOrder, stronglyConnectedComponents } from '../../../src/core/docs/importGraph';
import { importDiagram, parseMermaidEdges } from '../../../src/core/docs/importDiagram';
import { criticalPathLength, planDocs } from '../../../src/core/docs/plan';
import type { ParsedFile } from '../../../src/core/docs/types';

function parsed(path: string, imports: string[] = []): ParsedFile {
  return { path, language: 'typescript', symbols: [], imports: imports.map((resolved, i) => ({ specifier: `./${resolved}`, resolved, line: i + 1 })), lineCount: 10 };
}

const files = [
  parsed('src/index.ts', ['src/core/a.ts', 'src/ui/view.ts']),
  parsed('src/core/a.ts', ['src/core/b.ts', 'src/core/util/c.ts']),
  parsed('src/core/b.ts', ['src/core/a.ts']), // cycle a <-> b
  parsed('src/core/util/c.ts', ['external-lib' as string]),
  parsed('src/ui/view.ts', ['src/core/b.ts']),
  parsed('tool.ts'),
];

test('the import graph keeps only resolved workspace imports, without duplicates or self-loops', () => {
  const g = buildImportGraph([...files, parsed('src/self.ts', ['src/self.ts', 'src/core/a.ts', 'src/core/a.ts'])]);
  assert.deepEqual(g.imports.get('src/self.ts'), ['src/core/a.ts']);
  assert.deepEqual(g.imports.get('src/core/util/c.ts'), []);
  assert.equal(g.edges.length, 7);
});

test('Tarjan finds the cycle as one component and orders dependencies first', () => {
  const g = buildImportGraph(files);
  const comps = stronglyConnectedComponents(g.nodes, (n) => g.imports.get(n) ?? []);
  assert.ok(comps.some((c) => c.length === 2 && c.includes('src/core/a.ts') && c.includes('src/core/b.ts')));
  const order = dependencyOrder(g);
  const pos = (p: string) => order.indexOf(p);
  assert.ok(pos('src/core/util/c.ts') < pos('src/core/a.ts'));
  assert.ok(pos('src/core/b.ts') < pos('src/ui/view.ts'));
  assert.ok(pos('src/ui/view.ts') < pos('src/index.ts'));
  assert.ok(pos('src/core/a.ts') < pos('src/index.ts'));
});

test('Tarjan copes with a 20,000-long import chain without overflowing the stack', () => {
  const n = 20000;
  const chain = Array.from({ length: n }, (_, i) => parsed(`f${i}.ts`, i + 1 < n ? [`f${i + 1}.ts`] : []));
  const order = dependencyOrder(buildImportGraph(chain));
  assert.equal(order.length, n);
  assert.equal(order[0], `f${n - 1}.ts`);
  assert.equal(order[n - 1], 'f0.ts');
});

test('the plan has a page per file and folder, ARCHITECTURE.md and the overview, bottom-up', () => {
  const plan = planDocs(buildImportGraph(files));
  const paths = plan.pages.map((p) => p.path);
  assert.deepEqual([...paths].sort(), [
    'ARCHITECTURE.md',
    'README.md',
    'src/README.md',
    'src/core/README.md',
    'src/core/a.ts.md',
    'src/core/b.ts.md',
    'src/core/util/README.md',
    'src/core/util/c.ts.md',
    'src/index.ts.md',
    'src/ui/README.md',
    'src/ui/view.ts.md',
    'tool.ts.md',
  ]);
  // every prerequisite comes earlier in the order
  const index = new Map(paths.map((p, i) => [p, i]));
  for (const page of plan.pages) for (const pre of page.prerequisites) assert.ok(index.get(pre)! < index.get(page.path)!, `${pre} before ${page.path}`);
  // files before folders, folders before architecture and overview
  const kinds = plan.pages.map((p) => p.kind);
  assert.equal(kinds.lastIndexOf('file') < kinds.indexOf('folder'), true);
  assert.deepEqual(kinds.slice(-2), ['architecture', 'overview']);
  // deeper folders first
  assert.ok(index.get('src/core/util/README.md')! < index.get('src/core/README.md')!);
  assert.ok(index.get('src/core/README.md')! < index.get('src/README.md')!);
});

test('folder pages wait for their children only; file pages wait for nothing; overview waits for the root children', () => {
  const plan = planDocs(buildImportGraph(files));
  const page = (p: string) => plan.byPath.get(p)!;
  assert.deepEqual(page('src/index.ts.md').prerequisites, []);
  assert.deepEqual(page('src/core/README.md').prerequisites, ['src/core/README.md'.replace('README.md', 'a.ts.md'), 'src/core/b.ts.md', 'src/core/util/README.md']);
  assert.deepEqual(page('README.md').prerequisites, ['src/README.md', 'tool.ts.md']);
  assert.ok(!page('README.md').prerequisites.includes('ARCHITECTURE.md'));
  assert.ok(page('ARCHITECTURE.md').prerequisites.includes('src/core/README.md'));
  // file → util → core → src → overview
  assert.equal(criticalPathLength(plan.pages), 5);
});

test('a source file whose page would collide with a folder page gets a distinct page', () => {
  const plan = planDocs(buildImportGraph([parsed('src/README'), parsed('src/a.ts')]));
  assert.equal(plan.pageOfFile.get('src/README'), 'src/README.file.md');
  assert.ok(plan.byPath.has('src/README.md'));
  assert.equal(plan.byPath.get('src/README.md')!.kind, 'folder');
});

test('the Mermaid diagram has exactly the resolved import edges, and folds to folders when large', () => {
  const g = buildImportGraph(files);
  const d = importDiagram(g);
  assert.equal(d.granularity, 'files');
  assert.deepEqual(
    parseMermaidEdges(d.text).map((e) => `${e.from}->${e.to}`).sort(),
    g.edges.map((e) => `${e.from}->${e.to}`).sort(),
  );
  const folded = importDiagram(g, { maxNodes: 4 });
  assert.equal(folded.granularity, 'folders');
  assert.equal(folded.foldDepth, 2, 'at depth 3 the five files are still five nodes');
  assert.deepEqual(parseMermaidEdges(folded.text).map((e) => `${e.from}->${e.to}`).sort(), ['src/index.ts->src/core', 'src/index.ts->src/ui', 'src/ui->src/core']);
});
