/**
 * Diagnostic only (the goal is measured in code-server): loads an extension bundle in plain Node
 * with a stand-in `vscode` module and times `require()` and `activate()`, wall and CPU.
 *   node out/bench/activationInNode.js <path/to/extension.js>
 * The stand-in answers every API call with another stand-in, so activation runs its real code
 * paths (services built, commands registered) without an editor. Prints one JSON line.
 * When `main.js` lies beside the bundle (the rest of the extension, which the entry loads on first
 * use or in a later task after activation), the time to load it is printed too, as `mainRequire*`.
 */
import { existsSync } from 'node:fs';
import Module from 'node:module';
import * as path from 'node:path';
import { cpuMs, nowMs } from './timing';

type Callable = (...args: unknown[]) => unknown;

/** An object that is also a function and a class: any property, call or `new` gives another one. */
function standIn(name: string): unknown {
  const values = new Map<PropertyKey, unknown>();
  const target = function standInTarget(): void {};
  return new Proxy(target, {
    get(_t, key) {
      if (key === 'then') return undefined; // not a promise
      if (key === Symbol.toPrimitive) return () => name;
      if (key === Symbol.iterator) return function* empty(): Generator<never> {};
      if (key === 'prototype') return {};
      if (!values.has(key)) values.set(key, standIn(`${name}.${String(key)}`));
      return values.get(key);
    },
    set(_t, key, value) {
      values.set(key, value);
      return true;
    },
    defineProperty(_t, key, descriptor) {
      values.set(key, descriptor.value ?? descriptor.get?.());
      return true;
    },
    apply: () => standIn(`${name}()`),
    construct: () => standIn(`new ${name}`) as object,
  });
}

const VSCODE_NAMES = [
  'CancellationError', 'CancellationTokenSource', 'ConfigurationTarget', 'Disposable', 'EventEmitter',
  'InputBoxValidationSeverity', 'LanguageModelChatMessage', 'LanguageModelError', 'MarkdownString', 'ProgressLocation',
  'QuickPickItemKind', 'StatusBarAlignment', 'TabInputText', 'ThemeIcon', 'Uri', 'ViewColumn', 'commands', 'env',
  'extensions', 'l10n', 'languages', 'lm', 'window', 'workspace',
];

function main(): void {
  const bundle = process.argv[2];
  const vscode: Record<string, unknown> = {};
  for (const name of VSCODE_NAMES) vscode[name] = standIn(`vscode.${name}`);
  const loader = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
  const originalLoad = loader._load;
  loader._load = function load(request: string, ...rest: unknown[]): unknown {
    return request === 'vscode' ? vscode : originalLoad.call(this, request, ...rest);
  };
  const context = {
    subscriptions: [] as unknown[],
    secrets: { get: () => Promise.resolve(undefined), store: () => Promise.resolve(), delete: () => Promise.resolve(), onDidChange: () => ({ dispose(): void {} }) },
    globalState: { get: (_k: string, d?: unknown) => d, update: () => Promise.resolve(), keys: () => [], setKeysForSync(): void {} },
    workspaceState: { get: (_k: string, d?: unknown) => d, update: () => Promise.resolve(), keys: () => [] },
    globalStorageUri: { fsPath: process.env.DOCSMITH_BENCH_STORAGE ?? '/tmp/docsmith-bench-storage' },
    extensionUri: standIn('extensionUri'),
    extension: { packageJSON: { version: '0.0.0-bench' } },
    extensionPath: process.cwd(),
  };
  const cpu0 = cpuMs();
  const t0 = nowMs();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const extension = require(bundle) as { activate: Callable };
  const t1 = nowMs();
  const cpu1 = cpuMs();
  extension.activate(context);
  const t2 = nowMs();
  const cpu2 = cpuMs();
  const figures: Record<string, number> = { requireMs: t1 - t0, activateMs: t2 - t1, requireCpuMs: cpu1 - cpu0, activateCpuMs: cpu2 - cpu1 };
  const main = path.join(path.dirname(bundle), 'main.js');
  if (existsSync(main)) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require(main);
    figures.mainRequireMs = nowMs() - t2;
    figures.mainRequireCpuMs = cpuMs() - cpu2;
  }
  process.stdout.write(`${JSON.stringify(figures)}\n`);
  // Timers the extension started (e.g. background refreshes) must not keep the process alive.
  process.exit(0);
}

main();
