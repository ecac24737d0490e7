import { afterAll, describe, expect, it, vi } from 'vitest';
import { nestedParser } from '../../test/support/nested-parser.js';
import { securityCheck } from './check.js';
import type { ScanInput } from './scan.js';
import { scanSource, scanSources } from './scan.js';
import {
  backstopMs,
  closeScanPool,
  idleScanWorkers,
  scanInParallel,
  scanWorkersStarted,
} from './scan-pool.js';
import { HERE_CHARACTERS } from './scan-pool-queue.js';

afterAll(closeScanPool);

/**
 * A file the engine takes seconds on (3 MB: about 4 s warm on one core of the test machine, issue 59): a bundled parser's
 * shape, one function holding many nested ones (bench/security/closure-growth.ts), large enough that its
 * analysis is far past the budgets below while a small file's is far under them.
 */
function slowFile(): string {
  slowSource ??= nestedParser({ depth: 600, filler: 80 });
  return slowSource;
}
let slowSource: string | undefined;

const vulnerable = 'import os\nfrom flask import request\n\ndef run():\n    os.system(request.args["cmd"])\n';

/** a token in a file of no language the engine reads: found by the secret patterns alone */
const SECRET_TEXT = 'deploy with\nGITHUB_TOKEN=ghp_R8vXq2LmN4pT7wYz1KcB5dHs9JfA3uE6gQ0o\n';

function small(index: number): ScanInput {
  return { path: `small${index}.py`, source: vulnerable, language: 'python' };
}

/**
 * One warm worker, and this thread warm, before a scan with a budget per file (w168). A file's budget is
 * wall time from just before its analysis, and a cold engine's first Python file pays in it for loading the
 * grammar and compiling the rules (≈ 2 s of wall for a first small file in a fresh worker at load ~22, 7–44 ms
 * warm): under load ~25 that stopped a small file (bench/notes/2026-11-27-run-order.md). Warm, a small file
 * takes milliseconds under any load these tests meet, and the slow file seconds of CPU, past every budget
 * below however slow the machine. Returns the count of workers started so far.
 */
async function warmPool(): Promise<number> {
  // the one idle worker a test before left is kept (it scanned, so it is warm): a cold start spared
  if (idleScanWorkers() !== 1) await closeScanPool();
  await scanSource(small(99));
  const warm = await scanInParallel([small(98)], 1);
  expect(warm.findings).toHaveLength(1);
  expect(idleScanWorkers()).toBe(1);
  return scanWorkersStarted();
}

describe('scanInParallel with a budget per file', () => {
  it('stops a file past the budget in its worker, which scans the files after it', async () => {
    const slow: ScanInput = { path: 'bundle.js', source: slowFile(), language: 'javascript' };
    const inputs = [small(0), slow, small(1), small(2)];
    // one thread: the files after the slow one are scanned by the worker that stopped it
    const before = await warmPool();
    const result = await scanInParallel(inputs, 1, { fileBudgetMs: 1000 });
    expect(result.stopped).toEqual([slow]);
    expect(result.findings.map((finding) => finding.file)).toEqual(['small0.py', 'small1.py', 'small2.py']);
    // the worker stopped the file itself (engine/deadline.ts) and is kept, warm for the next scan: the warm
    // worker scanned them all, none replaced (the backstop's termination gives the same findings, with one
    // more worker started)
    expect(scanWorkersStarted() - before).toBe(0);
    expect(idleScanWorkers()).toBe(1);
  });

  it('reports the stopped file as not verified and the engine as over its budget, never a pass', async () => {
    await warmPool();
    const slow: ScanInput = { path: 'bundle.js', source: slowFile(), language: 'javascript' };
    const report = await scanSources([small(0), slow], { external: false, fileBudgetMs: 1000 });
    const engine = report.tools.find((tool) => tool.tool === 'vouch')!;
    expect(engine).toMatchObject({
      ran: true,
      overBudget: true,
      stopped: [{ file: 'bundle.js', reason: 'not verified: analysis stopped after 1 s' }],
    });
    expect(engine.reason).toContain('1 file(s) not verified');
    expect(report.findings.map((finding) => finding.file)).toEqual(['small0.py']);
  });

  it('ends a worker that does not stop itself at the backstop, and a fresh one scans the files after it', async () => {
    const slow: ScanInput = { path: 'bundle.js', source: slowFile(), language: 'javascript' };
    // the file after the slow one is the replacement's first, cold, under the backstop's 2 s of wall: a
    // text file (no grammar, no taint analysis: its secret alone) is milliseconds cold, where a cold
    // engine's first Python file could pass 2 s under load
    const notes: ScanInput = { path: 'notes.txt', source: SECRET_TEXT };
    const inputs = [small(0), slow, notes];
    // the engine's own deadline off: what cannot read a clock is ended at backstopMs(500) = 2 s
    const before = await warmPool();
    const result = await scanInParallel(inputs, 1, { fileBudgetMs: 500, selfStop: false });
    expect(result.stopped).toEqual([slow]);
    expect(result.findings.map((finding) => `${finding.file}:${finding.ruleId}`)).toEqual([
      'small0.py:command-injection',
      'notes.txt:secret.github-token',
    ]);
    // the warm worker ended, a replacement started
    expect(scanWorkersStarted() - before).toBe(1);
    // the ended worker is not kept; its replacement is
    expect(idleScanWorkers()).toBe(1);
  });

  it('leaves files under the budget alone', async () => {
    const result = await scanInParallel([small(0), small(1)], 1, { fileBudgetMs: 30_000 });
    expect(result.stopped).toEqual([]);
    expect(result.findings).toHaveLength(2);
  });
});

