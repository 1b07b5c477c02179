import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createParser } from '../../../../src/core/docs/parse/sourceParser';
import { sharedParser, symbol } from './parseTestSupport';

const files = (...paths: string[]): ReadonlySet<string> => new Set(paths);

test('Go: functions, methods with receivers, structs, doc comments, exported by case, imports', async () => {
  const parser = await sharedParser();
  const text = [
    'package store',
    '',
    'import (',
    '\t"fmt"',
    '\tm "example.com/app/internal/models"',
    ')',
    '',
    '// Store keeps things.',
    'type Store struct{ items map[string]int }',
    '',
    '// New makes a store.',
    'func New(size int, names ...string) *Store { return nil }',
    '',
    'func (s *Store) Put(id, name string, n int) error { fmt.Println(m.X); return nil }',
    'func (s Store) size() {}',
  ].join('\n');
  const parsed = parser.parseFile('store/store.go', 'go', text, files('internal/models/user.go', 'internal/models/user_test.go', 'store/store.go'));
  const store = symbol(parsed, 'Store');
  assert.deepEqual([store.kind, store.exported, store.docComment], ['struct', true, '// Store keeps things.']);
  const make = symbol(parsed, 'New');
  assert.deepEqual(make.parameters, [{ name: 'size', type: 'int' }, { name: 'names', type: '...string', optional: true }]);
  assert.deepEqual([make.returnType, make.returnsVoid, make.docComment], ['*Store', false, '// New makes a store.']);
  const put = symbol(parsed, 'Store.Put');
  assert.deepEqual(put.parameters.map((p) => `${p.name}:${p.type}`), ['id:string', 'name:string', 'n:int']);
  assert.deepEqual([put.kind, put.exported, put.docComment], ['method', true, undefined]);
  const size = symbol(parsed, 'Store.size');
  assert.deepEqual([size.exported, size.returnsVoid], [false, true]);
  assert.deepEqual(parsed.imports.map((i) => [i.specifier, i.resolved]), [['fmt', undefined], ['example.com/app/internal/models', 'internal/models/user.go']]);
});

test('Rust: pub items, impl methods, traits, /// docs, use and mod resolution', async () => {
  const parser = await sharedParser();
  const text = [
    'use crate::models::user::User;',
    'use super::util::{fmt, parse};',
    'use std::collections::HashMap;',
    'mod billing;',
    '',
    '/// A store.',
    '#[derive(Debug)]',
    'pub struct Store { items: Vec<u8> }',
    '',
    'impl Store {',
    '    /// Makes one.',
    '    pub fn new(size: usize, name: &str) -> Self { Store { items: vec![] } }',
    '    pub async fn put(&mut self, id: String) { }',
    '    fn private(&self) -> i32 { 1 }',
    '}',
    'pub trait Getter { fn get(&self, id: &str) -> Option<i32>; }',
    'fn helper() {}',
  ].join('\n');
  const workspace = files('src/models/user.rs', 'src/shop/util.rs', 'src/shop/cart/billing.rs', 'src/shop/cart.rs');
  const parsed = parser.parseFile('src/shop/cart.rs', 'rust', text, workspace);
  const store = symbol(parsed, 'Store');
  assert.deepEqual([store.kind, store.exported, store.docComment, store.startLine], ['struct', true, '/// A store.', 7], 'attributes are part of the item');
  const make = symbol(parsed, 'Store.new');
  assert.deepEqual(make.parameters, [{ name: 'size', type: 'usize' }, { name: 'name', type: '&str' }]);
  assert.deepEqual([make.kind, make.exported, make.returnType, make.returnsVoid, make.docComment], ['method', true, 'Self', false, '/// Makes one.']);
  assert.deepEqual(symbol(parsed, 'Store.put').parameters, [{ name: 'id', type: 'String' }], 'self is not a parameter');
  assert.equal(symbol(parsed, 'Store.put').returnsVoid, true);
  assert.equal(symbol(parsed, 'Store.private').exported, false);
  assert.equal(symbol(parsed, 'Getter.get').exported, true, 'trait methods are as public as the trait');
  assert.equal(symbol(parsed, 'helper').exported, false);
  assert.deepEqual(parsed.imports.map((i) => [i.specifier, i.resolved]), [
    ['crate::models::user::User', 'src/models/user.rs'],
    ['super::util::{fmt,parse}', 'src/shop/util.rs'],
    ['std::collections::HashMap', undefined],
    ['mod billing', 'src/shop/cart/billing.rs'],
  ]);
});

