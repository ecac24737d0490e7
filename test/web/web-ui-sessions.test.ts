import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cannotStartPostgres, startPostgres, type TestPostgres } from '../support/postgres.js';
import { launchChromium, startWebUi, stopWebUi, type WebUi, webUiUnavailable } from '../support/web-ui.js';

/**
 * Chat sessions kept on the server and the dashboard's security and eval charts, in Debian's chromium,
 * on each store a server runs on: a conversation started in one browser is resumed in another, survives
 * a restart of the server, and is nobody else's.
 */

const browserUnavailable = webUiUnavailable();
const postgresUnavailable = cannotStartPostgres();
if (postgresUnavailable && process.env.CI === 'true')
  throw new Error(`PostgreSQL tests cannot run: ${postgresUnavailable}`);

const answer = (name: string) => [
  `The check is in src/auth.py:2-3. Here is ${name}:\n\n`,
  `\`\`\`python\ndef ${name}(a: str, b: str) -> bool:\n    return a == b\n\`\`\`\n`,
];

const backends = [
  { name: 'sqlite', unavailable: browserUnavailable },
  { name: 'postgres', unavailable: browserUnavailable ?? postgresUnavailable },
] as const;

// one browser for both stores' servers (a launch is ≈ 1.7 s of CPU): every page the tests open is in a
// browser context of its own, as another browser's would be
let browser: Browser | undefined;
beforeAll(async () => {
  if (!browserUnavailable) browser = await launchChromium();
});
afterAll(() => browser?.close());

