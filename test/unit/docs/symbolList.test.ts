import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { filePage } from '../../../src/core/docs/pageContent';
import type { SourceSymbol, SymbolKind } from '../../../src/core/docs/types';

function symbols(count: number, kind: SymbolKind, exported: boolean, prefix: string, firstLine: number): SourceSymbol[] {
  return Array.from({ length: count }, (_, i) => ({ name: `${prefix}${i}`, kind, startLine: firstLine + i, endLine: firstLine + i, exported, parameters: [] }));
}

function page(list: SourceSymbol[]): string {
  return filePage({ sourcePath: 'src/schemas.ts', language: 'typescript', lineCount: 5000, summary: 'Schemas.', body: 'Body.', symbols: list, sourceLink: '../../src/schemas.ts' });
}

test('a file page lists every symbol when there are 300 or fewer, as one list', () => {
  const text = page(symbols(300, 'function', true, 'f', 1));
  assert.equal(text.match(/^- `f\d+`/gm)?.length, 300);
  assert.doesNotMatch(text, /^### /m);
});

test('a long symbol list is grouped by kind with counts and lists every exported symbol, past any cap', () => {
  // zod's schemas.ts: 383 exported declarations; the page stopped at 300 without a word.
  const list = [...symbols(250, 'function', true, 'fn', 1), ...symbols(100, 'type', true, 'T', 300), ...symbols(33, 'class', true, 'C', 500)];
  const text = page(list);
  for (const s of list) assert.ok(text.includes(`\`${s.name}\``), `${s.name} is listed`);
  assert.match(text, /^### Classes \(33\)$/m);
  assert.match(text, /^### Types \(100\)$/m);
  assert.match(text, /^### Functions \(250\)$/m);
  assert.match(text, /383 symbols, by kind\./);
});

test('when non-exported symbols must be left out, the page says how many and of which kind', () => {
  const list = [...symbols(900, 'function', true, 'e', 1), ...symbols(150, 'variable', false, 'v', 1000), ...symbols(20, 'function', false, 'h', 2000)];
  const text = page(list);
  const listed = text.match(/^- `[a-z]\d+`/gm)?.length ?? 0;
  assert.equal(listed, 1000, 'every exported symbol and the first of the others, up to 1,000 rows');
  assert.match(text, /1070 symbols, by kind; 1000 are listed: every exported one, and the first 100 of the others\. The 70 left out are counted under their kind\./);
  assert.match(text, /### Variables \(150\)[\s\S]*- 50 more, not exported, not listed/);
  assert.match(text, /### Functions \(920\)[\s\S]*- 20 more, not exported, not listed/);
});
