import { test } from 'node:test';
import assert from 'node:assert/strict';
import { docCommentAnswerSchema, parseDocCommentAnswer, readDocCommentAnswer } from '../../../../src/core/docs/docComments/answerSchema';
import { applyDocCommentEdits, buildDocCommentEdits } from '../../../../src/core/docs/docComments/buildDocCommentEdits';
import { docCommentTargets, symbolKeys, type DocCommentTarget, type DocDescriptions } from '../../../../src/core/docs/docComments/docTargets';
import { editIsSafe, nonCommentTokens } from '../../../../src/core/docs/docComments/editSafety';
import { sharedParser } from '../parse/parseTestSupport';

/** What a model answering every key would write: `Describes Key.`, `The p.`, `What Key gives.` */
function describeAll(targets: readonly DocCommentTarget[]): DocDescriptions {
  return Object.fromEntries(
    targets.map((t) => [t.key, { summary: `Describes ${t.key}.`, params: Object.fromEntries(t.params.map((p) => [p, `The ${p}.`])), ...(t.needsReturns ? { returns: `What ${t.key} gives.` } : {}) }]),
  );
}

async function document(language: string, file: string, text: string, descriptions: DocDescriptions = {}): Promise<string> {
  const parser = await sharedParser();
  const parsed = parser.parseFile(file, language, text);
  const all = { ...describeAll(docCommentTargets(parsed)), ...descriptions };
  const after = applyDocCommentEdits(text, buildDocCommentEdits(parsed, text, language, all));
  assert.deepEqual(await editIsSafe(text, after, language, parser), { safe: true });
  assert.deepEqual(docCommentTargets(parser.parseFile(file, language, after)), [], 'the parser now sees every doc comment');
  return after;
}

test('Go: `// Name …` comments with parameter list, only on exported identifiers', async () => {
  const text = 'package store\n\ntype Store struct{}\n\nfunc New(size int) *Store { return nil }\n\nfunc (s *Store) Put(id string) {}\n\nfunc helper() {}\n';
  const after = await document('go', 'store.go', text, { New: { summary: 'Makes a store.', params: { size: 'Capacity.' }, returns: 'The store.' } });
  assert.ok(after.includes('// New makes a store.\n//\n// Parameters:\n//   - size: Capacity.\n//\n// Returns: The store.\nfunc New('), after);
  assert.ok(after.includes('// Store describes Store.\ntype Store struct{}'), after);
  assert.ok(after.includes('// Put describes Store.Put.\n//\n// Parameters:\n//   - id: The id.\nfunc (s *Store) Put'), after);
  assert.ok(after.includes('\n\nfunc helper() {}'), 'unexported functions are left alone');
});

test('Rust: `///` with # Arguments and # Returns, above attributes, indented in impl blocks', async () => {
  const text = '#[derive(Debug)]\npub struct Store {}\n\nimpl Store {\n    pub fn new(size: usize) -> Self { Store {} }\n    fn hidden(&self) {}\n}\n';
  const after = await document('rust', 'lib.rs', text);
  assert.ok(after.startsWith('/// Describes Store.\n#[derive(Debug)]\npub struct Store {}'), after);
  assert.ok(after.includes('    /// Describes Store.new.\n    ///\n    /// # Arguments\n    ///\n    /// * `size` - The size.\n    ///\n    /// # Returns\n    ///\n    /// What Store.new gives.\n    pub fn new('), after);
  assert.ok(after.includes('\n    fn hidden(&self) {}'));
});

test('Java: Javadoc with @param and @return, above annotations, skipping void returns', async () => {
  const text = 'public class Store {\n    @Deprecated\n    public String put(String id, int... counts) { return id; }\n    public void run() {}\n    private int hidden() { return 1; }\n}\n';
  const after = await document('java', 'Store.java', text);
  assert.ok(after.includes('    /**\n     * Describes Store.put.\n     *\n     * @param id The id.\n     * @param counts The counts.\n     * @return What Store.put gives.\n     */\n    @Deprecated\n'), after);
  assert.ok(after.includes('    /**\n     * Describes Store.run.\n     */\n    public void run()'), after);
  assert.ok(after.includes('\n    private int hidden()'));
});

test('C#: XML doc comments with escaped text', async () => {
  const text = 'namespace Shop\n{\n    public class Cart\n    {\n        public int Add(string sku, int count = 1) { return count; }\n    }\n}\n';
  const after = await document('csharp', 'Cart.cs', text, {
    'Cart.Add': { summary: 'Adds <items> & more.', params: { sku: 'The SKU.', count: 'How many.' }, returns: 'The new count.' },
  });
  assert.ok(
    after.includes(
      '        /// <summary>\n        /// Adds &lt;items&gt; &amp; more.\n        /// </summary>\n        /// <param name="sku">The SKU.</param>\n        /// <param name="count">How many.</param>\n        /// <returns>The new count.</returns>\n        public int Add(',
    ),
    after,
  );
});

test('JavaScript: JSDoc for CommonJS exports; comment terminators in descriptions cannot close the comment', async () => {
  const text = 'function add(a, b) {\n  return a + b;\n}\nmodule.exports = { add };\n';
  const after = await document('javascript', 'add.js', text, { add: { summary: 'Adds */ numbers.', params: { a: 'First $1.', b: 'Second.' }, returns: 'Sum.' } });
  assert.ok(after.startsWith('/**\n * Adds *\\/ numbers.\n *\n * @param a - First $1.\n * @param b - Second.\n * @returns Sum.\n */\nfunction add(a, b) {'), after);
});

