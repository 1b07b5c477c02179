/**
 * CommonJS shapes a module builds its API with, each in a small module written for the test:
 * the symbols listed must be what loading the module would expose, with their spans.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ParsedFile } from '../../../../src/core/docs/types';
import { docCommentTargets } from '../../../../src/core/docs/docComments/docTargets';
import { sharedParser } from './parseTestSupport';

async function parse(text: string): Promise<ParsedFile> {
  return (await sharedParser()).parseFile('lib/mod.js', 'javascript', text, new Set(['lib/mod.js', 'lib/other.js']));
}

/** `name kind exported start-end` per symbol, members as `Container.name`. */
function listing(parsed: ParsedFile): string[] {
  return parsed.symbols.map((s) => `${s.container ? `${s.container}.` : ''}${s.name} ${s.kind}${s.exported ? ' exported' : ''} ${s.startLine}-${s.endLine}`);
}

test('a router-style module: an exported factory aliased as proto, methods assigned to it, a computed method in a loop', async () => {
  const parsed = await parse([
    "var methods = require('methods');", //            1
    "var Layer = require('./other');", //               2
    'var debug = require("debug")("x:router");', //    3
    '', //                                              4
    'var proto = module.exports = function (options) {', // 5
    '  function router(req, res, next) { router.handle(req, res, next); }', // 6
    '  return router;', //                              7
    '};', //                                            8
    '', //                                              9
    '/**', //                                           10
    ' * Dispatch a request.', //                        11
    ' */', //                                           12
    '', //                                              13
    'proto.handle = function handle(req, res, out) {', // 14
    '  return out();', //                               15
    '};', //                                            16
    'proto.use = function use(fn) { return this; };', // 17
    'methods.concat("all").forEach(function (method) {', // 18
    '  proto[method] = function (path) { return this; };', // 19
    '});', //                                           20
    'function helper() {}', //                          21
  ].join('\n'));
  assert.deepEqual(listing(parsed), [
    'proto function exported 5-8',
    'proto.handle method exported 14-16',
    'proto.use method exported 17-17',
    'proto.[method] method exported 19-19',
    'helper function 21-21',
  ]);
  const handle = parsed.symbols.find((s) => s.name === 'handle')!;
  assert.deepEqual(handle.parameters.map((p) => p.name), ['req', 'res', 'out']);
  assert.equal(handle.docComment, '/**\n * Dispatch a request.\n */', 'a JSDoc block a blank line above is the doc comment, as TypeScript reads it');
  assert.deepEqual(parsed.imports.map((i) => i.specifier), ['methods', './other', 'debug'], 'require bindings are imports, not symbols');
});

test('exports.x, module.exports.x, chained aliases, re-exported requires and deprecation reassignments', async () => {
  const parsed = await parse([
    "var bodyParser = require('body-parser');", //      1
    "var Router = require('./other');", //              2
    'exports = module.exports = createApplication;', // 3
    'function createApplication() { return {}; }', //  4
    'exports.Router = Router;', //                      5
    'exports.json = bodyParser.json;', //               6
    "exports.query = require('./query');", //          7
    'module.exports.version = "1.0";', //               8
    'exports.isAbsolute = function (path) { return path[0] === "/"; };', // 9
    'exports.isAbsolute = deprecate(exports.isAbsolute);', // 10
  ].join('\n'));
  assert.deepEqual(listing(parsed), [
    'createApplication function exported 4-4',
    'Router variable exported 5-5',
    'json variable exported 6-6',
    'query variable exported 7-7',
    'version variable exported 8-8',
    'isAbsolute function exported 9-9',
  ]);
});

test('an object created elsewhere and exported by name: chained method names, defineProperty getters, a getter helper', async () => {
  const parsed = await parse([
    "var http = require('http');", //                                 1
    'var req = Object.create(http.IncomingMessage.prototype);', //    2
    'module.exports = req;', //                                       3
    'req.get =', //                                                   4
    'req.header = function header(name) { return name; };', //        5
    'defineGetter(req, "protocol", function protocol() { return "http"; });', // 6
    'Object.defineProperty(req, "secure", { get: function () { return true; } });', // 7
    'Object.defineProperties(req, { ip: { get() { return ""; } } });', // 8
    'function defineGetter(obj, name, getter) {', //                  9
    '  Object.defineProperty(obj, name, { configurable: true, get: getter });', // 10
    '}', //                                                           11
  ].join('\n'));
  assert.deepEqual(listing(parsed), [
    'req variable exported 2-2',
    'req.get method exported 4-5',
    'req.header method exported 4-5',
    'req.protocol property exported 6-6',
    'req.secure property exported 7-7',
    'req.ip property exported 8-8',
    'defineGetter function 9-11',
  ]);
});

test('constructor functions: prototype methods, a prototype object literal, statics; exported only when the constructor is', async () => {
  const parsed = await parse([
    'module.exports = Route;', //                                 1
    'function Route(path) { this.path = path; }', //             2
    'Route.prototype.dispatch = function dispatch(req) {};', //  3
    'Route.prototype = { all: function () {}, only() {} };', //  4
    'Route.create = function (path) { return new Route(path); };', // 5
    'function Hidden() {}', //                                    6
    'Hidden.prototype.run = function () {};', //                 7
    'Object.defineProperty(Route.prototype, "size", { get: function () { return 1; } });', // 8
  ].join('\n'));
  assert.deepEqual(listing(parsed), [
    'Route function exported 2-2',
    'Route.dispatch method exported 3-3',
    'Route.all method exported 4-4',
    'Route.only method exported 4-4',
    'Route.create method exported 5-5',
    'Hidden function 6-6',
    'Hidden.run method 7-7',
    'Route.size property exported 8-8',
  ]);
});

test('object literals assigned to module.exports and to exports.x; Add Doc Comments now sees the CommonJS methods', async () => {
  const parsed = await parse([
    "var other = require('./other');", //       1
    'function parse(text) { return text; }', // 2
    'module.exports = {', //                    3
    '  parse,', //                              4
    '  other,', //                              5
    '  format: function (value, width) { return String(value); },', // 6
    '  render(view) { return view; },', //     7
    '  limit: 10,', //                          8
    '};', //                                    9
    'exports.helpers = { pad(s) { return s; } };', // 10
  ].join('\n'));
  assert.deepEqual(listing(parsed), [
    'parse function exported 2-2',
    'other variable exported 5-5',
    'format function exported 6-6',
    'render function exported 7-7',
    'limit variable exported 8-8',
    'helpers variable exported 10-10',
    'helpers.pad method exported 10-10',
  ]);
  const targets = docCommentTargets(parsed).map((t) => `${t.key}(${t.params.join(', ')})`);
  assert.deepEqual(targets, ['parse(text)', 'format(value, width)', 'render(view)', 'helpers.pad(s)']);
});

test('ES modules and TypeScript are unaffected: a require binding is still an import, a top-level object literal stays a variable', async () => {
  const parsed = (await sharedParser()).parseFile('src/a.ts', 'typescript', [
    "import fs = require('fs');",
    "const path = require('path');",
    'export const limits = { max: 1 };',
    'export function run(): void {}',
  ].join('\n'), new Set());
  assert.deepEqual(listing(parsed), ['limits variable exported 3-3', 'run function exported 4-4']);
});
