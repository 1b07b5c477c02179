// package.json against PRODUCT.md and the code: a command contributed but never registered, registered
// but not contributed, or an id/title/setting/default/enum that drifts from the contract fails here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CommandId, InternalCommandId } from '../../src/vscode/commandIds';
import { PROVIDERS } from '../../src/core/providers/providerInfo';
import type { ProviderId } from '../../src/core/providers/types';
import { readProductContract } from './productContract';

/** The repository root: the nearest folder above this file whose package.json is Docsmith's. */
function repoRoot(): string {
  let dir = __dirname;
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && JSON.parse(readFileSync(pkg, 'utf8')).name === 'docsmith') return dir;
    const parent = resolve(dir, '..');
    if (parent === dir) throw new Error('package.json of docsmith not found above ' + __dirname);
    dir = parent;
  }
}

interface Manifest {
  activationEvents: string[];
  icon: string;
  main: string;
  capabilities: { untrustedWorkspaces: { supported: unknown; description?: string }; virtualWorkspaces: unknown };
  contributes: {
    commands: { command: string; title: string; category: string; icon?: string }[];
    menus: Record<string, { command: string; when?: string }[]>;
    configuration: { properties: Record<string, Record<string, unknown>> };
    walkthroughs: { steps: { media: { markdown?: string } }[] }[];
    chatParticipants?: { id: string; name: string; fullName?: string; description?: string }[];
    views?: Record<string, { id: string; name: string }[]>;
  };
}

const root = repoRoot();
const manifestText = readFileSync(join(root, 'package.json'), 'utf8');
const manifest = JSON.parse(manifestText) as Manifest;
const nls = JSON.parse(readFileSync(join(root, 'package.nls.json'), 'utf8')) as Record<string, string>;
// CI checks out shared/ beside the clone; the contract is the real file, never a copy.
const contract = readProductContract(resolve(root, '..', 'shared', 'PRODUCT.md'));
const commands = manifest.contributes.commands;
const settings = manifest.contributes.configuration.properties;
// Contract entries not built yet (`kind:id`), printed and not failed on; see pending.json.
const pending = new Set((JSON.parse(readFileSync(join(root, 'test', 'contract', 'pending.json'), 'utf8')) as { pending: string[] }).pending);
const isPending = (kind: string, id: string): boolean => pending.has(`${kind}:${id}`);

/** Runs `check` for a pending entry: it must fail (else the entry is built and must leave pending.json). */
function stillPending(entry: string, check: () => void): void {
  let built = true;
  try {
    check();
  } catch {
    built = false;
  }
  assert.ok(!built, `${entry} is built: remove it from test/contract/pending.json`);
}

