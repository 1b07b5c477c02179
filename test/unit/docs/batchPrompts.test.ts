/**
 * The prompt of a batch of small files: the rules and instructions once, each imported file's
 * exports once, and each file as its `=== FILE` line followed by its numbered source and nothing else.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { batchPrompt } from '../../../src/core/docs/batchPrompts';
import type { FilePromptInput } from '../../../src/core/docs/prompts';

function input(file: string, text: string, imports: FilePromptInput['imports']): FilePromptInput {
  return { path: file, language: 'javascript', lineCount: text.split('\n').length, text, firstLine: 1, symbols: [], imports };
}

test('a batch shows each file once under its own line, lists imported exports once and repeats nothing the source says', () => {
  const a = input('lib/a.js', "import b from './b.js';\nimport util from './util.js';\nexport default () => b() + util;", [
    { path: 'lib/b.js', exports: ['b (function)'] },
    { path: 'lib/util.js', exports: [] },
    { path: 'lib/core.js', exports: ['Core (class)'] },
  ]);
  const b = input('lib/b.js', "import Core from './core.js';\nexport default function b() {\n  return new Core();\n}", [{ path: 'lib/core.js', exports: ['Core (class)'] }]);
  const [system, user] = batchPrompt([a, b], { structured: false });
  assert.match(system.content, /\[path:START-END\]/);
  assert.match(system.content, /=== FILE /);
  // Each file: its line, then straight into its numbered source.
  assert.match(user.content, /^=== FILE lib\/a\.js\n1 import b from '\.\/b\.js';$/m);
  assert.match(user.content, /^=== FILE lib\/b\.js\n1 import Core from '\.\/core\.js';\n2 export default function b\(\) \{\n3 {2}return new Core\(\);$/m);
  // Imported exports once per request; a file shown in the batch, or one without exports, is not listed.
  assert.equal(user.content.split('- lib/core.js: Core (class)').length, 2);
  assert.ok(!/^- lib\/b\.js/m.test(user.content) && !/^- lib\/util\.js/m.test(user.content));
  assert.ok(!/Imports:|javascript|\d+ lines/.test(user.content), 'no per-file language, length or import list');
  // What to write and how to answer is one rule, in the rules every batch shares; the user message is material only.
  assert.match(system.content, /^One page per file below, in the order given: a line "=== FILE " and its path, a line "Summary: " and one or two plain sentences, a blank line, then its purpose, main parts and how to use it, citing its own lines\.$/m);
  assert.match(system.content, /^In the source, each line that is not blank starts with its line number\.$/m);
  assert.ok(user.content.startsWith('Workspace files they import, with their exports:\n'), user.content.slice(0, 80));
  const [structured] = batchPrompt([a, b], { structured: true });
  assert.match(structured.content, /One page per file below, in the order given, as JSON: \{"pages": \[\{"file": its path as given, "summary": one or two plain sentences, "markdown": its purpose, main parts and how to use it, citing its own lines\}\]\}\./);
});
