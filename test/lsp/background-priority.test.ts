import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxAvailability } from '../../src/verify/sandbox/availability.js';
import { LspClient } from '../support/lsp-client.js';

/**
 * Issue 60: the whole gate is work nobody waits for, the inline completion is what the engineer waits
 * for. The gate's thread is niced, and so is the mypy it starts; but a sandbox is a session of its own,
 * and where the kernel groups sessions for scheduling (CONFIG_SCHED_AUTOGROUP) every session weighed as
 * nice 0: mypy took the cores as often as the whole language server. Seen here on a real mypy process of
 * the whole gate (the project's `.venv/bin/mypy`, a script that waits for the test), read from the host's
 * /proc: its nice value and its session's group's are the gate thread's; the server's own thread keeps
 * the test's priority. Needs `npm run build`.
 */
const sandbox = await sandboxAvailability();
const autogroups = existsSync('/proc/self/autogroup');

let project: string;
let release: string;
let mypy: string;
beforeAll(() => {
  project = mkdtempSync(join(tmpdir(), 'vouch-lsp-priority-'));
  mkdirSync(join(project, '.git'));
  mkdirSync(join(project, '.venv/bin'), { recursive: true });
  mkdirSync(join(project, 'signals'));
  release = join(project, 'signals', 'mypy-may-finish');
  mypy = join(project, '.venv/bin/mypy');
  writeFileSync(
    mypy,
    [
      '#!/bin/sh',
      'for arg; do file="$arg"; done',
      'i=0',
      `while [ ! -e '${release}' ] && [ "$i" -lt 550 ]; do sleep 0.1; i=$((i + 1)); done`,
      'echo "$file:1:1: error: the slow mypy has spoken  [misc]"',
      'exit 1',
      '',
    ].join('\n'),
  );
  chmodSync(mypy, 0o755);
  writeFileSync(join(project, 'opened.py'), 'def run(value):\n    return value\n');
});
afterAll(() => rmSync(project, { recursive: true, force: true }));

/** field 19 of /proc/PID/stat (after the command's closing parenthesis the fields start at the 3rd) */
const niceOf = (stat: string) => Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
/** the nice value of the scheduling group of the session PID is in ("/autogroup-123 nice 10") */
const groupNiceOf = (pid: string) =>
  Number(readFileSync(`/proc/${pid}/autogroup`, 'utf8').trim().split(' ').at(-1));

/**
 * The waiting mypy, as the host sees it: the process running the script (bubblewrap's own processes
 * carry the script's path in their arguments too; the shell's forks do not)
 */
function waitingMypy(): string | undefined {
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      if (argv.includes(mypy) && !argv[0]!.endsWith('bwrap')) return pid;
    } catch {
      // gone meanwhile
    }
  }
  return undefined;
}

describe.skipIf(!sandbox.available || !autogroups)(
  "vouch lsp: the whole gate's processes at background priority",
  () => {
    it("runs the whole gate's mypy at the gate thread's nice value, in a session group at that value too; the server's thread keeps its own", async () => {
      const client = new LspClient(project, {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: project,
        NO_COLOR: '1',
        OLLAMA_HOST: 'http://127.0.0.1:9',
      });
      try {
        await client.initialize(pathToFileURL(project).href, { gateTimeoutMs: 120_000 });
        client.connection.sendNotification('initialized', {});
        const uri = pathToFileURL(join(project, 'opened.py')).href;
        const first = client.nextDiagnostics(uri);
        client.connection.sendNotification('textDocument/didOpen', {
          textDocument: {
            uri,
            languageId: 'python',
            version: 1,
            text: readFileSync(join(project, 'opened.py'), 'utf8'),
          },
        });
        await first;
        await expect.poll(waitingMypy, { timeout: 50_000, interval: 100 }).toBeDefined();
        const pid = waitingMypy()!;
        const server = niceOf(
          readFileSync(`/proc/${client.process.pid}/task/${client.process.pid}/stat`, 'utf8'),
        );
        const test = niceOf(readFileSync('/proc/self/stat', 'utf8'));
        // the thread answering the editor is not lowered
        expect(server).toBe(test);
        expect(groupNiceOf(String(client.process.pid))).toBe(groupNiceOf('self'));
        const background = Math.min(19, test + 10);
        expect(niceOf(readFileSync(`/proc/${pid}/stat`, 'utf8'))).toBe(background);
        // the kernel may refuse a group's change for 100 ms at a time: it is retried for up to 2 s
        await expect.poll(() => groupNiceOf(pid), { timeout: 5_000, interval: 100 }).toBe(background);
        const whole = client.nextDiagnostics(uri, (list) =>
          list.some((d) =>
            (typeof d.message === 'string' ? d.message : d.message.value).includes('slow mypy'),
          ),
        );
        writeFileSync(release, '');
        await whole;
      } finally {
        writeFileSync(release, '');
        await client.close();
      }
    }, 180_000);
  },
);
