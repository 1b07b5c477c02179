/**
 * CommonJS APIs as the parser sees them. A CommonJS module builds its API by assignment, not by
 * declaration, so the top-level statements are read for the shapes that expose something:
 * - `module.exports = …` and `exports = module.exports = …` (a function, a class, an object
 *   literal, or a name declared in the file);
 * - `exports.x = …`, `module.exports.x = …`, and `alias.x = …` where `alias` is a name bound to the
 *   exported object (`var app = exports = module.exports = {}`, `var proto = module.exports = fn`,
 *   `module.exports = req`);
 * - `X.prototype.m = function …`, `X.prototype = { … }` and `X.m = …` for a function or class `X`
 *   declared in the file;
 * - `Object.defineProperty(target, 'name', { get | value })`, `Object.defineProperties`, and calls
 *   to a helper in the file that forwards its arguments to `Object.defineProperty`
 *   (`defineGetter(req, 'host', function host() {…})`);
 * - assignments with a computed key inside a callback at the top level, such as
 *   `methods.forEach(function (method) { proto[method] = function … })`, listed as `proto.[method]`.
 * A name bound by `require(…)` is an import, never a symbol; exporting it under a name makes that
 * name a symbol of this file (`exports.Router = Router`).
 */
import type { Node } from '@vscode/tree-sitter-wasm';
import type { SourceSymbol } from '../types';
import { field, fieldText, makeSymbol, namedChildren, unquote } from './syntaxHelpers';

export const FUNCTION_VALUES: ReadonlySet<string> = new Set(['arrow_function', 'function_expression', 'function', 'generator_function']);
export const CLASS_TYPES: ReadonlySet<string> = new Set(['class_declaration', 'abstract_class_declaration', 'class']);

/** What the CommonJS reader needs from the extraction it adds symbols to. */
export interface CommonJsHost {
  readonly symbols: SourceSymbol[];
  /** Top-level names exported by an assignment; applied to their declarations at the end. */
  readonly exportedNames: Set<string>;
  docOf(start: Node): string | undefined;
  functionSymbol(name: string, fn: Node, start: Node, exported: boolean, container?: string): SourceSymbol;
  classSymbol(node: Node, start: Node, exported: boolean, name: string): void;
}

/** Where an assignment puts a value. */
type Target =
  | { kind: 'exports' }
  /** A property of the exported object (`container` is the alias used, if any) or of a declared `X`. */
  | { kind: 'member'; container?: string; owner?: string; name: string }
  | { kind: 'prototype'; owner: string };

/** A helper that calls `Object.defineProperty(params[target], params[name], { get|value: params[fn] })`. */
interface Definer {
  target: number;
  name: number;
  /** Descriptor key the helper fills from one of its parameters. */
  key?: 'get' | 'value';
  fn?: number;
}

/** `require('x')`, `require('x').y`, `require('x')(…)`: a binding to an import. */
export function isRequireValue(node: Node | null): boolean {
  for (let n = node; n; ) {
    if (n.type === 'call_expression') {
      const fn = field(n, 'function');
      if (fn?.type === 'identifier' && fn.text === 'require') return true;
      n = fn;
    } else if (n.type === 'member_expression') n = field(n, 'object');
    else if (n.type === 'parenthesized_expression') n = n.namedChild(0);
    else return false;
  }
  return false;
}

/** `a = b = value` → lefts `[a, b]` and `value`. */
export function assignmentChain(node: Node): { lefts: Node[]; value: Node | null } {
  const lefts: Node[] = [];
  let value: Node | null = node;
  while (value?.type === 'assignment_expression') {
    const left = field(value, 'left');
    if (left) lefts.push(left);
    value = field(value, 'right');
  }
  return { lefts, value };
}

const compact = (node: Node): string => node.text.replace(/\s+/g, '');
const isExportsObject = (text: string): boolean => text === 'module.exports' || text === 'exports';

export class CommonJsModule {
  /** Top-level functions, classes and variables declared in the file, by name. */
  private readonly declared = new Map<string, 'function' | 'class' | 'variable'>();
  private readonly requireBindings = new Set<string>();
  /** Names bound to the exported object. */
  private readonly aliases = new Set<string>();
  private readonly definers = new Map<string, Definer>();
  /** Members added here, keyed `container.name`; their export follows their owner's at the end. */
  private readonly added = new Map<string, { symbol: SourceSymbol; owner?: string }>();

