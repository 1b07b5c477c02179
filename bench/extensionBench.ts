/**
 * Item 7 — Extension: bundle and VSIX size from a fresh `vsce package` (production build), and
 * activation time in real VS Code (code-server, through the e2e harness) as VS Code reports it.
 * A plain-Node load of the same bundle with a stand-in `vscode` module is reported beside it as a
 * diagnostic, because it splits the time into loading the code and running `activate()`.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { atMost, info, notMeasured, type Figure, type Section } from './report';
import { formatBytes, formatMs, median } from './timing';

export interface ExtensionBenchOptions {
  repoRoot: string;
  /** Window reloads after the first activation in code-server. */
  reloads: number;
  /** Fresh Node processes for the diagnostic load. */
  nodeRuns: number;
  log: (line: string) => void;
}

interface VsCodeActivation {
  activationsMs: number[];
  texts: string[];
  activatedBy: string;
  codeServerVersion: string;
}

interface NodeActivation {
  requireMs: number;
  activateMs: number;
  requireCpuMs: number;
  activateCpuMs: number;
  /** Loading `main.js`, the rest of the extension, which the entry requires after activation. */
  mainRequireMs?: number;
  mainRequireCpuMs?: number;
}

function run(command: string, args: string[], cwd: string, timeoutMs: number): { ok: boolean; stdout: string; stderr: string } {
  const r = spawnSync(command, args, { cwd, encoding: 'utf8', timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 });
  return { ok: r.status === 0, stdout: r.stdout ?? '', stderr: `${r.stderr ?? ''}${r.error ? String(r.error) : ''}` };
}

