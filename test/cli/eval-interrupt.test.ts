import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxAvailability } from '../../src/verify/sandbox/availability.js';
import { runInPty } from '../support/pty.js';

/**
 * Ctrl-C during `vouch eval` (a real SIGINT to the built CLI): the verdicts it already has are in the
 * results file, it exits 130, and the same command run again scores only the rest. Needs `npm run build`.
 */
const BIN = join(import.meta.dirname, '..', '..', 'bin', 'vouch.js');
const sandbox = await sandboxAvailability();
const SAMPLES = 48;
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'vouch-eval-interrupt-'));
  // A hand-written problem in HumanEval's format (not dataset content).
  mkdirSync(join(dir, 'datasets', 'humaneval'), { recursive: true });
  writeFileSync(
    join(dir, 'datasets', 'humaneval', 'HumanEval.jsonl.gz'),
    gzipSync(
      JSON.stringify({
        task_id: 'Toy/0',
        prompt: 'def add(a, b):\n    """Return a + b."""\n',
        canonical_solution: '    return a + b\n',
        test: 'def check(candidate):\n    assert candidate(1, 2) == 3\n',
        entry_point: 'add',
      }),
    ),
  );
  // Distinct programs (so none is merged with another) that each take a twentieth of a second on the
  // benchmark's test: one worker needs several seconds for them all, and verdicts arrive a batch at a time.
  // Only that call waits: the selection's assertions (other inputs) run under a 0.1 s limit, which a loaded
  // machine made a 50 ms call miss, and then no candidate was usable and the selection could not rank.
  const lines = Array.from({ length: SAMPLES }, (_, index) =>
    JSON.stringify({
      task_id: 'Toy/0',
      completion: `    import time\n    if (a, b) == (1, 2):\n        time.sleep(0.05)  # sample ${index}\n    return a ${index % 4 === 3 ? '-' : '+'} b\n`,
    }),
  );
  writeFileSync(join(dir, 'samples.jsonl'), `${lines.join('\n')}\n`);
  writeFileSync(
    join(dir, 'tests.jsonl'),
    `${JSON.stringify({ task_id: 'Toy/0', test: 'assert add(2, 3) == 5\nassert add(0, 0) == 0' })}\n`,
  );
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  /** the last progress event seen before the SIGINT */
  doneBeforeInterrupt: number;
}

interface RunOptions {
  /** send SIGINT once progress shows that many verdicts */
  interruptAfter?: number;
  samples?: string;
  workers?: string;
  extra?: string[];
}

/** Runs `vouch eval` on the toy problem, and interrupts it as `options` say. */
function evalRun(options: RunOptions = {}): Promise<Run> {
  const { interruptAfter } = options;
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [
        BIN,
        'eval',
        'humaneval',
        '--samples',
        join(dir, options.samples ?? 'samples.jsonl'),
        '--datasets',
        join(dir, 'datasets'),
        '--workers',
        options.workers ?? '1',
        '--k',
        '1',
        '--json',
        ...(options.extra ?? []),
      ],
      {
        cwd: dir,
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, NO_COLOR: '1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    let doneBeforeInterrupt = -1;
    let lastDone = -1;
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
      for (const line of stderr.split('\n')) {
        const match = /"event":"progress","label":"eval humaneval","done":(\d+)/.exec(line);
        if (match) lastDone = Math.max(lastDone, Number(match[1]));
      }
      if (doneBeforeInterrupt >= 0 || lastDone < 0) return;
      if (interruptAfter !== undefined && lastDone >= interruptAfter) {
        doneBeforeInterrupt = lastDone;
        child.kill('SIGINT');
      }
    });
    child.on('close', (code) => {
      resolve({ code, stdout, stderr, doneBeforeInterrupt });
    });
  });
}

