import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { scanWorkspace } from '../../../../src/core/docs/scan';
import { createParser, type SourceParser } from '../../../../src/core/docs/parse/sourceParser';
import type { ParsedFile, SourceSymbol } from '../../../../src/core/docs/types';
import type { ParseFn } from '../../../../src/core/docs/sourceIndex';
import { fixtureSourceDir, type FixtureName } from '../../../fixtures/workspaces/prepare';

let shared: Promise<SourceParser> | undefined;

/** One parser for the whole test process (grammars load once). */
export function sharedParser(): Promise<SourceParser> {
  shared ??= createParser();
  return shared;
}

/** The shared parser as the `parse` service of a documentation run. */
export async function createTestParser(): Promise<ParseFn> {
  const parser = await sharedParser();
  return (file, language, text, workspaceFiles) => parser.parseFile(file, language, text, workspaceFiles);
}

/** Scans a committed fixture and parses every file, as a documentation run would. */
export async function parseFixture(name: FixtureName): Promise<Map<string, ParsedFile>> {
  const root = fixtureSourceDir(name);
  const scan = await scanWorkspace({ root });
  const files = new Set(scan.files.map((f) => f.path));
  const parser = await sharedParser();
  const out = new Map<string, ParsedFile>();
  for (const file of scan.files) {
    out.set(file.path, parser.parseFile(file.path, file.language, readFileSync(path.join(root, file.path), 'utf8'), files));
  }
  return out;
}

export function symbol(parsed: ParsedFile | undefined, key: string): SourceSymbol {
  const found = parsed?.symbols.find((s) => (s.container ? `${s.container}.${s.name}` : s.name) === key);
  if (!found) throw new Error(`symbol ${key} not found in ${parsed?.path}: ${parsed?.symbols.map((s) => s.name).join(', ')}`);
  return found;
}

/** `from -> to` edges of resolved imports, sorted and de-duplicated. */
export function edges(parsed: Map<string, ParsedFile>): string[] {
  const out = new Set<string>();
  for (const file of parsed.values()) for (const ref of file.imports) if (ref.resolved) out.add(`${file.path} -> ${ref.resolved}`);
  return [...out].sort();
}
