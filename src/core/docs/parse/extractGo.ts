/** Symbols and imports of Go files. Exported = capitalised name, as the language defines it. */
import type { Node } from '@vscode/tree-sitter-wasm';
import type { ImportRef, Parameter, SourceSymbol } from '../types';
import { compactType, field, fieldText, leadingComments, lineOf, makeSymbol, namedChildren, unquote, type Extraction } from './syntaxHelpers';

const isExported = (name: string): boolean => /^\p{Lu}/u.test(name);

function docOf(node: Node): string | undefined {
  const comments = leadingComments(node, ['comment']);
  if (comments.length === 0 || !comments.every((c) => c.text.startsWith('//'))) return undefined;
  return comments.map((c) => c.text).join('\n');
}

function parameters(list: Node | null): Parameter[] {
  const out: Parameter[] = [];
  for (const decl of list ? namedChildren(list) : []) {
    if (decl.type !== 'parameter_declaration' && decl.type !== 'variadic_parameter_declaration') continue;
    const type = compactType(fieldText(decl, 'type'));
    const names = decl.childrenForFieldName('name').filter((n): n is Node => n !== null);
    for (const name of names) {
      const entry: Parameter = { name: name.text };
      if (type !== undefined) entry.type = decl.type === 'variadic_parameter_declaration' ? `...${type}` : type;
      if (decl.type === 'variadic_parameter_declaration') entry.optional = true;
      out.push(entry);
    }
  }
  return out;
}

/** The receiver's type name without pointer or type arguments: `(s *Store[T])` → `Store`. */
function receiverType(receiver: Node | null): string | undefined {
  const decl = receiver?.namedChildren.find((c) => c?.type === 'parameter_declaration');
  const type = decl ? fieldText(decl, 'type') : undefined;
  return type?.replace(/^\*/, '').replace(/\[.*$/, '').trim();
}

export function extractGo(root: Node): Extraction {
  const symbols: SourceSymbol[] = [];
  const imports: ImportRef[] = [];
  for (const node of namedChildren(root)) {
    switch (node.type) {
      case 'import_declaration':
        for (const spec of node.descendantsOfType('import_spec')) {
          const pathNode = spec ? field(spec, 'path') : null;
          if (pathNode) imports.push({ specifier: unquote(pathNode.text), line: lineOf(pathNode) });
        }
        break;
      case 'function_declaration':
      case 'method_declaration': {
        const name = fieldText(node, 'name');
        if (!name) break;
        const result = compactType(fieldText(node, 'result'));
        const container = node.type === 'method_declaration' ? receiverType(field(node, 'receiver')) : undefined;
        symbols.push(
          makeSymbol({
            name,
            kind: container ? 'method' : 'function',
            start: node,
            end: node,
            exported: isExported(name),
            parameters: parameters(field(node, 'parameters')),
            returnType: result,
            returnsVoid: result === undefined,
            docComment: docOf(node),
            container,
          }),
        );
        break;
      }
      case 'type_declaration':
        for (const spec of namedChildren(node)) {
          if (spec.type !== 'type_spec' && spec.type !== 'type_alias') continue;
          const name = fieldText(spec, 'name');
          const typeNode = field(spec, 'type');
          if (!name) continue;
          const kind = typeNode?.type === 'struct_type' ? 'struct' : typeNode?.type === 'interface_type' ? 'interface' : 'type';
          // A single `type X …` is documented above the keyword; grouped specs above the spec.
          const start = node.namedChildCount === 1 ? node : spec;
          symbols.push(makeSymbol({ name, kind, start, end: start, exported: isExported(name), docComment: docOf(start) }));
        }
        break;
      default:
        break;
    }
  }
  return { symbols, imports };
}
