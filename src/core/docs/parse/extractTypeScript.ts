/** Symbols and imports of TypeScript, TSX and JavaScript (ES modules and CommonJS). */
import type { Node } from '@vscode/tree-sitter-wasm';
import type { ImportRef, Parameter, SourceSymbol } from '../types';
import {
  compactType,
  field,
  fieldText,
  leadingComments,
  lineOf,
  makeSymbol,
  namedChildren,
  previousNamedSibling,
  queryCaptures,
  scopesContaining,
  startIncludingSiblings,
  unquote,
  type Extraction,
} from './syntaxHelpers';
import { assignmentChain, CLASS_TYPES, CommonJsModule, FUNCTION_VALUES, type CommonJsHost } from './extractCommonJs';

const NESTED_SCOPES = new Set([
  'function_declaration', 'generator_function_declaration', 'function_expression', 'function', 'generator_function',
  'arrow_function', 'method_definition', 'class_declaration', 'abstract_class_declaration', 'class',
]);
const VOID_TYPES = /^(?:void|undefined|never|Promise<\s*(?:void|undefined)\s*>)$/;

interface Member {
  symbol: SourceSymbol;
  isPublic: boolean;
}

class TypeScriptExtraction implements CommonJsHost {
  readonly symbols: SourceSymbol[] = [];
  readonly imports: ImportRef[] = [];
  /** Names exported by `export { a, b }` or CommonJS assignments (see extractCommonJs.ts). */
  readonly exportedNames = new Set<string>();
  readonly members = new Map<SourceSymbol, Member[]>();

  /** Set before the statements are read (it pre-scans them). */
  commonJs?: CommonJsModule;

  /** @param returning ids of functions holding a `return` with a value */
  constructor(private readonly returning: ReadonlySet<number>) {}

  /**
   * The JSDoc block above `start`. Blank lines may separate them, as TypeScript and the editor's
   * hover allow (express writes every method that way); any other node in between detaches it.
   */
  docOf(start: Node): string | undefined {
    const comments = leadingComments(start, ['comment'], ['decorator']);
    const last = comments[comments.length - 1] ?? previousNamedSibling(startIncludingSiblings(start, ['decorator']));
    return last && last.type === 'comment' && last.text.startsWith('/**') ? last.text : undefined;
  }

  addImport(specifierNode: Node | null): void {
    if (!specifierNode) return;
    const specifier = unquote(specifierNode.text);
    if (specifier !== '') this.imports.push({ specifier, line: lineOf(specifierNode) });
  }

  statement(node: Node): void {
    switch (node.type) {
      case 'import_statement':
        this.addImport(field(node, 'source'));
        return;
      case 'export_statement':
        this.exportStatement(node);
        return;
      case 'expression_statement':
        this.commonJs?.statement(node);
        return;
      default:
        this.declaration(node, node, false);
    }
  }

  exportStatement(node: Node): void {
    const source = field(node, 'source');
    if (source) {
      this.addImport(source);
      return;
    }
    const declaration = field(node, 'declaration');
    if (declaration) {
      this.declaration(declaration, node, true);
      return;
    }
    const value = field(node, 'value');
    if (value) {
      if (FUNCTION_VALUES.has(value.type)) this.functionSymbol(fieldText(value, 'name') ?? 'default', value, node, true);
      else if (CLASS_TYPES.has(value.type)) this.classSymbol(value, node, true, fieldText(value, 'name') ?? 'default');
      else if (value.type === 'identifier') this.exportedNames.add(value.text);
      return;
    }
    for (const clause of namedChildren(node)) {
      if (clause.type !== 'export_clause') continue;
      for (const spec of namedChildren(clause)) {
        const name = fieldText(spec, 'name');
        if (name) this.exportedNames.add(name);
      }
    }
  }

