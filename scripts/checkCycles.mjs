// `npm run check:cycles`: the import rules of .dependency-cruiser.cjs (no module cycle, src/core
// never reaches vscode), then one rule dependency-cruiser cannot state: no folder of src/core
// imports a folder that imports it, directly or through other folders. Each top-level folder of
// src/core (catalog, cost, docs, providers, …, nested folders counted with their parent) is one
// node; each file at the root of src/core is a node of its own. Exit code 1 on any violation.
import { cruise } from 'dependency-cruiser';
import extractDepcruiseConfig from 'dependency-cruiser/config-utl/extract-depcruise-config';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';

const config = await extractDepcruiseConfig('./.dependency-cruiser.cjs');
const { output: result } = await cruise(['src'], { ...config.options, validate: true, ruleSet: { forbidden: config.forbidden } }, {}, { tsConfig: extractTSConfig('./tsconfig.json') });
let failures = 0;

for (const v of result.summary.violations) {
  failures++;
  const path = v.cycle ? [v.from, ...v.cycle.map((c) => c.name ?? c)].join(' → ') : `${v.from} → ${v.to}`;
  console.log(`${v.rule.name}: ${path}`);
}

/** The node of src/core a module belongs to, or undefined outside src/core. */
function nodeOf(file) {
  const inFolder = /^src\/core\/([^/]+)\//.exec(file);
  if (inFolder) return `src/core/${inFolder[1]}/`;
  return /^src\/core\/[^/]+$/.test(file) ? file : undefined;
}

const edges = new Map(); // node → Map(node → example import)
for (const mod of result.modules) {
  const from = nodeOf(mod.source);
  if (!from) continue;
  for (const dep of mod.dependencies) {
    const to = nodeOf(dep.resolved);
    if (!to || to === from) continue;
    if (!edges.has(from)) edges.set(from, new Map());
    if (!edges.get(from).has(to)) edges.get(from).set(to, `${mod.source} imports ${dep.resolved}`);
  }
}

// Strongly connected components (Tarjan): any component of two or more nodes is a folder cycle.
const index = new Map();
const low = new Map();
const stack = [];
const onStack = new Set();
let counter = 0;
const components = [];
function visit(v) {
  index.set(v, counter);
  low.set(v, counter++);
  stack.push(v);
  onStack.add(v);
  for (const w of edges.get(v)?.keys() ?? []) {
    if (!index.has(w)) {
      visit(w);
      low.set(v, Math.min(low.get(v), low.get(w)));
    } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), index.get(w)));
  }
  if (low.get(v) === index.get(v)) {
    const component = [];
    let w;
    do {
      w = stack.pop();
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1) components.push(component);
  }
}
for (const v of edges.keys()) if (!index.has(v)) visit(v);

for (const component of components) {
  failures++;
  console.log(`folder cycle: ${component.sort().join(' ⇄ ')}`);
  const inside = new Set(component);
  for (const from of component) {
    for (const [to, example] of edges.get(from) ?? []) if (inside.has(to)) console.log(`  ${from} → ${to} (${example})`);
  }
}

const modules = result.summary.totalCruised;
if (failures === 0) console.log(`check:cycles: no module cycle, no folder cycle in src/core, core free of vscode (${modules} modules).`);
process.exit(failures === 0 ? 0 : 1);
