/**
 * The parser documentation runs use: `createParser()` once, then `parseFile(path, language, text)`
 * for every file. Languages with a grammar get symbols and imports; any other text file is
 * documented at file level (no symbols, no imports).
 */
import { Parser, type Language, type Node, type Tree } from '@vscode/tree-sitter-wasm';
import type { ParsedFile } from '../types';
import { extractCSharp } from './extractCSharp';
import { extractGo } from './extractGo';
import { extractJava } from './extractJava';
import { extractPython } from './extractPython';
import { extractRust } from './extractRust';
import { extractTypeScript } from './extractTypeScript';
import { resolveImports } from './resolveImports';
import { beginExtraction, type Extractor } from './syntaxHelpers';
import { initRuntime, loadGrammar, locateWasmDir, PARSED_LANGUAGES } from './treeSitterRuntime';

export interface ParserOptions {
  /** Folder holding `tree-sitter.wasm` and the grammars; found automatically when omitted. */
  wasmDir?: string;
  /** Languages to load (default: all of {@link PARSED_LANGUAGES}). */
  languages?: readonly string[];
  /** Workspace-relative paths of the workspace's files, used to resolve imports. */
  workspaceFiles?: Iterable<string>;
  /**
   * Files longer than this (UTF-16 units) are documented at file level without parsing:
   * tree-sitter in WebAssembly needs seconds and hundreds of MB for multi-megabyte files,
   * which are nearly always generated or minified. Default 2 Mi.
   */
  maxParseLength?: number;
}

export const DEFAULT_MAX_PARSE_LENGTH = 2 * 1024 * 1024;

export interface SourceParser {
  /** Language ids this parser has a grammar for. */
  readonly languages: readonly string[];
  supports(language: string): boolean;
  /** Symbols, imports (resolved against the workspace files) and line count of one file. */
  parseFile(path: string, language: string, text: string, workspaceFiles?: ReadonlySet<string>): ParsedFile;
  /**
   * Parses `text` and hands the tree to `use`; the tree is freed afterwards.
   * Returns undefined when the language has no grammar.
   */
  withTree<T>(language: string, text: string, use: (root: Node) => T): T | undefined;
}

const EXTRACTORS: Readonly<Partial<Record<string, Extractor>>> = {
  typescript: extractTypeScript,
  typescriptreact: extractTypeScript,
  javascript: extractTypeScript,
  javascriptreact: extractTypeScript,
  python: extractPython,
  go: extractGo,
  rust: extractRust,
  java: extractJava,
  csharp: extractCSharp,
};

/** Other spellings of the language ids. */
const ALIASES: Readonly<Record<string, string>> = {
  ts: 'typescript',
  tsx: 'typescriptreact',
  js: 'javascript',
  jsx: 'javascriptreact',
  py: 'python',
  golang: 'go',
  rs: 'rust',
  'c#': 'csharp',
  cs: 'csharp',
};

export function canonicalLanguage(language: string): string {
  const lower = language.toLowerCase();
  return ALIASES[lower] ?? lower;
}

/** Lines as an editor shows them; a final newline does not start a counted line. */
export function countLines(text: string): number {
  if (text === '') return 0;
  let count = 1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) count++;
  if (text.endsWith('\n')) count--;
  // Old Mac line endings: lone CRs.
  if (count === 1 && text.includes('\r') && !text.includes('\n')) count = text.replace(/\r$/, '').split('\r').length;
  return count;
}

class TreeSitterSourceParser implements SourceParser {
  private readonly parser = new Parser();
  readonly languages: readonly string[];

  constructor(
    private readonly grammars: ReadonlyMap<string, Language>,
    private readonly workspaceFiles: ReadonlySet<string>,
    private readonly maxParseLength: number,
  ) {
    this.languages = [...grammars.keys()];
  }

  supports(language: string): boolean {
    return this.grammars.has(canonicalLanguage(language));
  }

  withTree<T>(language: string, text: string, use: (root: Node) => T): T | undefined {
    const grammar = this.grammars.get(canonicalLanguage(language));
    if (!grammar) return undefined;
    this.parser.setLanguage(grammar);
    const tree: Tree | null = this.parser.parse(text);
    if (!tree) throw new Error(`tree-sitter could not parse a ${language} file`);
    try {
      return use(tree.rootNode);
    } finally {
      tree.delete();
    }
  }

  parseFile(path: string, language: string, text: string, workspaceFiles?: ReadonlySet<string>): ParsedFile {
    const id = canonicalLanguage(language);
    const extractor = EXTRACTORS[id];
    const lineCount = countLines(text);
    const extraction = extractor && text.length <= this.maxParseLength
      ? this.withTree(id, text, (root) => {
          beginExtraction();
          return extractor(root, text);
        })
      : undefined;
    if (!extraction) return { path, language, symbols: [], imports: [], lineCount };
    const imports = resolveImports(path, id, extraction.imports, workspaceFiles ?? this.workspaceFiles);
    return { path, language, symbols: extraction.symbols, imports, lineCount };
  }
}

/** Loads the runtime and grammars; the returned parser is synchronous from then on. */
export async function createParser(options: ParserOptions = {}): Promise<SourceParser> {
  const wasmDir = locateWasmDir(options.wasmDir);
  await initRuntime(wasmDir);
  const wanted = (options.languages ?? PARSED_LANGUAGES).map(canonicalLanguage).filter((l) => PARSED_LANGUAGES.includes(l));
  const loaded = await Promise.all(wanted.map(async (language) => [language, await loadGrammar(wasmDir, language)] as const));
  return new TreeSitterSourceParser(new Map(loaded), new Set(options.workspaceFiles ?? []), options.maxParseLength ?? DEFAULT_MAX_PARSE_LENGTH);
}
