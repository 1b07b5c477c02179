import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { splitBySymbol, type SourceChunk } from '../../../../src/core/docs/parse/splitBySymbol';
import type { ParsedFile } from '../../../../src/core/docs/types';
import { prepareFixture } from '../../../fixtures/workspaces/prepare';
import { sharedParser } from './parseTestSupport';

let tmp: string;
const large: Array<{ language: string; parsed: ParsedFile; text: string }> = [];

before(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'docsmith-split-'));
  const parser = await sharedParser();
  for (const [name, language] of [['ts-sample', 'typescript'], ['py-sample', 'python']] as const) {
    const fixture = await prepareFixture(name, path.join(tmp, name));
    const text = readFileSync(path.join(fixture.root, fixture.largeFile), 'utf8');
    large.push({ language, text, parsed: parser.parseFile(fixture.largeFile, language, text) });
  }
});

after(() => rmSync(tmp, { recursive: true, force: true }));

function assertCovers(chunks: SourceChunk[], text: string, lineCount: number, maxBytes: number): void {
  assert.equal(chunks.map((c) => c.text).join(''), text, 'chunks concatenate to the file: nothing dropped or duplicated');
  assert.equal(chunks[0].startLine, 1);
  assert.equal(chunks[chunks.length - 1].endLine, lineCount);
  for (let i = 1; i < chunks.length; i++) assert.equal(chunks[i].startLine, chunks[i - 1].endLine + 1, 'contiguous');
  for (const chunk of chunks) {
    assert.ok(Buffer.byteLength(chunk.text) <= maxBytes, `chunk ${chunk.startLine}-${chunk.endLine} within budget`);
    assert.equal(chunk.text.split('\n').length - (chunk.text.endsWith('\n') ? 1 : 0), chunk.endLine - chunk.startLine + 1, 'line span matches text');
  }
}

test('the large fixture files are cut between functions, never inside one', () => {
  for (const { text, parsed } of large) {
    const maxBytes = 64 * 1024;
    const chunks = splitBySymbol(parsed, text, maxBytes);
    assertCovers(chunks, text, parsed.lineCount, maxBytes);
    assert.ok(chunks.length >= Math.ceil(Buffer.byteLength(text) / maxBytes), 'enough chunks');
    const functions = parsed.symbols.filter((s) => s.kind === 'function');
    assert.equal(functions.length, 48);
    for (const fn of functions) {
      const holder = chunks.find((c) => c.startLine <= fn.startLine && fn.endLine <= c.endLine);
      assert.ok(holder, `${fn.name} (${fn.startLine}-${fn.endLine}) lies inside one chunk`);
      assert.ok(holder.symbols.includes(fn.name));
    }
  }
});

test('a symbol larger than the budget is split by members, then by lines', async () => {
  const parser = await sharedParser();
  const methods = Array.from({ length: 6 }, (_, i) => `  method${i}(): number {\n${'    const x = 1;\n'.repeat(30)}    return ${i};\n  }\n`).join('');
  const text = `export class Big {\n${methods}}\n\nexport function tail(): void {}\n`;
  const parsed = parser.parseFile('big.ts', 'typescript', text);
  const maxBytes = 1200;
  const chunks = splitBySymbol(parsed, text, maxBytes);
  assertCovers(chunks, text, parsed.lineCount, maxBytes);
  const big = parsed.symbols.find((s) => s.name === 'Big');
  assert.ok(big && Buffer.byteLength(text) > maxBytes);
  assert.ok(chunks.filter((c) => c.startLine <= big.endLine).length > 1, 'the class is spread over several chunks');
  for (const method of parsed.symbols.filter((s) => s.kind === 'method')) {
    assert.ok(chunks.some((c) => c.startLine <= method.startLine && method.endLine <= c.endLine), `${method.name} kept whole: it fits the budget`);
  }
  const tight = splitBySymbol(parsed, text, 300);
  assertCovers(tight, text, parsed.lineCount, 300);
  const method0 = parsed.symbols.find((s) => s.name === 'method0');
  assert.ok(method0);
  assert.ok(!tight.some((c) => c.startLine <= method0.startLine && method0.endLine <= c.endLine), 'a method over the budget is cut between lines');
});

test('a single line longer than the budget is cut into pieces with the same line number', async () => {
  const parser = await sharedParser();
  const text = `const a = 1;\nconst s = "${'x'.repeat(500)}";\nconst b = 2;\n`;
  const parsed = parser.parseFile('min.js', 'javascript', text);
  const chunks = splitBySymbol(parsed, text, 100);
  assert.equal(chunks.map((c) => c.text).join(''), text);
  assert.ok(chunks.filter((c) => c.startLine === 2 && c.endLine === 2).length >= 5);
  assert.ok(chunks.every((c) => Buffer.byteLength(c.text) <= 100));
});

test('a small file is one chunk; an empty file is none; CRLF is kept', async () => {
  const parser = await sharedParser();
  const text = 'def a():\r\n    return 1\r\n\r\ndef b():\r\n    return 2\r\n';
  const parsed = parser.parseFile('m.py', 'python', text);
  assert.deepEqual(splitBySymbol(parsed, text, 10_000), [{ startLine: 1, endLine: 5, text, symbols: ['a', 'b'] }]);
  const cut = splitBySymbol(parsed, text, 26);
  assert.equal(cut.map((c) => c.text).join(''), text);
  assert.deepEqual(cut.map((c) => [c.startLine, c.endLine]), [[1, 2], [3, 5]]);
  assert.deepEqual(splitBySymbol({ ...parsed, lineCount: 0, symbols: [] }, '', 100), []);
});
