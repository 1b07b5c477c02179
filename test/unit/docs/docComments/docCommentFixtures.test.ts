import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { applyDocCommentEdits, buildDocCommentEdits } from '../../../../src/core/docs/docComments/buildDocCommentEdits';
import { docCommentTargets, type DocCommentTarget, type DocDescriptions } from '../../../../src/core/docs/docComments/docTargets';
import { editIsSafe } from '../../../../src/core/docs/docComments/editSafety';
import type { ParsedFile, SourceSymbol } from '../../../../src/core/docs/types';
import { fixtureSourceDir, type FixtureName } from '../../../fixtures/workspaces/prepare';
import { sharedParser } from '../parse/parseTestSupport';

interface FixtureFile {
  path: string;
  text: string;
}

function sourceFiles(name: FixtureName, extension: string, dir: string): FixtureFile[] {
  const root = fixtureSourceDir(name);
  const out: FixtureFile[] = [];
  const walk = (relative: string): void => {
    for (const entry of readdirSync(path.join(root, relative), { withFileTypes: true })) {
      const child = `${relative}/${entry.name}`;
      if (entry.isDirectory()) walk(child);
      else if (entry.name.endsWith(extension)) out.push({ path: child, text: readFileSync(path.join(root, child), 'utf8') });
    }
  };
  walk(dir);
  return out.sort((a, b) => a.path.localeCompare(b.path));
}

/** Descriptions a model might write, with `$` patterns and comment terminators to survive. */
function describe(targets: DocCommentTarget[]): DocDescriptions {
  const out: DocDescriptions = {};
  for (const t of targets) {
    const params: Record<string, string> = {};
    for (const p of t.params) params[p] = `value of ${p} (costs $1 or $& or \${x})`;
    out[t.key] = { summary: `Summary of ${t.key}: handles $HOME and */ safely.`, params, ...(t.needsReturns ? { returns: `result of ${t.key}` } : {}) };
  }
  return out;
}

/** Plain descriptions of every target: `About Key.`, `The p.`, `What Key gives.` */
function plainDescriptions(targets: DocCommentTarget[]): DocDescriptions {
  return Object.fromEntries(
    targets.map((t) => [t.key, { summary: `About ${t.key}.`, params: Object.fromEntries(t.params.map((p) => [p, `The ${p}.`])), ...(t.needsReturns ? { returns: `What ${t.key} gives.` } : {}) }]),
  );
}

const keyOf = (s: SourceSymbol): string => (s.container ? `${s.container}.${s.name}` : s.name);

/** Doc-comment completeness as DOC-QUALITY.md defines it, read back from the re-parsed file. */
function completeness(doc: string, target: DocCommentTarget, style: 'jsdoc' | 'google'): number {
  let checks = 0;
  let passed = 0;
  const check = (ok: boolean): void => {
    checks++;
    if (ok) passed++;
  };
  let documented: string[];
  let hasReturns: boolean;
  let summary: string;
  if (style === 'jsdoc') {
    documented = [...doc.matchAll(/@param\s+(\S+)/g)].map((m) => m[1]);
    hasReturns = /@returns?\b/.test(doc);
    summary = doc.replace(/^\/\*\*|\*\/$/g, '').split(/\n/).map((l) => l.replace(/^\s*\*\s?/, '')).find((l) => l.trim() !== '') ?? '';
  } else {
    const args = /Args:\n([\s\S]*?)(?:\n\s*\n|$)/.exec(doc)?.[1] ?? '';
    documented = [...args.matchAll(/^\s+(\*{0,2}\w+):/gm)].map((m) => m[1]);
    hasReturns = /\n\s*Returns:\n/.test(doc);
    summary = doc.split('\n')[0];
  }
  check(summary.trim() !== '' && !summary.startsWith('@'));
  check(JSON.stringify(documented) === JSON.stringify(target.params));
  check(hasReturns === target.needsReturns);
  return passed / checks;
}

async function runFixture(name: FixtureName, extension: string, dir: string, language: string, style: 'jsdoc' | 'google'): Promise<{ targets: number; scores: number[] }> {
  const parser = await sharedParser();
  let targetCount = 0;
  const scores: number[] = [];
  for (const file of sourceFiles(name, extension, dir)) {
    const parsed = parser.parseFile(file.path, language, file.text);
    const targets = docCommentTargets(parsed);
    const descriptions = describe(targets);
    const edits = buildDocCommentEdits(parsed, file.text, language, descriptions);
    assert.equal(edits.length, targets.length, `${file.path}: one edit per target`);
    const after = applyDocCommentEdits(file.text, edits);
    assert.deepEqual(await editIsSafe(file.text, after, language, parser), { safe: true }, `${file.path}: only comments added`);
    for (const s of parsed.symbols.filter((s) => s.docComment)) assert.ok(after.includes(s.docComment ?? ''), `${file.path}: existing doc of ${s.name} kept`);
    const reparsed: ParsedFile = parser.parseFile(file.path, language, after);
    assert.deepEqual(docCommentTargets(reparsed), [], `${file.path}: nothing left to document`);
    for (const target of targets) {
      const symbol = reparsed.symbols.find((s) => keyOf(s) === target.key);
      assert.ok(symbol?.docComment, `${file.path}: ${target.key} now documented`);
      assert.ok(symbol.docComment.includes('$1 or $& or ${x}') || target.params.length === 0, `${target.key}: $ survives`);
      scores.push(completeness(symbol.docComment, target, style));
    }
    targetCount += targets.length;
  }
  return { targets: targetCount, scores };
}

