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
  const name = relativePath.slice(relativePath.lastIndexOf('/') + 1).toLowerCase();
  const byName = BY_NAME[name];
  if (byName) return byName;
  const dot = name.lastIndexOf('.');
  if (dot <= 0) return 'text';
  return BY_EXTENSION[name.slice(dot + 1)] ?? 'text';
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

/** Bytes inspected for binary content. */
const SNIFF_BYTES = 8192;

/**
 * True when the first 8 KB look binary: any NUL byte, or more than 10% control characters
 * other than tab, line breaks, form feed, backspace and escape.
 */
export function looksBinary(content: Uint8Array): boolean {
  const end = Math.min(content.length, SNIFF_BYTES);
  let control = 0;
  for (let i = 0; i < end; i++) {
    const byte = content[i];
    if (byte === 0) return true;
    if (byte < 32 && byte !== 9 && byte !== 10 && byte !== 13 && byte !== 12 && byte !== 8 && byte !== 27) control++;
  }
  return end > 0 && control / end > 0.1;
}
