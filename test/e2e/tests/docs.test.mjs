// In real VS Code: Generate Docs on the TypeScript sample workspace against the fake LLM server,
// with a known `usage.cost` per response. Cancelling at the estimate leaves no folder; confirming it
// lands pages under docs/generated; the status bar shows the exact sum of the reported costs, the
// cost view lists every request and keeps today's total across a window reload, a rerun sends
// nothing, the output folder deleted is rebuilt from the response cache without a request, and an
// output folder that links out of the workspace is refused with a message.
// Then Write a Guide: the fake plays an agent with streamed tool calls, the guide lands under
// docs/generated/guides with citations valid on disk, and the status bar adds exactly what was billed.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { fakeAgent, listFiles } from '../harness.mjs';
import { e2eSuite } from '../suiteHooks.mjs';

const KEY = 'sk-or-v1-e2e-docs-run-4b9e';
const VIEW = 'Docsmith Docs';
const MODEL = 'openai/gpt-4o-mini';

/** Costs the fake reports, in ten-thousandths of a dollar so the expected total is exact. */
function costOf(n) {
  return ((n * 7) % 13 + 1) / 10_000;
}

/** The status bar's money format for totals under $1: four decimals. */
function formatTotal(tenThousandths) {
  return `$0.${String(tenThousandths).padStart(4, '0')}`;
}