test('Python: docstring text with quotes and backslashes stays one valid string', async () => {
  const text = 'def path(p: str) -> str:\n    return p\n';
  const after = await document('python', 'p.py', text, { path: { summary: 'Joins C:\\dir and """quoted""" parts.', params: { p: 'A path.' }, returns: 'It.' } });
  assert.ok(after.includes('"""Joins C:\\\\dir and \\"\\"\\"quoted\\"\\"\\" parts.'), after);
});

test('editIsSafe refuses code changes and broken syntax, accepts comment-only changes', async () => {
  const parser = await sharedParser();
  const before = 'export function f(a: number): number {\n  return a + 1;\n}\n';
  assert.deepEqual(await editIsSafe(before, `// note\n${before.replace('return', '/* x */ return')}`, 'typescript', parser), { safe: true });
  const renamed = await editIsSafe(before, before.replace('a + 1', 'a + 2'), 'typescript', parser);
  assert.equal(renamed.safe, false);
  assert.match(renamed.reason ?? '', /`1` became `2`/);
  const broken = await editIsSafe(before, `/** doc\n${before}`, 'typescript', parser);
  assert.equal(broken.safe, false, 'an unterminated comment swallows code');
  const py = 'def f(x):\n    return x\n';
  assert.equal((await editIsSafe(py, 'def f(x):\n    """Doc."""\n    return x\n', 'python', parser)).safe, true, 'a docstring is a comment for this check');
  assert.equal((await editIsSafe(py, 'def f(x):\n    """Doc."""\n    return x + 0\n', 'python', parser)).safe, false);
  assert.equal((await editIsSafe(py, 'def f(x):\n    x = "a"\n    return x\n', 'python', parser)).safe, false, 'a string that is not the first statement is code');
  assert.equal((await editIsSafe('a', 'b', 'ruby', parser)).safe, false, 'unknown languages cannot be checked, so edits are refused');
  assert.deepEqual(await nonCommentTokens('/** c */ let x = 1; // d', 'typescript', parser), ['let', 'x', '=', '1', ';']);
  assert.deepEqual(await nonCommentTokens('let x = 1;', 'typescript'), ['let', 'x', '=', '1', ';'], 'works without a parser passed in');
});

test('keys are stable and unique; the answer schema lists exactly the parameters; answers are read tolerantly', async () => {
  const parser = await sharedParser();
  const text = [
    'export class Cart {',
    '  add(sku: string, count: number): number { return count; }',
    '  clear(): void {}',
    '}',
    'export function total(cart: Cart): number;',
    'export function total(cart: Cart, tax?: number): number { return 0; }',
  ].join('\n');
  const parsed = parser.parseFile('cart.ts', 'typescript', text);
  assert.deepEqual([...symbolKeys(parsed).values()], ['Cart', 'Cart.add', 'Cart.clear', 'total', 'total#2']);
  const targets = docCommentTargets(parsed);
  const schema = docCommentAnswerSchema(targets) as { properties: Record<string, { required: string[]; properties: { params: { required: string[] } } }>; required: string[] };
  assert.deepEqual(schema.required, ['Cart', 'Cart.add', 'Cart.clear', 'total', 'total#2']);
  assert.deepEqual(schema.properties['Cart.add'].required, ['summary', 'params', 'returns']);
  assert.deepEqual(schema.properties['Cart.add'].properties.params.required, ['sku', 'count']);
  assert.deepEqual(schema.properties['Cart.clear'].required, ['summary', 'params'], 'void methods have no returns entry');
  const answer = '```json\n{"Cart.add": {"summary": "Adds.", "params": {"sku": "Which.", "count": "How many.", "bogus": "x"}, "returns": "Count."}, "Nope": {"summary": "x", "params": {}}, "Cart.clear": {"params": {}}}\n```';
  assert.deepEqual(parseDocCommentAnswer(answer, targets), {
    'Cart.add': { summary: 'Adds.', params: { sku: 'Which.', count: 'How many.' }, returns: 'Count.' },
  });
  assert.deepEqual(parseDocCommentAnswer('not json', targets), {});
  // What is worth asking again: keys missing or shaped wrong, not a summary left empty on purpose.
  const read = readDocCommentAnswer('{"Cart.add": {"summary": "Adds.", "params": {}}, "Cart.clear": {"summary": "", "params": {}}, "total": "text"}', targets);
  assert.deepEqual(Object.keys(read.descriptions), ['Cart.add']);
  assert.deepEqual(read.malformed, ['Cart', 'total', 'total#2']);
  assert.deepEqual(readDocCommentAnswer('not json', targets).malformed, targets.map((t) => t.key));
});

test('a symbol the answer did not describe gets no comment, and a parameter it did not describe no line: no placeholder prose', async () => {
  const parser = await sharedParser();
  const text = 'export function add(a: number, b: number): number {\n  return a + b;\n}\n\nexport function sub(a: number, b: number): number {\n  return a - b;\n}\n';
  const parsed = parser.parseFile('math.ts', 'typescript', text);
  const edits = buildDocCommentEdits(parsed, text, 'typescript', { add: { summary: 'Adds two numbers.', params: { a: 'The first.' } } });
  assert.deepEqual(edits.map((e) => e.key), ['add'], 'sub was not described, so it gets nothing');
  const after = applyDocCommentEdits(text, edits);
  assert.ok(after.startsWith('/**\n * Adds two numbers.\n *\n * @param a - The first.\n */\nexport function add('), after);
  assert.doesNotMatch(after, /TODO|describe\./);
  assert.deepEqual(buildDocCommentEdits(parsed, text, 'typescript', {}), []);
});
