/**
 * What CommonJS modules really expose, asked of Node itself: each module is `require`d and its
 * `module.exports` walked — its own properties (getters included) and, for a function, its
 * prototype's. Each function's definition is located through the V8 inspector
 * (`[[FunctionLocation]]`), so the reference owes nothing to Docsmith's parser.
 *   node out/bench/exposedApi.js <root> <file>…   → JSON on stdout
 */
import { Session } from 'node:inspector';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface ExposedEntry {
  /** Property name; `(module.exports)` for an exported function itself; `prototype.x` for prototype members. */
  name: string;
  getter: boolean;
  isFunction: boolean;
  /** Root-relative file and 1-based line where the function (or getter) is defined. */
  file?: string;
  line?: number;
}

export interface ExposedModule {
  entries: ExposedEntry[];
  /** Other measured files whose `module.exports` is the very same value (one of them re-exports the other). */
  sameAs: string[];
}

const FUNCTION_OWN = new Set(['length', 'name', 'prototype', 'arguments', 'caller']);

function main(): void {
  const [root, ...files] = process.argv.slice(2);
  const session = new Session();
  session.connect();
  const urls = new Map<string, string>();
  session.on('Debugger.scriptParsed', (message) => urls.set(message.params.scriptId, message.params.url));
  const post = <T>(method: string, params?: object): T => {
    let out: unknown;
    let failure: Error | null = null;
    // An in-process session answers synchronously.
    session.post(method, params, (error, result) => {
      failure = error;
      out = result;
    });
    if (failure) throw failure;
    return out as T;
  };
  post('Debugger.enable');
  const locate = (fn: unknown): { file?: string; line?: number } => {
    (globalThis as Record<string, unknown>).__docsmithProbe = fn;
    const { result } = post<{ result: { objectId: string } }>('Runtime.evaluate', { expression: 'globalThis.__docsmithProbe' });
    const props = post<{ internalProperties?: { name: string; value: { value: { scriptId: string; lineNumber: number } } }[] }>('Runtime.getProperties', { objectId: result.objectId, ownProperties: true });
    const location = props.internalProperties?.find((p) => p.name === '[[FunctionLocation]]')?.value.value;
    const url = location ? urls.get(location.scriptId) : undefined;
    if (!location || !url) return {};
    const file = url.startsWith('file:') ? fileURLToPath(url) : url;
    return { file: path.relative(root, file).split(path.sep).join('/'), line: location.lineNumber + 1 };
  };

  const out: Record<string, ExposedModule> = {};
  const values = new Map<unknown, string[]>();
  const load = createRequire(__filename);
  for (const file of files) {
    const value: unknown = load(path.join(root, file));
    const entries: ExposedEntry[] = [];
    const describe = (name: string, d: PropertyDescriptor): void => {
      const fn: unknown = d.get ?? (typeof d.value === 'function' ? d.value : undefined);
      entries.push({ name, getter: d.get !== undefined, isFunction: fn !== undefined, ...(fn ? locate(fn) : {}) });
    };
    if (typeof value === 'function') describe('(module.exports)', { value });
    if (value !== null && (typeof value === 'object' || typeof value === 'function')) {
      for (const [key, d] of Object.entries(Object.getOwnPropertyDescriptors(value))) if (!(typeof value === 'function' && FUNCTION_OWN.has(key))) describe(key, d);
      const proto = typeof value === 'function' ? (value as { prototype?: object }).prototype : undefined;
      if (proto) for (const [key, d] of Object.entries(Object.getOwnPropertyDescriptors(proto))) if (key !== 'constructor') describe(`prototype.${key}`, d);
    }
    out[file] = { entries, sameAs: [] };
    const same = values.get(value) ?? [];
    same.push(file);
    values.set(value, same);
  }
  for (const same of values.values()) for (const file of same) out[file].sameAs = same.filter((f) => f !== file);
  process.stdout.write(JSON.stringify(out));
}

if (require.main === module) main();