describe('docs: Generate Docs on a sample workspace in real VS Code', { timeout: 600_000 }, () => {
  const reported = [];
  /** While set, the fake answers as this agent (tool calls), still billing costOf(n) per answer. */
  let agent;

  const { fake, vscode } = e2eSuite({
    fakes: {
      fake: {
        requireKey: KEY,
        script: (request, n) => {
          const scenario = agent ? agent(request, n) : { kind: 'stream' };
          if (scenario.kind !== 'stream') return scenario;
          const cost = costOf(n);
          reported.push(Math.round(cost * 10_000));
          return { ...scenario, cost };
        },
      },
    },
    launch: ({ fake }) => ({
      name: 'docs',
      fixture: 'ts-sample',
      userSettings: { 'docsmith.openrouter.baseUrl': fake.openRouterBaseUrl },
      settings: {
        'docsmith.model': MODEL,
        'docsmith.confirmCostAbove': 0,
      },
    }),
    apiKey: KEY,
  });

  test('the walkthrough shows no literal codicon syntax or backticks, and its Generate step is not done yet', async () => {
    await openWalkthrough(vscode);
    // Only the selected step shows its description: select the one that names the output folder.
    await vscode.page.locator('button.getting-started-step', { hasText: 'Generate documentation' }).first().click();
    const text = await vscode.workbench.poll(() => vscode.page.locator('.gettingStartedContainer').first().innerText(), (t) => /docs\/generated/.test(t), { what: 'the Generate step described' });
    assert.match(text, /docs\/generated/);
    assert.doesNotMatch(text, /`docs\/generated`|\$\([a-z-]+\)/, 'the step descriptions render as a user reads them');
    await vscode.page.locator('button.getting-started-step', { hasText: 'Pick a model' }).first().click();
    const media = await vscode.workbench.webviewFrame(/Pick a model/);
    assert.doesNotMatch(await media.evaluate(() => document.body.innerText), /\$\(sparkle\)/);
    await vscode.screenshot('walkthrough');
    assert.equal(await generateStepDone(vscode), false);
  });

  test('cancelling at the estimate sends nothing and leaves the workspace as it was: no docs folder', async () => {
    const before = listFiles(vscode.dirs.workspace).sort();
    await vscode.runCommand('Docsmith: Generate Docs');
    await vscode.workbench.waitForDialog({ timeout: 180_000 });
    await vscode.workbench.clickDialogButton('Cancel');
    await vscode.workbench.waitForNotification(/nothing was sent/);
    assert.equal(fake.chatRequests.length, 0);
    assert.ok(!fs.existsSync(vscode.workspacePath('docs')), 'no docs/ folder after a cancelled estimate');
    assert.deepEqual(listFiles(vscode.dirs.workspace).sort(), before);
  });

  test('Generate Docs asks to confirm the estimate, then writes README.md, ARCHITECTURE.md and a page per source file and folder', async () => {
    await vscode.runCommand('Docsmith: Generate Docs');
    const dialog = await vscode.workbench.waitForDialog({ timeout: 180_000 });
    assert.match(dialog.message, /^Docsmith: this run is estimated at \$\d+\.\d{4}/, `the headline is the estimate itself: ${dialog.message}`);
    assert.match(dialog.detail, /\d+ requests? to openai\/gpt-4o-mini/);
    assert.ok(dialog.buttons.includes('Generate'), `buttons: ${dialog.buttons}`);
    assert.equal(fake.chatRequests.length, 0, 'nothing is sent before the user confirms');
    await vscode.screenshot('estimate-confirmation');
    assert.equal(await generateStepDone(vscode), false, 'starting a run does not complete the walkthrough step');
    await vscode.workbench.clickDialogButton('Generate');

    const done = await vscode.workbench.waitForNotification(/Docsmith wrote \d+ pages/, { timeout: 300_000 });
    assert.ok(done.buttons.includes('Open Docs'));
    await vscode.workbench.poll(() => generateStepDone(vscode), (checked) => checked === true, { what: 'the walkthrough step to complete with the run' });

    const out = vscode.workspacePath('docs', 'generated');
    assert.ok(fs.existsSync(path.join(out, 'README.md')), 'docs/generated/README.md');
    assert.ok(fs.existsSync(path.join(out, 'ARCHITECTURE.md')), 'docs/generated/ARCHITECTURE.md');
    const sources = listFiles(vscode.workspacePath('src'))
      .filter((f) => f.endsWith('.ts'))
      .map((f) => path.relative(vscode.dirs.workspace, f).split(path.sep).join('/'));
    assert.ok(sources.length >= 19, `the sample has its source files (${sources.length})`);
    const missingPages = sources.filter((rel) => !fs.existsSync(path.join(out, `${rel}.md`)));
    assert.deepEqual(missingPages, [], 'one page per source file');
    const folders = [...new Set(sources.map((rel) => path.posix.dirname(rel)))];
    const missingFolders = folders.filter((dir) => !fs.existsSync(path.join(out, dir, 'README.md')));
    assert.deepEqual(missingFolders, [], 'one README.md per folder');
    // Ignored files get no page, and nothing is written outside the output folder.
    assert.ok(!fs.existsSync(path.join(out, 'build', 'bundle.js.md')));
    assert.ok(fs.existsSync(path.join(out, '.docsmith', 'manifest.json')));
    // The parse cache lives in workspace storage: a repository cannot ship one.
    assert.deepEqual(fs.readdirSync(path.join(out, '.docsmith')), ['manifest.json'], 'only the manifest in the output folder\'s state');
  });

  test('the cost status bar equals the sum of the usage.cost the server reported', async () => {
    const chats = fake.chatRequests.length;
    assert.equal(reported.length, chats, 'every chat request got a scripted cost');
    assert.ok(chats > 0);
    for (const request of fake.chatRequests) assert.equal(request.headers.authorization, `Bearer ${KEY}`);
    const total = reported.reduce((a, b) => a + b, 0);
    await vscode.workbench.waitForStatusBarText('docsmith.cost', `$(book) ${formatTotal(total)}`);

    // What a user looks at next: a source file, its generated page previewed beside it, the cost.
    await vscode.workbench.openFile('src/services/orderService.ts');
    await vscode.workbench.openFile('docs/generated/src/services/orderService.ts.md');
    await vscode.runCommand('Markdown: Open Preview to the Side');
    await vscode.workbench.webviewFrame(/orderService\.ts/);
    await vscode.workbench.clickTab('orderService.ts', 0);
    await vscode.page.mouse.move(700, 893);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await vscode.screenshot('workspace-run');
  });

  test('ARCHITECTURE.md in a side preview shows the import diagrams as SVGs whose labels are legible at the default zoom', async () => {
    // VS Code's built-in mermaid-markdown-features extension renders ```mermaid blocks in its preview
    // (code-server 4.139 = VS Code 1.139; Mermaid 11.17). The sample's 19 files with imports come as
    // the folders under src/ (7 nodes), then the files inside src/services/, src/models/ and src/cli/.
    await vscode.workbench.openFile('docs/generated/ARCHITECTURE.md');
    await vscode.runCommand('Markdown: Open Preview to the Side');
    const frame = await vscode.workbench.webviewFrame(/^Architecture$/);
    await frame.waitForFunction(() => [...document.querySelectorAll('svg')].filter((s) => s.querySelector('g.node')).length >= 4, null, { timeout: 60_000 });
    const diagrams = await frame.evaluate(() =>
      [...document.querySelectorAll('svg')]
        .filter((s) => s.querySelector('g.node'))
        .map((svg) => {
          const labels = [...svg.querySelectorAll('g.node .nodeLabel, g.node text')];
          const box = svg.getBoundingClientRect();
          // Rendered size of a label: its computed font size times the SVG's scale on screen.
          const scale = svg.viewBox.baseVal && svg.viewBox.baseVal.width ? box.width / svg.viewBox.baseVal.width : 1;
          return {
            nodes: svg.querySelectorAll('g.node').length,
            clusters: svg.querySelectorAll('g.cluster').length,
            labels: labels.map((l) => l.textContent.trim()),
            fontPx: Math.min(...labels.map((l) => parseFloat(getComputedStyle(l).fontSize) * scale)),
            width: box.width,
            viewport: document.documentElement.clientWidth,
          };
        }),
    );
    assert.equal(diagrams.length, 4, 'the folder graph and one diagram inside each folded folder with imports');
    assert.deepEqual([...diagrams[0].labels].sort(), ['app.ts', 'cli/', 'config.ts', 'index.ts', 'models/', 'services/', 'util/']);
    for (const d of diagrams) {
      assert.ok(d.nodes >= 3 && d.nodes <= 8, `nodes in one diagram: ${d.nodes}`);
      assert.ok(d.clusters >= 1, `a box per folder: ${d.clusters}`);
      assert.ok(d.labels.every((l) => !l.includes('/') || l.endsWith('/')), `labels are file or folder names: ${d.labels.join(', ')}`);
      assert.ok(d.fontPx >= 10, `smallest label of [${d.labels.join(', ')}] renders at ${d.fontPx.toFixed(1)}px (diagram ${Math.round(d.width)}px wide in a ${d.viewport}px preview)`);
    }
    await frame.evaluate(() => [...document.querySelectorAll('svg')].find((s) => s.querySelector('g.node'))?.scrollIntoView());
    await new Promise((resolve) => setTimeout(resolve, 500));
    await vscode.screenshot('architecture-diagram');
    await vscode.runCommand('View: Close All Editors');
  });

  test('Show Session Cost lists every request, and today\'s total survives a window reload', async () => {
    const total = formatTotal(reported.reduce((a, b) => a + b, 0));
    await vscode.runCommand('Docsmith: Show Session Cost');
    let frame = await vscode.workbench.webviewFrame(/session cost/i);
    const view = await readCostView(frame);
    assert.equal(view.cards['Requests'], String(fake.chatRequests.length));
    assert.equal(view.requestRows, fake.chatRequests.length, 'one row per request');
    assert.match(view.cards['This session'], new RegExp(`^\\${total}`));
    assert.match(view.cards['Today'], new RegExp(`^\\${total}`));
    assert.ok(view.runs.length >= 1);
    for (const run of view.runs) assert.match(run, /^Generate Docs · workspace · \d\d:\d\d$/, 'a run is named by command, folder and time, not by its id');
    // Speed per model: every request the server saw, each timed from its first streamed token.
    assert.equal(view.speed.length, 1, JSON.stringify(view.speed));
    const [model, provider, requests, p50, p95, ttft, rate, errors] = view.speed[0];
    assert.deepEqual([model, provider, requests, errors], [MODEL, 'OpenRouter', String(fake.chatRequests.length), '0% (0)']);
    for (const cell of [p50, p95, ttft]) assert.match(cell, /^\d+ ms$|^\d+\.\d s$/);
    assert.match(rate, /tokens\/s$/);
    await vscode.screenshot('cost-view-runs');

    await vscode.reload();
    await vscode.runCommand('Docsmith: Show Session Cost');
    // The view restored by the reload may be replaced by the one the command opens: read whichever stays.
    let afterReload;
    for (let attempt = 0; !afterReload; attempt++) {
      frame = await vscode.workbench.webviewFrame(/session cost/i);
      afterReload = await readCostView(frame).catch((error) => {
        if (attempt >= 3 || !/detached/i.test(String(error))) throw error;
        return undefined;
      });
    }
    assert.match(afterReload.cards['Today'], new RegExp(`^\\${total}`), 'today\'s total is read back from the history');
  });

  test('a second run with nothing changed makes zero model requests', async () => {
    const before = fake.chatRequests.length;
    await vscode.runCommand('Docsmith: Generate Docs');
    const notice = await vscode.workbench.waitForNotification(/up to date|Docsmith wrote/, { timeout: 120_000 });
    assert.match(notice.message, /up to date/);
    assert.equal(fake.chatRequests.length, before);
  });

  test('with the output folder deleted, Generate Docs writes every page again from the response cache without asking to confirm: zero requests, and the status bar cost does not move', async () => {
    const out = vscode.workspacePath('docs', 'generated');
    const pagesBefore = listFiles(out).filter((f) => f.endsWith('.md')).map((f) => path.relative(out, f)).sort();
    const costBefore = await vscode.statusBarText('docsmith.cost');
    const before = fake.chatRequests.length;
    fs.rmSync(out, { recursive: true });
    await vscode.runCommand('Docsmith: Generate Docs');
    // The estimate finds every answer in the cache: nothing to confirm although confirmCostAbove is 0
    // (a dialog would hold the run, and the notification below would never come).
    const done = await vscode.workbench.waitForNotification(/Docsmith wrote \d+ pages/, { timeout: 300_000 });
    assert.match(done.message, /for \$0\.0000\. \d+ answers came from the response cache, at no cost\./);
    assert.equal(fake.chatRequests.length, before, 'no request reached the server');
    const pagesAfter = listFiles(out).filter((f) => f.endsWith('.md')).map((f) => path.relative(out, f)).sort();
    assert.deepEqual(pagesAfter, pagesBefore, 'every page is back');
    assert.equal(await vscode.statusBarText('docsmith.cost'), costBefore, 'the session cost did not move');
  });

  test('the Docsmith Docs view lists the overview, architecture, folders and files, each fresh with its cost', async () => {
    await vscode.runCommand('View: Show Explorer');
    // Earlier steps reveal generated pages, which expands docs/ and can push the root files out of the rendered rows.
    await vscode.workbench.setExplorerFoldersExpanded(true);
    await vscode.workbench.openPalette('Collapse Folders in Explorer');
    await vscode.workbench.pickQuickPickItem(/Collapse Folders in Explorer$/);
    assert.equal(await vscode.workbench.poll(() => vscode.workbench.explorerBadge('package.json'), (b) => b !== undefined, { what: 'the package.json row' }), '', 'no badge while everything is fresh');
    await vscode.workbench.setExplorerFoldersExpanded(false); // room for the Docs view's rows
    const rows = await vscode.workbench.waitForViewRows(VIEW, (r) => r.some((x) => x.label === 'Overview' && /^fresh · \$0\.\d{4}$/.test(x.description)), { timeout: 60_000 });
    assert.deepEqual(rows.filter((r) => r.level === 1).slice(0, 3).map((r) => r.label), ['Overview', 'Architecture', 'src']);
    await vscode.workbench.expandViewRow(VIEW, 'src', 1);
    await vscode.workbench.expandViewRow(VIEW, 'util', 2);
    const expanded = await vscode.workbench.waitForViewRows(VIEW, (r) => r.some((x) => x.label === 'format.ts'));
    for (const row of expanded) assert.match(row.description, /^fresh · \$/, `${row.label}: ${row.description}`);
  });

  test('after an edit and a save the page turns stale, the file and its folders carry the badge, and the editor offers Docs stale — Update', async (t) => {
    await vscode.workbench.openFile('src/util/format.ts');
    await vscode.page.keyboard.press('Control+End');
    await vscode.page.keyboard.type('\n// a note for the next reader\n');
    await vscode.page.keyboard.press('Control+S');
    await vscode.workbench.poll(() => fs.readFileSync(vscode.workspacePath('src', 'util', 'format.ts'), 'utf8'), (text) => text.includes('// a note for the next reader'), { what: 'the edit saved' });
    const saved = Date.now();
    const folded = []; // src and util, opened in the step before, stay open through the refreshes the save causes
    const watched = () => vscode.workbench.viewRows(VIEW).then((r) => (folded.push(...['src', 'util'].filter((n) => r.find((x) => x.label === n)?.expanded !== 'true').map((n) => `${n} at ${Date.now() - saved} ms`)), r));
    const rows = await vscode.workbench.poll(watched, (r) => /^stale · /.test(r.find((x) => x.label === 'format.ts')?.description ?? ''), { timeout: 30_000, what: 'format.ts stale in the Docs view' });
    const shownAfterMs = Date.now() - saved;
    await vscode.workbench.poll(watched, () => Date.now() - saved > shownAfterMs + 1000, { what: 'a second more of refreshes' });
    assert.deepEqual(folded, [], 'src and util stayed expanded');
    const stale = rows.filter((r) => r.description.startsWith('stale')).map((r) => r.label).sort();
    assert.deepEqual(stale, ['Architecture', 'Overview', 'format.ts', 'src', 'util'].sort());
    assert.equal(rows.find((r) => r.label === 'dates.ts')?.description.startsWith('fresh'), true, 'a sibling stays fresh');
    t.diagnostic(`the view showed the page stale ${shownAfterMs} ms after the save (polled every 150 ms)`);

    await vscode.workbench.poll(() => vscode.workbench.codeLenses(), (l) => l.some((t) => /Docs stale — Update/.test(t)), { what: 'the Docs stale CodeLens' });
    await vscode.workbench.setViewPaneExpanded(VIEW, false); // open with its folders expanded, it would leave the folder tree little room
    await vscode.workbench.setExplorerFoldersExpanded(true);
    await vscode.runCommand('File: Reveal Active File in Explorer View');
    await vscode.workbench.poll(() => vscode.workbench.revealedExplorerBadge('src/util/format.ts'), (b) => b === '↻', { what: 'the badge on format.ts' });
    assert.equal(await vscode.workbench.explorerBadge('dates.ts'), '', 'a fresh sibling has no badge');
    assert.match(await vscode.workbench.statusBarTooltip('docsmith.cost'), /Docs: 5 stale pages/);
  });

  test('Update Stale Docs regenerates exactly the stale pages: the file page, its two folder pages, ARCHITECTURE.md and the overview', async () => {
    const before = fake.chatRequests.length;
    await vscode.runCommand('Docsmith: Update Stale Docs');
    const dialog = await vscode.workbench.waitForDialog({ timeout: 120_000 });
    assert.match(dialog.detail, /5 requests? to openai\/gpt-4o-mini/);
    await vscode.workbench.clickDialogButton('Generate');
    const done = await vscode.workbench.waitForNotification(/Docsmith wrote 5 pages/, { timeout: 180_000 });
    const prompts = fake.chatRequests.slice(before).map((r) => r.body.messages.map((m) => m.content).join('\n'));
    const asked = prompts.map((p) => /^Document the file `src\/util\/format\.ts`/m.test(p) ? 'file' : /^Write the overview page of the folder `src\/util\/`/m.test(p) ? 'util' : /^Write the overview page of the folder `src\/`/m.test(p) ? 'src' : /^Write the architecture page/m.test(p) ? 'architecture' : /^Write the introduction of the README/m.test(p) ? 'overview' : p.split('\n').find((l) => /^(Document|Write)/.test(l)));
    // The edited file's page is asked anew; a page around it whose prompt is unchanged (the fake
    // summarises the file the same way) is answered by the response cache.
    assert.ok(asked.includes('file'), `asked: ${asked.join(', ')}`);
    assert.ok(asked.every((a) => ['architecture', 'file', 'overview', 'src', 'util'].includes(a)) && new Set(asked).size === asked.length, `asked: ${asked.join(', ')}`);
    const cached = Number(/(\d+) answers? came from the response cache/.exec(done.message)?.[1] ?? 0);
    assert.equal(prompts.length + cached, 5, `one answer per stale page: ${prompts.length} sent, ${cached} from the cache (${done.message})`);
    await vscode.workbench.waitForViewRows(VIEW, (r) => r.length > 0 && r.every((x) => x.description.startsWith('fresh')), { what: 'every page fresh again' });
    await vscode.workbench.setViewPaneExpanded(VIEW, false);
    await vscode.workbench.poll(() => vscode.workbench.revealedExplorerBadge('src/util/format.ts'), (b) => b === '', { what: 'the badge gone' });
  });

  test('an output folder that links out of the workspace is refused with a message and Open Settings; nothing lands behind the link', async () => {
    const outside = fs.mkdtempSync(path.join(path.dirname(vscode.dirs.workspace), 'outside-'));
    fs.symlinkSync(outside, vscode.workspacePath('linked'));
    const settingsFile = vscode.workspacePath('.vscode', 'settings.json');
    const settings = JSON.parse(fs.readFileSync(settingsFile, 'utf8'));
    fs.writeFileSync(settingsFile, `${JSON.stringify({ ...settings, 'docsmith.outputDirectory': 'linked/generated' }, null, 2)}\n`);
    try {
      const before = fake.chatRequests.length;
      await new Promise((resolve) => setTimeout(resolve, 1500)); // VS Code picks the settings file up
      await vscode.runCommand('Docsmith: Generate Docs');
      const notice = await vscode.workbench.waitForNotification(/linked.*is a link to .*outside the workspace folder/, { timeout: 120_000 });
      assert.ok(notice.buttons.includes('Open Settings'), `buttons: ${notice.buttons}`);
      assert.deepEqual(fs.readdirSync(outside), []);
      assert.equal(fake.chatRequests.length, before);
    } finally {
      fs.writeFileSync(settingsFile, `${JSON.stringify(settings, null, 2)}\n`);
      fs.rmSync(vscode.workspacePath('linked'));
    }
  });

  test('Write a Guide: the model explores with tool calls, the guide lands under guides/ with valid citations, and the status bar adds what the server billed', async () => {
    const topic = 'How does orderTotal work out the tax on an order?';
    const shown = await vscode.statusBarText('docsmith.cost');
    const sessionBefore = Math.round(Number(/\$(\d+\.\d+)/.exec(shown ?? '')?.[1]) * 10_000);
    assert.ok(Number.isInteger(sessionBefore), `the cost item shows a total: ${shown}`);
    const firstGuideRequest = fake.chatRequests.length;
    const firstBilled = reported.length;
    agent = fakeAgent();
    try {
      await vscode.runCommand('Docsmith: Write a Guide…');
      const input = await vscode.typeIntoInput(topic);
      assert.match(input.title, /Write a Guide/);
      const dialog = await vscode.workbench.waitForDialog({ timeout: 120_000 });
      assert.match(dialog.message, /this guide is estimated above/);
      assert.equal(fake.chatRequests.length, firstGuideRequest, 'nothing is sent before the user confirms');
      await vscode.workbench.clickDialogButton('Write Guide');
      const done = await vscode.workbench.waitForNotification(/Docsmith saved guides\/.+\.md/, { timeout: 240_000 });
      assert.match(done.message, /\d+ tool calls, \d+ ranges read/);
    } finally {
      agent = undefined;
    }

    const out = vscode.workspacePath('docs', 'generated');
    const guide = path.join(out, 'guides', 'how-does-ordertotal-work-out-the-tax-on-an-order.md');
    const text = fs.readFileSync(guide, 'utf8');
    const requests = fake.chatRequests.slice(firstGuideRequest);
    const withTools = requests.filter((r) => (r.body.tools ?? []).length > 0);
    assert.ok(withTools.length >= 2, `exploration offered the tools over ${withTools.length} requests`);
    assert.ok(requests.some((r) => JSON.stringify(r.body.messages).includes('tool_call_id')), 'tool results went back to the model');

    // Every citation names a file of the workspace, links to it from the guide's folder, and its lines exist.
    const citations = [...text.matchAll(/\[([^\]\s]+):(\d+)(?:-(\d+))?\]\(([^)#]+)#L(\d+)(?:-L(\d+))?\)/g)];
    assert.ok(citations.length > 0, 'the guide cites the code');
    for (const [whole, cited, s, e = s, link, ls, le = ls] of citations) {
      const file = vscode.workspacePath(...cited.split('/'));
      assert.equal(path.resolve(path.dirname(guide), decodeURIComponent(link)), file, whole);
      assert.ok(s === ls && e === le && Number(s) >= 1 && Number(e) >= Number(s), whole);
      assert.ok(Number(e) <= fs.readFileSync(file, 'utf8').split('\n').length, `${whole} lies inside the file`);
    }
    assert.match(fs.readFileSync(path.join(out, 'README.md'), 'utf8'), /## Guides[\s\S]*guides\/how-does-ordertotal/, 'the overview lists the guide');

    // The saved guide is open, and the status bar moved by exactly what the server billed for it.
    await vscode.workbench.page.locator('.tabs-container .tab', { hasText: 'how-does-ordertotal' }).first().waitFor({ state: 'visible', timeout: 15_000 });
    const billed = reported.slice(firstBilled).reduce((a, b) => a + b, 0);
    assert.equal(reported.length - firstBilled, requests.length, 'every guide request was billed once');
    await vscode.workbench.waitForStatusBarText('docsmith.cost', `$(book) ${formatTotal(sessionBefore + billed)}`);
  });
});

/** The cost view's summary cards and the number of request rows. */
async function readCostView(frame) {
  return frame.evaluate(() => {
    const cards = {};
    for (const card of document.querySelectorAll('.card')) {
      const [label, value] = card.querySelectorAll('div');
      cards[label.textContent.trim()] = value.textContent.trim();
    }
    const tables = document.querySelectorAll('table');
    const requests = tables[tables.length - 1];
    const requestRows = [...requests.querySelectorAll('tr')].filter((tr) => tr.querySelector('td') && !tr.querySelector('td.empty')).length;
    const perRun = [...document.querySelectorAll('h2')].find((h) => h.textContent === 'Per run')?.nextElementSibling;
    const runs = [...(perRun?.querySelectorAll('tr') ?? [])].map((tr) => tr.querySelector('td:not(.empty)')?.textContent ?? '').filter(Boolean);
    const speed = [...document.querySelectorAll('table.speed[data-scope="session"] tr')].filter((tr) => tr.querySelector('td:not(.empty)')).map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent.trim()));
    return { cards, requestRows, runs, speed };
  });
}

/** Opens the "Get started with Docsmith" walkthrough as a user does, from the command palette. */
async function openWalkthrough(vscode) {
  // A pointer left over the quick pick's rows shows a hover that takes the click meant for the row.
  await vscode.page.mouse.move(1, 1);
  await vscode.runCommand('Welcome: Open Walkthrough...');
  await vscode.workbench.quickPickItems({ min: 1 });
  await vscode.workbench.pickQuickPickItem(/Get started with Docsmith/, { filter: 'Docsmith' });
  await vscode.page.locator('button.getting-started-step', { hasText: 'Generate documentation' }).first().waitFor({ state: 'attached', timeout: 30_000 });
}

/** Whether the walkthrough shows its "Generate documentation" step as done. */
async function generateStepDone(vscode) {
  const step = vscode.page.locator('button.getting-started-step', { hasText: 'Generate documentation' }).first();
  return (await step.getAttribute('aria-checked')) === 'true';
}
