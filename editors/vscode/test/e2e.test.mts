import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, FrameLocator } from 'playwright-core';
import { openServerStore } from '../../../src/store/record/open-server-store.js';
import {
  type FakeProviders,
  startFakeProviders,
} from '../../../test/support/fake-providers/fake-providers.js';
import { type CodeServer, installExtension, startCodeServer } from './code-server.mjs';
import { launchBrowser, Workbench } from './workbench.mjs';

/**
 * The extension in a real VS Code (code-server 4.139, VS Code 1.139) in Debian's chromium: the .vsix
 * installed as a user installs it, the user's `vouch` on PATH (this checkout's CLI, as `npm link` puts
 * it), the model a loopback server speaking OpenAI's protocol. Each step is photographed into
 * test-results/.
 */

const ROOT = join(import.meta.dirname, '..', '..', '..');
const VSIX = join(import.meta.dirname, '..', 'vouch-vscode.vsix');
const STATS = 'import numpy as np\n\n\ndef spread(values):\n    return np.arrange(len(values))\n';
const SPREAD = 'import numpy as np\n\n\ndef deviation(values):\n    \n';
const SHAPES = 'def area(width, height):\n    return width * height\n';
const COMPLETION = 'return np.std(values)';
const CALC = 'def mean(values):\n    return sum(values) / len(values)\n';
const CALC_TEST = 'from calc import mean\n\n\ndef test_mean_of_nothing():\n    assert mean([]) == 0\n';
const CALC_FIX = [
  '`mean([])` divides by `len([])`, which is 0 [calc.py:2].',
  '```diff',
  '--- a/calc.py',
  '+++ b/calc.py',
  '@@ -1,2 +1,2 @@',
  ' def mean(values):',
  '-    return sum(values) / len(values)',
  '+    return sum(values) / len(values) if values else 0',
  '```',
].join('\n');
const LABELS =
  'def describe(count):\n    if count == 0:\n        return "none"\n    else:\n        return str(count)\n';
const DESCRIBE = 'def describe(count):\n    return "none" if count == 0 else str(count)\n';
const SUITE = 'from shapes import area\n\n\ndef test_area():\n    assert area(2, 3) == 6\n';
const VOLUME = 'def volume(width, height, depth):\n    return width * height * depth\n';
const CIRCLE = 'import math\n\n\ndef circumference(radius):\n    return 2 * math.pi * radius\n';
const VOLUME_TEST =
  'from shapes import volume\n\n\ndef test_volume_of_a_cube():\n    assert volume(2, 2, 2) == 8\n';
const REVIEW = `\`\`\`json
[{"file": "labels.py", "line": 2, "severity": "low", "kind": "style", "title": "a conditional expression reads well here",
  "comment": "The one-line conditional keeps describe short.", "suggestion": null, "pattern": null}]
\`\`\``;

let home: string;
let project: string;
let untrusted: string;
let starts: string;
let fake: FakeProviders;
let server: CodeServer;
let browser: Browser;
let bench: Workbench;

/** A report panel's verdict (the web UI's verification report, in the panel). */
const verdictOf = (panel: FrameLocator) => panel.locator('.report .verdict');
/** Whether the report says verified: the web UI's words for a pass ("verified: every check that ran passed"). */
const VERIFIED = /^verified: every check that ran passed/;
/** The web UI's reason beside "Accept anyway". */
const NOT_VERIFIED = /^This code (failed verification|was not verified)/;

/** The pids `vouch` was started with, one a line (the wrapper on PATH writes them). */
const started = () => (existsSync(starts) ? readFileSync(starts, 'utf8').split('\n').filter(Boolean) : []);

