// What a user does and sees in the VS Code workbench, through the page Chromium shows: the
// status bar, notifications, dialogs, webviews, editor tabs, the side bar's views and the Explorer,
// on top of the command palette and quick inputs. Every helper goes through the DOM the way a
// person would (keys, clicks, visible text).

import { QuickInput, sleep } from './quickInput.mjs';

/**
 * Status bar entries get the DOM id `<extensionId>.<itemId>`: Docsmith's `docsmith.cost` item is
 * `docsmith.docsmith.docsmith.cost` (extension `docsmith.docsmith`, item id `docsmith.cost`).
 */
export function statusBarDomId(itemId, extensionId = 'docsmith.docsmith') {
  return `${extensionId}.${itemId}`;
}

function cssId(id) {
  return `[id="${id}"]`;
}

export class Workbench extends QuickInput {
  /** A status bar entry as shown: its visible text, its codicons, its accessible label. */
  async statusBarItem(itemId) {
    const el = this.page.locator(`.statusbar ${cssId(statusBarDomId(itemId))}`);
    if ((await el.count()) === 0) return undefined;
    return el.first().evaluate((node) => ({
      text: (node.textContent ?? '').replace(/\s+/g, ' ').trim(),
      icons: [...node.querySelectorAll('.codicon')].map((i) => [...i.classList].find((c) => c.startsWith('codicon-') && c !== 'codicon-modifier-spin')?.slice(8)),
      ariaLabel: node.querySelector('[aria-label]')?.getAttribute('aria-label') ?? node.getAttribute('aria-label') ?? '',
      visible: node.getBoundingClientRect().width > 0 && getComputedStyle(node).display !== 'none',
    }));
  }

  /** The status bar item's text as a person reads it: each codicon written as `$(name)`. */
  async statusBarText(itemId) {
    const el = this.page.locator(`.statusbar ${cssId(statusBarDomId(itemId))} .statusbar-item-label`);
    if ((await el.count()) === 0) return undefined;
    return el.first().evaluate((label) => {
      let out = '';
      const walk = (node) => {
        for (const child of node.childNodes) {
          if (child.nodeType === 3) out += child.textContent;
          else if (child.classList?.contains('codicon')) {
            const name = [...child.classList].find((c) => c.startsWith('codicon-') && c !== 'codicon-modifier-spin');
            out += `$(${name ? name.slice(8) : '?'})`;
          } else walk(child);
        }
      };
      walk(label);
      return out.replace(/\s+/g, ' ').trim();
    });
  }

  async waitForStatusBarText(itemId, accept, { timeout = 30_000 } = {}) {
    const test = typeof accept === 'function' ? accept : (t) => (accept instanceof RegExp ? accept.test(t ?? '') : t === accept);
    return this.poll(() => this.statusBarText(itemId), (t) => t !== undefined && test(t), { timeout, what: `status bar ${itemId}` });
  }

  /** Hovers the status bar item and returns the hover's text (the tooltip a user reads). */
  async statusBarTooltip(itemId) {
    await this.page.mouse.move(0, 0);
    await sleep(200);
    await this.page.locator(`.statusbar ${cssId(statusBarDomId(itemId))}`).first().hover();
    const hover = this.page.locator('.workbench-hover, .monaco-hover').filter({ hasText: /\S/ }).last();
    await hover.waitFor({ state: 'visible', timeout: 10_000 });
    const text = await hover.evaluate((node) => (node.innerText ?? node.textContent ?? '').split('\n').map((l) => l.trim()).filter(Boolean).join('\n'));
    await this.page.mouse.move(0, 0);
    return text;
  }

  async clickStatusBarItem(itemId) {
    await this.page.locator(`.statusbar ${cssId(statusBarDomId(itemId))}`).first().click();
  }

  /** Notification toasts on screen: message, source and button labels. */
  async readNotifications() {
    return this.page.locator('.notifications-toasts .notification-list-item').evaluateAll((items) =>
      items.map((item) => ({
        message: (item.querySelector('.notification-list-item-message')?.textContent ?? '').trim(),
        source: (item.querySelector('.notification-list-item-source')?.textContent ?? '').trim(),
        buttons: [...item.querySelectorAll('.notification-list-item-buttons-container .monaco-button')].map((b) => (b.textContent ?? '').trim()),
        severity: ['error', 'warning', 'info'].find((s) => item.querySelector(`.codicon-${s}, .codicon-notifications-${s}`)) ?? 'unknown',
      })),
    );
  }

  /** Waits for a toast whose message matches; returns it. */
  async waitForNotification(pattern, { timeout = 30_000 } = {}) {
    const list = await this.poll(
      () => this.readNotifications(),
      (items) => items.some((n) => pattern.test(n.message)),
      { timeout, what: `a notification matching ${pattern}` },
    );
    return list.find((n) => pattern.test(n.message));
  }