  declaration(node: Node, start: Node, exported: boolean): void {
    switch (node.type) {
      case 'function_declaration':
      case 'generator_function_declaration':
      case 'function_signature':
        this.functionSymbol(fieldText(node, 'name') ?? 'default', node, start, exported);
        return;
      case 'class_declaration':
      case 'abstract_class_declaration':
        this.classSymbol(node, start, exported, fieldText(node, 'name') ?? 'default');
        return;
      case 'interface_declaration':
        this.interfaceSymbol(node, start, exported);
        return;
      case 'type_alias_declaration':
        this.simpleSymbol(node, start, exported, 'type');
        return;
      case 'enum_declaration':
        this.simpleSymbol(node, start, exported, 'enum');
        return;
      case 'lexical_declaration':
      case 'variable_declaration':
        for (const declarator of namedChildren(node)) {
          if (declarator.type !== 'variable_declarator') continue;
          const name = field(declarator, 'name');
          const raw = field(declarator, 'value');
          if (!name || name.type !== 'identifier' || this.commonJs?.isImportBinding(name.text)) continue; // a require binding is an import
          // `var proto = module.exports = function (…) {…}`: the value at the end of the chain.
          const value = raw ? assignmentChain(raw).value : null;
          if (value && FUNCTION_VALUES.has(value.type)) this.functionSymbol(name.text, value, start, exported);
          else if (value && CLASS_TYPES.has(value.type)) this.classSymbol(value, start, exported, name.text);
          else this.symbols.push(makeSymbol({ name: name.text, kind: 'variable', start, end: start, exported, docComment: this.docOf(start) }));
        }
        return;
      case 'ambient_declaration':
        for (const inner of namedChildren(node)) this.declaration(inner, start, exported);
        return;
      default:
        return;
    }
  }

  simpleSymbol(node: Node, start: Node, exported: boolean, kind: 'type' | 'enum'): void {
    const name = fieldText(node, 'name');
    if (name) this.symbols.push(makeSymbol({ name, kind, start, end: start, exported, docComment: this.docOf(start) }));
  }

  functionSymbol(name: string, fn: Node, start: Node, exported: boolean, container?: string, isConstructor = false): SourceSymbol {
    const returnType = compactType(fieldText(fn, 'return_type')?.replace(/^:/, ''));
    const body = field(fn, 'body');
    let returnsVoid: boolean;
    if (isConstructor) returnsVoid = true;
    else if (returnType !== undefined) returnsVoid = VOID_TYPES.test(returnType);
    else if (body && body.type !== 'statement_block') returnsVoid = false;
    else returnsVoid = !this.returning.has(fn.id);
    const symbol = makeSymbol({
      name,
      kind: container ? 'method' : 'function',
      start: startIncludingSiblings(start, ['decorator']),
      end: start,
      exported,
      parameters: parameters(field(fn, 'parameters') ?? field(fn, 'parameter')),
      returnType,
      returnsVoid,
      docComment: this.docOf(start),
      container,
    });
    this.symbols.push(symbol);
    return symbol;
  }

  classSymbol(node: Node, start: Node, exported: boolean, name: string): void {
    const symbol = makeSymbol({ name, kind: 'class', start, end: start, exported, docComment: this.docOf(start) });
    this.symbols.push(symbol);
    const members: Member[] = [];
    const body = field(node, 'body');
    for (const member of body ? namedChildren(body) : []) {
      const memberName = fieldText(member, 'name');
      if (!memberName) continue;
      const isPublic = !namedChildren(member).some((c) => c.type === 'accessibility_modifier' && c.text !== 'public') && !memberName.startsWith('#');
      let fn: Node | null = null;
      if (member.type === 'method_definition' || member.type === 'abstract_method_signature' || member.type === 'method_signature') fn = member;
      else if (member.type === 'public_field_definition' || member.type === 'field_definition') {
        const value = field(member, 'value');
        if (value && FUNCTION_VALUES.has(value.type)) fn = value;
      }
      if (!fn) continue;
      const method = this.functionSymbol(memberName, fn, member, exported && isPublic, name, memberName === 'constructor');
      members.push({ symbol: method, isPublic });
    }
    this.members.set(symbol, members);
  }

