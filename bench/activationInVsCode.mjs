// Activation time of Docsmith in real VS Code (code-server), as VS Code itself reports it.
//   node bench/activationInVsCode.mjs <vsix> <reloads>
// Installs the VSIX into a fresh code-server through the e2e harness, opens a small workspace,
// then reads the Docsmith row of `Developer: Show Running Extensions` ("Activation: N ms", which
// VS Code computes as code loading time + activate() call time). Each window reload starts a new
// extension host and a new activation. Prints one JSON line:
//   { activationsMs: [first, ...after each reload], texts, activatedBy, codeServerVersion }
import fs from 'node:fs';
import path from 'node:path';
import { launchVsCode } from '../test/e2e/harness.mjs';
import { codeServerDir, isSetUp, setup } from '../test/e2e/setup.mjs';

const [vsix, reloadsArg] = process.argv.slice(2);
const reloads = Number(reloadsArg ?? 5);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The Docsmith row of the Running Extensions list. The list renders only the rows in view and
 * puts the slowest activations first, so a fast one can sit below the fold: scroll until it shows.
 */
async function findRow(session) {
  const editor = session.page.locator('.runtime-extensions-editor');
  await editor.locator('.monaco-list-row').first().waitFor({ state: 'visible', timeout: 60_000 });
  const row = editor.locator('.monaco-list-row[aria-label="docsmith"]');
  await editor.locator('.monaco-list').first().hover();
  await session.page.mouse.wheel(0, -10_000); // a reloaded window may restore the list scrolled
  for (let i = 0; i < 50 && !(await row.isVisible()); i++) {
    await session.page.mouse.wheel(0, 150);
    await sleep(100);
  }
  await row.waitFor({ state: 'visible', timeout: 30_000 });
  return row;
}

async function readActivation(session) {
  await session.runCommand('Developer: Show Running Extensions');
  const row = await findRow(session);
  const cell = row.locator('.activation-time');
  const text = await session.workbench.poll(
    async () => ((await cell.textContent()) ?? '').trim(),
    (t) => /\d+\s*ms/.test(t),
    { timeout: 30_000, what: 'the Docsmith activation time' },
  );
  const ms = Number(/(\d+(?:\.\d+)?)\s*ms/.exec(text)[1]);
  await cell.hover();
  await sleep(800);
  const hover = (await session.page.locator('.monaco-hover, .workbench-hover').allTextContents()).join(' ').trim();
  await session.page.keyboard.press('Escape');
  return { ms, text, hover };
}

function codeServerVersion() {
  try {
    return JSON.parse(fs.readFileSync(path.join(codeServerDir, 'package.json'), 'utf8')).version ?? '';
  } catch {
    return '';
  }
}

async function main() {
  if (!isSetUp()) setup();
  const session = await launchVsCode({
    name: 'bench-activation',
    vsix,
    // Nothing listens on port 9: any request activation made by mistake would fail, not hang.
    settings: { 'docsmith.openrouter.baseUrl': 'http://127.0.0.1:9/api/v1' },
    files: { 'src/math.ts': 'export function add(a: number, b: number): number {\n  return a + b;\n}\n' },
  });
  try {
    const samples = [];
    for (let i = 0; i <= reloads; i++) {
      if (i > 0) await session.reload();
      samples.push(await readActivation(session));
    }
    process.stdout.write(`${JSON.stringify({ activationsMs: samples.map((s) => s.ms), texts: samples.map((s) => s.text), activatedBy: samples[0].hover, codeServerVersion: codeServerVersion() })}\n`);
  } finally {
    await session.close();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
