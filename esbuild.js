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
    esbuild.context({ ...common, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'], plugins: [...common.plugins, vendorPlugin] }),
    esbuild.context({ ...common, entryPoints: ['src/core/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' }, plugins: [...common.plugins, vendorPlugin] }),
    esbuild.context({ ...common, entryPoints: Object.fromEntries(Object.entries(VENDORED).map(([pkg, out]) => [out, pkg])), outdir: 'dist' }),
  ]);
  copyWasm();
  if (watch) {
    await Promise.all(contexts.map((c) => c.watch()));
  } else {
    await Promise.all(contexts.map((c) => c.rebuild()));
    await Promise.all(contexts.map((c) => c.dispose()));
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