  interfaceSymbol(node: Node, start: Node, exported: boolean): void {
    const name = fieldText(node, 'name');
    if (!name) return;
    const symbol = makeSymbol({ name, kind: 'interface', start, end: start, exported, docComment: this.docOf(start) });
    this.symbols.push(symbol);
    const members: Member[] = [];
    const body = field(node, 'body');
    for (const member of body ? namedChildren(body) : []) {
      const memberName = fieldText(member, 'name');
      if (member.type !== 'method_signature' || !memberName) continue;
      members.push({ symbol: this.functionSymbol(memberName, member, member, exported, name), isPublic: true });
    }
    this.members.set(symbol, members);
  }

  /** `require('x')` and `import('x')` anywhere in the file. */
  dynamicImports(root: Node): void {
    for (const { node } of queryCaptures(root, '(call_expression arguments: (arguments . (string))) @call')) {
      const fn = field(node, 'function');
      if (!fn || (fn.text !== 'require' && fn.type !== 'import')) continue;
      const first = field(node, 'arguments')?.namedChildren[0];
      if (first?.type === 'string') this.addImport(first);
    }
  }

  /** Applies `export { … }` and CommonJS names to top-level symbols and their public members. */
  applyExportedNames(): void {
    for (const symbol of this.symbols) {
      if (symbol.container || symbol.exported || !this.exportedNames.has(symbol.name)) continue;
      symbol.exported = true;
      for (const member of this.members.get(symbol) ?? []) member.symbol.exported = member.isPublic;
    }
  }
}

function typeOf(node: Node): string | undefined {
  return compactType(fieldText(node, 'type')?.replace(/^:/, ''));
}

/** Parameters in order; destructured ones are named `param0`, `param1`… by position, as TypeScript's JSDoc quick fix does. */
export function parameters(list: Node | null): Parameter[] {
  if (!list) return [];
  if (list.type === 'identifier') return [{ name: list.text }];
  const out: Parameter[] = [];
  namedChildren(list).forEach((param, index) => {
    if (param.type === 'comment' || param.type === 'decorator') return;
    let pattern: Node | null = param;
    let optional = false;
    let type: string | undefined;
    if (param.type === 'required_parameter' || param.type === 'optional_parameter') {
      pattern = field(param, 'pattern');
      type = typeOf(param);
      optional = param.type === 'optional_parameter' || field(param, 'value') !== null;
    } else if (param.type === 'assignment_pattern') {
      pattern = field(param, 'left');
      optional = true;
    }
    if (!pattern || pattern.type === 'this') return;
    let name: string;
    if (pattern.type === 'identifier') name = pattern.text;
    else if (pattern.type === 'rest_pattern') {
      name = pattern.namedChild(0)?.type === 'identifier' ? (pattern.namedChild(0)?.text ?? `param${index}`) : `param${index}`;
      optional = true;
    } else name = `param${index}`;
    const entry: Parameter = { name };
    if (type !== undefined) entry.type = type;
    if (optional) entry.optional = true;
    out.push(entry);
  });
  return out;
}

export function extractTypeScript(root: Node): Extraction {
  const extraction = new TypeScriptExtraction(scopesContaining(root, '(return_statement (_)) @return', NESTED_SCOPES));
  const statements = namedChildren(root);
  const commonJs = new CommonJsModule(extraction, statements);
  extraction.commonJs = commonJs;
  for (const statement of statements) extraction.statement(statement);
  extraction.dynamicImports(root);
  extraction.applyExportedNames();
  commonJs.finish();
  extraction.symbols.sort((a, b) => a.startLine - b.startLine || (a.startColumn ?? 0) - (b.startColumn ?? 0));
  return { symbols: extraction.symbols, imports: extraction.imports };
}
