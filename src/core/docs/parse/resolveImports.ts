/**
 * Resolves import specifiers to workspace files, so the architecture diagram is drawn from
 * real edges. TypeScript/JavaScript and Python are resolved exactly as their loaders would
 * (relative paths, extensions, `index` files, packages); Go, Rust, Java and C# best effort.
 */
import * as posix from 'node:path/posix';
import type { ImportRef } from '../types';

interface FileIndex {
  files: ReadonlySet<string>;
  /** Folder → its files (sorted), folder `''` is the root. */
  byDir: Map<string, string[]>;
}

const indexCache = new WeakMap<ReadonlySet<string>, FileIndex>();

function indexOf(files: ReadonlySet<string>): FileIndex {
  let index = indexCache.get(files);
  if (!index) {
    const byDir = new Map<string, string[]>();
    for (const file of files) {
      const dir = posix.dirname(file);
      const key = dir === '.' ? '' : dir;
      const list = byDir.get(key);
      if (list) list.push(file);
      else byDir.set(key, [file]);
    }
    for (const list of byDir.values()) list.sort();
    index = { files, byDir };
    indexCache.set(files, index);
  }
  return index;
}

function dirOf(file: string): string {
  const dir = posix.dirname(file);
  return dir === '.' ? '' : dir;
}

