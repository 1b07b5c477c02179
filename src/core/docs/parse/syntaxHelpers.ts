/**
 * Small helpers over tree-sitter nodes shared by the language extractors.
 *
 * Every node accessor crosses into WebAssembly, so the helpers batch: children come from the
 * node's cached `namedChildren` array, siblings from that array instead of `previousSibling`
 * (which walks the parent from its first child), and whole-file searches run as queries.
 */
import { Query, type Language, type Node, type QueryCapture } from '@vscode/tree-sitter-wasm';
import type { ImportRef, Parameter, SourceSymbol, SymbolKind } from '../types';

/** What an extractor returns; imports are resolved afterwards. */
export interface Extraction {
  symbols: SourceSymbol[];
  imports: ImportRef[];
}

export type Extractor = (root: Node, text: string) => Extraction;

interface SiblingSlot {
  list: Node[];
  index: number;
}

/** Where each node listed by {@link namedChildren} sits among its siblings; reset per parse. */
let siblingSlots = new Map<number, SiblingSlot>();

/** Forgets the sibling positions of the previous tree (node ids are unique within one tree only). */
export function beginExtraction(): void {
  siblingSlots = new Map();
}

export function namedChildren(node: Node): Node[] {
  const list = node.namedChildren.filter((c): c is Node => c !== null);
  for (let i = 0; i < list.length; i++) siblingSlots.set(list[i].id, { list, index: i });
  return list;
}

/** The named sibling before `node` (comments, decorators and attributes are named nodes). */
export function previousNamedSibling(node: Node): Node | null {
  const slot = siblingSlots.get(node.id);
  if (slot && slot.list[slot.index].id === node.id) return slot.index > 0 ? slot.list[slot.index - 1] : null;
  return node.previousNamedSibling;
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
  let sibling = previousNamedSibling(node);
  while (sibling && skipTypes.includes(sibling.type) && sibling.endPosition.row >= top - 1) {
    top = sibling.startPosition.row;
    sibling = previousNamedSibling(sibling);
  }
  while (sibling && commentTypes.includes(sibling.type)) {
    const endRow = endLineOf(sibling) - 1;
    if (endRow < top - 1 || endRow > top) break;
    found.unshift(sibling);
    top = sibling.startPosition.row;
    sibling = previousNamedSibling(sibling);
  }
  return found;
}

/** First line of a span including decorator/attribute siblings directly above it. */
export function startIncludingSiblings(node: Node, skipTypes: readonly string[]): Node {
  let first = node;
  let sibling = previousNamedSibling(node);
  while (sibling && skipTypes.includes(sibling.type) && sibling.endPosition.row >= first.startPosition.row - 1) {
    first = sibling;
    sibling = previousNamedSibling(sibling);
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

const queryCache = new Map<Language, Map<string, Query>>();

/** Runs a (cached, compiled once per grammar) query over `root`. */
export function queryCaptures(root: Node, source: string): QueryCapture[] {
  const language = root.tree.language;
  let byLanguage = queryCache.get(language);
  if (!byLanguage) {
    byLanguage = new Map();
    queryCache.set(language, byLanguage);
  }
  let query = byLanguage.get(source);
  if (!query) {
    query = new Query(language, source);
    byLanguage.set(source, query);
  }
  return query.captures(root);
}

/**
 * Ids of the function-like nodes (`scopeTypes`) that directly contain a match of `query`
 * (e.g. a `return` with a value, a `yield`): one query per file, then a short walk up from each
 * match to its nearest enclosing function.
 */
export function scopesContaining(root: Node, query: string, scopeTypes: ReadonlySet<string>): Set<number> {
  const out = new Set<number>();
  for (const capture of queryCaptures(root, query)) {
    for (let node = capture.node.parent; node; node = node.parent) {
      if (scopeTypes.has(node.type)) {
        out.add(node.id);
        break;
      }
    }
  }
  return out;
}

/** Strips quotes from a string literal's text. */
export function unquote(text: string): string {
  const match = /^(?:[rbuf]*)("""|'''|"|'|`)([\s\S]*)\1$/i.exec(text);
  return match ? match[2] : text;
}
