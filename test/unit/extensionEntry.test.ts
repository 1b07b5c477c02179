/**
 * The activation entry as VS Code loads it: the built `dist/extension.js`, in a fresh copy of
 * dist/, with a recording `vscode` module. Activation registers every contributed command, the
 * chat participant and the Docs view without loading `main.js` (the rest of the extension);
 * the first use loads it once, and every registration hands its calls on to it.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import Module from 'node:module';
import * as path from 'node:path';
import { withCliBundle } from './cliBundle';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
  contributes: { commands: { command: string }[]; chatParticipants: { id: string }[]; views: { explorer: { id: string }[] } };
};

const dist = withCliBundle('docsmith-entry-');

type Handler = (...args: unknown[]) => unknown;

class FakeEmitter<T> {
  private readonly listeners: ((value: T) => void)[] = [];
  readonly event = (listener: (value: T) => void): { dispose(): void } => {
    this.listeners.push(listener);
    return { dispose: () => this.listeners.splice(this.listeners.indexOf(listener), 1) };
  };
  fire(value: T): void {
    for (const l of [...this.listeners]) l(value);
  }
  dispose(): void {
    this.listeners.length = 0;
  }
}

interface TreeProvider {
  getChildren(node?: unknown): unknown;
  getTreeItem(node: unknown): unknown;
  onDidChangeTreeData?: (listener: (nodes: unknown) => void) => unknown;
}

/** What the entry registered, and what it asked of `main.js`. */
interface Recorded {
  commands: Map<string, Handler>;
  participants: Map<string, Handler>;
  views: Map<string, TreeProvider>;
  mainLoads: number;
  started: { context: unknown; shell: { activateMs: number; loadMs: number } }[];
  calls: string[];
  errors: string[];
  /** Fires main's Docs view change event. */
  docsTreeChanged: FakeEmitter<unknown>;
}

/** Loads the bundle's entry with a recording `vscode` and a stand-in `main.js`; returns its exports and the records. */
function loadEntry({ startFails = false } = {}): { entry: { activate(context: unknown): { chat: { ask: Handler } } }; recorded: Recorded; restore(): void } {
  const docsTree = new FakeEmitter<unknown>();
  const recorded: Recorded = { commands: new Map(), participants: new Map(), views: new Map(), mainLoads: 0, started: [], calls: [], errors: [], docsTreeChanged: docsTree };
  const vscode = {
    EventEmitter: FakeEmitter,
    l10n: { t: (message: string, ...args: unknown[]) => message.replace(/\{(\d+)\}/g, (_m, i: string) => String(args[Number(i)])) },
    Uri: { joinPath: (base: { path: string }, ...parts: string[]) => ({ path: [base.path, ...parts].join('/') }) },
    commands: { registerCommand: (id: string, handler: Handler) => (recorded.commands.set(id, handler), { dispose(): void {} }) },
    chat: { createChatParticipant: (id: string, handler: Handler) => (recorded.participants.set(id, handler), { dispose(): void {} }) },
    window: {
      createTreeView: (id: string, options: { treeDataProvider: TreeProvider }) => (recorded.views.set(id, options.treeDataProvider), { dispose(): void {} }),
      showErrorMessage: (message: string) => (recorded.errors.push(message), Promise.resolve(undefined)),
    },
  };
  const main = {
    startDocsmith(context: unknown, shell: { activateMs: number; loadMs: number }) {
      recorded.started.push({ context, shell });
      if (startFails) throw new Error('the parse cache folder is not writable');
      const commands = Object.fromEntries(manifest.contributes.commands.map((c) => [c.command, (...args: unknown[]) => (recorded.calls.push(`${c.command}(${args.join(',')})`), `${c.command} done`)]));
      return {
        commands,
        chat: (request: { prompt: string }) => (recorded.calls.push(`chat(${request.prompt})`), Promise.resolve({})),
        docsTree: { onDidChangeTreeData: docsTree.event, getChildren: () => ['overview'], getTreeItem: (node: unknown) => ({ label: node }) },
        api: { chat: { ask: (question: string) => (recorded.calls.push(`ask(${question})`), Promise.resolve({ markdown: 'answer' })) } },
      };
    },
  };
  const bundleDir = path.join(dist.dir, 'bin');
  const loader = Module as unknown as { _load: (request: string, parent: { filename?: string } | undefined, ...rest: unknown[]) => unknown };
  const original = loader._load;
  loader._load = function load(request, parent, ...rest) {
    if (request === 'vscode') return vscode;
    if (request === './main.js' && parent?.filename === path.join(bundleDir, 'extension.js')) {
      recorded.mainLoads++;
      return main;
    }
    return original.call(this, request, parent, ...rest);
  };
  const file = path.join(bundleDir, 'extension.js');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const entry = require(file) as { activate(context: unknown): { chat: { ask: Handler } } };
  return {
    entry,
    recorded,
    restore() {
      loader._load = original;
      delete require.cache[file];
    },
  };
}

