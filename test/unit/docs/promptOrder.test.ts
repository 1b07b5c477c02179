/**
 * Prompts are sent stable-prefix-first, so a provider's prefix cache can serve what repeats: the
 * rules (one text per kind of request, marked as the end of the stable prefix), then what requests
 * share, then what is the request's own.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { architecturePrompt, filePrompt, folderPrompt, overviewPrompt, type FilePromptInput } from '../../../src/core/docs/prompts';
import { explorationPrompt, outlinePrompt, sectionPrompt } from '../../../src/core/guide/guidePrompts';
import type { ChatMessage } from '../../../src/core/providers/types';
import type { SourceSymbol } from '../../../src/core/docs/types';

function sym(name: string, startLine: number, endLine: number): SourceSymbol {
  return { name, kind: 'function', startLine, endLine, exported: true, parameters: [] };
}

function commonPrefix(a: string, b: string): string {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return a.slice(0, i);
}

const options = { structured: false };
const imports = [{ path: 'src/cost/money.ts', exports: ['usdToNanos (function)', 'NANOS_PER_USD (const)'] }];

function file(path: string, extra: Partial<FilePromptInput> = {}): ChatMessage[] {
  return filePrompt({ path, language: 'typescript', lineCount: 3, text: 'a\nb\nc', firstLine: 1, symbols: [sym('f', 1, 3)], imports, ...extra }, options);
}

test('every page prompt is the rules (marked as the stable prefix), then one user message', () => {
  const prompts = [
    file('src/a.ts'),
    folderPrompt('src', [{ name: 'a.ts', kind: 'file', summary: 'A.' }], options),
    architecturePrompt({ parts: [{ name: 'src', kind: 'folder', summary: 'S.' }], dependencies: [], fileCount: 1 }, options),
    overviewPrompt({ projectName: 'p', children: [{ name: 'src', kind: 'folder', summary: 'S.' }] }, options),
  ];
  for (const messages of prompts) {
    assert.deepEqual(messages.map((m) => m.role), ['system', 'user']);
    assert.equal((messages[0] as { cacheBreakpoint?: boolean }).cacheBreakpoint, true);
  }
  // The rules are one text per kind: every file request of a run starts with the same bytes.
  assert.equal(file('src/a.ts')[0].content, file('lib/other/b.py', { language: 'python' })[0].content);
  assert.equal(prompts[1][0].content, prompts[2][0].content, 'folder and architecture share the summary rules');
});

test('a whole file keeps its order: request, imports, source; its symbols are in its source, so it has no outline', () => {
  const user = file('src/a.ts')[1].content;
  const at = (s: string): number => user.indexOf(s);
  assert.ok(at('Document the file `src/a.ts`') === 0);
  assert.ok(at('Document the file') < at('Workspace files it imports'));
  assert.ok(at('Workspace files it imports') < at('Source of src/a.ts'));
  assert.equal(at('Symbols found by the parser'), -1);
});

test("the parts of a large file start with what they share (the file's imports), then their own lines", () => {
  const part = (index: number, firstLine: number): string =>
    file('src/big.ts', { lineCount: 2000, firstLine, text: `line ${firstLine}`, symbols: [sym(`f${index}`, firstLine, firstLine)], part: { index, count: 2 } })[1].content;
  const [one, two] = [part(1, 1), part(2, 1001)];
  const shared = commonPrefix(one, two);
  assert.ok(shared.startsWith('Workspace files it imports, with their exports:\n- src/cost/money.ts: usdToNanos (function), NANOS_PER_USD (const)'));
  assert.match(one.slice(shared.length - 40), /Document lines 1-1 of the file `src\/big\.ts`/);
  assert.equal(one.split('Workspace files it imports').length, 2, 'the imports are sent once');
  assert.ok(one.indexOf('Document lines') < one.indexOf('Symbols found by the parser'));
});

test("a guide's exploration marks its opening turn, and its sections share rules, title and question", () => {
  const exploration = explorationPrompt('How is a page written?', 'src/\nREADME.md', 8);
  assert.deepEqual(exploration.map((m) => (m as { cacheBreakpoint?: boolean }).cacheBreakpoint), [true, true]);
  assert.equal(exploration[1].content, 'Question: How is a page written?\n\nThe top of the workspace:\nsrc/\nREADME.md');
  const briefs = [
    { index: 0, heading: 'Scan', purpose: 'How files are found.' },
    { index: 1, heading: 'Write', purpose: 'How pages are written.' },
  ];
  const [a, b] = briefs.map((brief) => sectionPrompt('How is a page written?', 'Writing pages', briefs, brief, `src/${brief.heading}.ts lines 1-2:\n1|x`));
  assert.equal(a[0].content, b[0].content);
  assert.ok(commonPrefix(a[1].content, b[1].content).startsWith('Guide: Writing pages\nQuestion it answers: How is a page written?\n\nSections of the guide:\n1. Scan'));
  assert.equal(outlinePrompt('q', '', 'x', true)[0].role, 'system');
});
