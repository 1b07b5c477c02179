/** Language ids (VS Code's) from file names; the parser picks a grammar from these. */

const BY_EXTENSION: Readonly<Record<string, string>> = {
  ts: 'typescript',
  mts: 'typescript',
  cts: 'typescript',
  tsx: 'typescriptreact',
  js: 'javascript',
  mjs: 'javascript',
  cjs: 'javascript',
  jsx: 'javascriptreact',
  py: 'python',
  pyi: 'python',
  go: 'go',
  rs: 'rust',
  java: 'java',
  cs: 'csharp',
  c: 'c',
  h: 'c',
  cc: 'cpp',
  cpp: 'cpp',
  cxx: 'cpp',
  hpp: 'cpp',
  rb: 'ruby',
  php: 'php',
  sh: 'shellscript',
  bash: 'shellscript',
  css: 'css',
  scss: 'scss',
  html: 'html',
  md: 'markdown',
  json: 'json',
  yml: 'yaml',
  yaml: 'yaml',
  toml: 'toml',
  xml: 'xml',
  sql: 'sql',
  kt: 'kotlin',
  swift: 'swift',
};

const BY_NAME: Readonly<Record<string, string>> = {
  dockerfile: 'dockerfile',
  makefile: 'makefile',
};

/** Language id for a path, or `text` when unknown. */
export function languageForPath(relativePath: string): string {
  const slash = relativePath.lastIndexOf('/');
  const dot = relativePath.lastIndexOf('.');
  if (dot > slash + 1) {
    const byExtension = BY_EXTENSION[relativePath.slice(dot + 1).toLowerCase()];
    if (byExtension) return byExtension;
  }
  return BY_NAME[relativePath.slice(slash + 1).toLowerCase()] ?? 'text';
}

const BY_INTERPRETER: ReadonlyArray<[RegExp, string]> = [
  [/^(?:node|nodejs|bun|deno)$/, 'javascript'],
  [/^(?:ts-node|tsx)$/, 'typescript'],
  [/^python[\d.]*$/, 'python'],
  [/^(?:sh|bash|dash|zsh|ksh)$/, 'shellscript'],
  [/^ruby$/, 'ruby'],
  [/^php$/, 'php'],
];

/**
 * Language of a script without an extension from its `#!` line (`#!/usr/bin/env node`,
 * `#!/usr/bin/python3 -u`), or undefined. `head` is the start of the file.
 */
export function languageFromShebang(head: string): string | undefined {
  const match = /^#!\s*(\S+)(?:[ \t]+(?:-\S+[ \t]+)*([^\s-]\S*))?/.exec(head);
  if (!match) return undefined;
  const program = match[1].slice(match[1].lastIndexOf('/') + 1);
  const interpreter = program === 'env' ? (match[2] ?? '') : program;
  return BY_INTERPRETER.find(([pattern]) => pattern.test(interpreter))?.[1];
}

/** Extensions that are binary by format; such files are skipped without being read. */
const BINARY_EXTENSIONS: ReadonlySet<string> = new Set([
  'png', 'jpg', 'jpeg', 'gif', 'bmp', 'ico', 'icns', 'webp', 'tif', 'tiff', 'psd', 'pdf',
  'zip', 'gz', 'tgz', 'bz2', 'xz', 'zst', '7z', 'rar', 'jar', 'war', 'ear', 'class', 'dex',
  'so', 'dll', 'dylib', 'exe', 'bin', 'o', 'a', 'lib', 'obj', 'wasm', 'node', 'pyc', 'pyo',
  'woff', 'woff2', 'ttf', 'otf', 'eot', 'mp3', 'mp4', 'm4a', 'wav', 'ogg', 'flac', 'avi',
  'mov', 'mkv', 'webm', 'sqlite', 'sqlite3', 'db', 'vsix', 'iso', 'dmg', 'pdb',
]);

export function hasBinaryExtension(relativePath: string): boolean {
  const slash = relativePath.lastIndexOf('/');
  const dot = relativePath.lastIndexOf('.');
  if (dot <= slash + 1) return false;
  return BINARY_EXTENSIONS.has(relativePath.slice(dot + 1).toLowerCase());
}

/** Bytes inspected for NUL bytes (git looks at the first 8000). */
const SNIFF_BYTES = 8192;
// eslint-disable-next-line no-control-regex -- control characters are exactly what this looks for
const CONTROL_CHARACTER = /[\x01-\x07\x0e-\x1a\x1c-\x1f]/;

/** Bytes inspected for other control characters. */
const CONTROL_SNIFF_BYTES = 1024;

/**
 * True when the content looks binary: a NUL byte in the first 8 KB, or more than 10% control
 * characters (other than tab, line breaks, form feed, backspace and escape) in the first 1 KB.
 */
export function looksBinary(content: Buffer): boolean {
  if (content.subarray(0, SNIFF_BYTES).indexOf(0) !== -1) return true;
  // Most text has no control characters at all: one native regex test, then count only if needed.
  const end = Math.min(content.length, CONTROL_SNIFF_BYTES);
  if (!CONTROL_CHARACTER.test(content.toString('latin1', 0, end))) return false;
  let control = 0;
  for (let i = 0; i < end; i++) {
    const byte = content[i];
    if (byte < 32 && byte !== 9 && byte !== 10 && byte !== 13 && byte !== 12 && byte !== 8 && byte !== 27) control++;
  }
  return end > 0 && control / end > 0.1;
}