  constructor(private readonly host: CommonJsHost, statements: readonly Node[]) {
    for (const statement of statements) this.prescan(statement);
  }

  /** True when a declarator's value is a `require` binding: an import, not a symbol. */
  isImportBinding(name: string): boolean {
    return this.requireBindings.has(name);
  }

  /** Names the file binds to its exported object. */
  isAlias(name: string): boolean {
    return this.aliases.has(name);
  }

  private prescan(statement: Node): void {
    if (statement.type === 'function_declaration' || statement.type === 'generator_function_declaration') {
      const name = fieldText(statement, 'name');
      if (name) {
        this.declared.set(name, 'function');
        const definer = definerOf(statement);
        if (definer) this.definers.set(name, definer);
      }
    } else if (CLASS_TYPES.has(statement.type)) {
      const name = fieldText(statement, 'name');
      if (name) this.declared.set(name, 'class');
    } else if (statement.type === 'lexical_declaration' || statement.type === 'variable_declaration') {
      for (const declarator of namedChildren(statement)) {
        const name = declarator.type === 'variable_declarator' ? field(declarator, 'name') : null;
        if (name?.type !== 'identifier') continue;
        const raw = field(declarator, 'value');
        if (isRequireValue(raw)) {
          this.requireBindings.add(name.text);
          continue;
        }
        const { lefts, value } = raw ? assignmentChain(raw) : { lefts: [], value: null };
        this.declared.set(name.text, value && FUNCTION_VALUES.has(value.type) ? 'function' : value && CLASS_TYPES.has(value.type) ? 'class' : 'variable');
        if (lefts.some((l) => isExportsObject(compact(l)))) this.markAlias(name.text);
      }
    } else if (statement.type === 'expression_statement') {
      const expression = statement.namedChild(0);
      if (expression?.type !== 'assignment_expression') return;
      const { lefts, value } = assignmentChain(expression);
      if (value?.type === 'identifier' && lefts.some((l) => isExportsObject(compact(l)))) this.markAlias(value.text);
    }
  }

  private markAlias(name: string): void {
    this.aliases.add(name);
    this.host.exportedNames.add(name);
  }

  /** Where `node` (the left side of an assignment, or a defineProperty target) puts a value. */
  private target(node: Node): Target | undefined {
    const text = compact(node);
    if (isExportsObject(text)) return { kind: 'exports' };
    const proto = /^([A-Za-z_$][\w$]*)\.prototype$/.exec(text);
    if (proto && this.declared.has(proto[1])) return { kind: 'prototype', owner: proto[1] };
    return undefined;
  }

  /** `O.name` or `O[name]` where `O` is the exported object, an alias, `X.prototype` or a declared `X`. */
  private memberTarget(object: Node, name: string): Target | undefined {
    const text = compact(object);
    if (isExportsObject(text)) return { kind: 'member', name };
    if (this.aliases.has(text)) return { kind: 'member', container: text, name };
    const owner = this.target(object);
    if (owner?.kind === 'prototype') return { kind: 'member', container: owner.owner, owner: owner.owner, name };
    if (object.type === 'identifier' && this.declared.has(text) && !this.requireBindings.has(text)) return { kind: 'member', container: text, owner: text, name };
    return undefined;
  }

  private leftTarget(left: Node, computedKey?: string): Target | undefined {
    const whole = this.target(left); // `module.exports`, `exports`, `X.prototype`
    if (whole) return whole;
    if (left.type === 'member_expression') {
      const object = field(left, 'object');
      const property = field(left, 'property');
      return object && property ? this.memberTarget(object, property.text) : undefined;
    }
    if (left.type === 'subscript_expression' && computedKey !== undefined) {
      const object = field(left, 'object');
      const index = field(left, 'index');
      if (!object || !index) return undefined;
      if (index.type === 'string') return this.memberTarget(object, unquote(index.text));
      return index.type === 'identifier' && index.text === computedKey ? this.memberTarget(object, `[${computedKey}]`) : undefined;
    }
    return undefined;
  }

  /** One top-level expression statement. */
  statement(statement: Node): void {
    const expression = statement.namedChild(0);
    if (expression?.type === 'assignment_expression') this.assignment(expression, statement);
    else if (expression?.type === 'call_expression') this.call(expression, statement);
  }

