// end-to-end: runs bubblewrap and sleep as the gate's thread would, and a server process killed mid-pause
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CancellationTokenSource } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { scriptedModel } from '../../test/support/scripted-model.js';
import { GateYield, sandboxTrees } from './gate-yield.js';
import { InlineCompletions } from './inline.js';

/**
 * What a gate's thread starts: a sandbox (bubblewrap that dies with its parent, `sleep` in it) and a
 * process outside any sandbox. Started from a worker thread, as the language server's gate thread does.
 */
const GATE_THREAD = `
const { spawn } = require('node:child_process');
const { readlinkSync } = require('node:fs');
const { parentPort } = require('node:worker_threads');
const tid = Number(readlinkSync('/proc/thread-self').split('/').at(-1));
const box = spawn('bwrap', ['--die-with-parent', '--dev-bind', '/', '/', 'sleep', '300'], { detached: true, stdio: 'ignore' });
const plain = spawn('sleep', ['300'], { detached: true, stdio: 'ignore' });
parentPort.postMessage({ tid, box: box.pid, plain: plain.pid });
parentPort.on('message', () => { box.kill('SIGKILL'); plain.kill('SIGKILL'); process.exit(0); });
`;

const bwrapRuns =
  process.platform === 'linux' &&
  spawnSync('bwrap', ['--die-with-parent', '--dev-bind', '/', '/', 'true']).status === 0;

/** a process's state letter from /proc (T: stopped), or 'gone' */
function stateOf(pid: number): string {
  try {
    return /^\d+ \(.*\) (\S)/.exec(readFileSync(`/proc/${pid}/stat`, 'utf8'))?.[1] ?? 'gone';
  } catch {
    return 'gone';
  }
}

const stopped = (pids: number[]) => pids.map((pid) => stateOf(pid) === 'T');

interface GateThread {
  tid: number;
  /** bubblewrap and the sleep in it, once bubblewrap has started it */
  sandbox: number[];
  plain: number;
  end(): Promise<void>;
}

const ended: (() => Promise<void>)[] = [];
afterEach(async () => {
  vi.useRealTimers();
  for (const end of ended.splice(0)) await end();
});

async function gateThread(): Promise<GateThread> {
  const worker = new Worker(GATE_THREAD, { eval: true });
  const said = await new Promise<{ tid: number; box: number; plain: number }>((resolve) =>
    worker.once('message', resolve),
  );
  expect(sandboxTrees([said.tid])[0]).toBe(said.box);
  // bubblewrap has forked the sandbox's process
  await vi.waitFor(() => expect(sandboxTrees([said.tid]).length).toBeGreaterThan(1), { timeout: 10_000 });
  const sandbox = sandboxTrees([said.tid]);
  const end = async () => {
    for (const pid of [...sandbox, said.plain])
      try {
        process.kill(pid, 'SIGCONT');
      } catch {
        // gone
      }
    worker.postMessage('end');
    await new Promise((resolve) => worker.once('exit', resolve));
  };
  ended.push(end);
  return { tid: said.tid, sandbox, plain: said.plain, end };
}