function join(dir: string, rest: string): string | undefined {
  const out = posix.normalize(dir === '' ? rest : `${dir}/${rest}`);
  return out.startsWith('../') || out === '..' || posix.isAbsolute(out) ? undefined : out.replace(/^\.\//, '');
}

function firstExisting(index: FileIndex, candidates: Array<string | undefined>): string | undefined {
  return candidates.find((c): c is string => c !== undefined && index.files.has(c));
}

const SCRIPT_EXTENSIONS = ['.ts', '.tsx', '.d.ts', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];

function resolveScript(from: string, specifier: string, index: FileIndex): string | undefined {
  let base: string | undefined;
  if (specifier.startsWith('./') || specifier.startsWith('../') || specifier === '.' || specifier === '..') base = join(dirOf(from), specifier);
  else if (specifier.startsWith('@/') || specifier.startsWith('~/')) base = join('src', specifier.slice(2));
  else if (specifier.startsWith('/')) return undefined;
  if (base === undefined) return undefined;
  const swapped = base.replace(/\.(m|c)?jsx?$/, (_m, kind: string | undefined) => `.${kind ?? ''}ts`);
  return firstExisting(index, [
    base,
    swapped !== base ? swapped : undefined,
    swapped !== base ? swapped.replace(/\.ts$/, '.tsx') : undefined,
    ...SCRIPT_EXTENSIONS.map((ext) => base + ext),
    ...SCRIPT_EXTENSIONS.map((ext) => `${base}/index${ext}`),
  ]);
}

function pythonModule(index: FileIndex, modulePath: string): string | undefined {
  return firstExisting(index, [`${modulePath}.py`, `${modulePath}/__init__.py`, `${modulePath}.pyi`, `${modulePath}/__init__.pyi`]);
}

/** Folders a Python absolute import may be rooted at: the file's ancestors, then `src/`. */
function pythonRoots(from: string): string[] {
  const roots: string[] = [];
  for (let dir = dirOf(from); ; dir = dirOf(dir)) {
    roots.push(dir);
    if (dir === '') break;
  }
  roots.push('src');
  return roots;
}

function resolvePython(from: string, ref: ImportRef, index: FileIndex): ImportRef[] {
  const spec = ref.specifier;
  const dots = /^\.*/.exec(spec)?.[0].length ?? 0;
  const rest = spec.slice(dots).split('.').filter((s) => s !== '').join('/');
  const bases: string[] = [];
  if (dots > 0) {
    let dir = dirOf(from);
    for (let i = 1; i < dots; i++) dir = dirOf(dir);
    bases.push(rest === '' ? dir : dir === '' ? rest : `${dir}/${rest}`);
  } else {
    for (const root of pythonRoots(from)) bases.push(root === '' ? rest : `${root}/${rest}`);
  }
  for (const base of bases) {
    const module = base === '' ? firstExisting(index, ['__init__.py']) : pythonModule(index, base);
    const submodules: ImportRef[] = [];
    for (const name of ref.importedNames ?? []) {
      const sub = pythonModule(index, base === '' ? name : `${base}/${name}`);
      if (sub) submodules.push({ specifier: `${spec}${spec.endsWith('.') ? '' : '.'}${name}`, resolved: sub, line: ref.line });
    }
    const importsModuleItself = (ref.importedNames ?? []).length === 0 || submodules.length < (ref.importedNames ?? []).length;
    if (module || submodules.length > 0) {
      return importsModuleItself && module ? [{ ...ref, resolved: module }, ...submodules] : submodules;
    }
  }
  return [ref];
}

/** The package folder (first non-test `.go` file) a Go import path points at, matched by path suffix. */
function resolveGo(specifier: string, index: FileIndex): string | undefined {
  const segments = specifier.split('/');
  const minSuffix = segments[0].includes('.') && segments.length > 1 ? 1 : Math.min(2, segments.length);
  for (let k = segments.length; k >= minSuffix; k--) {
    const suffix = segments.slice(segments.length - k).join('/');
    const dirs = [...index.byDir.keys()].filter((d) => d === suffix || d.endsWith(`/${suffix}`)).sort((a, b) => a.length - b.length);
    for (const dir of dirs) {
      const file = index.byDir.get(dir)?.find((f) => f.endsWith('.go') && !f.endsWith('_test.go'));
      if (file) return file;
    }
  }
  return undefined;
}

function rustModuleDir(from: string): string {
  const name = posix.basename(from);
  return name === 'mod.rs' || name === 'lib.rs' || name === 'main.rs' ? dirOf(from) : from.replace(/\.rs$/, '');
}

function rustModule(index: FileIndex, dir: string, segments: string[]): string | undefined {
  for (let k = segments.length; k >= 1; k--) {
    const base = join(dir, segments.slice(0, k).join('/'));
    const found = base ? firstExisting(index, [`${base}.rs`, `${base}/mod.rs`]) : undefined;
    if (found) return found;
  }
  return undefined;
}

function resolveRust(from: string, specifier: string, index: FileIndex): string | undefined {
  if (specifier.startsWith('mod ')) return rustModule(index, rustModuleDir(from), [specifier.slice(4)]);
  const path = specifier.replace(/::\{.*$/, '').replace(/\s+as\s+\w+$/, '');
  const segments = path.split('::').filter((s) => s !== '' && s !== '*');
  if (segments.length < 2) return undefined;
  const head = segments.shift();
  let dir: string;
  if (head === 'crate') {
    const srcAt = from.lastIndexOf('src/');
    dir = srcAt >= 0 ? from.slice(0, srcAt + 3) : dirOf(from);
  } else if (head === 'self') dir = rustModuleDir(from);
  else if (head === 'super') {
    dir = dirOf(rustModuleDir(from));
    while (segments[0] === 'super') {
      segments.shift();
      dir = dirOf(dir);
    }
  } else return undefined;
  return rustModule(index, dir, segments);
}

function resolveByDottedName(specifier: string, index: FileIndex, extension: string): string | undefined {
  const clean = specifier.replace(/^static\s+/, '').replace(/^global::/, '');
  const segments = clean.split('.').filter((s) => s !== '*');
  // A type: com.acme.model.User → …/com/acme/model/User.java (static imports: drop the member).
  for (let drop = 0; drop <= 1 && segments.length - drop >= 1; drop++) {
    const tail = `${segments.slice(0, segments.length - drop).join('/')}${extension}`;
    for (const file of index.files) if (file === tail || file.endsWith(`/${tail}`)) return file;
  }
  // A namespace or package: a folder whose path ends with its last segments.
  for (let k = segments.length; k >= Math.min(2, segments.length); k--) {
    const suffix = segments.slice(segments.length - k).join('/');
    for (const [dir, files] of index.byDir) {
      if (dir !== suffix && !dir.endsWith(`/${suffix}`)) continue;
      const file = files.find((f) => f.endsWith(extension));
      if (file) return file;
    }
  }
  return undefined;
}

/** Returns `imports` with `resolved` set where the target is a workspace file (never the importing file itself). */
export function resolveImports(from: string, language: string, imports: readonly ImportRef[], files: ReadonlySet<string>): ImportRef[] {
  const index = indexOf(files);
  const out: ImportRef[] = [];
  const push = (ref: ImportRef, resolved: string | undefined): void => {
    out.push(resolved !== undefined && resolved !== from ? { ...ref, resolved } : ref);
  };
  for (const ref of imports) {
    switch (language) {
      case 'typescript':
      case 'typescriptreact':
      case 'javascript':
      case 'javascriptreact':
        push(ref, resolveScript(from, ref.specifier, index));
        break;
      case 'python':
        for (const resolved of resolvePython(from, ref, index)) push(resolved, resolved.resolved);
        break;
      case 'go':
        push(ref, resolveGo(ref.specifier, index));
        break;
      case 'rust':
        push(ref, resolveRust(from, ref.specifier, index));
        break;
      case 'java':
        push(ref, resolveByDottedName(ref.specifier, index, '.java'));
        break;
      case 'csharp':
        push(ref, resolveByDottedName(ref.specifier, index, '.cs'));
        break;
      default:
        out.push(ref);
    }
  }
  return out;
}
