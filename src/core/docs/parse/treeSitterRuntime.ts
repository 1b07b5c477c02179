/**
 * Loads the tree-sitter runtime and grammars from `@vscode/tree-sitter-wasm`.
 *
 * The runtime JS is bundled by esbuild; the `.wasm` files are read at run time from a folder:
 * `dist/wasm/` next to the bundle (esbuild.js copies them there), or the package's own `wasm/`
 * folder in `node_modules` (tests, development). `Parser.init` runs once per process.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { Language, Parser } from '@vscode/tree-sitter-wasm';

/** Grammar file stem for each language id the parser handles. */
export const GRAMMAR_FILES: Readonly<Record<string, string>> = {
  typescript: 'tree-sitter-typescript.wasm',
  typescriptreact: 'tree-sitter-tsx.wasm',
  javascript: 'tree-sitter-javascript.wasm',
  javascriptreact: 'tree-sitter-javascript.wasm',
  python: 'tree-sitter-python.wasm',
  go: 'tree-sitter-go.wasm',
  rust: 'tree-sitter-rust.wasm',
  java: 'tree-sitter-java.wasm',
  csharp: 'tree-sitter-c-sharp.wasm',
};

/** Language ids with a grammar. */
export const PARSED_LANGUAGES: readonly string[] = Object.keys(GRAMMAR_FILES);

const RUNTIME_WASM = 'tree-sitter.wasm';

function candidateDirs(): string[] {
  const dirs = [
    // Bundled: dist/extension.js or dist/cli.js, grammars in dist/wasm.
    path.join(__dirname, 'wasm'),
    path.join(__dirname, '..', 'dist', 'wasm'),
  ];
  try {
    dirs.push(path.dirname(require.resolve('@vscode/tree-sitter-wasm/package.json')) + path.sep + 'wasm');
  } catch {
    // Not resolvable from a bundle; the folders above apply.
  }
  // Compiled tests run from out/src/core/docs/parse; sources from src/core/docs/parse.
  for (let dir = __dirname, i = 0; i < 8; i++, dir = path.dirname(dir)) {
    dirs.push(path.join(dir, 'node_modules', '@vscode', 'tree-sitter-wasm', 'wasm'));
  }
  return dirs;
}

/** Finds the folder holding `tree-sitter.wasm` and the grammars. */
export function locateWasmDir(preferred?: string): string {
  const dirs = preferred ? [preferred] : candidateDirs();
  const found = dirs.find((dir) => existsSync(path.join(dir, RUNTIME_WASM)));
  if (!found) throw new Error(`tree-sitter wasm files not found (looked in ${dirs.join(', ')})`);
  return found;
}

let runtimeReady: Promise<void> | undefined;
const grammarCache = new Map<string, Promise<Language>>();

/** Initialises the runtime once; later calls reuse it. */
export function initRuntime(wasmDir: string): Promise<void> {
  runtimeReady ??= Parser.init({ locateFile: (file: string) => path.join(wasmDir, file) }).catch((error: unknown) => {
    runtimeReady = undefined;
    throw error;
  });
  return runtimeReady;
}

/** Loads (once per file) the grammar for `language` from `wasmDir`. */
export function loadGrammar(wasmDir: string, language: string): Promise<Language> {
  const file = GRAMMAR_FILES[language];
  if (!file) return Promise.reject(new Error(`No grammar for ${language}`));
  const full = path.join(wasmDir, file);
  let pending = grammarCache.get(full);
  if (!pending) {
    pending = Language.load(full);
    grammarCache.set(full, pending);
    pending.catch(() => grammarCache.delete(full));
  }
  return pending;
}
