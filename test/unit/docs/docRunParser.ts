/** The parser the engine tests use: the real tree-sitter parser of src/core/docs/parse. */
import { createParser, type SourceParser } from '../../../src/core/docs/parse/sourceParser';
import type { ParseFn } from '../../../src/core/docs/sourceIndex';

let shared: Promise<SourceParser> | undefined;

export async function createEngineParser(): Promise<ParseFn> {
  shared ??= createParser();
  const parser = await shared;
  return (path, language, text, workspaceFiles) => parser.parseFile(path, language, text, workspaceFiles);
}
