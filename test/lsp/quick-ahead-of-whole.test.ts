import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism, totalmem } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxAvailability } from '../../src/verify/sandbox/availability.js';
import { startLsp } from '../support/lsp-client.js';
import { mypySpoke, type SlowMypyProject, slowMypyProject } from '../support/slow-mypy.js';

/**
 * Issue 60: the whole gates of the files opened before (mypy, flake8, Bandit: a sandbox each, seconds)
 * held every sandbox place, and the next file's quick checks — Python's compiler on the buffer — waited
 * behind all of them: 11 s to that file's first diagnostics on a busy machine. The quick checks' sandboxes
 * are urgent now: they go ahead, a little beyond the cap. Made deterministic with the project's mypy
 * (`test/support/slow-mypy.ts`): a script that waits until the test releases it, and is seen running in
 * /proc. The places are all taken by waiting mypys (as many as the count cap
 * admits: admission.ts's defaults, computed here the same way) before the last file opens; its quick
 * diagnostics must come while every one of them still waits. No timing assertion. Needs `npm run build`.
 */
const sandbox = await sandboxAvailability();

/** admission.ts's default caps, and what a mypy sandbox (2048 MB + its 256 MB tmpfs) and the quick compile (512 + 256) claim */
const PLACES = Math.max(4, 2 * availableParallelism());
const MEMORY_MB = Math.max(1024, Math.floor(totalmem() / (2 * 1024 * 1024)));
const MYPY_MB = 2048 + 256;
const COMPILE_MB = 512 + 256;
/** the count cap binds (not memory), so the places can be filled with mypys and a quick compile still fits */
const countBinds = PLACES * MYPY_MB + COMPILE_MB <= MEMORY_MB;

let slowMypy: SlowMypyProject;
let project: string;
let mypy: string;
beforeAll(() => {
  const files: Record<string, string> = {
    'last.py': 'def run(expression):\n    return eval(expression)\n',
  };
  for (let index = 0; index < PLACES; index++)
    files[`slow${index}.py`] = `def slow${index}(value):\n    return value\n`;
  slowMypy = slowMypyProject({ prefix: 'vouch-lsp-urgent-', files, answer: 'finding', waitSeconds: 55 });
  ({ root: project, mypy } = slowMypy);
});
afterAll(() => slowMypy?.remove());

/**
 * The waiting mypys, as the host sees them (processes in the sandboxes are in the host's /proc too): the
 * processes running the script whose parent does not (the shell's own forks are not another mypy).
 */
function waitingMypys(): number {
  const parents = new Map<string, string>();
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes(mypy)) continue;
      // stat: "pid (comm) state ppid …"; comm may hold spaces, so read after its closing parenthesis
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      parents.set(pid, stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]!);
    } catch {
      // gone meanwhile
    }
  }
  return [...parents.values()].filter((parent) => !parents.has(parent)).length;
}

describe.skipIf(!sandbox.available || !countBinds)('vouch lsp: quick checks ahead of the whole gates', () => {
  it("publishes a file's quick diagnostics while the whole gates of the files opened before hold every sandbox place", async () => {
    // the whole gate's budget (50 s by default) is not under test here: the waiting mypys outlast it on a
    // busy machine, and a stopped gate never says what its mypy found
    const client = await startLsp(project, { gateTimeoutMs: 120_000 });
    try {
      const open = (name: string) => {
        const uri = pathToFileURL(join(project, name)).href;
        const first = client.nextDiagnostics(uri);
        client.connection.sendNotification('textDocument/didOpen', {
          textDocument: {
            uri,
            languageId: 'python',
            version: 1,
            text: readFileSync(join(project, name), 'utf8'),
          },
        });
        return { uri, first };
      };
      // opened together, so their whole gates reach mypy together (each waits at most 55 s)
      const slow = Array.from({ length: PLACES }, (_, index) => open(`slow${index}.py`));
      await Promise.all(slow.map((file) => file.first));
      // every place is taken by a whole gate's mypy, waiting
      await expect.poll(waitingMypys, { timeout: 50_000, interval: 100 }).toBe(PLACES);
      const last = open('last.py');
      const quick = await last.first;
      // the quick checks answered while every mypy still waits (none finishes before the file exists, or 55 s)
      expect(waitingMypys()).toBe(PLACES);
      // the quick checks' publish, of the version opened (the whole gate's would wait for its mypy)
      expect(quick.some(mypySpoke)).toBe(false);
      expect(client.diagnostics.get(last.uri)?.[0]?.version).toBe(1);
      // the gate thread's warm-up at initialized published nothing: only the files opened have diagnostics
      const opened = new Set([last.uri, ...slow.map((file) => file.uri)]);
      expect([...client.diagnostics.keys()].filter((uri) => !opened.has(uri))).toEqual([]);
      const wholes = slow.map((file) => client.nextDiagnostics(file.uri, (list) => list.some(mypySpoke)));
      slowMypy.release();
      await Promise.all(wholes);
    } finally {
      slowMypy.release();
      await client.close();
    }
  }, 240_000);
});