  /** Clicks a button of the toast whose message matches. */
  async clickNotificationButton(pattern, buttonLabel) {
    const toast = this.page.locator('.notifications-toasts .notification-list-item').filter({ hasText: pattern });
    await toast.locator('.notification-list-item-buttons-container .monaco-button', { hasText: buttonLabel }).first().click();
  }

  /** The modal dialog on screen (e.g. a cost confirmation): message, detail and buttons; undefined when none. */
  async readDialog() {
    const box = this.page.locator('.monaco-dialog-box');
    if ((await box.count()) === 0 || !(await box.first().isVisible())) return undefined;
    return box.first().evaluate((node) => ({
      message: (node.querySelector('.dialog-message-text')?.textContent ?? '').trim(),
      detail: (node.querySelector('.dialog-message-detail')?.textContent ?? '').trim(),
      buttons: [...node.querySelectorAll('.dialog-buttons .monaco-button')].map((b) => (b.textContent ?? '').trim()),
    }));
  }

  async waitForDialog({ timeout = 30_000 } = {}) {
    return this.poll(() => this.readDialog(), (d) => d !== undefined, { timeout, what: 'a dialog' });
  }

  async clickDialogButton(label) {
    await this.page.locator('.monaco-dialog-box .dialog-buttons .monaco-button', { hasText: label }).first().click();
  }

  /**
   * The frame of a webview whose page has an `<h1>` matching `heading` (webviews are nested
   * iframes in VS Code for the web; the innermost holds the extension's HTML).
   */
  async webviewFrame(heading, { timeout = 30_000 } = {}) {
    const find = async () => {
      for (const frame of this.page.frames()) {
        const h1 = await frame.evaluate(() => document.querySelector('h1')?.textContent ?? '').catch(() => '');
        if (heading.test(h1)) return frame;
      }
      return undefined;
    };
    return this.poll(find, (f) => f !== undefined, { timeout, what: `a webview with heading ${heading}` });
  }

  /** Clicks the tab whose title is exactly `title` in editor group `group` (0 = leftmost). */
  async clickTab(title, group = 0) {
    const tabs = this.page.locator('.editor-group-container').nth(group).locator('.tab');
    const titles = await tabs.evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-resource-name') || (n.querySelector('.label-name')?.textContent ?? '').trim()));
    const index = titles.indexOf(title);
    if (index < 0) throw new Error(`No tab "${title}" in group ${group}: ${titles.join(', ')}`);
    await tabs.nth(index).click();
  }

  /** The pane of a view in the side bar (e.g. `Docsmith Docs` in the Explorer), expanded. */
  async viewPane(title) {
    return this.setViewPaneExpanded(title, true);
  }

  /** Expands or collapses a view's pane by its header, as a user clicks it; returns the pane. */
  async setViewPaneExpanded(title, expanded) {
    const pane = this.page.locator('.pane').filter({ has: this.page.locator('.pane-header .title', { hasText: new RegExp(`^${title}$`, 'i') }) });
    await pane.first().waitFor({ state: 'attached', timeout: 30_000 });
    const header = pane.first().locator('.pane-header');
    if (((await header.getAttribute('aria-expanded')) === 'true') !== expanded) await header.click();
    if (!expanded) await this.poll(() => header.getAttribute('aria-expanded'), (v) => v === 'false', { what: `${title} collapsed` });
    return pane.first();
  }

  /**
   * Expands or collapses the Explorer's folder tree. Collapsed, it leaves its room to the other
   * views of the Explorer: a tree view renders only the rows that fit.
   */
  async setExplorerFoldersExpanded(expanded) {
    // The folder tree's header is titled with the workspace's name; the other Explorer views are known.
    const others = this.page.locator('.title', { hasText: /^(Open Editors|Outline|Timeline|Docsmith Docs)$/i });
    const header = this.page.locator('.explorer-viewlet .pane > .pane-header').filter({ hasNot: others }).first();
    await header.waitFor({ state: 'visible', timeout: 15_000 });
    if (((await header.getAttribute('aria-expanded')) === 'true') !== expanded) await header.click();
    await this.poll(() => header.getAttribute('aria-expanded'), (v) => v === String(expanded), { what: `the folder tree ${expanded ? 'expanded' : 'collapsed'}` });
  }

  /** Rows of a tree view as rendered (those that fit): label, description, depth, expanded, icon and accessible label. */
  async viewRows(title) {
    const pane = await this.viewPane(title);
    return pane.locator('.pane-body .monaco-list-row').evaluateAll((rows) =>
      rows.map((row) => ({
        label: (row.querySelector('.label-name')?.textContent ?? '').trim(),
        description: (row.querySelector('.label-description')?.textContent ?? '').trim(),
        level: Number(row.getAttribute('aria-level')),
        expanded: row.getAttribute('aria-expanded'),
        icon: [...(row.querySelector('.custom-view-tree-node-item-icon, .codicon')?.classList ?? [])].find((c) => c.startsWith('codicon-'))?.slice(8) ?? '',
        ariaLabel: row.getAttribute('aria-label') ?? '',
      })),
    );
  }

