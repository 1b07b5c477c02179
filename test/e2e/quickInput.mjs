// The quick input a user drives with the keyboard in the VS Code workbench: the command palette,
// Quick Open and the quick picks and input boxes extensions show. Every helper goes through the
// DOM the way a person would (keys, clicks, visible text).

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const QUICK_INPUT = '.quick-input-widget';
const QUICK_INPUT_BOX = `${QUICK_INPUT} .quick-input-box input`;
const QUICK_INPUT_ROWS = `${QUICK_INPUT} .quick-input-list .monaco-list-row`;

export class QuickInput {
  /** @param {import('playwright-core').Page} page */
  constructor(page) {
    this.page = page;
  }

  /** Polls `read` until `accept(value)` holds; returns the value or throws with the last one seen. */
  async poll(read, accept, { timeout = 15_000, interval = 150, what = 'condition' } = {}) {
    const deadline = Date.now() + timeout;
    let last;
    for (;;) {
      last = await read();
      if (accept(last)) return last;
      if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}; last seen: ${JSON.stringify(last)}`);
      await sleep(interval);
    }
  }

  async isQuickInputOpen() {
    return this.page.locator(QUICK_INPUT).isVisible();
  }

  async closeQuickInput() {
    for (let i = 0; i < 3 && (await this.isQuickInputOpen()); i++) {
      await this.page.keyboard.press('Escape');
      await sleep(150);
    }
  }

  /** F1, as a user opens the command palette; `text` goes after the `>`. */
  async openPalette(text = '') {
    await this.closeQuickInput();
    await this.page.keyboard.press('F1');
    const box = this.page.locator(QUICK_INPUT_BOX);
    await box.waitFor({ state: 'visible', timeout: 10_000 });
    await box.fill(`>${text}`);
  }

  /** Rows of the open quick pick / palette that are rendered now. */
  async visibleRows() {
    return this.page.locator(QUICK_INPUT_ROWS).evaluateAll((rows) =>
      rows.map((row) => ({
        index: Number(row.getAttribute('data-index')),
        setSize: Number(row.getAttribute('aria-setsize')),
        label: (row.querySelector('.label-name')?.textContent ?? '').trim(),
        description: (row.querySelector('.label-description')?.textContent ?? '').trim(),
        detail: (row.querySelector('.quick-input-list-label-meta .monaco-icon-label, .quick-input-list-detail')?.textContent ?? '').trim(),
        ariaLabel: row.getAttribute('aria-label') ?? '',
        checked: row.getAttribute('aria-checked') === 'true',
      })),
    );
  }

  /** Every row of the open quick pick, scrolling the (virtualised) list with PageDown. */
  async allRows({ settleMs = 400 } = {}) {
    await sleep(settleMs);
    const seen = new Map();
    let setSize = Infinity;
    for (let step = 0; step < 400 && seen.size < setSize; step++) {
      const rows = await this.visibleRows();
      if (rows.length === 0) break;
      for (const row of rows) seen.set(row.index, row);
      setSize = rows[0].setSize || rows.length;
      if (seen.size >= setSize) break;
      await this.page.keyboard.press('PageDown');
      await sleep(60);
    }
    return [...seen.values()].sort((a, b) => a.index - b.index);
  }

  /** Titles of the palette's commands that start with `prefix` (e.g. `Docsmith:`). */
  async listPaletteCommands(prefix) {
    await this.openPalette(prefix);
    await this.poll(() => this.visibleRows(), (rows) => rows.some((r) => r.label.startsWith(prefix)), {
      what: `palette rows starting with ${prefix}`,
    });
    const rows = await this.allRows();
    await this.closeQuickInput();
    return rows.map((r) => r.label).filter((label) => label.startsWith(prefix));
  }

  /** Runs a command from the palette by its full title, e.g. `Docsmith: Set API Key`. */
  async runCommand(title) {
    await this.openPalette(title);
    const row = this.page.locator(QUICK_INPUT_ROWS).filter({ has: this.page.locator('.label-name', { hasText: title }) });
    await this.poll(
      () => this.visibleRows(),
      (rows) => rows.some((r) => r.label === title),
      { what: `palette entry "${title}"` },
    );
    const labels = (await this.visibleRows()).map((r) => r.label);
    await row.nth(labels.filter((l) => l.includes(title)).indexOf(title)).click();
    // The palette closes (or another input replaces it) once the command has started.
    await this.poll(
      async () => (await this.isQuickInputOpen()) && ((await this.page.locator(QUICK_INPUT_BOX).inputValue().catch(() => '')) ?? '').startsWith('>'),
      (paletteStillOpen) => !paletteStillOpen,
      { what: `the palette to close after "${title}"` },
    );
  }

  /**
   * Opens a workspace file with Quick Open (Ctrl+P), as a user would, and waits until its editor
   * has the keyboard focus: when the file is already the active tab, its tab alone says nothing
   * about whether Quick Open has taken the Enter yet, and keys typed before then go elsewhere.
   */
  async openFile(relativePath) {
    await this.closeQuickInput();
    await this.page.keyboard.press('Control+P');
    const box = this.page.locator(QUICK_INPUT_BOX);
    await box.waitFor({ state: 'visible', timeout: 10_000 });
    await box.fill(relativePath);
    const base = relativePath.split('/').pop();
    await this.poll(() => this.visibleRows(), (rows) => rows.some((r) => r.label === base), { what: `quick open entry ${relativePath}` });
    await this.page.keyboard.press('Enter');
    await this.page.locator('.tabs-container .tab.active', { hasText: base }).waitFor({ state: 'visible', timeout: 15_000 });
    await this.page.locator('.editor-instance .monaco-editor .view-lines').first().waitFor({ state: 'visible', timeout: 15_000 });
    const focusedIn = () => this.page.evaluate(() => {
      const focus = document.activeElement;
      const tab = focus?.closest('.monaco-editor') ? focus.closest('.editor-group-container')?.querySelector('.tab.active') : undefined;
      return tab ? tab.getAttribute('data-resource-name') || (tab.querySelector('.label-name')?.textContent ?? '').trim() : undefined;
    });
    await this.poll(async () => ((await this.isQuickInputOpen()) ? 'Quick Open' : await focusedIn()), (name) => name === base, { what: `the keyboard focus in ${relativePath}` });
  }

  /** The input of an open input box or quick pick: waits for it, with its type and placeholder. */
  async currentInput({ timeout = 10_000 } = {}) {
    const box = this.page.locator(QUICK_INPUT_BOX);
    await box.waitFor({ state: 'visible', timeout });
    return {
      type: (await box.getAttribute('type')) ?? 'text',
      placeholder: (await box.getAttribute('placeholder')) ?? '',
      message: ((await this.page.locator(`${QUICK_INPUT} .quick-input-message`).textContent().catch(() => '')) ?? '').trim(),
      title: ((await this.page.locator(`${QUICK_INPUT} .quick-input-title`).textContent().catch(() => '')) ?? '').trim(),
    };
  }

  /** Types into the open input box (e.g. the password box) and presses Enter. */
  async typeIntoInput(text, { submit = true } = {}) {
    const info = await this.currentInput();
    const box = this.page.locator(QUICK_INPUT_BOX);
    await box.fill('');
    await box.pressSequentially(text, { delay: 5 });
    if (submit) await this.page.keyboard.press('Enter');
    return info;
  }

  /** Items of the open quick pick, once it has stopped loading and shows at least `min` rows. */
  async quickPickItems({ min = 1, timeout = 20_000, all = true } = {}) {
    await this.page.locator(QUICK_INPUT).waitFor({ state: 'visible', timeout });
    await this.poll(
      async () => ({
        busy: await this.page.locator(`${QUICK_INPUT} .quick-input-progress.active, ${QUICK_INPUT} .monaco-progress-container.active`).count(),
        rows: (await this.visibleRows()).length,
      }),
      (s) => s.busy === 0 && s.rows >= min,
      { timeout, what: 'quick pick items' },
    );
    return all ? this.allRows() : this.visibleRows();
  }

  /** Types a filter into the open quick pick, then clicks the first row whose label (or `field`) matches. */
  async pickQuickPickItem(match, { filter, field = 'label' } = {}) {
    const test = typeof match === 'string' ? (value) => value === match : (value) => match.test(value);
    if (filter !== undefined) await this.page.locator(QUICK_INPUT_BOX).fill(filter);
    const rows = await this.poll(() => this.visibleRows(), (rs) => rs.some((r) => test(r[field])), {
      what: `quick pick item with ${field} ${String(match)}`,
    });
    const target = rows.find((r) => test(r[field]));
    await this.page.locator(`${QUICK_INPUT_ROWS}[data-index="${target.index}"]`).click();
    return target;
  }
}
