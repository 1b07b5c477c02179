/**
 * The import diagrams: folder subgraphs with short labels, a direction chosen by the graph's
 * shape, a cap on what one diagram shows, and syntax the mermaid library itself accepts (its
 * parser from npm, run here with a jsdom window because it sanitises labels with DOMPurify).
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildImportGraph, type ImportEdge } from '../../../src/core/docs/importGraph';
import { diagramDirection, folderDiagram, foldedFolders, importDiagram, MAX_DIAGRAM_NODES, parseMermaidEdges } from '../../../src/core/docs/importDiagram';
import type { ParsedFile } from '../../../src/core/docs/types';
import { splitEdges } from '../../../src/core/docs/diagramSplit';
import { architecturePage, folderPage } from '../../../src/core/docs/pageContent';

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

/** The same edges folded by hand: a path deeper than `depth` segments becomes its folder at that depth. */
function foldByHand(edges: readonly ImportEdge[], depth: number): string[] {
  const fold = (p: string): string => p.split('/').slice(0, depth).join('/');
  return [...new Set(edges.map((e) => `${fold(e.from)}->${fold(e.to)}`).filter((e) => e.split('->')[0] !== e.split('->')[1]))].sort();
}

const arrows = (text: string): string[] => parseMermaidEdges(text).map((e) => `${e.from}->${e.to}`).sort();