function localise(value: string): string {
  const m = /^%(.+)%$/.exec(value);
  if (!m) return value;
  assert.ok(m[1] in nls, `package.nls.json has no key "${m[1]}"`);
  return nls[m[1]];
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** Command ids registered in code: `registerCommand('docsmith.x'`, `registerCommand(CommandId.x` or a `[CommandId.x]:` handler table. */
function registeredCommandIds(): Set<string> {
  const ids = new Set<string>();
  const byName = CommandId as Record<string, string>;
  for (const file of [join(root, 'src', 'extension.ts'), ...sourceFiles(join(root, 'src', 'vscode'))]) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/registerCommand\(\s*'(docsmith\.[\w.]+)'/g)) ids.add(m[1]);
    for (const m of text.matchAll(/registerCommand\(\s*CommandId\.(\w+)/g)) ids.add(byName[m[1]] ?? `unknown CommandId.${m[1]}`);
    for (const m of text.matchAll(/registerCommand\(\s*InternalCommandId\.(\w+)/g)) ids.add((InternalCommandId as Record<string, string>)[m[1]] ?? `unknown InternalCommandId.${m[1]}`);
    for (const m of text.matchAll(/\[CommandId\.(\w+)\]\s*:/g)) ids.add(byName[m[1]] ?? `unknown CommandId.${m[1]}`);
    for (const m of text.matchAll(/\[InternalCommandId\.(\w+)\]\s*:/g)) ids.add((InternalCommandId as Record<string, string>)[m[1]] ?? `unknown InternalCommandId.${m[1]}`);
  }
  return ids;
}

test('PRODUCT.md was read and lists commands and settings', () => {
  assert.ok(contract.commands.length >= 10, `found ${contract.commands.length} commands`);
  assert.ok(contract.settings.length >= 14, `found ${contract.settings.length} settings`);
});

test('pending.json names only PRODUCT.md entries, and they are listed', (t) => {
  const known = new Set([
    ...contract.commands.map((c) => `command:${c.id}`),
    ...contract.settings.map((s) => `setting:${s.key}`),
    ...contract.chatParticipants.map((c) => `chatParticipant:${c.id}`),
    ...contract.views.map((v) => `view:${v.id}`),
  ]);
  for (const entry of pending) assert.ok(known.has(entry), `pending.json names ${entry}, which PRODUCT.md does not have`);
  if (pending.size > 0) t.diagnostic(`PRODUCT.md entries not built yet: ${[...pending].join(', ')}`);
});

/**
 * Commands that only act on an item of a PRODUCT.md view (its context menu): not in the palette
 * (`"when": "false"`), named `<view id>.<action>`, and shown in that view's `view/item/context`.
 */
const viewItemCommands = commands.filter((c) => contract.views.some((v) => c.command.startsWith(`${v.id}.`)));

test('view item commands are hidden from the palette and appear in their view\'s item menu', () => {
  for (const c of viewItemCommands) {
    const view = contract.views.find((v) => c.command.startsWith(`${v.id}.`))!;
    assert.equal(manifest.contributes.menus.commandPalette.find((e) => e.command === c.command)?.when, 'false', `${c.command} is hidden from the palette`);
    const items = manifest.contributes.menus['view/item/context'] ?? [];
    assert.ok(items.some((e) => e.command === c.command && (e.when ?? '').includes(`view == ${view.id}`)), `${c.command} is in ${view.id}'s item menu`);
  }
});

const internal = new Set<string>(Object.values(InternalCommandId));

test('commands a user can run are exactly the PRODUCT.md commands, with their titles', () => {
  const built = contract.commands.filter((c) => !isPending('command', c.id));
  for (const c of contract.commands.filter((c) => isPending('command', c.id))) {
    stillPending(`command:${c.id}`, () => assert.ok(commands.some((x) => x.command === c.id)));
  }
  const productCommands = commands.filter((c) => !viewItemCommands.includes(c) && !internal.has(c.command));
  assert.deepEqual(productCommands.map((c) => c.command).sort(), built.map((c) => c.id).sort());
  for (const want of built) {
    const got = commands.find((c) => c.command === want.id);
    assert.equal(localise(got!.title), want.title, `title of ${want.id}`);
  }
});

test('every command has category Docsmith and a codicon', () => {
  for (const c of commands) {
    assert.equal(c.category, 'Docsmith', `category of ${c.command}`);
    assert.match(c.icon ?? '', /^\$\([a-z0-9-]+\)$/, `icon of ${c.command}`);
  }
});

test('the typed command ids equal the contributed ones', () => {
  assert.deepEqual([...Object.values(CommandId), ...internal].sort(), commands.map((c) => c.command).sort());
});

test('internal commands (buttons of Docsmith views) are hidden from the Command Palette and shown only where they belong', () => {
  const palette = manifest.contributes.menus.commandPalette;
  for (const id of internal) {
    assert.equal(palette.find((e) => e.command === id)?.when, 'false', `${id} is hidden from the palette`);
    const placed = Object.entries(manifest.contributes.menus).filter(([menu, entries]) => menu !== 'commandPalette' && entries.some((e) => e.command === id));
    assert.ok(placed.length > 0, `${id} is on some menu`);
    for (const [menu, entries] of placed) assert.match(entries.find((e) => e.command === id)!.when ?? '', /docsmith\.\w+/, `${id} in ${menu} shows only in Docsmith's own context`);
  }
  const itemActions = new Set(viewItemCommands.map((c) => c.command));
  for (const id of Object.values(CommandId)) if (!itemActions.has(id)) assert.notEqual(palette.find((e) => e.command === id)?.when, 'false', `${id} is in the palette`);
});

test('the provider setting shows display names, not raw ids', () => {
  const provider = settings['docsmith.provider'] as { enum: string[]; enumItemLabels?: string[] };
  assert.deepEqual(provider.enumItemLabels, provider.enum.map((id) => (id === 'auto' ? 'Auto' : (PROVIDERS[id as ProviderId]?.displayName ?? `a label for ${id}`))));
});

test('every contributed command is registered in code, and nothing else is', () => {
  assert.deepEqual([...registeredCommandIds()].sort(), commands.map((c) => c.command).sort());
});

test('settings are exactly the PRODUCT.md settings, with its defaults and enums', () => {
  const expectedKeys = contract.settings.filter((s) => !isPending('setting', s.key) || s.key in settings).map((s) => s.key);
  assert.deepEqual(Object.keys(settings).sort(), expectedKeys.sort());
  for (const want of contract.settings) {
    if (isPending('setting', want.key)) stillPending(`setting:${want.key}`, () => checkSetting(want));
    else checkSetting(want);
  }
});

function checkSetting(want: (typeof contract.settings)[number]): void {
  {
    const got = settings[want.key];
    assert.ok(got, `package.json has no setting ${want.key}`);
    if (want.hasDefault) assert.deepEqual(got.default, want.defaultValue, `default of ${want.key}`);
    else assert.ok('default' in got, `${want.key} declares a default`);
    if (want.enumValues) {
      assert.deepEqual(got.enum, want.enumValues, `enum of ${want.key}`);
      assert.equal((got.enumDescriptions as unknown[] | undefined)?.length, want.enumValues.length, `enumDescriptions of ${want.key}`);
    }
    const expectedType =
      want.enumValues || typeof want.defaultValue === 'string'
        ? 'string'
        : Array.isArray(want.defaultValue)
          ? 'array'
          : typeof want.defaultValue === 'boolean'
            ? 'boolean'
            : 'number';
    const type = got.type === 'integer' ? 'number' : got.type;
    assert.equal(type, expectedType, `type of ${want.key}`);
  }
}

test('the chat participant and the view of PRODUCT.md are contributed with their names', () => {
  assert.ok(contract.chatParticipants.length > 0 && contract.views.length > 0, 'PRODUCT.md names a chat participant and a view');
  for (const want of contract.chatParticipants) {
    const check = (): void => {
      const got = manifest.contributes.chatParticipants?.find((c) => c.id === want.id);
      assert.ok(got, `chat participant ${want.id} is contributed`);
      assert.equal(got.name, want.name, `name of chat participant ${want.id}`);
    };
    if (isPending('chatParticipant', want.id)) stillPending(`chatParticipant:${want.id}`, check);
    else check();
  }
  for (const want of contract.views) {
    const check = (): void => {
      const got = manifest.contributes.views?.[want.container]?.find((v) => v.id === want.id);
      assert.ok(got, `view ${want.id} is contributed to ${want.container}`);
      assert.equal(localise(got.name), want.name, `name of view ${want.id}`);
    };
    if (isPending('view', want.id)) stillPending(`view:${want.id}`, check);
    else check();
  }
});

test('every setting has a markdownDescription and a scope; keys are never settings', () => {
  for (const [key, s] of Object.entries(settings)) {
    assert.equal(typeof s.markdownDescription, 'string', `markdownDescription of ${key}`);
    assert.ok(localise(s.markdownDescription as string).length > 10, `markdownDescription of ${key} says something`);
    assert.ok(['application', 'machine', 'machine-overridable', 'window', 'resource', 'language-overridable'].includes(s.scope as string), `scope of ${key}`);
    assert.doesNotMatch(key, /api_?key|secret|password|\.key$/i, `${key} must not hold a secret`);
  }
  assert.equal(settings['docsmith.outputDirectory'].scope, 'resource');
  assert.equal(settings['docsmith.exclude'].scope, 'resource');
});

test('every %nls% key in package.json resolves, and package.nls.json holds no unused keys', () => {
  const used = new Set([...manifestText.matchAll(/"%([^"%]+)%"/g)].map((m) => m[1]));
  for (const key of used) assert.ok(key in nls, `package.nls.json has no key "${key}"`);
  for (const key of Object.keys(nls)) assert.ok(used.has(key), `package.nls.json key "${key}" is never used`);
});

test('file commands appear in editor and explorer context menus and only with a file in the palette', () => {
  const fileCommands = [CommandId.generateFileDocs, CommandId.addDocComments] as string[];
  const contributed = new Set(commands.map((c) => c.command));
  for (const [menu, entries] of Object.entries(manifest.contributes.menus)) {
    for (const e of entries) assert.ok(contributed.has(e.command), `${menu} names uncontributed ${e.command}`);
  }
  for (const menu of ['editor/context', 'explorer/context', 'commandPalette']) {
    for (const id of fileCommands) {
      const entry = manifest.contributes.menus[menu]?.find((e) => e.command === id);
      assert.ok(entry, `${id} in ${menu}`);
      assert.match(entry.when ?? '', /resourceScheme == file/, `${id} in ${menu} needs a file`);
    }
  }
  assert.match(manifest.contributes.menus.commandPalette.find((e) => e.command === CommandId.addDocComments)!.when!, /python/);
});

test('PRODUCT.md status bar items are created with their commands', () => {
  const text = readFileSync(join(root, 'src', 'vscode', 'ui', 'statusBarItems.ts'), 'utf8');
  assert.deepEqual(contract.statusBarItems.sort(), ['docsmith.cost', 'docsmith.model']);
  for (const id of contract.statusBarItems) assert.match(text, new RegExp(`createStatusBarItem\\('${id.replace('.', '\\.')}'`), `status bar item ${id}`);
  assert.match(text, /command = CommandId\.selectModel/);
  assert.match(text, /command = CommandId\.showCost/);
});

test('activation is lazy and capabilities are stated', () => {
  assert.ok(!manifest.activationEvents.includes('*'), 'never activate on "*"');
  assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
  assert.ok(localise(manifest.capabilities.untrustedWorkspaces.description ?? '').length > 20);
  assert.ok(manifest.capabilities.virtualWorkspaces === false || (manifest.capabilities.virtualWorkspaces as { supported?: unknown }).supported === false);
  assert.equal(manifest.main, './dist/extension.js');
});

test('walkthrough media and the 128×128 icon exist', () => {
  for (const step of manifest.contributes.walkthroughs.flatMap((w) => w.steps)) {
    assert.ok(step.media.markdown && existsSync(join(root, step.media.markdown)), `walkthrough media ${step.media.markdown}`);
  }
  const png = readFileSync(join(root, manifest.icon));
  assert.equal(png.subarray(1, 4).toString('ascii'), 'PNG');
  assert.equal(png.readUInt32BE(16), 128);
  assert.equal(png.readUInt32BE(20), 128);
});