const context = () => ({ subscriptions: [] as unknown[], extensionUri: { path: '/ext' } });

test('activation registers every contributed command, the chat participant and the Docs view without loading main.js', (t) => {
  const { entry, recorded, restore } = loadEntry();
  t.after(restore);
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const ctx = context();
  entry.activate(ctx);
  assert.deepEqual([...recorded.commands.keys()].sort(), manifest.contributes.commands.map((c) => c.command).sort());
  assert.deepEqual([...recorded.participants.keys()], manifest.contributes.chatParticipants.map((p) => p.id));
  assert.deepEqual([...recorded.views.keys()], manifest.contributes.views.explorer.map((v) => v.id));
  assert.equal(recorded.mainLoads, 0, 'main.js is not loaded during activation');
  assert.match(readFileSync(path.join(dist.dir, 'bin', 'main.js'), 'utf8'), /startDocsmith/, 'main.js is built beside the entry');
  assert.ok(ctx.subscriptions.length >= recorded.commands.size + 2, 'every registration is disposed with the extension');
  // The status bar and the Docs view's contents come with the rest, loaded in a later task.
  t.mock.timers.tick(0);
  assert.equal(recorded.mainLoads, 1);
  assert.equal(recorded.started.length, 1);
  assert.equal(recorded.started[0].context, ctx, 'the rest starts with the same extension context');
  assert.ok(recorded.started[0].shell.activateMs >= 0 && recorded.started[0].shell.loadMs >= 0);
});

test('the first command loads main.js once; every command, the chat and the API reach it with their arguments', async (t) => {
  const { entry, recorded, restore } = loadEntry();
  t.after(restore);
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const api = entry.activate(context());
  assert.equal(await recorded.commands.get('docsmith.selectModel')!('openai/gpt-4o'), 'docsmith.selectModel done');
  assert.equal(recorded.mainLoads, 1);
  assert.equal(await recorded.commands.get('docsmith.applyDocComments')!(), 'docsmith.applyDocComments done');
  await recorded.participants.get('docsmith.chat')!({ prompt: 'where is the config?' }, {}, {}, {});
  assert.deepEqual(await api.chat.ask('why?'), { markdown: 'answer' });
  t.mock.timers.tick(0);
  assert.equal(recorded.mainLoads, 1, 'the background load finds it loaded');
  assert.equal(recorded.started.length, 1);
  assert.deepEqual(recorded.calls, ['docsmith.selectModel(openai/gpt-4o)', 'docsmith.applyDocComments()', 'chat(where is the config?)', 'ask(why?)']);
});

test("the Docs view asks main.js for its rows and passes on main's change events", (t) => {
  const { entry, recorded, restore } = loadEntry();
  t.after(restore);
  t.mock.timers.enable({ apis: ['setTimeout'] });
  entry.activate(context());
  const view = recorded.views.get('docsmith.docs')!;
  const changes: unknown[] = [];
  view.onDidChangeTreeData?.((nodes) => changes.push(nodes));
  assert.deepEqual(view.getChildren(), ['overview'], 'a view shown at start-up loads the rest at once');
  assert.equal(recorded.mainLoads, 1);
  assert.deepEqual(view.getTreeItem('overview'), { label: 'overview' });
  assert.deepEqual(changes, [undefined], 'the view is told to read its rows again once the rest is loaded');
  recorded.docsTreeChanged.fire(['folder-a']);
  assert.deepEqual(changes, [undefined, ['folder-a']]);
});

test('a start that fails is reported once at start-up, not run again, and each later use fails with its error', (t) => {
  const { entry, recorded, restore } = loadEntry({ startFails: true });
  t.after(restore);
  t.mock.timers.enable({ apis: ['setTimeout'] });
  entry.activate(context());
  t.mock.timers.tick(0);
  assert.deepEqual(recorded.errors, ['Docsmith could not start: the parse cache folder is not writable']);
  assert.throws(() => recorded.commands.get('docsmith.generateDocs')!(), /parse cache folder is not writable/);
  assert.equal(recorded.started.length, 1, 'the failed start is not repeated');
});