  private assignment(expression: Node, statement: Node, computedKey?: string): void {
    const { lefts, value } = assignmentChain(expression);
    if (!value) return;
    for (const left of lefts) {
      const target = this.leftTarget(left, computedKey);
      if (!target) continue;
      if (target.kind === 'exports') this.exportsValue(value, statement);
      else if (target.kind === 'prototype') this.objectMembers(value, target.owner, target.owner);
      else this.member(target, value, statement);
    }
  }

  /** `module.exports = value`. */
  private exportsValue(value: Node, statement: Node): void {
    if (value.type === 'identifier' || isRequireValue(value)) return; // a declared name (alias) or a re-export
    if (FUNCTION_VALUES.has(value.type)) this.host.functionSymbol(fieldText(value, 'name') ?? 'module.exports', value, statement, true);
    else if (CLASS_TYPES.has(value.type)) this.host.classSymbol(value, statement, true, fieldText(value, 'name') ?? 'module.exports');
    else if (value.type === 'object') this.objectMembers(value, undefined, undefined);
  }

  /** The function-valued and other properties of an object literal, as members of `container`. */
  private objectMembers(object: Node, container: string | undefined, owner: string | undefined): void {
    if (object.type !== 'object') return;
    for (const entry of namedChildren(object)) {
      if (entry.type === 'shorthand_property_identifier') {
        this.member({ kind: 'member', container, owner, name: entry.text }, entry, entry);
      } else if (entry.type === 'pair') {
        const key = field(entry, 'key');
        const value = field(entry, 'value');
        if (key && value && key.type !== 'computed_property_name') this.member({ kind: 'member', container, owner, name: unquote(key.text) }, value, entry);
      } else if (entry.type === 'method_definition') {
        const name = fieldText(entry, 'name');
        if (name) this.member({ kind: 'member', container, owner, name }, entry, entry);
      }
    }
  }

  /** Adds `container.name` (or a top-level `name`) for `value`, spanning `start`. */
  private member(target: Extract<Target, { kind: 'member' }>, value: Node, start: Node, kind?: 'property'): void {
    const key = `${target.container ?? ''}.${target.name}`;
    if (this.added.has(key)) return; // a later reassignment (a deprecation wrapper) keeps the first definition
    const { container, name } = target;
    const exported = target.owner === undefined;
    // `exports.name = name` / `{ name }` for a name declared here: that declaration is the export.
    const referenced = value.type === 'identifier' || value.type === 'shorthand_property_identifier' ? value.text : undefined;
    if (!container && referenced === name && this.declared.has(name)) {
      this.host.exportedNames.add(name);
      return;
    }
    let symbol: SourceSymbol;
    if (kind === 'property') {
      symbol = makeSymbol({ name, kind: 'property', start, end: start, exported, docComment: this.host.docOf(start), container });
      this.host.symbols.push(symbol);
    } else if (FUNCTION_VALUES.has(value.type) || value.type === 'method_definition') {
      symbol = this.host.functionSymbol(name, value, start, exported, container);
    } else {
      symbol = makeSymbol({ name, kind: container ? 'property' : 'variable', start, end: start, exported, docComment: this.host.docOf(start), container });
      this.host.symbols.push(symbol);
      if (value.type === 'object' && !container) this.objectMembers(value, name, target.owner);
    }
    this.added.set(key, { symbol, owner: target.owner });
  }

  private call(call: Node, statement: Node): void {
    const fn = field(call, 'function');
    const args = namedChildren(field(call, 'arguments') ?? call).filter((a) => a.type !== 'comment');
    if (!fn) return;
    const callee = compact(fn);
    if (callee === 'Object.defineProperty') {
      this.defineProperty(args[0], args[1], args[2], statement);
      return;
    }
    if (callee === 'Object.defineProperties' && args[1]?.type === 'object') {
      for (const pair of namedChildren(args[1])) if (pair.type === 'pair') this.defineProperty(args[0], field(pair, 'key'), field(pair, 'value'), pair);
      return;
    }
    const definer = fn.type === 'identifier' ? this.definers.get(fn.text) : undefined;
    if (definer) {
      this.defined(args[definer.target], args[definer.name], definer.key, definer.fn !== undefined ? args[definer.fn] : undefined, statement);
      return;
    }
    // A callback at the top level (`methods.forEach(function (method) { proto[method] = … })`).
    for (const arg of args) if (FUNCTION_VALUES.has(arg.type)) this.callback(arg);
  }

