/** Shared shapes of the documentation pipeline: scan → parse → plan → generate → validate → write. */

export interface ScanOptions {
  /** Absolute path of the workspace folder. */
  root: string;
  /** `docsmith.exclude` globs (workspace-relative, full-path semantics). */
  exclude?: string[];
  /** `files.exclude` globs whose value is true. */
  filesExclude?: string[];
  /** Extra never-send globs on top of the built-in secret list. */
  neverSend?: string[];
  /** Output folder (workspace-relative); never scanned. */
  outputDirectory?: string;
  /** `docsmith.maxFileSizeKB`: larger files are flagged `large` (split by symbol), never dropped. Default 256. */
  maxFileSizeKB?: number;
  signal?: AbortSignal;
}

export type SkipReason = 'binary' | 'secret' | 'tooLarge' | 'unreadable' | 'symlinkOutside' | 'ignored' | 'generated';

export interface ScannedFile {
  /** Workspace-relative path with `/` separators. */
  path: string;
  size: number;
  /** sha256 of the content, hex. */
  hash: string;
  /** Language id (VS Code's: `typescript`, `typescriptreact`, `python`, `markdown`, …) or `text` when unknown. */
  language: string;
  /** True when the file is over `maxFileSizeKB`: document it in symbol-sized chunks. */
  large?: boolean;
}

export interface SkippedFile {
  path: string;
  reason: SkipReason;
}

export interface ScanResult {
  root: string;
  files: ScannedFile[];
  /** Files seen but not documented, with the reason (ignored-by-gitignore files are not listed). */
  skipped: SkippedFile[];
}

export type SymbolKind = 'function' | 'method' | 'class' | 'interface' | 'type' | 'enum' | 'variable' | 'property' | 'struct' | 'trait' | 'module';

export interface Parameter {
  name: string;
  type?: string;
  optional?: boolean;
}

export interface SourceSymbol {
  name: string;
  kind: SymbolKind;
  /** 1-based inclusive line span. */
  startLine: number;
  endLine: number;
  exported: boolean;
  parameters: Parameter[];
  returnType?: string;
  /** True when the return type is void/None/unit or absent for a constructor. */
  returnsVoid?: boolean;
  /** Existing doc comment text, if any. */
  docComment?: string;
  /** For methods: the enclosing class/impl name. */
  container?: string;
  /** Column (0-based) where the declaration starts, for indentation of inserted comments. */
  startColumn?: number;
  /** Python: 1-based line of the `def`/`class` header (after decorators). */
  headerLine?: number;
  /** Python: 1-based line and 0-based column of the body's first statement (where a docstring goes). */
  bodyLine?: number;
  bodyColumn?: number;
}

export interface ImportRef {
  /** The module specifier as written (`./cost`, `os`, `..models`). */
  specifier: string;
  /** Workspace-relative path it resolves to, when it is a file in the workspace. */
  resolved?: string;
  line: number;
  /** Python `from X import a, b`: the names imported (a name may be a submodule of X). */
  importedNames?: string[];
}

export interface ParsedFile {
  path: string;
  language: string;
  symbols: SourceSymbol[];
  imports: ImportRef[];
  lineCount: number;
}

/** A citation as written in a page: `[path:12-30](../relative/link#L12-L30)`. */
export interface Citation {
  path: string;
  startLine: number;
  endLine: number;
}
