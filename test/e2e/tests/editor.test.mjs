// The editor commands in real VS Code, on the TypeScript sample against the fake LLM server:
// Generate Docs for Current File streams the page beside the code (in a tab named apart from the
// page, without the answer's Summary line) and saves it under the output folder; with lines
// selected it asks what to document and puts a selection on a page of its own. Add Doc Comments
// to Current File never proposes placeholder text, previews the change with Apply and Discard on
// the diff's title bar, applies it as one edit, and one Undo restores the file. @docsmith answers a
// question with tool calls to Docsmith's own model, citations as anchors, and the cost last.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, test } from 'node:test';
import { fakeAgent, packageTestExtension } from '../harness.mjs';
import { e2eSuite } from '../suiteHooks.mjs';

const KEY = 'sk-or-v1-e2e-editor-91c2';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

describe('editor: current-file commands in real VS Code', { timeout: 400_000 }, () => {
  const { fake, vscode } = e2eSuite({
    fakes: { fake: { requireKey: KEY } },
    launch: ({ fake }) => ({
      name: 'editor',
      fixture: 'ts-sample',
      // code-server's chat view sends a request to a participant only with a signed-in Copilot
      // model, so @docsmith is asked through the API Docsmith returns, by a helper extension.
      extraVsix: [packageTestExtension('chatDriver')],
      userSettings: { 'docsmith.openrouter.baseUrl': fake.openRouterBaseUrl },
      settings: { 'docsmith.model': 'openai/gpt-4o-mini' },
    }),
    apiKey: KEY,
  });

  test('Generate Docs for Current File streams the page beside the editor, then saves and shows it', async () => {
    // A slow stream (about 20 s), so the page can be watched growing as tokens arrive even when
    // the machine is loaded and each look at the workbench takes seconds.
    fake.enqueue({ kind: 'stream', tokenDelayMs: 200, chunkChars: 4 });
    await vscode.workbench.openFile('src/services/billing.ts');
    await vscode.runCommand('Docsmith: Generate Docs for Current File');

    // While it streams: a second editor group beside the code, its text changing as tokens arrive.
    const seen = new Set();
    const tabs = new Set();
    const deadline = Date.now() + 120_000;
    let saved;
    let shotWhileWriting = false;
    while (Date.now() < deadline) {
      const groups = await vscode.workbench.editorGroups();
      if (groups.length >= 2) {
        for (const tab of groups[1].tabs) tabs.add(tab);
        if (!shotWhileWriting && groups[1].tabs.some((t) => /writing/.test(t))) {
          shotWhileWriting = true;
          await vscode.screenshot('preview-tab-writing');
        }
        const text = await vscode.page
          .locator('.editor-group-container')
          .nth(1)
          .locator('.monaco-editor .view-lines')
          .first()
          .textContent({ timeout: 1000 })
          .catch(() => '');
        if (text) seen.add(text);
      }
      saved = (await vscode.readNotifications()).find((n) => /Docsmith saved/.test(n.message));
      if (saved) break;
      await sleep(200);
    }
    assert.ok(saved, 'a notification says the page was saved');
    assert.match(saved.message, /^Docsmith saved docs\/generated\/src\/services\/billing\.ts\.md \(/, 'the saved page is named where it is, under the output folder');
    assert.ok(saved.buttons.includes('Open'), `buttons: ${saved.buttons}`);
    await vscode.screenshot('saved-message');
    assert.ok(tabs.has('billing.ts.md (writing…)'), `the streaming preview is named apart from the page: ${[...tabs].join(', ')}`);
    assert.ok(![...seen].some((text) => /Summary:/.test(text)), 'no transient Summary: line in the stream');
    // The request's cost is the session's cost so far, in the status bar too.
    const cost = /\((\$[\d.]+)\)/.exec(saved.message)?.[1];
    assert.ok(cost, `the message names the cost: ${saved.message}`);
    await vscode.workbench.waitForStatusBarText('docsmith.cost', `$(book) ${cost}`);
    assert.ok(seen.size >= 3, `the page beside the code changed while streaming (${seen.size} states seen)`);

    const page = vscode.workspacePath('docs', 'generated', 'src', 'services', 'billing.ts.md');
    assert.ok(fs.existsSync(page), 'the page is saved under the output folder');
    const groups = await vscode.workbench.editorGroups();
    assert.equal(groups.length, 2, 'the page is beside the code');
    assert.equal(groups[0].active, 'billing.ts');
    assert.equal(groups[1].active, 'billing.ts.md');
    const chat = fake.chatRequests.at(-1);
    assert.match(JSON.stringify(chat.body), /billing\.ts/, 'the request was about the open file');

    // The README's screenshot: the code, its page rendered beside it, model and cost in the status bar.
    await vscode.workbench.clickTab('billing.ts.md', 1);
    await vscode.runCommand('Markdown: Open Preview');
    await vscode.workbench.webviewFrame(/billing\.ts/);
    await vscode.workbench.clickTab('billing.ts', 0);
    await vscode.page.mouse.move(700, 893);
    await sleep(1500);
    await vscode.screenshot('readme');
  });

  test('with lines selected, Generate Docs for Current File asks what to document; the selection gets a page of its own and the file\'s page stays', async () => {
    await vscode.runCommand('View: Close All Editor Groups');
    const filePage = vscode.workspacePath('docs', 'generated', 'src', 'services', 'billing.ts.md');
    const before = fs.readFileSync(filePage, 'utf8');
    await vscode.workbench.openFile('src/services/billing.ts');
    // Lines 3-8 selected whole, as a citation click or a drag would leave them.
    await vscode.runCommand('Go to Line/Column...');
    await vscode.typeIntoInput(':3');
    for (let i = 0; i < 6; i++) await vscode.page.keyboard.press('Shift+ArrowDown');
    const sent = fake.chatRequests.length;

    await vscode.runCommand('Docsmith: Generate Docs for Current File');
    const rows = await vscode.workbench.quickPickItems({ min: 2 });
    assert.deepEqual(rows.map((r) => r.label), ['Whole file', 'Selected lines 3–8']);
    assert.equal(fake.chatRequests.length, sent, 'nothing is sent before the user chooses');
    await vscode.screenshot('selection-asked');
    await vscode.workbench.pickQuickPickItem('Selected lines 3–8');

    const saved = await vscode.workbench.waitForNotification(/Docsmith saved lines 3–8/, { timeout: 120_000 });
    assert.match(saved.message, /Docsmith saved lines 3–8 of billing\.ts as docs\/generated\/src\/services\/billing\.ts\.lines-3-8\.md/);
    await vscode.screenshot('selection-saved');
    const selectionPage = vscode.workspacePath('docs', 'generated', 'src', 'services', 'billing.ts.lines-3-8.md');
    assert.match(fs.readFileSync(selectionPage, 'utf8'), /Covers lines 3-8\./);
    assert.equal(fs.readFileSync(filePage, 'utf8'), before, 'the file\'s page is not replaced');
    const prompt = JSON.stringify(fake.chatRequests.at(-1).body);
    // Source goes out numbered `12 text`, blank lines empty: find which numbered lines of the file were sent.
    const source = fs.readFileSync(vscode.workspacePath('src', 'services', 'billing.ts'), 'utf8').split('\n');
    const sentLines = source.map((_, i) => i + 1).filter((n) => source[n - 1].trim() !== '' && prompt.includes(JSON.stringify(`\n${n} ${source[n - 1]}`).slice(1, -1)));
    assert.deepEqual(sentLines, [3, 4, 5, 7, 8], 'only the selected lines were sent');
  });

  test('Add Doc Comments never proposes placeholder text: an answer that describes nothing changes nothing', async () => {
    await vscode.runCommand('View: Close All Editor Groups');
    const file = vscode.workspacePath('src', 'util', 'format.ts');
    const original = fs.readFileSync(file, 'utf8');
    // Two answers with no descriptions: the first, and the one retry for the symbols it left out.
    fake.enqueue({ kind: 'stream', text: '{}' }, { kind: 'stream', text: '{}' });
    await vscode.workbench.openFile('src/util/format.ts');
    await vscode.runCommand('Docsmith: Add Doc Comments to Current File');
    const warning = await vscode.workbench.waitForNotification(/did not describe any of its \d+ symbols/, { timeout: 120_000 });
    assert.match(warning.message, /^Docsmith did not change format\.ts/);
    const labels = (await vscode.workbench.editorGroups()).flatMap((g) => g.labels);
    assert.ok(!labels.some((l) => /with doc comments/.test(l)), 'no diff is offered');
    assert.equal(fs.readFileSync(file, 'utf8'), original);
  });

  test('Add Doc Comments to Current File shows a diff with Apply and Discard on its title bar, applies one edit, and one Undo restores the file', async () => {
    await vscode.runCommand('View: Close All Editor Groups');
    const file = vscode.workspacePath('src', 'util', 'format.ts');
    const original = fs.readFileSync(file, 'utf8');
    await vscode.workbench.openFile('src/util/format.ts');
    await vscode.runCommand('Docsmith: Add Doc Comments to Current File');

    const proposal = await vscode.workbench.waitForNotification(/proposes \d+ doc comment/, { timeout: 120_000 });
    const proposed = Number(/proposes (\d+)/.exec(proposal.message)[1]);
    assert.ok(proposed > 0);
    assert.deepEqual(proposal.buttons, ['Apply', 'Discard']);
    const labels = (await vscode.workbench.editorGroups()).flatMap((g) => g.labels);
    assert.ok(labels.some((l) => /with doc comments/.test(l)), `a diff editor shows the proposal: ${labels.join(' | ')}`);
    assert.equal(fs.readFileSync(file, 'utf8'), original, 'nothing changes before Apply');
    assert.doesNotMatch(await vscode.page.locator('.editor-group-container .monaco-diff-editor').first().innerText(), /TODO: describe/);

    // The toast hides after a while; the diff's title bar keeps both buttons while it is open.
    const apply = vscode.page.locator('.editor-group-container .editor-actions [aria-label^="Apply Doc Comments"]');
    const discard = vscode.page.locator('.editor-group-container .editor-actions [aria-label^="Discard Doc Comments"]');
    await apply.first().waitFor({ state: 'visible', timeout: 15_000 });
    assert.ok(await discard.first().isVisible(), 'Discard is on the title bar too');
    await vscode.screenshot('doc-comment-diff-title-bar');
    await apply.first().click();
    await vscode.workbench.poll(
      async () => (await vscode.workbench.editorGroups()).flatMap((g) => g.labels),
      (all) => !all.some((l) => /with doc comments/.test(l)),
      { what: 'the diff editor to close' },
    );
    assert.equal(await apply.count(), 0, 'the buttons leave with the diff');
    await vscode.workbench.clickTab('format.ts');
    await vscode.page.keyboard.press('Control+S');
    const withComments = await vscode.workbench.poll(() => fs.readFileSync(file, 'utf8'), (text) => text !== original, { what: 'the saved file to change' });
    const docComments = (text) => (text.match(/\/\*\*/g) ?? []).length;
    assert.equal(docComments(withComments) - docComments(original), proposed, 'one new doc comment per proposed symbol');
    const stripComments = (text) => text.replace(/\/\*\*[\s\S]*?\*\/\s*/g, '').replace(/\s+/g, ' ');
    assert.equal(stripComments(withComments), stripComments(original), 'only comments were added');

    // One Undo takes the whole edit back.
    await vscode.workbench.clickTab('format.ts');
    await vscode.page.keyboard.press('Control+Z');
    await vscode.page.keyboard.press('Control+S');
    await vscode.workbench.poll(() => fs.readFileSync(file, 'utf8'), (text) => text === original, { what: 'one Undo to restore the file' });
  });

  test('@docsmith answers from the code with tool calls to Docsmith\'s model, anchors its citations, ends with the cost, and /guide saves a guide', async () => {
    // The driver names the transcript it wrote in its notification; a second ask is told apart by
    // its status, since the first notification may still be showing.
    const ask = async (text, { notStatus } = {}) => {
      await vscode.runCommand('Docsmith E2E: Ask @docsmith Through Its API');
      await vscode.typeIntoInput(text);
      const pattern = new RegExp(`@docsmith answered \\(${notStatus ? `(?!${notStatus}\\))` : ''}`);
      const done = await vscode.workbench.waitForNotification(pattern, { timeout: 240_000 });
      return JSON.parse(fs.readFileSync(/: (\/\S+\.json)$/.exec(done.message)[1], 'utf8'));
    };
    const first = fake.chatRequests.length;
    fake.script = fakeAgent();
    try {
      const answer = await ask('How does orderTotal work out the tax on an order?');
      assert.equal(answer.result.metadata?.status, 'answered', JSON.stringify(answer.result));
      const requests = fake.chatRequests.slice(first);
      assert.ok(requests.every((r) => r.body.model === 'openai/gpt-4o-mini'), 'Docsmith\'s own model, not the chat picker\'s');
      assert.ok(requests.some((r) => (r.body.tools ?? []).length > 0), 'the tools were offered');
      assert.ok(requests.some((r) => JSON.stringify(r.body.messages).includes('tool_call_id')), 'tool results went back');
      assert.ok(answer.progress.length > 0, 'tool calls were shown as progress');
      assert.ok(answer.anchors.length > 0, `citations become anchors: ${answer.markdown.slice(0, 300)}`);
      for (const a of answer.anchors) {
        const lines = fs.readFileSync(vscode.workspacePath(...a.path.split('/')), 'utf8').split('\n').length;
        assert.ok(a.startLine >= 1 && a.endLine >= a.startLine && a.endLine <= lines, `${a.path}:${a.startLine}-${a.endLine} lies inside the file`);
      }
      assert.match(answer.markdown.trimEnd().split('\n').at(-1), new RegExp(`requests: ${requests.length} · tool rounds: \\d+`), 'the last line is the cost');

      const guide = await ask('/guide How does orderTotal work out the tax on an order?', { notStatus: 'answered' });
      assert.equal(guide.result.metadata?.status, 'written', JSON.stringify(guide.result));
      assert.ok(guide.buttons.some((b) => /^Open .+\.md$/.test(b)), `buttons: ${guide.buttons}`);
      assert.ok(fs.existsSync(vscode.workspacePath('docs', 'generated', ...guide.result.metadata.pagePath.split('/'))), 'the guide is saved');
    } finally {
      fake.script = undefined;
    }
  });
});