async function until<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  ms = 120_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`waited for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

before(async () => {
  assert.ok(existsSync(VSIX), `${VSIX} is missing: npm run package`);
  assert.ok(existsSync(join(ROOT, 'dist', 'cli')), 'the root is not built: npm run build at the root');
  home = mkdtempSync(join(tmpdir(), 'vouch-vscode-e2e-'));
  project = join(home, 'project');
  untrusted = join(home, 'untrusted');
  starts = join(home, 'vouch-starts.txt');
  mkdirSync(join(project, '.git'), { recursive: true });
  writeFileSync(join(project, 'requirements.txt'), 'numpy\n');
  writeFileSync(join(project, 'stats.py'), STATS);
  writeFileSync(join(project, 'spread.py'), SPREAD);
  writeFileSync(join(project, 'shapes.py'), SHAPES);
  writeFileSync(join(project, 'calc.py'), CALC);
  writeFileSync(join(project, 'test_calc.py'), CALC_TEST);
  writeFileSync(join(project, 'labels.py'), LABELS);
  // a failure whose output names no file and line
  writeFileSync(join(project, 'fail.py'), 'print("something went wrong")\nraise SystemExit(3)\n');
  writeFileSync(join(project, '.gitignore'), '.venv/\n.vouch/\n');
  spawnSync('/usr/bin/python3', ['-m', 'venv', '--system-site-packages', join(project, '.venv')]);
  // a repository with a commit, so that review has a working tree's diff to read
  rmSync(join(project, '.git'), { recursive: true, force: true });
  const git = (...args: string[]) =>
    spawnSync('git', ['-c', 'user.name=e2e', '-c', 'user.email=e2e@example.com', ...args], { cwd: project });
  git('init', '-q');
  git('add', '-A');
  git('commit', '-qm', 'the fixture');
  mkdirSync(join(untrusted, '.git'), { recursive: true });
  writeFileSync(join(untrusted, 'stats.py'), STATS);

  // `vouch` on PATH: this checkout's CLI with the Node it was built for, noting each start
  const bin = join(home, 'bin');
  mkdirSync(bin);
  writeFileSync(
    join(bin, 'vouch'),
    `#!/bin/sh\necho "$$" >> '${starts}'\nexec '${process.execPath}' '${join(ROOT, 'bin', 'vouch.js')}' "$@"\n`,
    { mode: 0o755 },
  );

  fake = await startFakeProviders();
  modelDefaults();

  const env = {
    PATH: `${bin}:/usr/local/bin:/usr/bin:/bin`,
    HOME: join(home, 'home'),
    NO_COLOR: '1',
    OPENAI_BASE_URL: fake.openAiUrl,
    VOUCH_MODEL: 'openai:qwen2.5-coder-1.5b',
    OLLAMA_HOST: 'http://127.0.0.1:9',
  };
  mkdirSync(env.HOME);
  // the store the language server makes is recorded in its user's state dir (this HOME's .local/state: the
  // server gives vouch no XDG_STATE_HOME); this process opens that store as the same user (w181's records)
  process.env.XDG_STATE_HOME = join(env.HOME, '.local', 'state');
  // VS Code's server gives extensions the environment of the user's login shell: a user puts vouch on
  // PATH in their profile (or sets vouch.path)
  writeFileSync(join(env.HOME, '.profile'), `PATH="${bin}:$PATH"\n`);
  const settings = {
    'workbench.startupEditor': 'none',
    'security.workspace.trust.enabled': true,
    'telemetry.telemetryLevel': 'off',
    'extensions.autoUpdate': false,
    'extensions.autoCheckUpdates': false,
    'update.mode': 'none',
    'workbench.enableExperiments': false,
    'workbench.tips.enabled': false,
    'chat.disableAIFeatures': true,
    'git.enabled': false,
    'files.autoSave': 'afterDelay',
    'editor.inlineSuggest.enabled': true,
    'workbench.welcomePage.walkthroughs.openOnInstall': false,
  };
  const options = { home: join(home, 'code-server'), vsix: VSIX, env, settings };
  installExtension(options);
  server = await startCodeServer(options);
  browser = await launchBrowser();
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  bench = new Workbench(page);
});

after(async () => {
  await browser?.close();
  await server?.stop();
  await fake?.close();
  if (home && !process.env.VOUCH_E2E_KEEP) rmSync(home, { recursive: true, force: true });
});

