/** Small helpers over tree-sitter nodes shared by the language extractors. */
import type { Node } from '@vscode/tree-sitter-wasm';
import type { ImportRef, Parameter, SourceSymbol, SymbolKind } from '../types';

/** What an extractor returns; imports are resolved afterwards. */
export interface Extraction {
  symbols: SourceSymbol[];
  imports: ImportRef[];
}

export type Extractor = (root: Node, text: string) => Extraction;

export function namedChildren(node: Node): Node[] {
  const out: Node[] = [];
  for (let i = 0; i < node.namedChildCount; i++) {
    const child = node.namedChild(i);
    if (child) out.push(child);
  }
  return out;
}

export function children(node: Node): Node[] {
  const out: Node[] = [];
  for (let i = 0; i < node.childCount; i++) {
    const child = node.child(i);
    if (child) out.push(child);
  }
  return out;
}

export function field(node: Node, name: string): Node | null {
  return node.childForFieldName(name);
}

export function fieldText(node: Node, name: string): string | undefined {
  return node.childForFieldName(name)?.text;
}

/** 1-based line where `node` starts. */
export function lineOf(node: Node): number {
  return node.startPosition.row + 1;
}

/** 1-based line where `node` ends (a node ending at column 0 ends on the previous line). */
export function endLineOf(node: Node): number {
  const end = node.endPosition;
  return end.column === 0 && end.row > node.startPosition.row ? end.row : end.row + 1;
}

/** Collapses whitespace so multi-line types read as one line. */
export function compactType(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const out = text.replace(/\s+/g, ' ').trim();
  return out === '' ? undefined : out;
}

/**
 * The comment block directly above `node` (no blank line between), skipping over `skipTypes`
 * siblings such as decorators. Returns the comment nodes in source order.
 */
export function leadingComments(node: Node, commentTypes: readonly string[], skipTypes: readonly string[] = []): Node[] {
  const found: Node[] = [];
  let top = node.startPosition.row;
  let sibling = node.previousSibling;
  while (sibling && skipTypes.includes(sibling.type) && sibling.endPosition.row >= top - 1) {
    top = sibling.startPosition.row;
    sibling = sibling.previousSibling;
  }
  while (sibling && commentTypes.includes(sibling.type)) {
    const endRow = endLineOf(sibling) - 1;
    if (endRow < top - 1 || endRow > top) break;
    found.unshift(sibling);
    top = sibling.startPosition.row;
    sibling = sibling.previousSibling;
  }
  return found;
}

/** First line of a span including decorator/attribute siblings directly above it. */
export function startIncludingSiblings(node: Node, skipTypes: readonly string[]): Node {
  let first = node;
  let sibling = node.previousSibling;
  while (sibling && skipTypes.includes(sibling.type) && sibling.endPosition.row >= first.startPosition.row - 1) {
    first = sibling;
    sibling = sibling.previousSibling;
  }
  return first;
}

export interface SymbolInit {
  name: string;
  kind: SymbolKind;
  /** Node whose start is where a doc comment would go. */
  start: Node;
  /** Node whose end closes the symbol. */
  end: Node;
  exported: boolean;
  parameters?: Parameter[];
  returnType?: string;
  returnsVoid?: boolean;
  docComment?: string;
  container?: string;
}

export function makeSymbol(init: SymbolInit): SourceSymbol {
  const symbol: SourceSymbol = {
    name: init.name,
    kind: init.kind,
    startLine: lineOf(init.start),
    endLine: endLineOf(init.end),
    exported: init.exported,
    parameters: init.parameters ?? [],
    startColumn: init.start.startPosition.column,
  };
  if (init.returnType !== undefined) symbol.returnType = init.returnType;
  if (init.returnsVoid !== undefined) symbol.returnsVoid = init.returnsVoid;
  if (init.docComment !== undefined) symbol.docComment = init.docComment;
  if (init.container !== undefined) symbol.container = init.container;
  return symbol;
}

/**
 * True when `body` holds a `return` with a value that belongs to this function (nested
 * functions, lambdas and classes are not looked into).
 */
export function returnsValue(body: Node | null, returnType: string, nestedTypes: ReadonlySet<string>): boolean {
  if (!body) return false;
  const stack: Node[] = [body];
  while (stack.length > 0) {
    const node = stack.pop() as Node;
    if (node.type === returnType && node.namedChildCount > 0 && node.namedChildren.some((c) => c && c.type !== 'comment')) return true;
    if (node !== body && nestedTypes.has(node.type)) continue;
    for (let i = 0; i < node.namedChildCount; i++) {
      const child = node.namedChild(i);
      if (child) stack.push(child);
    }
  }
  return false;
}

/** Depth-first visit of every named node (iterative; deep trees do not overflow the stack). */
export function visitNamed(root: Node, visit: (node: Node) => boolean | void): void {
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as Node;
    if (visit(node) === false) continue;
    for (let i = node.namedChildCount - 1; i >= 0; i--) {
      const child = node.namedChild(i);
      if (child) stack.push(child);
    }
  }
}

/** Strips quotes from a string literal's text. */
export function unquote(text: string): string {
  const match = /^(?:[rbuf]*)("""|'''|"|'|`)([\s\S]*)\1$/i.exec(text);
  return match ? match[2] : text;
}
