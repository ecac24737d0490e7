import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';
import { createServerApp } from '../../src/server/app.js';
import { listen, type RunningServer } from '../../src/server/serve.js';
import { DEFAULT_SETTINGS, type ServerSettings } from '../../src/server/settings.js';
import { webAssetsDir } from '../../src/server/web-assets.js';
import { openServerStore } from '../../src/store/record/open-server-store.js';
import type { ServerStore } from '../../src/store/record/server-store.js';
import { type FakeProviders, startFakeProviders } from './fake-providers/fake-providers.js';
import { tempProject } from './temp-project.js';

/**
 * The web UI's tests (`test/web/`): the real server on loopback over a temporary project, its model the
 * loopback fake providers (an OpenAI-compatible `openai:gpt-4o-mini`), its store a database of the
 * test's, and Debian's chromium driven by playwright-core (no browser is downloaded). One per test file,
 * started in `beforeAll` and stopped in `afterAll`; a file with several servers can give them one browser.
 */

export const CHROMIUM = '/usr/bin/chromium';

/**
 * Why the web UI cannot be tested here (no chromium, the UI not built), or undefined. Under CI a missing
 * browser fails the suite at once: a skipped browser test is never a pass there.
 */
export function webUiUnavailable(): string | undefined {
  const unavailable = !existsSync(CHROMIUM)
    ? `${CHROMIUM} is not installed (apt-get install chromium)`
    : !existsSync(join(webAssetsDir(), 'index.html'))
      ? 'the web UI is not built (npm run build)'
      : undefined;
  if (unavailable && process.env.CI === 'true') throw new Error(`the web UI test cannot run: ${unavailable}`);
  return unavailable;
}

export interface WebUi {
  /** the workspace the server serves */
  root: string;
  /** a temporary folder of the test's (the SQLite database, screenshots), removed by `stop` */
  data: string;
  fake: FakeProviders;
  store: ServerStore;
  server: RunningServer;
  browser: Browser;
  /** The server again on `port` (its own, when omitted), its store opened afresh from the same database. */
  restart(port?: number): Promise<void>;
  stop(): Promise<void>;
}

export interface WebUiOptions {
  /** the temporary folders' prefix, `vouch-web-…-` */
  prefix: string;
  /** the workspace's files */
  files: Record<string, string>;
  /** where the store is (a PostgreSQL URL); a SQLite database under `data` when omitted */
  location?: string;
  /** the server's settings over the defaults (`applyChanges` for Accept to write a change) */
  settings?: Partial<ServerSettings>;
  /**
   * a browser the test file launched (`launchChromium`) to share between several servers; it stays open
   * when the web UI stops. A browser of the web UI's own when omitted.
   */
  browser?: Browser;
}

/** Debian's chromium, headless, as the web UI's tests drive it. */
export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
}

export async function startWebUi(options: WebUiOptions): Promise<WebUi> {
  const made: string[] = [];
  const root = tempProject(options.prefix, options.files, made);
  const data = mkdtempSync(join(tmpdir(), `${options.prefix}db-`));
  made.push(data);
  const location = options.location ?? join(data, 'server.db');
  const fake = await startFakeProviders();
  const ui = { root, data, fake } as WebUi;
  const start = async (port: number) => {
    ui.store = await openServerStore(location);
    const app = createServerApp({
      store: ui.store,
      workspaceRoot: root,
      config: {},
      settings: { ...DEFAULT_SETTINGS, ...options.settings },
      env: {
        VOUCH_MODEL: 'openai:gpt-4o-mini',
        OPENAI_BASE_URL: fake.openAiUrl,
        PATH: process.env.PATH ?? '',
      },
    });
    ui.server = await listen(app, { port, host: '127.0.0.1' });
  };
  ui.restart = async (port = ui.server.port) => {
    await ui.server.close();
    await ui.store.close();
    await start(port);
  };
  ui.stop = async () => {
    if (!options.browser) await ui.browser?.close();
    await ui.server?.close();
    await ui.store?.close();
    await fake.close();
    for (const path of made) rmSync(path, { recursive: true, force: true });
  };
  // the browser starts while the server does; when either fails, what did start is stopped
  const [browser, server] = await Promise.allSettled([options.browser ?? launchChromium(), start(0)]);
  if (browser.status === 'fulfilled') ui.browser = browser.value;
  if (browser.status === 'rejected' || server.status === 'rejected') {
    await ui.stop();
    throw browser.status === 'rejected' ? browser.reason : (server as PromiseRejectedResult).reason;
  }
  return ui;
}

/** Stops what `startWebUi` started, if it started (a `beforeAll` that failed leaves it undefined). */
export async function stopWebUi(ui: WebUi | undefined): Promise<void> {
  await ui?.stop();
}

/** Signs in on the server's page with `secret` as the API token. */
export async function signIn(page: Page, url: string, secret: string): Promise<void> {
  await page.goto(url);
  await page.getByLabel('API token').fill(secret);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Photographs the whole page as `<dir>/<name>.png`; a blank or failed capture is no photograph. */
export async function screenshot(page: Page, dir: string, name: string): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  expect(statSync(path).size, `${name}.png`).toBeGreaterThan(5_000);
}