test('ts-sample: every exported function, method and class gets a complete TSDoc comment; code tokens unchanged', async () => {
  const { targets, scores } = await runFixture('ts-sample', '.ts', 'src', 'typescript', 'jsdoc');
  assert.ok(targets >= 30, `fixture has many undocumented exports (${targets})`);
  assert.equal(scores.reduce((a, b) => a + b, 0) / scores.length, 1, 'completeness 1.0');
});

test('py-sample: every public function, method and class gets a complete Google-style docstring; code tokens unchanged', async () => {
  const { targets, scores } = await runFixture('py-sample', '.py', 'inventory', 'python', 'google');
  assert.ok(targets >= 15, `fixture has many undocumented public symbols (${targets})`);
  assert.equal(scores.reduce((a, b) => a + b, 0) / scores.length, 1, 'completeness 1.0');
});

test('TS: comments are indented like the declaration and the code after them keeps its indentation', async () => {
  const parser = await sharedParser();
  const text = readFileSync(path.join(fixtureSourceDir('ts-sample'), 'src/models/order.ts'), 'utf8');
  const parsed = parser.parseFile('src/models/order.ts', 'typescript', text);
  const after = applyDocCommentEdits(text, buildDocCommentEdits(parsed, text, 'typescript', plainDescriptions(docCommentTargets(parsed))));
  assert.ok(after.includes('\n  /**\n   * About Order.addLine.\n   *\n   * @param sku - The sku.\n   * @param quantity - The quantity.\n   * @param unitPrice - The unitPrice.\n   */\n  addLine(sku: string'), after);
  assert.ok(after.includes('\n  /**\n   * About Order.cancel.\n   *\n   * @param reason - The reason.\n   * @returns What Order.cancel gives.\n   */\n  cancel('), after);
  assert.ok(after.includes('   * @returns the subtotal before tax'), 'existing comment untouched');
  assert.equal(after.split('/**').length - 1, text.split('/**').length - 1 + 3, 'constructor, addLine and cancel');
});

test('Python: docstrings go inside the body at its indentation, with Args and Returns', async () => {
  const parser = await sharedParser();
  const text = readFileSync(path.join(fixtureSourceDir('py-sample'), 'inventory/services/stock.py'), 'utf8');
  const parsed = parser.parseFile('inventory/services/stock.py', 'python', text);
  const descriptions: DocDescriptions = {
    ...plainDescriptions(docCommentTargets(parsed)),
    'StockService.receive': { summary: 'Adds items to the warehouse.', params: { item: 'What arrived.', quantity: 'How many.' } },
  };
  const after = applyDocCommentEdits(text, buildDocCommentEdits(parsed, text, 'python', descriptions));
  assert.ok(
    after.includes(
      '    def receive(self, item: Item, quantity: int) -> None:\n        """Adds items to the warehouse.\n\n        Args:\n            item: What arrived.\n            quantity: How many.\n        """\n        self.warehouse.add(item, quantity)\n',
    ),
    after,
  );
  assert.ok(after.includes('    def low_stock(self) -> List[Tuple[str, int]]:\n        """About StockService.low_stock.\n\n        Returns:\n            What StockService.low_stock gives.\n        """\n'), after);
  assert.ok(after.includes('class StockService:\n    """About StockService."""\n    def __init__'), after);
  assert.equal(after.includes('"""Takes items out of stock.'), true);
  assert.equal(after.match(/Takes items out of stock/g)?.length, 1, 'the existing docstring is not duplicated');
});

test('CRLF files stay CRLF, tab-indented Python keeps tabs, one-line bodies are moved under the docstring', async () => {
  const parser = await sharedParser();
  const crlf = readFileSync(path.join(fixtureSourceDir('ts-sample'), 'src/services/billing.ts'), 'utf8').replace(/\n/g, '\r\n');
  const parsedTs = parser.parseFile('billing.ts', 'typescript', crlf);
  const afterTs = applyDocCommentEdits(crlf, buildDocCommentEdits(parsedTs, crlf, 'typescript', plainDescriptions(docCommentTargets(parsedTs))));
  assert.ok(afterTs.length > crlf.length);
  assert.equal(/[^\r]\n/.test(afterTs), false, 'no bare LF introduced');
  assert.deepEqual(await editIsSafe(crlf, afterTs, 'typescript', parser), { safe: true });

  const tabbed = 'class Greeter:\r\n\tdef greet(self, name: str) -> str:\r\n\t\treturn "hi " + name\r\n\r\n\tdef short(self, x): return x\r\n';
  const parsedPy = parser.parseFile('g.py', 'python', tabbed);
  const afterPy = applyDocCommentEdits(tabbed, buildDocCommentEdits(parsedPy, tabbed, 'python', plainDescriptions(docCommentTargets(parsedPy))));
  assert.ok(afterPy.includes('\tdef greet(self, name: str) -> str:\r\n\t\t"""About Greeter.greet.\r\n\r\n\t\tArgs:\r\n\t\t    name: The name.'), afterPy);
  assert.ok(afterPy.includes('\tdef short(self, x): \r\n\t\t"""About Greeter.short.'), afterPy);
  assert.ok(afterPy.includes('\t\t"""\r\n\t\treturn x\r\n'), afterPy);
  assert.equal(/[^\r]\n/.test(afterPy), false);
  assert.deepEqual(await editIsSafe(tabbed, afterPy, 'python', parser), { safe: true });
  const reparsed = parser.parseFile('g.py', 'python', afterPy);
  assert.deepEqual(docCommentTargets(reparsed), []);
});