test('Java: public classes and methods, constructors, varargs, Javadoc above annotations, imports', async () => {
  const parser = await sharedParser();
  const text = [
    'package com.acme.store;',
    '',
    'import com.acme.model.User;',
    'import java.util.*;',
    '',
    '/** A store. */',
    '@Service',
    'public class Store<T> extends Base {',
    '    public Store(int size) {}',
    '    /** Puts. */',
    '    public <U> String put(String id, final int... counts) throws Exception { return id; }',
    '    @Override',
    '    public void run() {}',
    '    private int hidden(int x) { return x; }',
    '    public interface Inner { void go(String s); }',
    '}',
  ].join('\n');
  const parsed = parser.parseFile('src/main/java/com/acme/store/Store.java', 'java', text, files('src/main/java/com/acme/model/User.java'));
  const store = symbol(parsed, 'Store');
  assert.deepEqual([store.kind, store.exported, store.docComment, store.startLine], ['class', true, '/** A store. */', 7]);
  const ctor = symbol(parsed, 'Store.Store');
  assert.deepEqual([ctor.returnsVoid, ctor.parameters], [true, [{ name: 'size', type: 'int' }]]);
  const put = symbol(parsed, 'Store.put');
  assert.deepEqual(put.parameters, [{ name: 'id', type: 'String' }, { name: 'counts', type: 'int...', optional: true }]);
  assert.deepEqual([put.returnType, put.returnsVoid, put.docComment], ['String', false, '/** Puts. */']);
  const run = symbol(parsed, 'Store.run');
  assert.deepEqual([run.returnsVoid, run.startLine], [true, 12], 'annotations belong to the method');
  assert.equal(symbol(parsed, 'Store.hidden').exported, false);
  assert.equal(symbol(parsed, 'Inner.go').exported, true, 'interface methods are public');
  assert.deepEqual(parsed.imports.map((i) => [i.specifier, i.resolved]), [
    ['com.acme.model.User', 'src/main/java/com/acme/model/User.java'],
    ['java.util.*', undefined],
  ]);
});

test('C#: namespaces, public members, params/ref/out/defaults, /// docs, using', async () => {
  const parser = await sharedParser();
  const text = [
    'using System;',
    'using Acme.Models;',
    '',
    'namespace Acme.Store',
    '{',
    '    /// <summary>A store.</summary>',
    '    [Serializable]',
    '    public class Store : IStore',
    '    {',
    '        public Store(int size) { }',
    '        /// <summary>Puts.</summary>',
    '        public async Task<string> PutAsync(string id, params int[] counts) { return id; }',
    '        public void Run(ref int x, out string y, int z = 3) { y = ""; }',
    '        public Task SaveAsync() => Task.CompletedTask;',
    '        private int Hidden(int x) => x;',
    '    }',
    '    public interface IStore { void Go(string s); }',
    '}',
  ].join('\n');
  const parsed = parser.parseFile('Store/Store.cs', 'csharp', text, files('Acme/Models/User.cs'));
  const store = symbol(parsed, 'Store');
  assert.deepEqual([store.kind, store.exported, store.docComment, store.startLine], ['class', true, '/// <summary>A store.</summary>', 7]);
  const put = symbol(parsed, 'Store.PutAsync');
  assert.deepEqual(put.parameters, [{ name: 'id', type: 'string' }, { name: 'counts', type: 'params int[]', optional: true }]);
  assert.deepEqual([put.returnType, put.returnsVoid], ['Task<string>', false]);
  assert.deepEqual(symbol(parsed, 'Store.Run').parameters.map((p) => [p.name, p.optional ?? false]), [['x', false], ['y', false], ['z', true]]);
  assert.equal(symbol(parsed, 'Store.SaveAsync').returnsVoid, true, 'Task is void-like');
  assert.equal(symbol(parsed, 'Store.Store').returnsVoid, true);
  assert.equal(symbol(parsed, 'Store.Hidden').exported, false);
  assert.equal(symbol(parsed, 'IStore.Go').exported, true);
  assert.deepEqual(parsed.imports.map((i) => [i.specifier, i.resolved]), [['System', undefined], ['Acme.Models', 'Acme/Models/User.cs']]);
});

