/** Symbols and `using` directives of C# files. Exported = `public` (interface members by default). */
import type { Node } from '@vscode/tree-sitter-wasm';
import type { ImportRef, Parameter, SourceSymbol, SymbolKind } from '../types';
import { compactType, field, fieldText, leadingComments, lineOf, makeSymbol, namedChildren, type Extraction } from './syntaxHelpers';

const TYPE_KINDS: Readonly<Record<string, SymbolKind>> = {
  class_declaration: 'class',
  interface_declaration: 'interface',
  struct_declaration: 'struct',
  enum_declaration: 'enum',
  record_declaration: 'class',
  record_struct_declaration: 'struct',
};

function hasModifier(node: Node, word: string): boolean {
  return namedChildren(node).some((c) => c.type === 'modifier' && c.text === word);
}

/** Start including `[Attribute]` lists, which the `///` block goes above. */
function docOf(node: Node): string | undefined {
  const comments = leadingComments(node, ['comment']);
  if (comments.length === 0 || !comments.every((c) => c.text.startsWith('///'))) return undefined;
  return comments.map((c) => c.text).join('\n');
}

function parameters(list: Node | null): Parameter[] {
  const out: Parameter[] = [];
  if (!list) return out;
  for (let i = 0; i < list.namedChildCount; i++) {
    const param = list.namedChild(i);
    if (!param) continue;
    if (param.type === 'parameter') {
      const name = fieldText(param, 'name');
      if (!name) continue;
      const entry: Parameter = { name };
      const type = compactType(fieldText(param, 'type'));
      if (type !== undefined) entry.type = type;
      if (param.text.includes('=')) entry.optional = true;
      out.push(entry);
    } else if (list.fieldNameForNamedChild(i) === 'name') {
      // `params T[] name` is parsed as loose type/name children of the list.
      const previous = list.namedChild(i - 1);
      out.push({ name: param.text, type: previous && list.fieldNameForNamedChild(i - 1) === 'type' ? `params ${previous.text}` : 'params', optional: true });
    }
  }
  return out;
}

class CSharpExtraction {
  readonly symbols: SourceSymbol[] = [];
  readonly imports: ImportRef[] = [];

  declarations(list: Node, container: string | undefined, outerExported: boolean, inInterface: boolean): void {
    for (const node of namedChildren(list)) this.declaration(node, container, outerExported, inInterface);
  }

  declaration(node: Node, container: string | undefined, outerExported: boolean, inInterface: boolean): void {
    if (node.type === 'using_directive') {
      const target = namedChildren(node).find((c) => c.type === 'qualified_name' || c.type === 'identifier');
      if (target) this.imports.push({ specifier: target.text.replace(/\s+/g, ''), line: lineOf(node) });
      return;
    }
    if (node.type === 'namespace_declaration' || node.type === 'file_scoped_namespace_declaration') {
      const body = field(node, 'body');
      if (body) this.declarations(body, undefined, true, false);
      return;
    }
    const kind = TYPE_KINDS[node.type];
    const name = fieldText(node, 'name');
    if (kind && name) {
      const exported = outerExported && (hasModifier(node, 'public') || inInterface);
      this.symbols.push(makeSymbol({ name, kind, start: node, end: node, exported, docComment: docOf(node), container }));
      const body = field(node, 'body');
      if (body) this.declarations(body, name, exported, node.type === 'interface_declaration');
      return;
    }
    if ((node.type === 'method_declaration' || node.type === 'constructor_declaration') && name && container) {
      const isConstructor = node.type === 'constructor_declaration';
      const returnType = isConstructor ? undefined : compactType(fieldText(node, 'returns') ?? fieldText(node, 'type'));
      const isPublic = hasModifier(node, 'public') || (inInterface && !hasModifier(node, 'private'));
      this.symbols.push(
        makeSymbol({
          name,
          kind: 'method',
          start: node,
          end: node,
          exported: outerExported && isPublic,
          parameters: parameters(field(node, 'parameters')),
          returnType,
          returnsVoid: isConstructor || returnType === 'void' || returnType === 'Task' || returnType === 'ValueTask',
          docComment: docOf(node),
          container,
        }),
      );
    }
  }
}

export function extractCSharp(root: Node): Extraction {
  const extraction = new CSharpExtraction();
  extraction.declarations(root, undefined, true, false);
  return { symbols: extraction.symbols, imports: extraction.imports };
}
