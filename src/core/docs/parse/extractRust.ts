/** Symbols and imports (`use`, `mod x;`) of Rust files. Exported = `pub`. */
import type { Node } from '@vscode/tree-sitter-wasm';
import type { ImportRef, Parameter, SourceSymbol, SymbolKind } from '../types';
import { compactType, field, fieldText, leadingComments, lineOf, makeSymbol, namedChildren, type Extraction } from './syntaxHelpers';

const ITEM_KINDS: Readonly<Record<string, SymbolKind>> = {
  struct_item: 'struct',
  enum_item: 'enum',
  trait_item: 'trait',
  type_item: 'type',
  union_item: 'struct',
  mod_item: 'module',
  const_item: 'variable',
  static_item: 'variable',
};

function isPub(node: Node): boolean {
  return namedChildren(node).some((c) => c.type === 'visibility_modifier' && c.text.startsWith('pub'));
}

function docOf(node: Node): string | undefined {
  const comments = leadingComments(node, ['line_comment', 'block_comment'], ['attribute_item']);
  const docs = comments.filter((c) => /^(\/\/\/[^/]|\/\/\/$|\/\*\*[^*])/.test(c.text));
  return docs.length > 0 && docs.length === comments.length ? docs.map((c) => c.text.trimEnd()).join('\n') : undefined;
}

function parameters(list: Node | null): Parameter[] {
  const out: Parameter[] = [];
  list?.namedChildren.forEach((param, index) => {
    if (!param || param.type !== 'parameter') return; // self_parameter, attributes
    const pattern = field(param, 'pattern');
    const name = pattern?.type === 'identifier' ? pattern.text : pattern?.text.replace(/^mut\s+/, '') ?? `arg${index}`;
    const entry: Parameter = { name: /^[A-Za-z_]\w*$/.test(name) ? name : `arg${index}` };
    const type = compactType(fieldText(param, 'type'));
    if (type !== undefined) entry.type = type;
    out.push(entry);
  });
  return out;
}

/** Start of an item including its `#[…]` attributes, where `///` docs go. */
function itemStart(node: Node): Node {
  let first = node;
  let sibling = node.previousSibling;
  while (sibling && sibling.type === 'attribute_item' && sibling.endPosition.row >= first.startPosition.row - 1) {
    first = sibling;
    sibling = sibling.previousSibling;
  }
  return first;
}

class RustExtraction {
  readonly symbols: SourceSymbol[] = [];
  readonly imports: ImportRef[] = [];

  items(list: Node, container?: string, containerPublic = true, inTrait = false): void {
    for (const node of namedChildren(list)) this.item(node, container, containerPublic, inTrait);
  }

  item(node: Node, container: string | undefined, containerPublic: boolean, inTrait: boolean): void {
    if (node.type === 'use_declaration') {
      const argument = field(node, 'argument');
      if (argument) this.imports.push({ specifier: argument.text.replace(/\s+/g, ''), line: lineOf(node) });
      return;
    }
    if (node.type === 'function_item' || node.type === 'function_signature_item') {
      const name = fieldText(node, 'name');
      if (!name) return;
      const returnType = compactType(fieldText(node, 'return_type'));
      this.symbols.push(
        makeSymbol({
          name,
          kind: container ? 'method' : 'function',
          start: itemStart(node),
          end: node,
          exported: inTrait ? containerPublic : containerPublic && isPub(node),
          parameters: parameters(field(node, 'parameters')),
          returnType,
          returnsVoid: returnType === undefined || returnType === '()',
          docComment: docOf(node),
          container,
        }),
      );
      return;
    }
    if (node.type === 'impl_item') {
      const typeName = fieldText(node, 'type')?.replace(/<.*$/, '');
      const body = field(node, 'body');
      // Methods of a trait impl are as public as the trait; inherent methods need `pub`.
      const traitImpl = field(node, 'trait') !== null;
      if (body && typeName) this.items(body, typeName, true, traitImpl);
      return;
    }
    const kind = ITEM_KINDS[node.type];
    const name = fieldText(node, 'name');
    if (!kind || !name) return;
    if (node.type === 'mod_item' && !field(node, 'body')) {
      this.imports.push({ specifier: `mod ${name}`, line: lineOf(node) });
    }
    const exported = containerPublic && isPub(node);
    this.symbols.push(makeSymbol({ name, kind, start: itemStart(node), end: node, exported, docComment: docOf(node), container }));
    const body = field(node, 'body');
    if (node.type === 'trait_item' && body) this.items(body, name, exported, true);
    if (node.type === 'mod_item' && body) this.items(body, undefined, exported);
  }
}

export function extractRust(root: Node): Extraction {
  const extraction = new RustExtraction();
  extraction.items(root);
  return { symbols: extraction.symbols, imports: extraction.imports };
}
