import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type FrameLocator, type Page } from 'playwright-core';

/** Debian's chromium, never a browser download; no network beyond loopback is asked for. */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.VOUCH_E2E_CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export const SHOTS = join(import.meta.dirname, '..', 'test-results');

/** VS Code in a page, driven as a user drives it: the palette, quick open, the keyboard. */
export class Workbench {
  private shot = 0;
  constructor(readonly page: Page) {}

  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await this.page.locator('.monaco-workbench').waitFor({ timeout: 120_000 });
  }

  async screenshot(name: string): Promise<string> {
    mkdirSync(SHOTS, { recursive: true });
    const file = join(SHOTS, `${String(++this.shot).padStart(2, '0')}-${name}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }

  /**
   * Moves the keyboard focus out of a webview (its iframe keeps keys to itself until it has loaded and
   * forwards them) into the workbench, whose keybindings listen on the window.
   */
  async focusWorkbench(): Promise<void> {
    await this.page.evaluate(() => {
      const active = document.activeElement;
      if (active instanceof HTMLIFrameElement) active.blur();
    });
  }

  /** The quick input (palette, quick open, an input box) closed, if one is open. */
  async dismissQuickInput(): Promise<void> {
    const widget = this.page.locator('.quick-input-widget');
    for (let attempt = 0; attempt < 5 && (await widget.isVisible()); attempt++) {
      await this.focusWorkbench();
      await this.page.keyboard.press('Escape');
      await widget.waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => undefined);
    }
    if (await widget.isVisible()) throw new Error('the quick input stays open after Escape');
  }

  /**
   * Runs a command by its title from the command palette (F1). The palette is opened again if F1 did not
   * reach the workbench (the focus in a webview that is still loading, or a modal part taking keys).
   */
  async command(title: string): Promise<void> {
    const input = this.page.locator('.quick-input-widget .quick-input-box input');
    for (let attempt = 1; ; attempt++) {
      await this.dismissQuickInput();
      await this.focusWorkbench();
      await this.page.keyboard.press('F1');
      try {
        await input.waitFor({ state: 'visible', timeout: 10_000 });
        // the palette's own input, ready for a title (not an input box some command left open)
        await this.page.waitForFunction(
          () => {
            const active = document.activeElement;
            return active instanceof HTMLInputElement && !!active.closest('.quick-input-widget');
          },
          undefined,
          { timeout: 10_000 },
        );
        break;
      } catch (error) {
        if (attempt === 4) throw error;
      }
    }
    const rows = this.page.locator('.quick-input-list .monaco-list-row', { hasText: title });
    // the palette sometimes filters on what it held a moment before the text arrived (a fresh profile's
    // first search listed "Workspaces: …" rows without the title typed): type it again until it lists it
    for (let attempt = 1; ; attempt++) {
      await input.fill(`>${title}`);
      try {
        await rows.first().waitFor({ timeout: 10_000 });
        break;
      } catch (error) {
        if (attempt === 3) throw error;
        await input.fill('>');
      }
    }
    // the command of exactly that title if there is one ("Save All" is also in "Save All in Group")
    const exact = rows.filter({
      has: this.page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(title)}$`) }),
    });
    await ((await exact.count()) > 0 ? exact : rows).first().click();
  }

  /**
   * A known editor state before a step: no quick input or notification left open, every file saved,
   * every editor and panel closed (one empty editor group), the keyboard in the workbench.
   */
  async reset(): Promise<void> {
    await this.dismissQuickInput();
    await this.command('File: Save All Files');
    await this.command('View: Close All Editor Groups');
    await this.command('Notifications: Clear All Notifications');
    await this.page.waitForFunction(
      () =>
        document.querySelectorAll('.editor-group-container').length === 1 &&
        document.querySelectorAll('.editor-group-container .tab').length === 0 &&
        document.querySelectorAll('iframe.webview').length === 0,
      undefined,
      { timeout: 30_000 },
    );
    await this.focusWorkbench();
  }

  /** Opens a workspace file by its name, or its workspace-relative path (quick open). */
  async openFile(path: string): Promise<void> {
    const parts = path.split('/');
    const name = parts.pop()!;
    await this.command('Go to File');
    const input = this.page.locator('.quick-input-widget .quick-input-box input');
    await input.fill(path);
    // the row of that file (a name alone may match several files: its folder tells them apart)
    let row = this.page.locator('.quick-input-list .monaco-list-row', { hasText: name });
    if (parts.length) row = row.filter({ hasText: parts.join('/') });
    // quick open's file search may not list a file made just before the workspace opened until it is asked
    // again (a fresh clone's CI saw the row never come in 30 s; the rerun listed it at once): type it anew once
    try {
      await row.first().waitFor({ timeout: 15_000 });
    } catch {
      await input.fill('');
      await input.fill(path);
      await row.first().waitFor({ timeout: 30_000 });
    }
    await row.first().click();
    // (the file may be open in two editor groups: either one's tab will do)
    const group = this.page.locator('.editor-group-container.active');
    await group.locator(`.tab.active:has-text("${name}")`).waitFor({ timeout: 30_000 });
    // the keyboard in that file's editor (the active group's), not in whichever editor comes first
    await group.locator('.editor-container .monaco-editor .view-lines').first().click();
    await this.page.waitForFunction(
      () => !!document.activeElement?.closest('.editor-group-container.active .monaco-editor'),
      undefined,
      { timeout: 30_000 },
    );
  }

  async goToLine(line: number, column: number): Promise<void> {
    await this.command('Go to Line/Column');
    await this.page.locator('.quick-input-widget .quick-input-box input').fill(`:${line}:${column}`);
    await this.page.keyboard.press('Enter');
    await this.page
      .locator('.statusbar-item', { hasText: new RegExp(`Ln ${line}, Col ${column}(?!\\d)`) })
      .first()
      .waitFor({ timeout: 30_000 });
  }

  /**
   * Selects the whole text of the active editor (Ctrl+A in it, as a user does) and waits until the status
   * bar shows the selection: a task on "the selection" must not start on an empty one.
   */
  async selectAll(): Promise<void> {
    const editor = this.page
      .locator('.editor-group-container.active .editor-container .monaco-editor')
      .first();
    const selected = this.page.locator('.statusbar-item', { hasText: /\(\d+ selected\)/ }).first();
    for (let attempt = 1; ; attempt++) {
      const focused = await this.page.evaluate(
        () => !!document.activeElement?.closest('.editor-group-container.active .monaco-editor'),
      );
      if (!focused) await editor.locator('.view-lines').click();
      await this.page.keyboard.press('Control+A');
      try {
        await selected.waitFor({ timeout: 10_000 });
        return;
      } catch {
        if (attempt === 3) throw new Error('Select All left no selection in the active editor');
      }
    }
  }

  /** The text of the active editor's visible lines (non-breaking spaces as spaces). */
  async editorText(): Promise<string> {
    const lines = await this.page.locator('.editor-instance .monaco-editor .view-line').allInnerTexts();
    return lines.join('\n').replace(/\u00a0/g, ' ');
  }

  statusItem(text: string) {
    return this.page.locator('.statusbar-item', { hasText: text }).first();
  }

  /**
   * The webview panel whose page shows `text` (webviews are two iframes deep), named by its iframe's own
   * address: a position among the iframes would point at another panel once one closes.
   */
  async webview(text: string, ms = 120_000): Promise<FrameLocator> {
    const deadline = Date.now() + ms;
    for (;;) {
      const frames = this.page.locator('iframe.webview');
      const count = await frames.count();
      for (let i = count - 1; i >= 0; i--) {
        const src = await frames
          .nth(i)
          .getAttribute('src', { timeout: 5_000 })
          .catch(() => null);
        if (!src) continue;
        const frame = this.page
          .frameLocator(`iframe.webview[src=${JSON.stringify(src)}]`)
          .frameLocator('#active-frame');
        if ((await frame.locator('body', { hasText: text }).count()) > 0) return frame;
      }
      if (Date.now() > deadline) throw new Error(`no webview shows ${JSON.stringify(text)}`);
      await this.page.waitForTimeout(250);
    }
  }
}
