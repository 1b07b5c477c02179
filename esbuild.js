// Bundles the extension and the headless CLI. Type-checking is separate (`npm run check-types`).
const esbuild = require('esbuild');
const fs = require('node:fs');
const path = require('node:path');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** The tree-sitter runtime and the grammars of the languages Docsmith parses; loaded at run time. */
const WASM_FILES = [
  'tree-sitter.wasm',
  'tree-sitter-typescript.wasm',
  'tree-sitter-tsx.wasm',
  'tree-sitter-javascript.wasm',
  'tree-sitter-python.wasm',
  'tree-sitter-go.wasm',
  'tree-sitter-rust.wasm',
  'tree-sitter-java.wasm',
  'tree-sitter-c-sharp.wasm',
];

function copyWasm() {
  const from = path.join(__dirname, 'node_modules', '@vscode', 'tree-sitter-wasm', 'wasm');
  const to = path.join(__dirname, 'dist', 'wasm');
  fs.mkdirSync(to, { recursive: true });
  for (const name of WASM_FILES) fs.copyFileSync(path.join(from, name), path.join(to, name));
}

/**
 * Large packages go to their own files under `dist/vendor/`, loaded on first use: the provider
 * SDKs on the first model request (src/core/providers/sdkModules.ts) and the tokenizer tables on
 * the first estimate (src/core/cost/tokenCount.ts, a dynamic import). Inlined, they were most of
 * the bundle, and compiling them was most of the activation time (BENCHMARKS.md, item 7).
 */
const VENDORED = {
  openai: 'vendor/openai',
  '@anthropic-ai/sdk': 'vendor/anthropic-sdk',
  'gpt-tokenizer/encoding/o200k_base': 'vendor/gpt-tokenizer-o200k',
  'gpt-tokenizer/encoding/cl100k_base': 'vendor/gpt-tokenizer-cl100k',
};

const vendorPlugin = {
  name: 'vendor',
  setup(build) {
    build.onResolve({ filter: /^(openai|@anthropic-ai\/sdk|gpt-tokenizer\/encoding\/\w+)$/ }, (args) =>
      VENDORED[args.path] ? { path: `./${VENDORED[args.path]}.js`, external: true } : undefined,
    );
  },
};

/**
 * The extension is two bundles. `dist/extension.js`, the file VS Code loads at activation, holds
 * only `src/extension.ts`: it registers the commands, the chat participant and the Docs view.
 * `dist/main.js` holds everything else (`src/vscode/startDocsmith.ts` and all it imports), required
 * by the entry on first use; this plugin makes that require point at the second bundle.
 */
const MAIN_MODULE = './vscode/startDocsmith';
const mainBundlePlugin = {
  name: 'main-bundle',
  setup(build) {
    build.onResolve({ filter: /^\.\/vscode\/startDocsmith$/ }, (args) => (args.path === MAIN_MODULE ? { path: './main.js', external: true } : undefined));
  },
};

/** Source modules both bundles may hold: constants only, no state, no class. */
const SHARED_MODULES = new Set(['src/vscode/commandIds.ts']);

/**
 * Fails the build when a module is in both bundles: two copies of a module have two identities
 * (an `instanceof` check fails across them, module-level state such as the session ledger or an
 * event emitter splits in two), so the entry must reach everything else through `main.js` only.
 */
function checkSplit(entryResult, mainResult) {
  const inputs = (result) => new Set(Object.values(result.metafile.outputs).flatMap((o) => Object.keys(o.inputs)));
  const inMain = inputs(mainResult);
  const both = [...inputs(entryResult)].filter((file) => inMain.has(file) && !SHARED_MODULES.has(file));
  if (both.length > 0) throw new Error(`dist/extension.js and dist/main.js both hold: ${both.join(', ')}. The activation entry may import these only as types.`);
}

/** Prints errors in the form VS Code's problem matcher understands. */
const problemMatcherPlugin = {
  name: 'esbuild-problem-matcher',
  setup(build) {
    build.onStart(() => console.log('[watch] build started'));
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      console.log('[watch] build finished');
    });
  },
};

async function main() {
  // A production build starts from an empty dist/ so no stale source map or file reaches the VSIX.
  if (production) fs.rmSync(path.join(__dirname, 'dist'), { recursive: true, force: true });
  const common = {
    bundle: true,
    format: 'cjs',
    minify: production,
    sourcemap: !production,
    sourcesContent: false,
    platform: 'node',
    target: 'node20',
    logLevel: 'silent',
    plugins: [problemMatcherPlugin],
  };
  const contexts = await Promise.all([
    esbuild.context({ ...common, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'], metafile: true, plugins: [...common.plugins, mainBundlePlugin] }),
    esbuild.context({ ...common, entryPoints: ['src/vscode/startDocsmith.ts'], outfile: 'dist/main.js', external: ['vscode'], metafile: true, plugins: [...common.plugins, vendorPlugin] }),
    esbuild.context({ ...common, entryPoints: ['src/core/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' }, plugins: [...common.plugins, vendorPlugin] }),
    esbuild.context({ ...common, entryPoints: Object.fromEntries(Object.entries(VENDORED).map(([pkg, out]) => [out, pkg])), outdir: 'dist' }),
  ]);
  copyWasm();
  if (watch) {
    await Promise.all(contexts.map((c) => c.watch()));
  } else {
    const [entry, mainBundle] = await Promise.all(contexts.map((c) => c.rebuild()));
    await Promise.all(contexts.map((c) => c.dispose()));
    checkSplit(entry, mainBundle);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
