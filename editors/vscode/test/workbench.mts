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

  /** Runs a command by its title from the command palette (F1). */
  async command(title: string): Promise<void> {
    await this.page.keyboard.press('F1');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill(`>${title}`);
    const row = this.page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
    await row.waitFor({ timeout: 30_000 });
    await row.click();
  }

  /** Opens a workspace file by its name, or its workspace-relative path (quick open). */
  async openFile(path: string): Promise<void> {
    const parts = path.split('/');
    const name = parts.pop()!;
    await this.command('Go to File');
    const input = this.page.locator('.quick-input-widget input');
    await input.fill(path);
    // the row of that file (a name alone may match several files: its folder tells them apart)
    let row = this.page.locator('.quick-input-list .monaco-list-row', { hasText: name });
    if (parts.length) row = row.filter({ hasText: parts.join('/') });
    await row.first().waitFor({ timeout: 30_000 });
    await row.first().click();
    // (the file may be open in two editor groups: either one's tab will do)
    await this.page.locator(`.tab.active:has-text("${name}")`).first().waitFor({ timeout: 30_000 });
    await this.page.locator('.monaco-editor .view-lines').first().click();
  }

  async goToLine(line: number, column: number): Promise<void> {
    await this.command('Go to Line/Column');
    await this.page.locator('.quick-input-widget input').fill(`:${line}:${column}`);
    await this.page.keyboard.press('Enter');
  }

  /** The text of the active editor's visible lines (non-breaking spaces as spaces). */
  async editorText(): Promise<string> {
    const lines = await this.page.locator('.editor-instance .monaco-editor .view-line').allInnerTexts();
    return lines.join('\n').replace(/\u00a0/g, ' ');
  }

  statusItem(text: string) {
    return this.page.locator('.statusbar-item', { hasText: text }).first();
  }

  /** The webview panel whose page shows `text` (webviews are two iframes deep). */
  async webview(text: string): Promise<FrameLocator> {
    const deadline = Date.now() + 120_000;
    for (;;) {
      const frames = this.page.locator('iframe.webview');
      const count = await frames.count();
      for (let i = count - 1; i >= 0; i--) {
        const frame = this.page.frameLocator('iframe.webview').nth(i).frameLocator('#active-frame');
        if ((await frame.locator('body', { hasText: text }).count()) > 0) return frame;
      }
      if (Date.now() > deadline) throw new Error(`no webview shows ${JSON.stringify(text)}`);
      await this.page.waitForTimeout(250);
    }
  }
}
