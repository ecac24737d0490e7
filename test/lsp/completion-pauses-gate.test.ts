import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { InlineCompletionItem } from 'vscode-languageserver/node';
import { sandboxAvailability } from '../../src/verify/sandbox/availability.js';
import { type FakeProviders, startFakeProviders } from '../support/fake-providers/fake-providers.js';
import { LspClient } from '../support/lsp-client.js';
import { type SlowMypyProject, slowMypyProject } from '../support/slow-mypy.js';

/**
 * Issue 60: a completion waited for a core behind the opened files' whole gates (mypy, flake8, Bandit in
 * their sandboxes). The real server over stdio: a file's whole gate reaches its mypy (the project's
 * `.venv/bin/mypy`, a script that waits until the test releases it: test/support/slow-mypy.ts), then an
 * inline completion is asked; while the model (a loopback OpenAI-protocol server) has the request, the
 * mypy's processes are stopped (the server's timing log, `VOUCH_LSP_TIMINGS`, says how many the completion
 * paused as it began: the state seen at model time depends on the pause's 250 ms cap, which a loaded
 * machine overruns), and once the completion is answered they run again (src/lsp/gate-yield.ts). No
 * timing assertion. Needs `npm run build`.
 */
const sandbox = await sandboxAvailability();

const APP = 'def total(items):\n    \n';
let slowMypy: SlowMypyProject;
let fake: FakeProviders;
beforeAll(async () => {
  slowMypy = slowMypyProject({
    prefix: 'vouch-lsp-pauses-',
    files: { 'vouch.toml': '', 'app.py': APP },
    answer: 'clean',
    waitSeconds: 55,
  });
  fake = await startFakeProviders();
});
afterAll(async () => {
  slowMypy?.remove();
  await fake?.close();
});

/**
 * the processes running the slow mypy (the script and its shell's forks), seen in the host's /proc; not
 * bubblewrap's own (its command line names the mypy too, from before the program starts): a pause never
 * stops those, so a completion asked while the sandbox is still starting pauses nothing
 */
function mypyProcesses(): number[] {
  const found: number[] = [];
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      if (
        readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes(slowMypy.mypy) &&
        readFileSync(`/proc/${pid}/comm`, 'utf8').trim() !== 'bwrap'
      )
        found.push(Number(pid));
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

/** a process's state letter (T: stopped), or 'gone' */
function stateOf(pid: number): string {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0]!;
  } catch {
    return 'gone';
  }
}

describe.skipIf(!sandbox.available || process.platform !== 'linux')(
  'vouch lsp: the gate yields to a completion',
  () => {
    it("stops the whole gate's sandbox while an inline completion is in flight, and lets it run once answered", async () => {
      const root = slowMypy.root;
      const timings = join(root, 'signals', 'timings.jsonl');
      const client = new LspClient(root, {
        VOUCH_LSP_TIMINGS: timings,
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: root,
        OPENAI_BASE_URL: fake.openAiUrl,
        OLLAMA_HOST: 'http://127.0.0.1:9',
      });
      try {
        await client.initialize(pathToFileURL(root).href, {
          model: 'openai:qwen2.5-coder-1.5b',
          gateTimeoutMs: 120_000,
        });
        client.connection.sendNotification('initialized', {});
        const uri = pathToFileURL(join(root, 'app.py')).href;
        client.connection.sendNotification('textDocument/didOpen', {
          textDocument: { uri, languageId: 'python', version: 1, text: APP },
        });
        // the whole gate has reached its mypy, which waits
        await expect
          .poll(() => mypyProcesses().length, { timeout: 50_000, interval: 100 })
          .toBeGreaterThan(0);
        const mypy = mypyProcesses()[0]!;
        expect(stateOf(mypy)).not.toBe('T');

        fake.handle('/v1/completions', async () => ({ text: 'return sum(items)\n' }));
        const items = (await client.connection.sendRequest('textDocument/inlineCompletion', {
          textDocument: { uri },
          position: { line: 1, character: 4 },
          context: { triggerKind: 1 },
        })) as InlineCompletionItem[];
        expect(fake.requestsTo('/v1/completions').length).toBe(1);
        expect(items.length).toBe(1);
        // the completion paused the whole gate's sandbox: its mypy (the script, and its shell's forks)
        const inline = await vi.waitFor(
          () => {
            const lines = existsSync(timings) ? readFileSync(timings, 'utf8').trim().split('\n') : [];
            const entry = lines
              .filter((line) => line !== '')
              .map((line) => JSON.parse(line) as { event: string; gateProcessesPaused?: number })
              .find((line) => line.event === 'inline');
            expect(entry).toBeDefined();
            return entry!;
          },
          { timeout: 5_000 },
        );
        expect(inline.gateProcessesPaused).toBeGreaterThanOrEqual(1);
        // answered: the gate runs on
        await vi.waitFor(() => expect(stateOf(mypy)).not.toBe('T'), { timeout: 5_000 });
      } finally {
        slowMypy.release();
        await client.close();
      }
    }, 180_000);
  },
);