describe.skipIf(!bwrapRuns)('the gate yields its cores to a completion (issue 60)', () => {
  it("stops the sandboxes the gate's thread started while held, and continues them when released; never a process outside a sandbox", async () => {
    const gate = await gateThread();
    expect(sandboxTrees([gate.tid])).not.toContain(gate.plain);
    const yielding = new GateYield({ threads: () => [gate.tid] });

    const release = yielding.hold();
    expect(yielding.paused).toBe(gate.sandbox.length);
    await vi.waitFor(() => expect(stopped(gate.sandbox)).toEqual(gate.sandbox.map(() => true)));
    expect(stateOf(gate.plain)).not.toBe('T');

    release();
    expect(yielding.paused).toBe(0);
    await vi.waitFor(() => expect(stopped(gate.sandbox)).toEqual(gate.sandbox.map(() => false)));
    // a second release (the completion's abort, then its end) changes nothing
    release();
    yielding.close();
  });

  it('overlapping completions share one pause: the gate continues when the last one ends', async () => {
    const gate = await gateThread();
    const yielding = new GateYield({ threads: () => [gate.tid] });
    const first = yielding.hold();
    const second = yielding.hold();
    await vi.waitFor(() => expect(stopped(gate.sandbox)).toEqual(gate.sandbox.map(() => true)));
    first();
    expect(yielding.paused).toBe(gate.sandbox.length);
    expect(stopped(gate.sandbox)).toEqual(gate.sandbox.map(() => true));
    second();
    await vi.waitFor(() => expect(stopped(gate.sandbox)).toEqual(gate.sandbox.map(() => false)));
  });

  it('never starves the gate: a pause ends after its longest time, and the next waits as long as it lasted', async () => {
    const gate = await gateThread();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    let now = 1_000;
    const yielding = new GateYield({ threads: () => [gate.tid], maxPauseMs: 250, now: () => now });

    const held = yielding.hold();
    expect(yielding.paused).toBe(gate.sandbox.length);
    now += 250;
    vi.advanceTimersByTime(250);
    // still held, but the pause is over
    expect(yielding.paused).toBe(0);
    await vi.waitFor(() => expect(stopped(gate.sandbox)).toEqual(gate.sandbox.map(() => false)));
    held();

    // a completion 100 ms later: the gate has had less time than it lost, so it runs on
    now += 100;
    const early = yielding.hold();
    expect(yielding.paused).toBe(0);
    early();
    // 250 ms after the pause ended it may pause again
    now += 150;
    const later = yielding.hold();
    expect(yielding.paused).toBe(gate.sandbox.length);
    later();
    expect(yielding.paused).toBe(0);
    yielding.close();
    // closed: no pause begins
    const afterClose = yielding.hold();
    expect(yielding.paused).toBe(0);
    afterClose();
  });

  it('continues the gate when an inline completion is answered, as soon as it is cancelled, and after the one replacing it', async () => {
    const gate = await gateThread();
    const yielding = new GateYield({ threads: () => [gate.tid] });
    const root = mkdtempSync(join(tmpdir(), 'vouch-gate-yield-'));
    ended.push(async () => rmSync(root, { recursive: true, force: true }));
    // the model answers when the test says so: the completion is in flight until then
    const answers: (() => void)[] = [];
    const scripted = scriptedModel(['return 1\n']);
    const model = {
      ...scripted,
      fim: async (request: Parameters<typeof scripted.fim>[0]) => {
        await new Promise<void>((resolve) => answers.push(resolve));
        return scripted.fim(request);
      },
    };
    const inline = new InlineCompletions({
      host: () => ({ workspaceRoot: root, config: {}, model: async () => model }),
      pathOf: () => 'app.py',
      record: () => {},
      log: () => {},
      hold: () => yielding.hold(),
    });
    const document = TextDocument.create(
      pathToFileURL(join(root, 'app.py')).href,
      'python',
      1,
      'def f():\n    ',
    );
    const position = { line: 1, character: 4 };

    // answered
    const answered = inline.complete(document, position, new CancellationTokenSource().token);
    await vi.waitFor(() => expect(answers.length).toBe(1), { timeout: 10_000 });
    await vi.waitFor(() => expect(stopped(gate.sandbox)).toEqual(gate.sandbox.map(() => true)));
    answers[0]!();
    await answered;
    await vi.waitFor(() => expect(stopped(gate.sandbox)).toEqual(gate.sandbox.map(() => false)));

    // cancelled: the gate continues before the model has answered
    // (a new pause, not waiting for the first one's budget)
    const waitForBudget = new GateYield({ threads: () => [gate.tid] });
    const cancelled = new CancellationTokenSource();
    const inlineCancelled = new InlineCompletions({
      host: () => ({ workspaceRoot: root, config: {}, model: async () => model }),
      pathOf: () => 'app.py',
      record: () => {},
      log: () => {},
      hold: () => waitForBudget.hold(),
    });
    const asked = inlineCancelled.complete(document, position, cancelled.token);
    await vi.waitFor(() => expect(answers.length).toBe(2), { timeout: 10_000 });
    await vi.waitFor(() => expect(stopped(gate.sandbox)).toEqual(gate.sandbox.map(() => true)));
    cancelled.cancel();
    expect(waitForBudget.paused).toBe(0);
    await vi.waitFor(() => expect(stopped(gate.sandbox)).toEqual(gate.sandbox.map(() => false)));
    answers[1]!();
    await asked;
    yielding.close();
    waitForBudget.close();

    // replaced by a newer keystroke's completion on the buffer: the pause carries on until that one ends
    const carried = new GateYield({ threads: () => [gate.tid] });
    const typing = new InlineCompletions({
      host: () => ({ workspaceRoot: root, config: {}, model: async () => model }),
      pathOf: () => 'app.py',
      record: () => {},
      log: () => {},
      hold: () => carried.hold(),
    });
    const older = typing.complete(document, position, new CancellationTokenSource().token);
    await vi.waitFor(() => expect(answers.length).toBe(3), { timeout: 10_000 });
    const newer = typing.complete(document, position, new CancellationTokenSource().token);
    expect(carried.paused).toBe(gate.sandbox.length);
    await vi.waitFor(() => expect(answers.length).toBe(4), { timeout: 10_000 });
    expect(stopped(gate.sandbox)).toEqual(gate.sandbox.map(() => true));
    answers[2]!();
    await older;
    expect(carried.paused).toBe(gate.sandbox.length);
    answers[3]!();
    await newer;
    expect(carried.paused).toBe(0);
    await vi.waitFor(() => expect(stopped(gate.sandbox)).toEqual(gate.sandbox.map(() => false)));
    carried.close();
  });

  it('leaves nothing stopped when the server is killed mid-pause: the sandbox dies with it', async () => {
    const dist = pathToFileURL(join(import.meta.dirname, '..', '..', 'dist', 'lsp', 'gate-yield.js')).href;
    const server: ChildProcess = spawn(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import { Worker } from 'node:worker_threads';
         import { GateYield, sandboxTrees } from ${JSON.stringify(dist)};
         const worker = new Worker(${JSON.stringify(GATE_THREAD)}, { eval: true, execArgv: [] });
         worker.once('message', ({ tid }) => {
           const poll = setInterval(() => {
             if (sandboxTrees([tid]).length < 2) return;
             clearInterval(poll);
             const yielding = new GateYield({ threads: () => [tid] });
             yielding.hold();
             console.log(JSON.stringify({ tid, paused: yielding.paused }));
           }, 20);
           setInterval(() => {}, 1000);
         });`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    ended.push(async () => {
      server.kill('SIGKILL');
    });
    const line = await new Promise<string>((resolve, reject) => {
      server.stdout!.once('data', (chunk) => resolve(String(chunk)));
      server.once('exit', (code) => reject(new Error(`the server ended first (${code})`)));
    });
    const { tid, paused } = JSON.parse(line) as { tid: number; paused: number };
    expect(paused).toBeGreaterThan(1);
    // what the server's gate thread started, seen from outside: stopped
    const children = readFileSync(`/proc/${server.pid}/task/${tid}/children`, 'utf8')
      .trim()
      .split(' ')
      .map(Number);
    // the sleep outside the sandbox outlives the server: the test ends it
    ended.push(async () => {
      for (const pid of children)
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // gone
        }
    });
    const box = children.find((pid) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').startsWith('bwrap'))!;
    const inside = readFileSync(`/proc/${box}/task/${box}/children`, 'utf8').trim().split(' ').map(Number);
    await vi.waitFor(() => expect(stopped([box, ...inside])).toEqual([true, ...inside.map(() => true)]));

    server.kill('SIGKILL');
    // the sandbox is killed with its parent (a zombie at most, until reaped), never left stopped
    await vi.waitFor(
      () =>
        expect([box, ...inside].map((pid) => ['gone', 'Z'].includes(stateOf(pid)))).toEqual([
          true,
          ...inside.map(() => true),
        ]),
      { timeout: 10_000 },
    );
  });
});