test('JavaScript: ES exports, CommonJS exports, default params, rest, require and dynamic import', async () => {
  const parser = await sharedParser();
  const text = [
    "const fs = require('fs');",
    "const { helper } = require('./lib/helper');",
    '',
    '/** Adds. */',
    'function add(a, b = 1, ...more) { return a + b; }',
    'function hidden(x) { console.log(x); }',
    'class Cart { total(items) { return items.length; } }',
    'exports.load = async function (path) { return import("./lazy.mjs"); };',
    'module.exports.add = add;',
    'module.exports = { Cart, add };',
  ].join('\n');
  const parsed = parser.parseFile('src/index.js', 'javascript', text, files('src/lib/helper.js', 'src/lazy.mjs'));
  const add = symbol(parsed, 'add');
  assert.deepEqual(add.parameters, [{ name: 'a' }, { name: 'b', optional: true }, { name: 'more', optional: true }]);
  assert.deepEqual([add.exported, add.returnsVoid, add.docComment], [true, false, '/** Adds. */']);
  assert.deepEqual([symbol(parsed, 'hidden').exported, symbol(parsed, 'hidden').returnsVoid], [false, true]);
  assert.equal(symbol(parsed, 'Cart').exported, true);
  assert.equal(symbol(parsed, 'Cart.total').exported, true);
  assert.equal(symbol(parsed, 'load').exported, true);
  assert.deepEqual(parsed.imports.map((i) => [i.specifier, i.resolved]), [
    ['fs', undefined],
    ['./lib/helper', 'src/lib/helper.js'],
    ['./lazy.mjs', 'src/lazy.mjs'],
  ]);
});

test('TSX: components, props types, decorators, re-exports and .js specifiers mapped to .tsx', async () => {
  const parser = await sharedParser();
  const text = [
    "import React from 'react';",
    "import { Button } from './Button.js';",
    "export * from './theme';",
    '',
    'export interface Props { title: string }',
    '',
    'export function Card({ title }: Props, ref?: React.Ref<HTMLDivElement>): JSX.Element {',
    '  return <div ref={ref}><Button label={title} /></div>;',
    '}',
    '',
    'export const Small = (props: Props) => <Card {...props} />;',
    '',
    'export class Panel extends React.Component<Props> {',
    '  @observable',
    '  render(): JSX.Element { return <div />; }',
    '  protected hidden(): void {}',
    '}',
  ].join('\n');
  const parsed = parser.parseFile('src/ui/Card.tsx', 'typescriptreact', text, files('src/ui/Button.tsx', 'src/ui/theme/index.ts'));
  const card = symbol(parsed, 'Card');
  assert.deepEqual(card.parameters, [{ name: 'param0', type: 'Props' }, { name: 'ref', type: 'React.Ref<HTMLDivElement>', optional: true }]);
  assert.deepEqual([card.returnType, card.returnsVoid, card.exported], ['JSX.Element', false, true]);
  const small = symbol(parsed, 'Small');
  assert.deepEqual([small.kind, small.returnsVoid, small.parameters.map((p) => p.name)], ['function', false, ['props']]);
  const render = symbol(parsed, 'Panel.render');
  assert.equal(render.startLine, 14, 'a decorated method starts at its decorator');
  assert.equal(symbol(parsed, 'Panel.hidden').exported, false);
  assert.deepEqual(parsed.imports.map((i) => [i.specifier, i.resolved]), [
    ['react', undefined],
    ['./Button.js', 'src/ui/Button.tsx'],
    ['./theme', 'src/ui/theme/index.ts'],
  ]);
});

test('unknown languages are documented at file level; the parser reports what it supports', async () => {
  const parser = await sharedParser();
  const parsed = parser.parseFile('notes/todo.txt', 'text', 'one\ntwo\r\nthree\n');
  assert.deepEqual(parsed, { path: 'notes/todo.txt', language: 'text', symbols: [], imports: [], lineCount: 3 });
  for (const language of ['typescript', 'typescriptreact', 'javascript', 'python', 'go', 'rust', 'java', 'csharp']) assert.ok(parser.supports(language), language);
  assert.ok(parser.supports('tsx') && parser.supports('C#'), 'aliases');
  assert.equal(parser.supports('ruby'), false);
});

test('files over the parse limit are documented at file level instead of parsed', async () => {
  const parser = await createParser({ languages: ['typescript'], maxParseLength: 1000 });
  const small = 'export function a(x: number): number { return x; }\n';
  assert.equal(parser.parseFile('a.ts', 'typescript', small).symbols.length, 1);
  const big = small.repeat(40);
  const parsed = parser.parseFile('b.ts', 'typescript', big);
  assert.deepEqual([parsed.symbols.length, parsed.imports.length, parsed.lineCount], [0, 0, 40]);
});

test('broken code still yields the symbols that parse', async () => {
  const parser = await sharedParser();
  const parsed = parser.parseFile('a.ts', 'typescript', 'export function ok(a: number): number { return a; }\nexport function broken(b: string { \n');
  assert.equal(symbol(parsed, 'ok').exported, true);
});