test('a small graph shows every file, grouped in a subgraph per folder, each node labelled with its file name only', async () => {
  const router = buildImportGraph(['index.js', 'route.js', 'layer.js'].map((f) => parsed(`lib/router/${f}`, f === 'index.js' ? ['lib/router/route.js', 'lib/router/layer.js'] : f === 'route.js' ? ['lib/router/layer.js', 'lib/utils.js'] : [])).concat([parsed('lib/utils.js'), parsed('lib/application.js', ['lib/router/index.js', 'lib/utils.js'])]));
  const d = importDiagram(router);
  assert.equal(d.granularity, 'files');
  assert.equal(d.nodeCount, 5);
  assert.match(d.text, /^---\nconfig:\n {2}flowchart:\n/, 'tighter spacing in a front-matter config block');
  assert.match(d.text, /\nflowchart LR\n {2}subgraph g0 \["lib\/"\]\n {4}n\d+\["application\.js"\]\n {4}n\d+\["utils\.js"\]\n {2}end\n/);
  assert.match(d.text, /subgraph g1 \["lib\/router\/"\]\n(?: {4}n\d+\["(?:index|layer|route)\.js"\]\n){3} {2}end/);
  assert.ok(!/\["lib\/[^"]*\.js"\]/.test(d.text), 'no node label carries its folder path');
  assert.ok(!/-->\|/.test(d.text), 'no counts between files');
  assert.deepEqual(arrows(d.text), router.edges.map((e) => `${e.from}->${e.to}`).sort());
  await mermaidParse(d.text);
});

test('the direction: left to right up to 5 layers (a fan, a cycle), top to bottom for a longer chain', () => {
  const chain: ImportEdge[] = 'abcdef'.split('').slice(0, 5).map((n, i) => ({ from: `${n}.js`, to: `${'bcdef'[i]}.js` }));
  assert.equal(diagramDirection('abcdef'.split('').map((n) => `${n}.js`), chain), 'TB');
  assert.equal(diagramDirection('abcde'.split('').map((n) => `${n}.js`), chain.slice(0, 4)), 'LR');
  const fan: ImportEdge[] = Array.from({ length: 6 }, (_, i) => ({ from: 'main.js', to: `m${i}.js` }));
  assert.equal(diagramDirection(['main.js', ...fan.map((e) => e.to)], fan), 'LR');
  const ring: ImportEdge[] = 'abcdef'.split('').map((n, i) => ({ from: `${n}.js`, to: `${'bcdefa'[i]}.js` }));
  assert.equal(diagramDirection('abcdef'.split('').map((n) => `${n}.js`), ring), 'LR', 'a cycle counts as one layer and does not loop');
});

test(`past ${MAX_DIAGRAM_NODES} nodes the graph folds into folders as deep as fits, arrows counting the imports; each folded folder has a diagram of its own`, async () => {
  // express: 12 files with imports, 11 of them under lib/.
  const top = importDiagram(express);
  assert.equal(top.granularity, 'folders');
  assert.equal(top.foldDepth, 1, 'lib/ with its subfolders is 11 nodes: only the top level fits');
  assert.deepEqual(arrows(top.text), foldByHand(express.edges, 1));
  assert.match(top.text, /n0\["index\.js"\]\n {2}n1\["lib\/"\]\n {2}n0 -->\|1\| n1$/);
  assert.deepEqual(foldedFolders(top, express), ['lib']);
  await mermaidParse(top.text);

  const lib = folderDiagram(express, 'lib')!;
  assert.equal(lib.granularity, 'folders');
  assert.equal(lib.foldDepth, 2);
  assert.equal(lib.nodeCount, 8);
  assert.deepEqual(arrows(lib.text), foldByHand(express.edges.filter((e) => e.from.startsWith('lib/') && e.to.startsWith('lib/')), 2));
  assert.match(lib.text, /n\d+\["router\/"\]/);
  assert.match(lib.text, /n(\d+) -->\|2\| n\d+/, 'lib/express.js imports two files of lib/router/');
  assert.ok(lib.nodeCount <= MAX_DIAGRAM_NODES);
  await mermaidParse(lib.text);

  const router = folderDiagram(express, 'lib/router')!;
  assert.equal(router.granularity, 'files');
  assert.deepEqual(arrows(router.text), ['lib/router/index.js->lib/router/layer.js', 'lib/router/index.js->lib/router/route.js', 'lib/router/route.js->lib/router/layer.js']);
  assert.equal(folderDiagram(express, 'docs'), undefined, 'no imports inside: no diagram');

  const roomy = importDiagram(express, { maxNodes: 12 });
  assert.equal(roomy.granularity, 'files', 'with room for 12 nodes every file is drawn');
});

test('a deep tree folds to the deepest level that fits; when nothing fits, the shallowest folding is drawn', async () => {
  const files: ParsedFile[] = [];
  for (const area of ['orders', 'billing']) {
    for (let i = 0; i < 6; i++) files.push(parsed(`src/${area}/part${i % 3}/m${i}.ts`, i > 0 ? [`src/${area}/part${(i - 1) % 3}/m${i - 1}.ts`, 'src/shared/log.ts'] : ['src/shared/log.ts']));
  }
  files.push(parsed('src/shared/log.ts'), parsed('main.ts', ['src/orders/part0/m0.ts', 'src/billing/part0/m0.ts']));
  const graph = buildImportGraph(files);
  const d = importDiagram(graph);
  assert.equal(d.foldDepth, 3, 'src/orders/part0/ … : 6 folders, log.ts and main.ts');
  assert.equal(d.nodeCount, 8);
  assert.deepEqual(arrows(d.text), foldByHand(graph.edges, 3));
  assert.match(d.text, /subgraph g\d+ \["src\/orders\/"\]\n {4}n\d+\["part0\/"\]/);
  await mermaidParse(d.text);

  const tight = importDiagram(graph, { maxNodes: 2 });
  assert.equal(tight.foldDepth, 1, 'down to the top-level folders when nothing deeper fits');
  assert.deepEqual(arrows(tight.text), ['main.ts->src']);
  await mermaidParse(tight.text);
});

test('names that need quoting stay valid Mermaid; a broken diagram is rejected by the same parser', async () => {
  const odd = buildImportGraph([parsed('src/"quoted" name.ts', ['src/a b/(x).ts']), parsed('src/a b/(x).ts', ['src/[id].ts']), parsed('src/[id].ts')]);
  const d = importDiagram(odd);
  await mermaidParse(d.text);
  assert.deepEqual(arrows(d.text), ['src/"quoted" name.ts->src/a b/(x).ts', 'src/a b/(x).ts->src/[id].ts']);
  await assert.rejects(mermaidParse(d.text.replace(/\n {2}end/, '')), 'an unclosed subgraph fails to parse');
});

test('a file name with a line break, HTML, a backtick or an entity code is one node on one line, shown as itself', async () => {
  const names = ['src/new\nline.ts', 'src/<img src=x onerror=alert(1)>.ts', 'src/`**b**`.ts', 'src/a#quot;b.ts', 'src/style:#x;.ts', 'src/a\\nb & c.ts', 'src/\u202eexe.ts', 'src/<b>/in.ts'];
  const graph = buildImportGraph([...names.map((n) => parsed(n, ['src/z.ts'])), parsed('src/z.ts')]);
  const d = importDiagram(graph, { maxNodes: 30 });
  await mermaidParse(d.text);
  // From `flowchart` on: two subgraphs (an opening and an `end` line each), one line per node, one per edge.
  assert.equal(d.text.slice(d.text.indexOf('flowchart ')).split('\n').length, 1 + 2 * 2 + names.length + 1 + names.length);
  assert.deepEqual(
    parseMermaidEdges(d.text).map((e) => e.from).sort(),
    [...names].sort(),
    'every name is read back exactly from its label',
  );
  const mermaid = (await import('mermaid')).default;
  const shown = (await mermaid.mermaidAPI.getDiagramFromText(d.text)) as unknown as { db: { getVertices(): Map<string, { text: string }> } };
  // Mermaid turns `#code;` into a placeholder at parse time and into `&code;` in the drawing.
  const drawn = [...shown.db.getVertices().values()].map((v) => v.text.replace(/ﬂ°°(\d+)¶ß/g, (_, n: string) => String.fromCharCode(Number(n))).replace(/ﬂ°(\w+)¶ß/g, (_, e: string) => ({ quot: '"', lt: '<', gt: '>', amp: '&' })[e] ?? `?${e}`));
  assert.deepEqual(drawn.sort(), ['<img src=x onerror=alert(1)>.ts', '`**b**`.ts', 'a#quot;b.ts', 'a\\nb & c.ts', 'in.ts', 'new\\nline.ts', 'style:#x;.ts', 'z.ts', '\\u202eexe.ts'].sort());
  for (const v of shown.db.getVertices().values()) assert.ok(!/[<>\n`"]/.test(v.text), `nothing in ${JSON.stringify(v.text)} is markup`);
});

/** Shaped like axios 1.7.9's `lib/`: nine direct children that import each other, so no folding gets it to 8 nodes. */
const axiosLike = buildImportGraph([
  parsed('index.js', ['lib/axios.js']),
  parsed('lib/axios.js', ['lib/utils.js', 'lib/helpers/bind.js', 'lib/core/Axios.js', 'lib/defaults/index.js', 'lib/cancel/CancelToken.js', 'lib/env/data.js', 'lib/adapters/adapters.js']),
  parsed('lib/utils.js', ['lib/helpers/bind.js']),
  parsed('lib/core/Axios.js', ['lib/utils.js', 'lib/helpers/buildURL.js', 'lib/core/dispatchRequest.js']),
  parsed('lib/core/dispatchRequest.js', ['lib/defaults/index.js', 'lib/cancel/isCancel.js', 'lib/adapters/adapters.js']),
  parsed('lib/defaults/index.js', ['lib/utils.js', 'lib/platform/index.js', 'lib/helpers/toFormData.js']),
  parsed('lib/adapters/adapters.js', ['lib/utils.js', 'lib/adapters/xhr.js']),
  parsed('lib/adapters/xhr.js', ['lib/platform/index.js', 'lib/helpers/buildURL.js', 'lib/cancel/CanceledError.js']),
  parsed('lib/cancel/CancelToken.js', ['lib/cancel/CanceledError.js']),
  parsed('lib/cancel/CanceledError.js', ['lib/utils.js']),
  parsed('lib/cancel/isCancel.js'),
  parsed('lib/platform/index.js', ['lib/platform/node/index.js']),
  parsed('lib/platform/node/index.js'),
  parsed('lib/helpers/bind.js'),
  parsed('lib/helpers/buildURL.js', ['lib/utils.js']),
  parsed('lib/helpers/toFormData.js', ['lib/utils.js', 'lib/platform/index.js']),
  parsed('lib/env/data.js'),
]);

test(`a folder with more than ${MAX_DIAGRAM_NODES} direct children that import each other is drawn in parts of at most ${MAX_DIAGRAM_NODES} nodes, every arrow in exactly one`, async () => {
  assert.deepEqual(arrows(importDiagram(axiosLike).text), ['index.js->lib'], 'the whole project folds to index.js → lib/');
  const lib = folderDiagram(axiosLike, 'lib')!;
  assert.equal(lib.nodeCount, 9, 'lib/ cannot fold below its own children');
  assert.ok(lib.parts && lib.parts.length >= 2, 'drawn in parts');
  const drawn: string[] = [];
  for (const part of lib.parts) {
    assert.ok(part.nodeCount <= MAX_DIAGRAM_NODES, `a part has ${part.nodeCount} nodes`);
    assert.equal(part.foldDepth, 2);
    drawn.push(...arrows(part.text));
    await mermaidParse(part.text);
  }
  assert.deepEqual(drawn.sort(), foldByHand(axiosLike.edges.filter((e) => e.from.startsWith('lib/') && e.to.startsWith('lib/')), 2), 'every folded arrow once, nothing else');
  assert.match(lib.parts.map((p) => p.text).join('\n'), /-->\|\d+\|/, 'arrows to folders still count their imports');
  // The hub (utils.js, imported from every other child) sits in the same part as most of its importers.
  const hubPart = lib.parts.find((p) => /\["utils\.js"\]/.test(p.text))!;
  assert.ok(arrows(hubPart.text).filter((a) => a.endsWith('->lib/utils.js')).length >= 4, hubPart.text);
});

test('the split keeps small clusters whole and together, and never exceeds the cap on any graph', () => {
  const pairs = [['a', 'b'], ['c', 'd'], ['e', 'f'], ['g', 'h'], ['i', 'j']].map(([from, to]) => ({ from, to }));
  const packed = splitEdges(pairs, 8);
  assert.deepEqual(packed.map((p) => p.length), [4, 1], 'four 2-node clusters share the first part, the fifth starts another');
  let seed = 7;
  const random = (n: number): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) % n);
  for (let trial = 0; trial < 200; trial++) {
    const nodes = 2 + random(20);
    const edges = new Map<string, { from: string; to: string }>();
    for (let i = 0, m = random(40); i < m; i++) {
      const from = `n${random(nodes)}`;
      const to = `n${random(nodes)}`;
      if (from !== to) edges.set(`${from}>${to}`, { from, to });
    }
    const cap = 2 + random(8);
    const parts = splitEdges([...edges.values()], cap);
    for (const p of parts) assert.ok(new Set(p.flatMap((e) => [e.from, e.to])).size <= cap);
    assert.deepEqual(parts.flat().map((e) => `${e.from}>${e.to}`).sort(), [...edges.keys()].sort(), 'every edge in exactly one part');
  }
});

test('ARCHITECTURE.md and the folder page draw a split diagram as titled parts, each its own Mermaid block', () => {
  const lib = folderDiagram(axiosLike, 'lib')!;
  const page = architecturePage('s', 'b', importDiagram(axiosLike), axiosLike.nodes.length, [{ folder: 'lib', diagram: lib }]);
  const inside = page.slice(page.indexOf('### Inside `lib/`'));
  assert.equal(inside.match(/```mermaid\n/g)?.length, lib.parts!.length);
  assert.match(inside, new RegExp(`drawn in ${lib.parts!.length} parts`));
  assert.match(inside, /Part 1 of \d \(\d nodes, \d+ arrows\):\n\n```mermaid/);
  assert.equal(folderPage('lib', 's', 'b', [], lib).match(/```mermaid\n/g)?.length, lib.parts!.length);
});