for (const backend of backends) {
  describe.skipIf(backend.unavailable !== undefined)(
    `web chat sessions and dashboard on ${backend.name}${backend.unavailable ? ` (skipped: ${backend.unavailable})` : ''}`,
    () => {
      let postgres: TestPostgres | undefined;
      let ui: WebUi;
      const tokens = { ada: '', bob: '' };

      beforeAll(async () => {
        if (backend.name === 'postgres') postgres = await startPostgres();
        ui = await startWebUi({
          prefix: 'vouch-web-sessions-',
          files: {
            'src/auth.py':
              'import hmac\ndef check(token, stored):\n    return hmac.compare_digest(token, stored)\n',
          },
          location: await postgres?.createDatabase(),
          browser,
        });
        const ada = await ui.store.createUser({ name: 'ada' });
        const bob = await ui.store.createUser({ name: 'bob' });
        tokens.ada = (
          await ui.store.createToken({ userId: ada.id, name: 'web', scopes: ['tasks', 'telemetry'] })
        ).token;
        tokens.bob = (
          await ui.store.createToken({ userId: bob.id, name: 'web', scopes: ['tasks', 'telemetry'] })
        ).token;
      }, 120_000);

      afterAll(async () => {
        await stopWebUi(ui);
        await postgres?.stop();
      });

      /** A page in a browser context of its own: its own storage, as another browser would have. */
      async function signedIn(token: string): Promise<Page> {
        const context = await ui.browser.newContext();
        const page = await context.newPage();
        await page.goto(ui.server.url);
        await page.getByLabel('API token').fill(token);
        await page.getByRole('button', { name: 'Sign in' }).click();
        await page.getByLabel('Ask about the codebase').waitFor();
        return page;
      }

      async function ask(page: Page, question: string, name: string): Promise<void> {
        ui.fake.script('/v1/chat/completions', { deltas: answer(name) });
        const before = await page.locator('.report').count();
        await page.getByLabel('Ask about the codebase').fill(question);
        await page.getByRole('button', { name: 'Ask' }).click();
        // the answer's report, however long a busy machine takes to verify its code (the test's limit is
        // the bound): a 45 s poll failed both stores' tests at a load of 28
        await page.locator('.report').nth(before).waitFor({ timeout: 0 });
        expect(await page.locator('.report').count()).toBe(before + 1);
      }

      const conversations = (page: Page) => page.getByRole('navigation', { name: 'Conversations' });

      it('resumes a conversation in another browser and after a restart, and shows it to nobody else', async () => {
        const first = await signedIn(tokens.ada);
        await ask(first, 'Where are tokens compared?', 'same_token');
        await first.getByRole('button', { name: 'Accept' }).click();
        await expect.poll(() => first.getByText('Acceptance recorded.').count()).toBe(1);
        await conversations(first)
          .getByRole('button', { name: 'Where are tokens compared?', exact: true })
          .waitFor();
        expect(await first.evaluate(() => JSON.stringify(localStorage))).not.toContain('same_token');

        // another browser: the conversation is there, resumed with its report, and goes on
        const second = await signedIn(tokens.ada);
        await second.getByRole('heading', { name: 'Where are tokens compared?' }).waitFor();
        await second.getByRole('region', { name: 'Verification report' }).waitFor();
        expect(await second.locator('pre.code code').first().textContent()).toContain('def same_token');
        // the acceptance made in the first browser is known here: not offered again
        expect(await second.getByRole('button', { name: 'Accept' }).isDisabled()).toBe(true);
        expect(await second.getByText('You accepted this suggestion.').count()).toBe(1);
        await ask(second, 'And a constant-time version?', 'constant_time');

        // the server restarts on the same port with the same database
        await ui.restart();

        await first.reload();
        await first.getByRole('heading', { name: 'Where are tokens compared?' }).waitFor();
        await expect.poll(() => first.locator('.turn').count()).toBe(2);
        expect(await first.locator('.turn .question').allTextContents()).toEqual([
          'You Where are tokens compared?',
          'You And a constant-time version?',
        ]);
        expect(await first.getByRole('region', { name: 'Verification report' }).count()).toBe(2);

        // bob has none of it, and cannot open it by its id either
        const other = await signedIn(tokens.bob);
        expect(await conversations(other).getByRole('listitem').count()).toBe(0);
        const listed = (await (
          await fetch(`${ui.server.url}/v1/conversations`, {
            headers: { authorization: `Bearer ${tokens.ada}` },
          })
        ).json()) as { conversations: { id: string }[] };
        const foreign = await fetch(`${ui.server.url}/v1/conversations/${listed.conversations[0]!.id}`, {
          headers: { authorization: `Bearer ${tokens.bob}` },
        });
        expect(foreign.status).toBe(404);

        // deleting it removes it from the list, for good
        first.on('dialog', (dialog) => void dialog.accept());
        await conversations(first)
          .getByRole('button', { name: 'Delete the conversation “Where are tokens compared?”' })
          .click();
        await expect.poll(() => conversations(first).getByRole('listitem').count()).toBe(0);
        await first.reload();
        await first.getByLabel('Ask about the codebase').waitFor();
        expect(await conversations(first).getByRole('listitem').count()).toBe(0);
        for (const page of [first, second, other]) await page.context().close();
      }, 120_000);

      it("draws the security gate from the chat's own suggestions and the eval runs posted", async () => {
        for (const passAt1 of [0.42, 0.47]) {
          const posted = await fetch(`${ui.server.url}/v1/eval-runs`, {
            method: 'POST',
            headers: { authorization: `Bearer ${tokens.ada}`, 'content-type': 'application/json' },
            body: JSON.stringify({
              benchmark: 'mbpp',
              form: 'mbxp',
              harness: 'python-script',
              problems: 974,
              samples: 974,
              passed: Math.round(974 * passAt1),
              'pass@k': { '1': passAt1 },
              failureKinds: {},
              sandboxed: true,
              durationMs: 60_000,
            }),
          });
          expect(posted.status).toBe(201);
        }
        const page = await signedIn(tokens.ada);
        await page.getByRole('link', { name: 'Dashboard' }).click();
        const table = (caption: string) =>
          page.locator('table', { has: page.locator('caption', { hasText: caption }) });
        const runs = table('Eval runs, newest first').locator('tbody tr');
        await expect.poll(() => runs.count()).toBe(2);
        expect(await runs.first().textContent()).toContain('47.0%');
        expect(await runs.last().textContent()).toContain('42.0%');
        // the two answers with code above are today's suggestions, each with the gate's outcome
        const today = new Date().toISOString().slice(0, 10);
        const gate = table('Security gate by day').locator('tr', { hasText: today }).locator('td');
        expect(await gate.nth(0).textContent()).toBe('2');
        expect(Number(await gate.nth(1).textContent()) + Number(await gate.nth(2).textContent())).toBe(2);
        expect(await gate.nth(4).textContent()).toBe('0');

        // bob's dashboard has none of ada's runs
        const other = await signedIn(tokens.bob);
        await other.getByRole('link', { name: 'Dashboard' }).click();
        await other.getByText('No eval run recorded yet.').waitFor();
        await page.context().close();
        await other.context().close();
      });
    },
  );
}