/** The arguments of the project's own `npm run package` (`vsce …`), writing to `vsix` instead. */
function packageArgs(repoRoot: string, vsix: string): string[] {
  const script = (JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.package;
  const words = script.trim().split(/\s+/);
  const args = words.slice(words.indexOf('vsce') + 1);
  const out = args.indexOf('-o');
  if (out >= 0) args.splice(out, 2);
  return [...args, '-o', vsix];
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

/**
 * The smallest extension the harness can measure: one status bar item (`launchVsCode` waits for
 * `docsmith.cost`) and nothing else. Its activation time is what code-server charges any extension.
 */
const MINIMAL_EXTENSION = [
  "'use strict';",
  "const vscode = require('vscode');",
  'exports.activate = function activate(context) {',
  "  const item = vscode.window.createStatusBarItem('docsmith.cost', vscode.StatusBarAlignment.Right, 100);",
  "  item.text = 'minimal';",
  '  item.show();',
  '  context.subscriptions.push(item);',
  '};',
  '',
].join('\n');

/** A copy of the unpacked VSIX with `MINIMAL_EXTENSION` as its `extension.js`, zipped; undefined when `zip` fails. */
function minimalVsix(unpacked: string, tmp: string): string | undefined {
  const dir = path.join(tmp, 'minimal');
  cpSync(unpacked, dir, { recursive: true });
  writeFileSync(path.join(dir, 'extension', 'dist', 'extension.js'), MINIMAL_EXTENSION);
  const out = path.join(tmp, 'minimal.vsix');
  return run('zip', ['-q', '-r', out, '.'], dir, 120_000).ok ? out : undefined;
}

/** Activation times of `vsix` in code-server, or the reason the run failed. */
function activationInCodeServer(options: ExtensionBenchOptions, vsix: string): VsCodeActivation | { error: string } {
  const vs = run(process.execPath, [path.join(options.repoRoot, 'bench', 'activationInVsCode.mjs'), vsix, String(options.reloads)], options.repoRoot, 900_000);
  if (vs.ok) return JSON.parse(vs.stdout.trim().split('\n').pop() ?? '{}') as VsCodeActivation;
  options.log(`extension: code-server activation failed: ${vs.stderr.slice(-2000)}`);
  return { error: vs.stderr.trim().split('\n').slice(-1)[0] ?? '' };
}

/** Why activation misses its goal when it does: what any extension costs there, against what the entry costs in Node. */
function missedBecause(nodeCpu: NodeActivation | undefined, floor: VsCodeActivation | { error: string }): string {
  return (
    'code-server charges this to any extension: ' +
    ('error' in floor ? 'a minimal extension could not be measured' : `a minimal extension (one status bar item) measured ${formatMs(medianOfReloads(floor))} in the same run`) +
    `, while Docsmith's activation entry takes ${nodeCpu ? `${formatMs(nodeCpu.requireCpuMs + nodeCpu.activateCpuMs)} CPU` : 'a few ms'} in plain Node; ` +
    'the rest is the extension host activating other extensions at the same moment on a loaded machine (see the load average above)'
  );
}

const medianOfReloads = (r: VsCodeActivation): number => median(r.activationsMs.length > 1 ? r.activationsMs.slice(1) : r.activationsMs);

export async function runExtensionBench(options: ExtensionBenchOptions): Promise<Section> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'docsmith-bench-ext-'));
  try {
    const vsix = path.join(tmp, 'docsmith.vsix');
    const vsce = path.join(options.repoRoot, 'node_modules', '.bin', 'vsce');
    options.log('extension: vsce package (production build)…');
    const pack = run(vsce, packageArgs(options.repoRoot, vsix), options.repoRoot, 300_000);
    if (!pack.ok) throw new Error(`vsce package failed:\n${pack.stdout}\n${pack.stderr}`);
    // Read the packaged files, not dist/: other builds may rewrite dist/ meanwhile.
    const unpacked = path.join(tmp, 'unpacked');
    const unzip = run('unzip', ['-q', vsix, '-d', unpacked], tmp, 60_000);
    if (!unzip.ok) throw new Error(`unzip failed: ${unzip.stderr}`);
    const dist = path.join(unpacked, 'extension', 'dist');
    const entry = path.join(dist, 'extension.js');
    const entryBytes = statSync(entry).size;
    const entryGzip = gzipSync(readFileSync(entry)).length;
    const main = path.join(dist, 'main.js');
    const mainBytes = statSync(main).size;
    const mainGzip = gzipSync(readFileSync(main)).length;
    const vendorDir = path.join(dist, 'vendor');
    const vendorFiles = (() => {
      try {
        return filesUnder(vendorDir);
      } catch {
        return [];
      }
    })();
    const vendorBytes = vendorFiles.reduce((n, f) => n + statSync(f).size, 0);
    const vsixBytes = statSync(vsix).size;

    const nodeRuns: NodeActivation[] = [];
    for (let i = 0; i < options.nodeRuns; i++) {
      const r = run(process.execPath, [path.join(__dirname, 'activationInNode.js'), entry], tmp, 60_000);
      if (r.ok) nodeRuns.push(JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as NodeActivation);
      else options.log(`extension: Node activation run failed: ${r.stderr.slice(0, 500)}`);
    }

    options.log('extension: activation in code-server…');
    const measured = activationInCodeServer(options, vsix);
    const vsResult = 'error' in measured ? undefined : measured;
    options.log('extension: a minimal extension in code-server…');
    const minimal = minimalVsix(unpacked, tmp);
    const floor = minimal ? activationInCodeServer(options, minimal) : { error: 'zip failed' };

    const figures: Figure[] = [];
    const medianNode: NodeActivation | undefined = nodeRuns.length
      ? {
          requireMs: median(nodeRuns.map((r) => r.requireMs)),
          activateMs: median(nodeRuns.map((r) => r.activateMs)),
          requireCpuMs: median(nodeRuns.map((r) => r.requireCpuMs)),
          activateCpuMs: median(nodeRuns.map((r) => r.activateCpuMs)),
          mainRequireMs: median(nodeRuns.map((r) => r.mainRequireMs ?? Number.NaN)),
          mainRequireCpuMs: median(nodeRuns.map((r) => r.mainRequireCpuMs ?? Number.NaN)),
        }
      : undefined;
    if (vsResult) {
      figures.push(atMost('activation in code-server (median of reloads)', medianOfReloads(vsResult), 20, formatMs, missedBecause(medianNode, floor)));
      figures.push(info('activation in code-server, first window', formatMs(vsResult.activationsMs[0]), vsResult.activatedBy));
    } else {
      figures.push(notMeasured('activation in code-server', '≤ 20 ms', `code-server run failed: ${'error' in measured ? measured.error : ''}`));
    }
    if (!('error' in floor)) {
      figures.push(
        info(
          'floor: a minimal extension in code-server (median of reloads)',
          formatMs(medianOfReloads(floor)),
          `the same VSIX with an extension.js that only shows one status bar item; activation times ${floor.texts.map((t) => t.replace(/^Activation:\s*/, '')).join(', ')}`,
        ),
      );
    }
    if (medianNode) {
      figures.push(
        info(
          'diagnostic: load + activate() in plain Node',
          `${formatMs(medianNode.requireCpuMs + medianNode.activateCpuMs)} CPU`,
          `require ${formatMs(medianNode.requireCpuMs)} CPU (wall ${formatMs(medianNode.requireMs)}), activate() ${formatMs(medianNode.activateCpuMs)} CPU (wall ${formatMs(medianNode.activateMs)}); stand-in vscode module, median of ${nodeRuns.length} fresh processes`,
        ),
        info(
          'diagnostic: loading dist/main.js after activation, in plain Node',
          `${formatMs(medianNode.mainRequireCpuMs ?? Number.NaN)} CPU`,
          `wall ${formatMs(medianNode.mainRequireMs ?? Number.NaN)}; not part of activation: the entry loads it on the first command, chat request or Docs view request, or in a later task right after activate() returns`,
        ),
      );
    }
    figures.push(
      info('bundle dist/extension.js (production)', formatBytes(entryBytes), `${formatBytes(entryGzip)} gzipped; the activation entry, the only file loaded at activation`),
      info('bundle dist/main.js (production)', formatBytes(mainBytes), `${formatBytes(mainGzip)} gzipped; the rest of the extension, loaded on first use or in a later task after activation`),
      info('lazily loaded dist/vendor/*', formatBytes(vendorBytes), `${vendorFiles.map((f) => path.basename(f)).join(', ')}: loaded on the first request or estimate, never at activation`),
      info('VSIX size', formatBytes(vsixBytes), `vsce ${packageArgs(options.repoRoot, 'docsmith.vsix').join(' ')}`),
    );
    return {
      title: '7. Extension',
      settings: [
        'Built by `vsce` with the arguments of `npm run package` (its `vscode:prepublish` runs `node esbuild.js --production`: minified, no source maps); sizes read from the VSIX.',
        vsResult
          ? `code-server ${vsResult.codeServerVersion} (VS Code in the browser, extension host on Node 24) with Debian's Chromium, through \`test/e2e/harness.mjs\`; ` +
            `first window plus ${options.reloads} reloads; activation times ${vsResult.texts.map((t) => t.replace(/^Activation:\s*/, '')).join(', ')}.`
          : 'code-server: not available in this run.',
      ],
      figures,
      notes: [
        'Activation is read from `Developer: Show Running Extensions` — the Docsmith row\'s "Activation: N ms", which VS Code computes as code loading time + ' +
          '`activate()` call time. Each window reload starts a new extension host and a new activation (activation event `onStartupFinished`).',
        'The extension is two bundles: `dist/extension.js` (`src/extension.ts`) registers every command, the `@docsmith` chat participant and the ' +
          'Docs view with handlers that require `dist/main.js` (everything else: services, status bar, engine) on first use; a timer set by ' +
          '`activate()` loads it right after activation for the status bar and the Docs view. No module is in both bundles (esbuild.js fails the build otherwise), ' +
          'so class identities and module state stay single.',
        'The plain-Node figures load the same packaged `extension.js` in a fresh process with a stand-in `vscode` module (`bench/activationInNode.ts`), ' +
          'then `main.js`, and are only diagnostics: they show how the time splits between compiling/loading code and running `activate()`; CPU time is given ' +
          'because it does not grow with other load on the machine.',
      ],
    };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