  private defineProperty(targetNode: Node | undefined | null, nameNode: Node | undefined | null, descriptor: Node | undefined | null, start: Node, computedKey?: string): void {
    if (descriptor?.type !== 'object') return;
    for (const pair of namedChildren(descriptor)) {
      if (pair.type !== 'pair' && pair.type !== 'method_definition') continue;
      const key = pair.type === 'pair' ? fieldText(pair, 'key') : fieldText(pair, 'name');
      if (key === 'get' || key === 'value') {
        this.defined(targetNode, nameNode, key, pair.type === 'pair' ? field(pair, 'value') : pair, start, computedKey);
        return;
      }
    }
  }

  private defined(targetNode: Node | undefined | null, nameNode: Node | undefined | null, key: 'get' | 'value' | undefined, value: Node | undefined | null, start: Node, computedKey?: string): void {
    if (!targetNode || !nameNode) return;
    let name: string | undefined;
    if (nameNode.type === 'string' || nameNode.type === 'property_identifier') name = unquote(nameNode.text);
    else if (nameNode.type === 'identifier' && nameNode.text === computedKey) name = `[${computedKey}]`;
    if (!name) return;
    const target = this.memberTarget(targetNode, name);
    if (target?.kind !== 'member') return;
    if (key === 'value' && value) this.member(target, value, start);
    else this.member(target, value ?? start, start, 'property');
  }

  /** Computed-key assignments and defineProperty calls directly inside a top-level callback. */
  private callback(fn: Node): void {
    const params = namedChildren(field(fn, 'parameters') ?? fn).filter((p) => p.type === 'identifier');
    const key = params[0]?.text ?? (field(fn, 'parameter')?.type === 'identifier' ? fieldText(fn, 'parameter') : undefined);
    const body = field(fn, 'body');
    if (!key || body?.type !== 'statement_block') return;
    for (const statement of namedChildren(body)) {
      const expression = statement.type === 'expression_statement' ? statement.namedChild(0) : null;
      if (expression?.type === 'assignment_expression') this.assignment(expression, statement, key);
      else if (expression?.type === 'call_expression' && fieldText(expression, 'function')?.replace(/\s+/g, '') === 'Object.defineProperty') {
        const args = namedChildren(field(expression, 'arguments') ?? expression).filter((a) => a.type !== 'comment');
        this.defineProperty(args[0], args[1], args[2], statement, key);
      }
    }
  }

  /** Members of a declared `X` (its prototype, its statics) are exported when `X` is. */
  finish(): void {
    const exportedTop = new Set(this.host.symbols.filter((s) => !s.container && s.exported).map((s) => s.name));
    for (const { symbol, owner } of this.added.values()) {
      if (owner !== undefined) symbol.exported = exportedTop.has(owner) || this.aliases.has(owner);
    }
  }
}

/** `function defineGetter(obj, name, getter) { Object.defineProperty(obj, name, { get: getter }) }`. */
function definerOf(fn: Node): Definer | undefined {
  const params = namedChildren(field(fn, 'parameters') ?? fn).map((p) => (p.type === 'identifier' ? p.text : p.type === 'required_parameter' ? (fieldText(p, 'pattern') ?? '') : ''));
  const body = field(fn, 'body');
  if (!body || params.length < 2) return undefined;
  for (const statement of namedChildren(body)) {
    const call = statement.type === 'expression_statement' ? statement.namedChild(0) : statement.type === 'return_statement' ? statement.namedChild(0) : null;
    if (call?.type !== 'call_expression' || fieldText(call, 'function')?.replace(/\s+/g, '') !== 'Object.defineProperty') continue;
    const args = namedChildren(field(call, 'arguments') ?? call).filter((a) => a.type !== 'comment');
    const target = params.indexOf(args[0]?.text ?? '');
    const name = params.indexOf(args[1]?.text ?? '');
    if (target < 0 || name < 0 || args[0]?.type !== 'identifier' || args[1]?.type !== 'identifier') continue;
    const definer: Definer = { target, name };
    if (args[2]?.type === 'object') {
      for (const pair of namedChildren(args[2])) {
        const key = pair.type === 'pair' ? fieldText(pair, 'key') : undefined;
        const value = pair.type === 'pair' ? field(pair, 'value') : null;
        if ((key === 'get' || key === 'value') && value?.type === 'identifier' && params.includes(value.text)) {
          definer.key = key;
          definer.fn = params.indexOf(value.text);
        }
      }
    }
    return definer;
  }
  return undefined;
}
