/**
 * The names a page may mention in inline code and count as grounded: symbols, their containers
 * and parameters, imported module names, file and folder names of the workspace.
 */
import * as path from 'node:path';
import type { ParsedFile } from './types';

export function buildIdentifierSet(files: Iterable<ParsedFile>, folders: readonly string[]): Set<string> {
  const names = new Set<string>();
  for (const f of files) {
    const base = path.posix.basename(f.path);
    names.add(base);
    names.add(base.replace(/\.[^.]+$/, ''));
    for (const s of f.symbols) {
      names.add(s.name);
      if (s.container) names.add(s.container);
      for (const p of s.parameters) names.add(p.name.replace(/^[.*&]+/, ''));
    }
    for (const i of f.imports) {
      for (const part of i.specifier.split(/[/.:@]+/)) if (part) names.add(part);
    }
  }
  for (const d of folders) names.add(path.posix.basename(d));
  return names;
}
