/**
 * The check that makes doc-comment edits safe to apply: re-parse the file and compare its
 * sequence of non-comment tokens before and after. Comments and docstrings may change;
 * nothing else may.
 */
import type { Node } from '@vscode/tree-sitter-wasm';
import { canonicalLanguage, createParser, type SourceParser } from '../parse/sourceParser';

let defaultParser: Promise<SourceParser> | undefined;

function parserFor(parser?: SourceParser): Promise<SourceParser> {
  if (parser) return Promise.resolve(parser);
  defaultParser ??= createParser().catch((error: unknown) => {
    defaultParser = undefined;
    throw error;
  });
  return defaultParser;
}

/** A Python docstring: a string statement that opens a module, class or function body. */
function isDocstring(node: Node): boolean {
  if (node.type !== 'expression_statement' || node.namedChildCount !== 1) return false;
  const only = node.namedChild(0);
  if (!only || (only.type !== 'string' && only.type !== 'concatenated_string')) return false;
  const parent = node.parent;
  if (!parent || (parent.type !== 'block' && parent.type !== 'module')) return false;
  const first = parent.namedChildren.find((c) => c !== null && c.type !== 'comment');
  return first?.id === node.id;
}

function collectTokens(root: Node, language: string): string[] {
  const python = language === 'python';
  const tokens: string[] = [];
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as Node;
    if (node.type.includes('comment') || (python && isDocstring(node))) continue;
    if (node.childCount === 0) {
      if (node.text !== '') tokens.push(node.text);
      continue;
    }
    for (let i = node.childCount - 1; i >= 0; i--) {
      const child = node.child(i);
      if (child) stack.push(child);
    }
  }
  return tokens;
}

/** The file's tokens in order, without comments (and Python docstrings); synchronous with a loaded parser. */
export function nonCommentTokensWith(parser: SourceParser, text: string, language: string): string[] {
  const id = canonicalLanguage(language);
  const tokens = parser.withTree(id, text, (root) => collectTokens(root, id));
  if (!tokens) throw new Error(`No parser for ${language}`);
  return tokens;
}

/** The file's tokens in order, without comments (and Python docstrings). */
export async function nonCommentTokens(text: string, language: string, parser?: SourceParser): Promise<string[]> {
  return nonCommentTokensWith(await parserFor(parser), text, language);
}

export interface EditSafety {
  safe: boolean;
  /** Why an edit was refused, for the user. */
  reason?: string;
}

/** Synchronous form of {@link editIsSafe} for a loaded parser. */
export function editIsSafeWith(parser: SourceParser, before: string, after: string, language: string): EditSafety {
  const id = canonicalLanguage(language);
  if (!parser.supports(id)) return { safe: false, reason: `No parser for ${language}, so the edit cannot be checked` };
  const errorsBefore = parser.withTree(id, before, (root) => root.hasError) ?? true;
  const errorsAfter = parser.withTree(id, after, (root) => root.hasError) ?? true;
  if (errorsAfter && !errorsBefore) return { safe: false, reason: 'The file would no longer parse' };
  const a = nonCommentTokensWith(parser, before, id);
  const b = nonCommentTokensWith(parser, after, id);
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    if (a[i] !== b[i]) return { safe: false, reason: `Code would change at token ${i + 1}: \`${a[i]}\` became \`${b[i]}\`` };
  }
  if (a.length !== b.length) return { safe: false, reason: `Code would change: ${a.length} tokens became ${b.length}` };
  return { safe: true };
}

/** True (`safe`) when `after` differs from `before` only in comments (and docstrings). */
export async function editIsSafe(before: string, after: string, language: string, parser?: SourceParser): Promise<EditSafety> {
  return editIsSafeWith(await parserFor(parser), before, after, language);
}