/** The model's answers when a step scripts none; nothing a step scripted is left for the next one. */
function modelDefaults(): void {
  fake.reset();
  fake.handle('/v1/completions', () => ({ text: `${COMPLETION}\n\n\ndef other():\n    pass\n` }));
  fake.handle('/v1/chat/completions', () => ({ text: 'Nothing more to say.' }));
}

/**
 * A step: it starts from a known state (the model's scripts of an earlier step gone; no editor, panel,
 * quick input or notification left open; the keyboard in the workbench), and its failure is photographed.
 */
function step(name: string, run: () => Promise<void>): void {
  it(name, async () => {
    try {
      modelDefaults();
      if (bench.page.url().startsWith(server.url)) await bench.reset();
      await run();
    } catch (error) {
      await bench?.screenshot('FAILED').catch(() => undefined);
      throw error;
    }
  });
}

describe('vouch in VS Code (code-server)', () => {
  step('starts nothing in an untrusted workspace and says so in the status bar', async () => {
    await bench.open(`${server.url}/?folder=${encodeURIComponent(untrusted)}`);
    // code-server opens a folder it has not been told to trust in Restricted Mode
    await bench.page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).first().waitFor();
    await bench.openFile('stats.py');
    await bench.statusItem('vouch: Restricted Mode').waitFor({ timeout: 60_000 });
    await bench.screenshot('untrusted-restricted-mode');
    assert.deepEqual(started(), [], 'vouch was started in an untrusted workspace');
  });

  step('shows the gate’s diagnostic and applies its quick fix', async () => {
    await bench.open(`${server.url}/?folder=${encodeURIComponent(project)}`);
    await bench.openFile('stats.py');
    await bench.statusItem('vouch: Restricted Mode').waitFor({ timeout: 60_000 });
    // the user trusts the folder: vouch starts then, without a reload
    await bench.command('Workspaces: Manage Workspace Trust');
    const trust = bench.page.getByRole('button', { name: /^Trust$/ }).first();
    await trust.waitFor({ timeout: 60_000 });
    await bench.screenshot('trust-editor');
    await trust.click();
    // VS Code 1.139 shows the trust editor as a modal editor
    await bench.page.locator('.action-label.codicon-close[aria-label^="Close Modal Editor"]').click();
    await bench.openFile('stats.py');
    await bench.page.locator('.squiggly-error').first().waitFor({ timeout: 180_000 });
    assert.equal(started().length, 1);
    await bench.statusItem('openai:qwen2.5-coder-1.5b').waitFor({ timeout: 60_000 });
    await bench.command('Go to Next Problem (Error, Warning, Info)');
    const peek = bench.page.locator('.marker-widget');
    await peek.waitFor();
    assert.match(await peek.innerText(), /numpy [\d.]+ has no `arrange`; did you mean `arange`/);
    await bench.screenshot('diagnostic');
    await bench.page.keyboard.press('Escape');
    await bench.command('Quick Fix...');
    const fix = bench.page.locator('.action-widget .monaco-list-row', { hasText: '`arange`' }).first();
    await fix.waitFor({ timeout: 60_000 });
    await bench.screenshot('quick-fix-menu');
    await fix.click();
    await until(
      'the fix on disk',
      () => readFileSync(join(project, 'stats.py'), 'utf8').includes('np.arange(len(values))') || undefined,
    );
    await until(
      'the diagnostic to go',
      async () => (await bench.page.locator('.squiggly-error').count()) === 0,
    );
    await bench.screenshot('quick-fix-applied');
  });

  step('shows a verified inline completion, accepts it, and vouch records it accepted', async () => {
    await bench.openFile('spread.py');
    await bench.goToLine(5, 5);
    await bench.command('Trigger Inline Suggestion');
    const ghost = bench.page.locator('.ghost-text-decoration, .ghost-text').first();
    await ghost.waitFor({ timeout: 120_000 });
    assert.match(await bench.editorText(), /np\.std\(values\)/);
    await bench.screenshot('inline-completion-shown');
    await bench.page.keyboard.press('Tab');
    await until(
      'the completion in the file',
      () => readFileSync(join(project, 'spread.py'), 'utf8').includes(`    ${COMPLETION}`) || undefined,
    );
    await bench.statusItem('verified').waitFor({ timeout: 60_000 });
    await bench.screenshot('inline-completion-accepted');
    const accepted = await until('the accepted suggestion in the store', async () => {
      if (!existsSync(join(project, '.vouch', 'server.db'))) return undefined;
      const store = await openServerStore(join(project, '.vouch', 'server.db'));
      try {
        const complete = (await store.stats()).byTask.find((bucket) => bucket.key === 'complete');
        return complete && complete.accepted >= 1 ? complete : undefined;
      } finally {
        await store.close();
      }
    });
    assert.ok(accepted.shown >= 1);
  });

  step('explains the selection in a report panel with its verification', async () => {
    fake.script('/v1/chat/completions', {
      text: '`area` multiplies the width by the height [shapes.py:1].',
    });
    await bench.openFile('shapes.py');
    await bench.selectAll();
    await bench.command('vouch: Explain the selection');
    const panel = await bench.webview('multiplies the width by the height');
    await verdictOf(panel).waitFor();
    // the report replaced the page's placeholder: one title, no "Loading the report…" left below it
    assert.equal(await panel.locator('h2', { hasText: 'vouch: Explain' }).count(), 1);
    assert.equal(await panel.locator('body', { hasText: 'Loading the report' }).count(), 0);
    await bench.screenshot('explain-report');
    await panel.locator('button.cite', { hasText: 'shapes.py:1' }).first().click();
    await bench.page.locator('.tab.active:has-text("shapes.py")').waitFor();
  });

  step('generates code as a diff preview, accepted from its report panel', async () => {
    fake.script('/v1/chat/completions', {
      text: '```python\ndef perimeter(width, height):\n    return 2 * (width + height)\n```',
    });
    await bench.openFile('shapes.py');
    await bench.goToLine(3, 1);
    await bench.command('vouch: Generate code…');
    const input = bench.page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor();
    await input.fill('the perimeter of a rectangle');
    await bench.page.keyboard.press('Enter');
    const panel = await bench.webview('vouch: Generate');
    await bench.page.locator('.tab:has-text("vouch\'s proposal")').waitFor({ timeout: 60_000 });
    await bench.page.locator('.tab.active:has-text("vouch: Generate")').waitFor();
    await bench.screenshot('generate-diff-and-report');
    const verdict = await verdictOf(panel).innerText();
    if (VERIFIED.test(verdict)) await panel.locator('#accept').click();
    else {
      assert.match(await panel.locator('#why-not').innerText(), NOT_VERIFIED);
      await panel.locator('#accept-anyway').click();
    }
    await until(
      'the generated code in the file',
      () =>
        readFileSync(join(project, 'shapes.py'), 'utf8').includes('return 2 * (width + height)') || undefined,
    );
    await bench.screenshot('generate-accepted');
  });

  step('chats, with a citation that opens the file at its line', async () => {
    fake.script('/v1/chat/completions', { text: 'The area is computed in `area` [shapes.py:2].' });
    await bench.command('vouch: Open chat');
    const chat = await bench.webview('vouch chat');
    await chat.locator('#message').fill('where is the area computed?');
    await chat.locator('#message').press('Enter');
    // the web UI's answer component: the reply as Markdown, its `path:line` a button that opens the file
    const citation = chat.locator('.answer button.cite', { hasText: 'shapes.py:2' }).first();
    await citation.waitFor({ timeout: 120_000 });
    assert.match(await chat.locator('.turn .question').first().innerText(), /where is the area computed\?/);
    await bench.screenshot('chat-with-citation');
    await citation.click();
    await bench.page.locator('.tab.active:has-text("shapes.py")').waitFor();
    await bench.screenshot('chat-citation-opened');
    // code in an answer is verified as generate's is: the web UI's code block, with its report under it
    fake.script('/v1/chat/completions', {
      text: 'Like this:\n\n```python\ndef perimeter(width, height):\n    return 2 * (width + height)\n```\n',
    });
    await bench.command('vouch: Open chat');
    const again = await bench.webview('vouch chat');
    await again.locator('#message').fill('how would I compute the perimeter?');
    await again.locator('#message').press('Enter');
    const second = again.locator('.turn').nth(1);
    await second.locator('.code-block .report .verdict').waitFor({ timeout: 120_000 });
    assert.match(await second.locator('.code-block pre.code').first().innerText(), /def perimeter/);
    // the first exchange is still there: the history is kept in the panel
    assert.match(await again.locator('.turn').first().innerText(), /where is the area computed\?/);
    await bench.screenshot('chat-code-verified');
  });

  step('debug: a failure whose output names no file gets a clear message at once', async () => {
    await bench.openFile('shapes.py');
    const asked = Date.now();
    await bench.command('vouch: Debug the failing test at the cursor');
    const input = bench.page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor();
    await input.fill('python3 fail.py');
    await bench.page.keyboard.press('Enter');
    const toast = bench.page.locator('.notifications-toasts', { hasText: 'names no file and line' });
    await toast.waitFor({ timeout: 60_000 });
    assert.ok(Date.now() - asked < 60_000);
    assert.match(await toast.innerText(), /something went wrong|exit/);
    // one message, with what to do: not a second "command resulted in an error" on top
    assert.equal(
      await bench.page.locator('.notifications-toasts', { hasText: 'resulted in an error' }).count(),
      0,
    );
    await bench.screenshot('debug-names-no-file');
    await bench.command('Notifications: Clear All Notifications');
  });

  step('debug: the failing test at the cursor, fixed and proven in its report panel', async () => {
    fake.script('/v1/chat/completions', { text: CALC_FIX });
    await bench.openFile('test_calc.py');
    await bench.goToLine(5, 5);
    await bench.command('vouch: Debug the failing test at the cursor');
    const input = bench.page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor();
    // the test at the cursor, proposed as the command to run
    await until(
      'the proposed command',
      async () =>
        (await input.inputValue()) === 'python3 -m pytest -x test_calc.py::test_mean_of_nothing' || undefined,
    );
    await bench.page.keyboard.press('Enter');
    const panel = await bench.webview('vouch: Debug');
    await verdictOf(panel).waitFor();
    assert.match(await panel.locator('body').innerText(), /if values else 0/);
    assert.match(await verdictOf(panel).innerText(), VERIFIED);
    // the web UI's report: the confidence, and every check that ran with its status
    assert.match(await panel.locator('.report .confidence').innerText(), /^confidence: (low|medium|high)$/);
    const checks = await panel.locator('.report .checks > .check').allInnerTexts();
    assert.ok(checks.length >= 2, `the report lists the checks: ${JSON.stringify(checks)}`);
    assert.ok(
      checks.every((check) => /^(pass|skip)\b/.test(check)),
      `no check failed: ${JSON.stringify(checks)}`,
    );
    await bench.screenshot('debug-report');
    // debug proposes; it never writes the user's file: Accept does, through vouch lsp
    assert.equal(readFileSync(join(project, 'calc.py'), 'utf8'), CALC);
    await panel.locator('#accept').click();
    await until(
      'the fix on disk',
      () => readFileSync(join(project, 'calc.py'), 'utf8').includes('if values else 0') || undefined,
    );
    await bench.page.locator('.tab.active:has-text("calc.py")').first().waitFor({ timeout: 30_000 });
    await bench.screenshot('debug-accepted');
  });

  step(
    'generates tests for the selection, accepted into a new file through the language server',
    async () => {
      fake.script('/v1/chat/completions', { text: `\`\`\`python\n${SUITE}\`\`\`` });
      await bench.openFile('shapes.py');
      await bench.goToLine(1, 5);
      await bench.command('vouch: Generate tests for the selection');
      const panel = await bench.webview('vouch: Tests');
      await verdictOf(panel).waitFor();
      await bench.screenshot('tests-report');
      const verdict = await verdictOf(panel).innerText();
      if (VERIFIED.test(verdict)) await panel.locator('#accept').click();
      else {
        assert.match(await panel.locator('#why-not').innerText(), NOT_VERIFIED);
        await panel.locator('#accept-anyway').click();
      }
      await until(
        'the suite on disk',
        () =>
          (existsSync(join(project, 'test_shapes.py')) &&
            readFileSync(join(project, 'test_shapes.py'), 'utf8') === SUITE) ||
          undefined,
      );
      await bench.page.locator('.tab.active:has-text("test_shapes.py")').waitFor({ timeout: 30_000 });
      await bench.screenshot('tests-accepted');
    },
  );

  step('refactors the selection with its proof, accepted through the language server', async () => {
    fake.script('/v1/chat/completions', { text: `\`\`\`python\n${DESCRIBE}\`\`\`` });
    await bench.openFile('labels.py');
    await bench.selectAll();
    await bench.command('vouch: Refactor the selection');
    const input = bench.page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor();
    await input.fill('one conditional expression');
    await bench.page.keyboard.press('Enter');
    const panel = await bench.webview('vouch: Refactor');
    await verdictOf(panel).waitFor();
    await bench.screenshot('refactor-report');
    assert.match(await verdictOf(panel).innerText(), VERIFIED);
    await panel.locator('#accept').click();
    await until(
      'the refactor on disk',
      () => readFileSync(join(project, 'labels.py'), 'utf8') === DESCRIBE || undefined,
    );
    await bench.screenshot('refactor-accepted');
  });

  step('refuses to apply a refactor whose file changed since', async () => {
    fake.script('/v1/chat/completions', { text: `\`\`\`python\n${LABELS}\`\`\`` });
    await bench.openFile('labels.py');
    await bench.selectAll();
    await bench.command('vouch: Refactor the selection');
    const input = bench.page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor();
    await input.fill('back to the if statement');
    await bench.page.keyboard.press('Enter');
    const panel = await bench.webview('vouch: Refactor');
    await verdictOf(panel).waitFor();
    // the user changes the file on disk (another tool) before accepting
    writeFileSync(join(project, 'labels.py'), `${DESCRIBE}\n# edited elsewhere\n`);
    await until(
      'VS Code to see the change',
      async () => /edited elsewhere/.test(await bench.editorText()) || undefined,
    );
    await panel.locator('#accept, #accept-anyway').first().click();
    await bench.page
      .locator('.notifications-toasts', { hasText: 'changed since vouch read it' })
      .waitFor({ timeout: 60_000 });
    await bench.screenshot('refactor-refused');
    assert.equal(readFileSync(join(project, 'labels.py'), 'utf8'), `${DESCRIBE}\n# edited elsewhere\n`);
    await bench.command('Notifications: Clear All Notifications');
  });

  step("reviews the working tree's diff in a report panel", async () => {
    fake.script('/v1/chat/completions', { text: REVIEW });
    await bench.openFile('labels.py');
    await bench.command("vouch: Review the working tree's diff");
    const panel = await bench.webview('vouch: Review');
    await verdictOf(panel).waitFor();
    const comment = panel.locator('.review-comments li', {
      hasText: 'a conditional expression reads well here',
    });
    await comment.waitFor();
    await bench.screenshot('review-report');
    // the comment's place opens the file at its line
    await comment.locator('button.cite', { hasText: 'labels.py:2' }).click();
    await bench.page.locator('.tab.active:has-text("labels.py")').first().waitFor();
    await bench.statusItem('Ln 2, Col 1').waitFor({ timeout: 30_000 });
  });

  step('asks about the codebase, with a citation that opens the file', async () => {
    fake.script('/v1/chat/completions', { text: 'The area is computed by `area` [shapes.py:1].' });
    await bench.command('vouch: Ask about the codebase…');
    const input = bench.page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor();
    await input.fill('where is the area computed?');
    await bench.page.keyboard.press('Enter');
    const panel = await bench.webview('vouch: Ask');
    await verdictOf(panel).waitFor();
    const citation = panel.locator('button.cite', { hasText: 'shapes.py:1' }).first();
    await citation.waitFor({ timeout: 60_000 });
    await bench.screenshot('ask-report');
    await citation.click();
    await bench.page.locator('.tab.active:has-text("shapes.py")').waitFor();
  });

  step('restarts vouch lsp with a message when it dies', async () => {
    const [pid] = started().slice(-1);
    process.kill(Number(pid), 'SIGKILL');
    await bench.page.locator('.notifications-toasts', { hasText: 'vouch lsp stopped unexpectedly' }).waitFor({
      timeout: 60_000,
    });
    await until('a second vouch lsp', () => started().length >= 2 || undefined);
    await bench.statusItem('openai:qwen2.5-coder-1.5b').waitFor({ timeout: 60_000 });
    await bench.screenshot('restarted');
  });

  step(
    "a multi-root workspace: the second folder's file is explained, debugged and asked about in its folder",
    async () => {
      // a second project beside the first, with a shapes.py of its own: a citation of it must open this one
      const second = join(home, 'second');
      mkdirSync(join(second, '.git'), { recursive: true });
      writeFileSync(join(second, 'shapes.py'), VOLUME);
      writeFileSync(join(second, 'circle.py'), CIRCLE);
      writeFileSync(join(second, 'test_volume.py'), VOLUME_TEST);
      const workspace = join(home, 'two.code-workspace');
      writeFileSync(workspace, JSON.stringify({ folders: [{ path: project }, { path: second }] }));
      await bench.open(`${server.url}/?workspace=${encodeURIComponent(workspace)}`);
      await bench.openFile('test_volume.py');
      // the second folder is new to VS Code: the workspace is trusted as a whole, then vouch starts
      await bench.statusItem('vouch: Restricted Mode').waitFor({ timeout: 60_000 });
      await bench.command('Workspaces: Manage Workspace Trust');
      const trust = bench.page.getByRole('button', { name: /^Trust$/ }).first();
      await trust.waitFor({ timeout: 60_000 });
      await trust.click();
      await bench.page.locator('.action-label.codicon-close[aria-label^="Close Modal Editor"]').click();
      await bench.statusItem('openai:qwen2.5-coder-1.5b').waitFor({ timeout: 120_000 });
      await bench.screenshot('multi-root-trusted');

      // explain in the second folder: its citation of shapes.py opens the second folder's, not the first's
      fake.script('/v1/chat/completions', { text: 'The test checks `volume` [shapes.py:1].' });
      await bench.openFile('test_volume.py');
      await bench.selectAll();
      await bench.command('vouch: Explain the selection');
      const panel = await bench.webview('The test checks');
      await verdictOf(panel).waitFor();
      await panel.locator('button.cite', { hasText: 'shapes.py:1' }).first().click();
      await bench.page.locator('.tab.active:has-text("shapes.py")').waitFor();
      await until(
        'the second folder’s shapes.py',
        async () => /def volume/.test(await bench.editorText()) || undefined,
      );
      await bench.screenshot('multi-root-citation');

      // debug: the test at the cursor, relative to its own folder (where the command runs)
      await bench.reset();
      await bench.openFile('test_volume.py');
      await bench.goToLine(5, 5);
      await bench.command('vouch: Debug the failing test at the cursor');
      const input = bench.page.locator('.quick-input-widget .quick-input-box input');
      await input.waitFor();
      await until(
        'the proposed command',
        async () =>
          (await input.inputValue()) === 'python3 -m pytest -x test_volume.py::test_volume_of_a_cube' ||
          undefined,
      );
      await bench.dismissQuickInput();

      // ask, with the second folder's file open: asked there, its citation of circle.py (the second
      // folder's alone) stands and opens
      fake.script('/v1/chat/completions', { text: 'The circumference is in `circumference` [circle.py:4].' });
      await bench.command('vouch: Ask about the codebase…');
      await input.waitFor();
      await input.fill('where is the circumference computed?');
      await bench.page.keyboard.press('Enter');
      const ask = await bench.webview('vouch: Ask');
      await verdictOf(ask).waitFor();
      const citation = ask.locator('button.cite', { hasText: 'circle.py:4' }).first();
      await citation.waitFor({ timeout: 60_000 });
      await citation.click();
      await bench.page.locator('.tab.active:has-text("circle.py")').waitFor();
      await bench.screenshot('multi-root-ask');
    },
  );
});
