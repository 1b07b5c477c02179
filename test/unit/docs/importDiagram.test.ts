/**
 * The import diagrams: folder subgraphs with short labels, a direction chosen by the graph's
 * shape, a cap on what one diagram shows, and syntax the mermaid library itself accepts (its
 * parser from npm, run here with a jsdom window because it sanitises labels with DOMPurify).
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildImportGraph, type ImportEdge } from '../../../src/core/docs/importGraph';
import { diagramDirection, folderDiagram, importDiagram, MAX_DIAGRAM_NODES, parseMermaidEdges } from '../../../src/core/docs/importDiagram';
import type { ParsedFile } from '../../../src/core/docs/types';

let mermaidParse: (text: string) => Promise<unknown>;

before(async () => {
  const jsdom = 'jsdom'; // untyped: imported by name
  const { JSDOM } = (await import(jsdom)) as { JSDOM: new (html: string) => { window: { document: unknown } } };
  const { window } = new JSDOM('');
  Object.assign(globalThis, { window, document: window.document });
  const mermaid = (await import('mermaid')).default;
  mermaidParse = (text) => mermaid.parse(text);
});

function parsed(path: string, imports: string[] = []): ParsedFile {
  return { path, language: 'javascript', symbols: [], imports: imports.map((resolved, i) => ({ specifier: resolved, resolved, line: i + 1 })), lineCount: 10 };
}

/** express 4.21.2's import graph between its own files, as the parser resolves it. */
const express = buildImportGraph([
  parsed('index.js', ['lib/express.js']),
  parsed('lib/express.js', ['lib/application.js', 'lib/request.js', 'lib/response.js', 'lib/router/index.js', 'lib/router/route.js', 'lib/middleware/query.js']),
  parsed('lib/application.js', ['lib/router/index.js', 'lib/middleware/init.js', 'lib/middleware/query.js', 'lib/view.js', 'lib/utils.js']),
  parsed('lib/request.js'),
  parsed('lib/response.js', ['lib/utils.js']),
  parsed('lib/utils.js'),
  parsed('lib/view.js'),
  parsed('lib/middleware/init.js', ['lib/utils.js']),
  parsed('lib/middleware/query.js', ['lib/utils.js']),
  parsed('lib/router/index.js', ['lib/router/route.js', 'lib/router/layer.js']),
  parsed('lib/router/route.js', ['lib/router/layer.js']),
  parsed('lib/router/layer.js'),
]);

test('files are grouped in a subgraph per folder, each node labelled with its file name only', async () => {
  const d = importDiagram(express);
  assert.equal(d.granularity, 'files');
  assert.equal(d.nodeCount, 12);
  assert.match(d.text, /^flowchart (TB|LR)\n {2}n\d+\["index\.js"\]\n {2}subgraph g0 \["lib\/"\]\n/);
  assert.match(d.text, /subgraph g\d \["lib\/router\/"\]\n(?: {4}n\d+\["(?:index|layer|route)\.js"\]\n){3} {2}end/);
  assert.ok(!/\["lib\/[^"]*\.js"\]/.test(d.text), 'no node label carries its folder path');
  assert.deepEqual(parseMermaidEdges(d.text).map((e) => `${e.from}->${e.to}`).sort(), express.edges.map((e) => `${e.from}->${e.to}`).sort());
  await mermaidParse(d.text);
});

test('the direction is the narrower layout: a long chain reads top to bottom, a wide fan left to right', () => {
  const chain: ImportEdge[] = ['a', 'b', 'c', 'd', 'e'].slice(0, 4).map((n, i) => ({ from: `${n}.js`, to: `${'bcde'[i]}.js` }));
  assert.equal(diagramDirection(['a.js', 'b.js', 'c.js', 'd.js', 'e.js'], chain), 'TB');
  const fan: ImportEdge[] = Array.from({ length: 6 }, (_, i) => ({ from: 'main.js', to: `m${i}.js` }));
  assert.equal(diagramDirection(['main.js', ...fan.map((e) => e.to)], fan), 'LR');
  const cycle: ImportEdge[] = [{ from: 'a.js', to: 'b.js' }, { from: 'b.js', to: 'a.js' }, { from: 'b.js', to: 'c.js' }];
  assert.equal(diagramDirection(['a.js', 'b.js', 'c.js'], cycle), 'TB', 'a cycle counts as one layer and does not loop');
});

test('past the cap the graph folds to folders, as deep as still fits, with import counts on the arrows; top-level folders get their own diagram', async () => {
  const files: ParsedFile[] = [];
  for (const area of ['orders', 'billing', 'users']) {
    for (let i = 0; i < 15; i++) files.push(parsed(`src/${area}/part${i % 3}/m${i}.ts`, i > 0 ? [`src/${area}/part${(i - 1) % 3}/m${i - 1}.ts`, 'src/shared/log.ts'] : ['src/shared/log.ts']));
  }
  files.push(parsed('src/shared/log.ts'), parsed('main.ts', ['src/orders/part0/m0.ts', 'src/billing/part0/m0.ts']));
  const graph = buildImportGraph(files);
  const d = importDiagram(graph);
  assert.equal(d.granularity, 'folders');
  assert.ok(d.nodeCount <= MAX_DIAGRAM_NODES, `${d.nodeCount} nodes`);
  assert.equal(d.foldDepth, 3, 'the deepest folding that fits');
  assert.match(d.text, /subgraph g\d+ \["src\/orders\/"\]\n {4}n\d+\["part0\/"\]/);
  assert.match(d.text, /-->\|5\| /, 'an arrow says how many imports it stands for');
  const back = parseMermaidEdges(d.text);
  assert.ok(back.some((e) => e.from === '.' && e.to === 'src/orders/part0'), JSON.stringify(back.slice(0, 3)));
  await mermaidParse(d.text);

  const tight = importDiagram(graph, 3);
  assert.equal(tight.foldDepth, 1, 'down to the top-level folders when nothing deeper fits');
  await mermaidParse(tight.text);

  const inside = folderDiagram(graph, 'src');
  assert.ok(inside && inside.edges.every((e) => e.from.startsWith('src/') && e.to.startsWith('src/')));
  await mermaidParse(inside!.text);
  assert.equal(folderDiagram(graph, 'docs'), undefined, 'no imports inside: no diagram');
});

test('names that need quoting stay valid Mermaid; a broken diagram is rejected by the same parser', async () => {
  const odd = buildImportGraph([parsed('src/"quoted" name.ts', ['src/a b/(x).ts']), parsed('src/a b/(x).ts', ['src/[id].ts']), parsed('src/[id].ts')]);
  const d = importDiagram(odd);
  await mermaidParse(d.text);
  assert.deepEqual(parseMermaidEdges(d.text).map((e) => `${e.from}->${e.to}`).sort(), ['src/"quoted" name.ts->src/a b/(x).ts', 'src/a b/(x).ts->src/[id].ts']);
  await assert.rejects(mermaidParse(d.text.replace(/\n {2}end/, '')), 'an unclosed subgraph fails to parse');
});