  /** Waits until the view's rows satisfy `accept`. */
  async waitForViewRows(title, accept, { timeout = 30_000, what = `rows of ${title}` } = {}) {
    return this.poll(() => this.viewRows(title), accept, { timeout, what });
  }

  /** Expands the row labelled `label` (at `level`, 1 = top) of a tree view if it is collapsed. */
  async expandViewRow(title, label, level) {
    const pane = await this.viewPane(title);
    const row = pane.locator(`.pane-body .monaco-list-row[aria-level="${level}"]`).filter({ has: this.page.locator('.label-name', { hasText: new RegExp(`^${label}$`) }) });
    // The twistie, not the row: a row with a page opens its preview when clicked.
    if ((await row.first().getAttribute('aria-expanded')) === 'false') await row.first().locator('.monaco-tl-twistie').click();
    await this.poll(() => row.first().getAttribute('aria-expanded'), (v) => v === 'true', { what: `${label} expanded` });
  }

  /** The decoration badge of an Explorer row (`M`, `U`, Docsmith's `↻`…), '' when none; `name` is the row's label. */
  async explorerBadge(name) {
    const row = this.page.locator('.explorer-folders-view .monaco-list-row').filter({ has: this.page.locator('.label-name', { hasText: new RegExp(`^${name}$`) }) });
    if ((await row.count()) === 0) return undefined;
    return row.first().evaluate((node) => {
      const label = node.querySelector('.monaco-icon-label');
      const after = label ? getComputedStyle(label, '::after').content : 'none';
      return after === 'none' || after === 'normal' ? '' : after.replace(/^"|"$/g, '');
    });
  }

  /**
   * The Explorer badge of a workspace file, as `explorerBadge`. When the folder tree does not show
   * its row (a reveal that ran while the Explorer's panes were still being laid out leaves it
   * unrendered), the folder tree is collapsed and expanded, the file opened and revealed again before
   * the next look, and what the Explorer showed instead is returned, so a poll that times out says why.
   */
  async revealedExplorerBadge(relativePath) {
    const badge = await this.explorerBadge(relativePath.split('/').pop());
    if (badge !== undefined) return badge;
    const shown = await this.explorerLayout();
    await this.setExplorerFoldersExpanded(false); // laid out afresh when expanded again
    await this.setExplorerFoldersExpanded(true);
    await this.openFile(relativePath);
    await this.runCommand('File: Reveal Active File in Explorer View');
    return { missing: relativePath, shown };
  }

  /** What the side bar shows: its title, each Explorer pane with its height, and the folder tree's rendered rows. */
  async explorerLayout() {
    return this.page.evaluate(() => {
      const sidebar = document.querySelector('.part.sidebar');
      const panes = [...document.querySelectorAll('.explorer-viewlet .pane')].map((pane) => ({
        title: (pane.querySelector('.pane-header .title')?.textContent ?? '').trim(),
        expanded: pane.querySelector('.pane-header')?.getAttribute('aria-expanded'),
        height: Math.round(pane.getBoundingClientRect().height),
      }));
      const rows = [...document.querySelectorAll('.explorer-folders-view .monaco-list-row')].map((row) => `${row.getAttribute('aria-level')}:${(row.querySelector('.label-name')?.textContent ?? '').trim()}`);
      const filter = document.querySelector('.explorer-folders-view .monaco-tree-type-filter, .part.sidebar .monaco-findInput input');
      return {
        sidebar: sidebar ? `${(sidebar.querySelector('.composite.title h2')?.textContent ?? '').trim()} ${Math.round(sidebar.getBoundingClientRect().width)}px` : 'hidden',
        panes,
        rows,
        filter: filter ? (filter.value ?? filter.textContent ?? '').trim() || 'open' : 'none',
        focus: document.activeElement?.className ?? '',
      };
    });
  }

  /** Texts of the CodeLenses shown in the active editor. */
  async codeLenses() {
    return this.page.locator('.editor-instance .monaco-editor .codelens-decoration').evaluateAll((nodes) => nodes.map((n) => (n.textContent ?? '').trim()).filter(Boolean));
  }

  /** Titles of the open editor tabs, per editor group (left to right). */
  async editorGroups() {
    return this.page.locator('.editor-group-container').evaluateAll((groups) =>
      groups.map((g) => {
        const name = (tab) => tab?.getAttribute('data-resource-name') || (tab?.querySelector('.label-name')?.textContent ?? '').trim();
        const tabs = [...g.querySelectorAll('.tab')];
        return { tabs: tabs.map(name), labels: tabs.map((t) => t.getAttribute('aria-label') ?? ''), active: name(g.querySelector('.tab.active')) };
      }),
    );
  }
}