describe.skipIf(!sandbox.available)(`Ctrl-C during vouch eval (skipped: ${sandbox.reason})`, () => {
  it('keeps the verdicts it has, exits 130, and a rerun scores only the rest', async () => {
    const resultsFile = join(dir, 'samples.jsonl_results.jsonl');
    const first = await evalRun({ interruptAfter: 1 });
    expect(first.code, first.stderr).toBe(130);
    expect(first.doneBeforeInterrupt).toBeGreaterThan(0);
    expect(existsSync(resultsFile)).toBe(true);
    const kept = readFileSync(resultsFile, 'utf8')
      .split('\n')
      .filter((line) => line.trim())
      .map((line) => JSON.parse(line) as { sample_index: number; passed: boolean });
    // every verdict reported before the SIGINT is on disk, and the run did not get to the end
    expect(kept.length).toBeGreaterThanOrEqual(first.doneBeforeInterrupt);
    expect(kept.length).toBeLessThan(SAMPLES);
    for (const record of kept) expect(record.passed).toBe(record.sample_index % 4 !== 3);

    const second = await evalRun();
    expect(second.code, second.stderr).toBe(0);
    const report = JSON.parse(second.stdout) as {
      resumed: number;
      samples: number;
      passed: number;
      interrupted: boolean;
    };
    expect(report.resumed).toBe(kept.length);
    expect(report).toMatchObject({ samples: SAMPLES, passed: (SAMPLES * 3) / 4, interrupted: false });
    const lines = readFileSync(resultsFile, 'utf8').trim().split('\n');
    expect(lines.map((line) => (JSON.parse(line) as { sample_index: number }).sample_index)).toEqual(
      Array.from({ length: SAMPLES }, (_, index) => index),
    );
  });

  it('writes the verdicts of hanging samples as they time out, side by side, and resumes past a cut-off line', async () => {
    // Samples that all hang until the 1 s limit: before, they went to one sandbox job that ran them one after
    // another and reported at its end, so nothing was on disk and the bar stayed at 0 until every sample
    // had timed out (here the SIGINT, sent once the bar counts two, would come only after the last).
    const hanging = 12;
    const lines = Array.from({ length: hanging }, (_, index) =>
      JSON.stringify({
        task_id: 'Toy/0',
        completion: `    import time\n    time.sleep(60)  # sample ${index}\n    return a + b\n`,
      }),
    );
    writeFileSync(join(dir, 'hanging.jsonl'), `${lines.join('\n')}\n`);
    const resultsFile = join(dir, 'hanging.jsonl_results.jsonl');
    const options = { samples: 'hanging.jsonl', workers: '2', extra: ['--timeout', '1'] };
    const first = await evalRun({ ...options, interruptAfter: 2 });
    expect(first.code, first.stderr).toBe(130);
    // the bar moved before the interrupt, and what it counted is on disk
    expect(first.doneBeforeInterrupt).toBeGreaterThanOrEqual(2);
    const kept = readFileSync(resultsFile, 'utf8')
      .split('\n')
      .filter((line) => line.trim())
      .map((line) => JSON.parse(line) as { sample_index: number; result: string; duration_ms: number });
    expect(kept.length).toBeGreaterThanOrEqual(first.doneBeforeInterrupt);
    expect(kept.length).toBeLessThan(hanging);
    for (const record of kept) expect(record.result).toBe('timed out');

    // a run killed while writing leaves half a line: the resume reads past it
    writeFileSync(resultsFile, `${readFileSync(resultsFile, 'utf8')}{"task_id": "Toy/0", "compl`);
    const second = await evalRun(options);
    expect(second.code, second.stderr).toBe(0);
    const report = JSON.parse(second.stdout) as { resumed: number; samples: number; passed: number };
    expect(report).toMatchObject({ resumed: kept.length, samples: hanging, passed: 0 });
    const final = readFileSync(resultsFile, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { sample_index: number; result: string; duration_ms: number });
    expect(final.map((record) => record.sample_index)).toEqual(
      Array.from({ length: hanging }, (_, index) => index),
    );
    // the verdicts from the first run were kept as they were, not scored again
    for (const record of kept) expect(final[record.sample_index]).toEqual(record);
  });

  it('shows a progress bar with an ETA at a terminal, then the selected pass@1', async () => {
    const result = await runInPty({
      command: [
        process.execPath,
        BIN,
        'eval',
        'humaneval',
        '--samples',
        join(dir, 'samples.jsonl'),
        '--datasets',
        join(dir, 'datasets'),
        '--results',
        join(dir, 'tty_results.jsonl'),
        '--select',
        '--tests',
        join(dir, 'tests.jsonl'),
        '--workers',
        '1',
        '--k',
        '1',
        // the bars and the selected figure are what this test reads: not the delivered sample's confidence
        // (generate's checks on it: src/cli/commands/eval.test.ts)
        '--no-confidence',
      ],
      cwd: dir,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, TERM: 'xterm-256color', NO_COLOR: '1' },
      steps: [
        { expect: 'ETA', timeout: 90 },
        { expect: `${SAMPLES}/${SAMPLES}`, timeout: 90 },
        { expect: 'selected pass@1 \\(vouch\\)', timeout: 90 },
      ],
      exitTimeout: 30,
    });
    expect(result.failed, result.transcript).toBeUndefined();
    expect(result.exitCode, result.transcript).toBe(0);
    expect(result.transcript).toMatch(/eval humaneval [█░]+ \d+\/48/);
    expect(result.transcript).toMatch(/select [█░]+ 1\/1/);
    // the one problem's 36 correct samples all pass both written assertions, the 12 wrong ones fail one
    expect(result.transcript).toMatch(/selected pass@1 \(vouch\)\s+100\.00%/);
  });
});
