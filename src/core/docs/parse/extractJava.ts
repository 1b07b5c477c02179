/** Symbols and imports of Java files. Exported = `public` (interface members are public by default). */
import type { Node } from '@vscode/tree-sitter-wasm';
import type { ImportRef, Parameter, SourceSymbol, SymbolKind } from '../types';
import { compactType, field, fieldText, leadingComments, lineOf, makeSymbol, namedChildren, type Extraction } from './syntaxHelpers';

const TYPE_KINDS: Readonly<Record<string, SymbolKind>> = {
  class_declaration: 'class',
  interface_declaration: 'interface',
  enum_declaration: 'enum',
  record_declaration: 'class',
  annotation_type_declaration: 'interface',
};

function modifiers(node: Node): string {
  return namedChildren(node).find((c) => c.type === 'modifiers')?.text ?? '';
}

function hasModifier(node: Node, word: string): boolean {
  return new RegExp(`(^|\\s)${word}(\\s|$)`).test(modifiers(node));
}

function docOf(node: Node): string | undefined {
  const comments = leadingComments(node, ['block_comment', 'line_comment']);
  const last = comments[comments.length - 1];
  return last && last.type === 'block_comment' && last.text.startsWith('/**') ? last.text : undefined;
}

function parameters(list: Node | null): Parameter[] {
  const out: Parameter[] = [];
  for (const param of list ? namedChildren(list) : []) {
    if (param.type === 'formal_parameter') {
      const name = fieldText(param, 'name');
      if (name) out.push({ name, type: compactType(fieldText(param, 'type')) ?? 'Object' });
    } else if (param.type === 'spread_parameter') {
      const declarator = namedChildren(param).find((c) => c.type === 'variable_declarator');
      const name = declarator ? fieldText(declarator, 'name') : undefined;
      const type = namedChildren(param).find((c) => c.type !== 'modifiers' && c.type !== 'variable_declarator')?.text;
      if (name) out.push({ name, type: `${type ?? 'Object'}...`, optional: true });
    }
  }
  return out;
}

class JavaExtraction {
  readonly symbols: SourceSymbol[] = [];
  readonly imports: ImportRef[] = [];

  typeDeclaration(node: Node, container: string | undefined, outerPublic: boolean, inInterface: boolean): void {
    const kind = TYPE_KINDS[node.type];
    const name = fieldText(node, 'name');
    if (!kind || !name) return;
    const exported = outerPublic && (hasModifier(node, 'public') || inInterface);
    this.symbols.push(makeSymbol({ name, kind, start: node, end: node, exported, docComment: docOf(node), container }));
    const body = field(node, 'body');
    const isInterface = node.type === 'interface_declaration' || node.type === 'annotation_type_declaration';
    for (const member of body ? namedChildren(body) : []) {
      if (member.type === 'enum_body_declarations') {
        for (const inner of namedChildren(member)) this.member(inner, name, exported, isInterface);
      } else this.member(member, name, exported, isInterface);
    }
  }

  member(member: Node, container: string, containerExported: boolean, inInterface: boolean): void {
    if (TYPE_KINDS[member.type]) {
      this.typeDeclaration(member, container, containerExported, inInterface);
      return;
    }
    if (member.type !== 'method_declaration' && member.type !== 'constructor_declaration') return;
    const name = fieldText(member, 'name');
    if (!name) return;
    const isConstructor = member.type === 'constructor_declaration';
    const returnType = isConstructor ? undefined : compactType(fieldText(member, 'type'));
    const isPublic = hasModifier(member, 'public') || (inInterface && !hasModifier(member, 'private'));
    this.symbols.push(
      makeSymbol({
        name,
        kind: 'method',
        start: member,
        end: member,
        exported: containerExported && isPublic,
        parameters: parameters(field(member, 'parameters')),
        returnType,
        returnsVoid: isConstructor || returnType === 'void',
        docComment: docOf(member),
        container,
      }),
    );
  }
}

export function extractJava(root: Node): Extraction {
  const extraction = new JavaExtraction();
  for (const node of namedChildren(root)) {
    if (node.type === 'import_declaration') {
      const target = namedChildren(node).find((c) => c.type === 'scoped_identifier' || c.type === 'identifier');
      const wildcard = namedChildren(node).some((c) => c.type === 'asterisk');
      const isStatic = /^import\s+static\b/.test(node.text);
      if (target) extraction.imports.push({ specifier: `${isStatic ? 'static ' : ''}${target.text}${wildcard ? '.*' : ''}`, line: lineOf(node) });
    } else extraction.typeDeclaration(node, undefined, true, false);
  }
  return { symbols: extraction.symbols, imports: extraction.imports };
}
