/** Symbols and imports of Python modules. */
import type { Node } from '@vscode/tree-sitter-wasm';
import type { ImportRef, Parameter, SourceSymbol } from '../types';
import { compactType, field, fieldText, lineOf, makeSymbol, namedChildren, queryCaptures, scopesContaining, unquote, type Extraction } from './syntaxHelpers';

const NESTED_SCOPES = new Set(['function_definition', 'lambda', 'class_definition']);

/** The docstring node of a body, if its first statement is a string. */
function docstringNode(body: Node | null): Node | undefined {
  const first = body?.namedChildren.find((c) => c !== null && c.type !== 'comment');
  if (!first || first.type !== 'expression_statement') return undefined;
  const expr = first.namedChild(0);
  return expr && (expr.type === 'string' || expr.type === 'concatenated_string') ? first : undefined;
}

function docstringText(body: Node | null): string | undefined {
  const node = docstringNode(body);
  return node ? unquote(node.text) : undefined;
}

function parameters(list: Node | null, skipFirst: boolean): Parameter[] {
  const out: Parameter[] = [];
  let first = true;
  for (const param of list ? namedChildren(list) : []) {
    let name: string | undefined;
    let type: string | undefined;
    let optional = false;
    switch (param.type) {
      case 'identifier':
        name = param.text;
        break;
      case 'typed_parameter': {
        const inner = param.namedChild(0);
        name = inner?.type === 'identifier' ? inner.text : inner?.text.replace(/\s+/g, '');
        type = compactType(fieldText(param, 'type'));
        optional = inner?.type === 'list_splat_pattern' || inner?.type === 'dictionary_splat_pattern';
        break;
      }
      case 'default_parameter':
      case 'typed_default_parameter':
        name = fieldText(param, 'name');
        type = compactType(fieldText(param, 'type'));
        optional = true;
        break;
      case 'list_splat_pattern':
      case 'dictionary_splat_pattern':
        name = param.text.replace(/\s+/g, '');
        optional = true;
        break;
      default:
        continue; // `*`, `/` separators and comments
    }
    if (!name) continue;
    if (first && skipFirst) {
      first = false;
      continue;
    }
    first = false;
    const entry: Parameter = { name };
    if (type !== undefined) entry.type = type;
    if (optional) entry.optional = true;
    out.push(entry);
  }
  return out;
}

function decoratorNames(definition: Node): string[] {
  const parent = definition.parent;
  if (!parent || parent.type !== 'decorated_definition') return [];
  return namedChildren(parent).filter((c) => c.type === 'decorator').map((c) => c.text.replace(/^@\s*/, '').split('(')[0]);
}

class PythonExtraction {
  readonly symbols: SourceSymbol[] = [];
  readonly imports: ImportRef[] = [];

  /** @param returning ids of functions holding a `return` with a value or a `yield` */
  constructor(private readonly returning: ReadonlySet<number>) {}

  definition(node: Node, exported: (name: string) => boolean, container?: string): void {
    const definition = node.type === 'decorated_definition' ? field(node, 'definition') : node;
    if (!definition) return;
    const name = fieldText(definition, 'name');
    if (!name) return;
    const body = field(definition, 'body');
    if (definition.type === 'class_definition') {
      const isExported = exported(name);
      this.symbols.push(this.symbol(name, 'class', node, definition, body, isExported, [], undefined, undefined, container));
      for (const member of body ? namedChildren(body) : []) {
        if (member.type === 'function_definition' || member.type === 'decorated_definition' || member.type === 'class_definition') {
          this.definition(member, (m) => isExported && (!m.startsWith('_') || m === '__init__'), name);
        }
      }
      return;
    }
    if (definition.type !== 'function_definition') return;
    const decorators = decoratorNames(definition);
    const isMethod = container !== undefined;
    const skipFirst = isMethod && !decorators.includes('staticmethod');
    const params = parameters(field(definition, 'parameters'), skipFirst);
    const returnType = compactType(fieldText(definition, 'return_type'));
    let returnsVoid: boolean;
    if (name === '__init__') returnsVoid = true;
    else if (returnType !== undefined) returnsVoid = returnType === 'None' || returnType === 'NoReturn';
    else returnsVoid = !this.returning.has(definition.id);
    let isExported = exported(name);
    if (name === '__init__' && params.length === 0) isExported = false;
    this.symbols.push(this.symbol(name, isMethod ? 'method' : 'function', node, definition, body, isExported, params, returnType, returnsVoid, container));
  }

  symbol(
    name: string,
    kind: 'class' | 'function' | 'method',
    outer: Node,
    definition: Node,
    body: Node | null,
    exported: boolean,
    params: Parameter[],
    returnType: string | undefined,
    returnsVoid: boolean | undefined,
    container: string | undefined,
  ): SourceSymbol {
    const symbol = makeSymbol({ name, kind, start: outer, end: outer, exported, parameters: params, returnType, returnsVoid, docComment: docstringText(body), container });
    if (body) {
      symbol.bodyLine = lineOf(body);
      symbol.bodyColumn = body.startPosition.column;
    }
    symbol.headerLine = lineOf(definition);
    return symbol;
  }

  importStatement(node: Node): void {
    if (node.type === 'import_statement') {
      for (const name of namedChildren(node)) {
        const dotted = name.type === 'aliased_import' ? field(name, 'name') : name;
        if (dotted) this.imports.push({ specifier: dotted.text.replace(/\s+/g, ''), line: lineOf(node) });
      }
      return;
    }
    const module = field(node, 'module_name');
    if (!module) return;
    const base = module.text.replace(/\s+/g, '');
    const names = node.childrenForFieldName('name').filter((n): n is Node => n !== null);
    const imported = names.map((n) => (n.type === 'aliased_import' ? fieldText(n, 'name') : n.text) ?? '').filter((n) => n !== '');
    this.imports.push({ specifier: base, line: lineOf(node), importedNames: imported });
  }
}

/** Names listed in a module-level `__all__ = [...]`, if any. */
function dunderAll(root: Node): Set<string> | undefined {
  for (const statement of namedChildren(root)) {
    const assignment = statement.type === 'expression_statement' ? statement.namedChild(0) : null;
    if (!assignment || assignment.type !== 'assignment' || fieldText(assignment, 'left') !== '__all__') continue;
    const right = field(assignment, 'right');
    if (!right) continue;
    return new Set(namedChildren(right).filter((c) => c.type === 'string').map((c) => unquote(c.text)));
  }
  return undefined;
}

export function extractPython(root: Node): Extraction {
  const extraction = new PythonExtraction(scopesContaining(root, '[(return_statement (_)) (yield)] @returns', NESTED_SCOPES));
  const all = dunderAll(root);
  const exported = (name: string): boolean => (all ? all.has(name) : !name.startsWith('_'));
  for (const statement of namedChildren(root)) {
    if (statement.type === 'import_statement' || statement.type === 'import_from_statement') extraction.importStatement(statement);
    else extraction.definition(statement, exported);
  }
  // Imports inside functions, `if TYPE_CHECKING:` blocks and try/except count too.
  for (const { node } of queryCaptures(root, '[(import_statement) (import_from_statement)] @import')) {
    if (node.parent?.type !== 'module') extraction.importStatement(node);
  }
  extraction.symbols.sort((a, b) => a.startLine - b.startLine || (a.startColumn ?? 0) - (b.startColumn ?? 0));
  return { symbols: extraction.symbols, imports: extraction.imports };
}