/** Holds this thread (its event loop: timers, the workers' messages) for `ms`, asleep rather than busy. */
function holdThread(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** `count` Python files of growing size (a comment pads them), a finding in every other one. */
function varied(count: number): ScanInput[] {
  return Array.from({ length: count }, (_, index) => ({
    path: `v${index}.py`,
    source: `${index % 2 === 0 ? vulnerable : 'def add(a, b):\n    return a + b\n'}# ${'x'.repeat(index * 97)}\n`,
    language: 'python',
  }));
}

const TEAM_RULES = `rules:
  - id: team-no-system
    languages: [python]
    severity: WARNING
    message: the team bans os.system
    pattern: os.system(...)
`;

describe('scanInParallel with this thread scanning beside one worker', () => {
  it('starts one worker for two threads, both scan, and the findings are those of two workers and of one thread, in the inputs’ order', async () => {
    await closeScanPool();
    const inputs = varied(48);
    const before = scanWorkersStarted();
    const shared = await scanInParallel(inputs, 2, { thisThread: true });
    expect(scanWorkersStarted() - before).toBe(1);
    expect(shared.scannedHere).toBeGreaterThan(0);
    expect(shared.scannedHere).toBeLessThan(inputs.length);
    const workers = await scanInParallel(inputs, 2);
    expect(shared.findings).toEqual(workers.findings);
    const alone: unknown[] = [];
    for (const input of inputs) alone.push(...(await scanSource(input)));
    expect(shared.findings).toEqual(alone);
    expect(shared.findings).toHaveLength(24);
  });

  it('keeps the file budget on a file this thread scans: its engine stops itself, no worker is ended', async () => {
    // under HERE_CHARACTERS (this thread takes it) and still ≈ 10 ms a KB, 300 ms of CPU on the test machine
    const slow: ScanInput = {
      path: 'bundle.js',
      source: nestedParser({ depth: 480, filler: 0 }),
      language: 'javascript',
    };
    expect(slow.source.length).toBeLessThanOrEqual(HERE_CHARACTERS);
    // two larger files with nothing to analyse: the worker's first two batches, while this thread takes
    // the two small files and then the slow one
    const padding = (name: string): ScanInput => ({
      path: name,
      source: `// ${'x'.repeat(200_000)}\n`,
      language: 'javascript',
    });
    const inputs = [small(0), padding('a.js'), slow, padding('b.js'), small(1)];
    const before = await warmPool();
    // the workers' engines do not stop themselves: had a worker been on the slow file, the backstop would
    // have ended it and started another
    const result = await scanInParallel(inputs, 2, { thisThread: true, fileBudgetMs: 100, selfStop: false });
    expect(result.stopped).toEqual([slow]);
    expect(result.findings.map((finding) => finding.file)).toEqual(['small0.py', 'small1.py']);
    expect(scanWorkersStarted() - before).toBe(0);
    expect(result.scannedHere).toBe(3);
  });

  it('hears an abort within seconds while a large slow file is scanned: the worker has it, not this thread (review r33: Ctrl-C 27 s late)', async () => {
    await closeScanPool();
    // review r33's shape: a bundled parser's shape twice the size of slowFile (≈ 8 s of analysis warm, far
    // more under load), two larger files of comments the worker takes first, 70 small files
    const slow: ScanInput = {
      path: 'slow.js',
      source: nestedParser({ depth: 1200, filler: 80 }),
      language: 'javascript',
    };
    const padding = (name: string): ScanInput => ({
      path: name,
      source: `// ${'x'.repeat(slow.source.length + 1000)}\n`,
      language: 'javascript',
    });
    const inputs = [
      padding('apad.js'),
      padding('bpad.js'),
      slow,
      ...Array.from({ length: 70 }, (_, i) => small(i)),
    ];
    const controller = new AbortController();
    const began = performance.now();
    setTimeout(() => controller.abort(new Error('cancelled')), 500);
    // `vouch scan`'s file budget (60 s): before, this thread took the slow file and heard the abort only at
    // its end
    const scan = scanInParallel(inputs, 2, {
      thisThread: true,
      fileBudgetMs: 60_000,
      signal: controller.signal,
    });
    await expect(scan).rejects.toThrow('cancelled');
    // generous for a loaded machine; before: the whole slow file (≈ 27 s under load for half its size)
    expect(performance.now() - began).toBeLessThan(5_500);
  }, 120_000);

  it('does not end a worker whose answer came while this thread was busy past the backstop', async () => {
    const inputs = Array.from({ length: 64 }, (_, i) => small(i));
    const before = await warmPool();
    // once the worker says it began a file (the pool sets that file's backstop timer, backstopMs(300) =
    // 1.6 s), this thread is held past the backstop while the worker finishes it; the workers' engines do
    // not stop themselves, so a file can only be stopped by the backstop. The hold is in the loop's check
    // phase (setImmediate), as this thread's own scan is: the next turn runs the timers due before it
    // reads the messages that came meanwhile. Before, each progress call held this thread inside the
    // answer's message handler, which reads the messages that came meanwhile first: a backstop that
    // ended a worker on a finished file passed unseen (checked). Asleep, not spinning: no CPU
    const backstop = backstopMs(300);
    const timeout = globalThis.setTimeout;
    let held = false;
    const spy = vi.spyOn(globalThis, 'setTimeout').mockImplementation(((
      ...args: Parameters<typeof setTimeout>
    ) => {
      if (args[1] === backstop && !held) {
        held = true;
        setImmediate(() => holdThread(backstop + 400));
      }
      return timeout(...args);
    }) as typeof setTimeout);
    let result: Awaited<ReturnType<typeof scanInParallel>>;
    try {
      result = await scanInParallel(inputs, 2, { thisThread: true, fileBudgetMs: 300, selfStop: false });
    } finally {
      spy.mockRestore();
    }
    expect(held).toBe(true);
    expect(result.stopped).toEqual([]);
    expect(result.findings).toHaveLength(64);
    expect(scanWorkersStarted() - before).toBe(0);
  }, 60_000);

  it('runs the team’s rules on the files this thread scanned too, on the worker', async () => {
    await closeScanPool();
    const inputs = varied(48);
    const team = {
      fingerprint: 'team-no-system',
      texts: [{ file: '.semgrep.yml', text: TEAM_RULES }],
      inputs: new Set(inputs),
    };
    const before = scanWorkersStarted();
    const shared = await scanInParallel(inputs, 2, { thisThread: true, team });
    expect(scanWorkersStarted() - before).toBe(1);
    expect(shared.scannedHere).toBeGreaterThan(0);
    const workers = await scanInParallel(inputs, 2, { team });
    expect(shared.teamFindings).toEqual(workers.teamFindings);
    expect(shared.findings).toEqual(workers.findings);
    // every file with os.system: those this thread scanned as well as the worker's
    expect(shared.teamFindings.map((finding) => finding.file)).toEqual(
      inputs.filter((_, index) => index % 2 === 0).map((input) => input.path),
    );
    // files whose engine findings are cached: the team's rules alone, all on the worker
    const teamOnly = await scanInParallel(inputs, 2, {
      thisThread: true,
      team,
      engineCached: new Set(inputs),
    });
    expect(teamOnly.scannedHere).toBe(0);
    expect(teamOnly.findings).toEqual([]);
    expect(teamOnly.teamFindings).toEqual(shared.teamFindings);
  });

  it('takes no share under a whole scan’s deadline: only a worker can be ended at it', async () => {
    const result = await scanInParallel(varied(8), 2, { thisThread: true, deadlineMs: 60_000 });
    expect(result.scannedHere).toBe(0);
    expect(result.findings).toHaveLength(4);
  });
});

describe('the gate with `[security] file_budget`', () => {
  it('is an error naming the file, never a pass, when the engine was stopped on it', async () => {
    const config = { security: { external: false, file_budget: 1 } };
    const result = await securityCheck.run(
      { code: slowFile(), language: 'javascript', path: 'bundle.js' },
      { workspaceRoot: process.cwd(), config },
    );
    expect(result.status).toBe('error');
    expect(result.reason).toContain(
      'vouch could not run: 1 file(s) not verified: analysis stopped after 1 s',
    );
    // a small file within the same budget passes
    const small = await securityCheck.run(
      { code: 'def add(a, b):\n    return a + b\n', language: 'python', path: 'add.py' },
      { workspaceRoot: process.cwd(), config },
    );
    expect(small.status).toBe('pass');
  });
});
