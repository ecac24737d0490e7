import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CliResult } from '../../../test/support/run-cli.js';
import { runMain } from '../../../test/support/run-main.js';
import { sandboxAvailability } from '../../verify/sandbox/index.js';

// The eval command through `main` in the test's process (nothing here is about the process: no signal, no
// stdin; exit codes, stdout and stderr are kept), its samples run in the real sandbox and its delivered
// samples through generate's real checks. Ctrl-C and the terminal: test/cli/eval-interrupt.test.ts.
const sandbox = await sandboxAvailability();
const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

// Two hand-written problems in HumanEval's format (not dataset content).
const PROBLEMS = [
  {
    task_id: 'Toy/0',
    prompt: 'def last(xs):\n    """The last element, or None for an empty list."""\n',
    canonical_solution: '    return xs[-1] if xs else None\n',
    test: 'def check(candidate):\n    assert candidate([1, 2]) == 2\n    assert candidate([]) is None\n',
    entry_point: 'last',
  },
  {
    task_id: 'Toy/1',
    prompt: 'def double(x):\n    """Twice x."""\n',
    canonical_solution: '    return 2 * x\n',
    test: 'def check(candidate):\n    assert candidate(3) == 6\n',
    entry_point: 'double',
  },
];

function workspace(): { dir: string; datasets: string; samples: string; tests: string } {
  const dir = mkdtempSync(join(tmpdir(), 'vouch-cli-eval-'));
  const datasets = join(dir, 'datasets');
  mkdirSync(join(datasets, 'humaneval'), { recursive: true });
  writeFileSync(
    join(datasets, 'humaneval', 'HumanEval.jsonl.gz'),
    gzipSync(PROBLEMS.map((problem) => JSON.stringify(problem)).join('\n')),
  );
  // Toy/0: three samples misread the spec (the first element) and one test answer shares the misreading;
  // two are right; three are partly right (they raise on the empty list) and pass the right tests with them.
  const samples = [
    { task_id: 'Toy/0', completion: '    return xs[0] if xs else None\n' },
    { task_id: 'Toy/0', completion: '    return xs[0] if xs else None\n' },
    { task_id: 'Toy/0', completion: '    return xs[0] if xs else None  # first\n' },
    { task_id: 'Toy/0', completion: '    return xs[-1] if xs else None\n' },
    { task_id: 'Toy/0', completion: '    return xs[-1] if xs else None  # last\n' },
    { task_id: 'Toy/0', completion: '    return xs[-1]\n' },
    { task_id: 'Toy/0', completion: '    return xs[-1]\n' },
    { task_id: 'Toy/0', completion: '    return xs[len(xs) - 1]\n' },
    { task_id: 'Toy/1', completion: '    return x * x\n' },
    { task_id: 'Toy/1', completion: '    return x + x\n' },
  ];
  const tests = [
    { task_id: 'Toy/0', test: 'assert last([1, 2]) == 2\nassert last([3, 4]) == 4\nassert last([]) is None' },
    {
      task_id: 'Toy/0',
      test: 'assert last([1, 2]) == 1\nassert last([3, 4]) == 3\nassert helper(last([1]))',
    },
    { task_id: 'Toy/1', test: 'assert double(3) == 6\nassert double(2) == 4' },
  ];
  const samplesFile = join(dir, 'samples.jsonl');
  const testsFile = join(dir, 'tests.jsonl');
  writeFileSync(samplesFile, `${samples.map((sample) => JSON.stringify(sample)).join('\n')}\n`);
  writeFileSync(testsFile, `${tests.map((test) => JSON.stringify(test)).join('\n')}\n`);
  return { dir, datasets, samples: samplesFile, tests: testsFile };
}

/** A workspace of its own for one test, removed after it. */
function ownWorkspace(): ReturnType<typeof workspace> {
  const files = workspace();
  made.push(files.dir);
  return files;
}

function selectArgs({ datasets, samples, tests }: ReturnType<typeof workspace>): string[] {
  return ['eval', 'humaneval', '--datasets', datasets, '--samples', samples, '--select', '--tests', tests];
}

interface Report {
  'pass@k': Record<string, number>;
  selected: {
    'pass@k': { '1': number };
    method: string;
    resumed: number;
    selectionFile: string;
    unranked: { taskId: string; reason: string }[];
    delivered?: {
      taskId: string;
      sample: number;
      passed: boolean;
      confidence: string;
      reasons: string[];
      evidence: { kind: string; independent: boolean; detail: string }[];
      checks: { name: string; status: string }[];
      behaviour: { samples: number; group: number; assertions: number; passed: number };
    }[];
    calibration?: Record<'high' | 'medium' | 'low', { problems: number; passing: number }>;
  };
}

describe.skipIf(!sandbox.available)(`vouch eval --select (skipped: ${sandbox.reason})`, () => {
  // The default run (ranking, then generate's checks on each delivered sample) on a fresh workspace: the
  // first two tests read different parts of its one report, then run on in the same workspace.
  let shared: ReturnType<typeof workspace>;
  let first: CliResult;
  beforeAll(async () => {
    shared = workspace();
    first = await runMain([...selectArgs(shared), '--json']);
  }, 240_000);
  afterAll(() => {
    if (shared) rmSync(shared.dir, { recursive: true, force: true });
  });

  it('ranks by agreement with the tests, reports progress per problem and reuses its rankings', async () => {
    const args = selectArgs(shared);
    expect(first.code, first.stderr).toBe(0);
    const report = first.json<Report>();
    // Toy/0: 2 of 8 right; the tests the right ones pass are passed by the partly right ones too, those of
    // the misreading by nobody else. Toy/1: both pass double(2) == 4; only x + x passes double(3) == 6.
    expect(report['pass@k']['1']).toBeCloseTo((1 / 4 + 1 / 2) / 2, 12);
    expect(report.selected['pass@k']['1']).toBe(1);
    expect(report.selected.method).toBe('vouch');
    const events = first.stderr
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { label: string; done: number; total: number });
    expect(events.some((event) => event.label === 'select' && event.total === 2 && event.done === 2)).toBe(
      true,
    );

    // the rankings are what is reused and compared here, not the delivered samples' confidence (the test
    // below): these runs skip judging it
    const again = await runMain([...args, '--no-confidence', '--json']);
    expect(again.json<Report>().selected.resumed).toBe(2);
    expect(again.json<Report>().selected['pass@k']['1']).toBe(1);

    const codet = await runMain([...args, '--rank', 'codet', '--no-confidence', '--json']);
    const ranked = codet.json<Report>();
    expect(ranked.selected.method).toBe('codet');
    expect(ranked.selected.resumed).toBe(0);
    // CodeT weighs the three that misread the spec by sqrt(3): 3 x 1.73 > 3 x 1.41 on Toy/0.
    expect(ranked.selected['pass@k']['1']).toBeCloseTo(0.5, 12);

    // B4 penalises the wrong-test passes of the candidates outside a set: the misreading leaves five.
    const b4 = (await runMain([...args, '--rank', 'b4', '--no-confidence', '--json'])).json<Report>();
    expect(b4.selected.method).toBe('b4');
    expect(b4.selected['pass@k']['1']).toBe(1);
  }, 120_000);

  it("judges each delivered sample's confidence on generate's path and tabulates it against the hidden tests", async () => {
    const args = selectArgs(shared);
    expect(first.code).toBe(0);
    const { delivered, calibration } = first.json<Report>().selected;
    // Toy/0 delivers a right sample (index 3): 2 of the 8 behave as it does on the 5 valid assertions (the
    // one reading `helper` counts for nobody), too few for high and enough not to be a guess. Toy/1 delivers
    // x + x, alone among two: too few samples to call it a guess, too little agreement for high.
    expect(
      delivered?.map(({ taskId, sample, passed, confidence }) => [taskId, sample, passed, confidence]),
    ).toEqual([
      ['Toy/0', 3, true, 'medium'],
      ['Toy/1', 9, true, 'medium'],
    ]);
    expect(delivered?.[0]?.behaviour).toEqual({ samples: 8, group: 2, assertions: 5, passed: 3 });
    // the same checks generate runs on code it produces, in its order
    expect(delivered?.[0]?.checks.map((check) => check.name)).toEqual([
      'syntax',
      'imports',
      'types',
      'lint',
      'security',
      'licence',
      'harness',
      'tests',
      'test-evidence',
    ]);
    expect(delivered?.[0]?.evidence).toEqual([
      {
        kind: 'model-tests',
        independent: false,
        detail: 'it passes 3 of the 5 assertions the model wrote (selection ran them on every candidate)',
      },
    ]);
    expect(delivered?.[0]?.reasons).toContain(
      'the sampled candidates do not agree enough: 2 of 8 behave as this one',
    );
    expect(calibration).toEqual({
      high: { problems: 0, passing: 0 },
      medium: { problems: 2, passing: 2 },
      low: { problems: 0, passing: 0 },
    });
    const text = await runMain(args);
    expect(text.stdout).toMatch(/medium\s+2 problems · 2 pass \(100\.00%\)/);
    const without = (await runMain([...args, '--no-confidence', '--json'])).json<Report>();
    expect(without.selected.calibration).toBeUndefined();
  }, 240_000);

  it('says which problems it could not rank, and gives no figure when it ranked none', async () => {
    const { datasets, samples, tests } = ownWorkspace();
    const args = ['eval', 'humaneval', '--datasets', datasets, '--samples', samples, '--select', '--tests'];
    // Toy/1's tests read a name nothing defines: nothing to rank its two samples by.
    writeFileSync(
      tests,
      `${[
        { task_id: 'Toy/0', test: 'assert last([1, 2]) == 2\nassert last([]) is None' },
        { task_id: 'Toy/1', test: 'assert helper(double(3))' },
      ]
        .map((line) => JSON.stringify(line))
        .join('\n')}\n`,
    );
    const some = await runMain([...args, tests, '--json']);
    expect(some.code, some.stderr).toBe(0);
    const report = some.json<Report>();
    expect(report.selected.unranked).toEqual([
      { taskId: 'Toy/1', reason: 'no model-written assertion could be used (1 undefined-name)' },
    ]);
    // the text of what is not ranked and why: the delivered samples' confidence, judged with the one
    // problem unranked in the run above, is not judged again
    const text = await runMain([...args, tests, '--no-confidence']);
    expect(text.stdout).toMatch(/selected pass@1 \(vouch\)\s+\d+\.\d+%/);
    expect(text.stdout).toContain(
      "the selection could not rank 1 of 2 problems: a uniform pick, not verified (counted at a random sample's chance)",
    );
    expect(text.stdout).toContain('Toy/1: no model-written assertion could be used (1 undefined-name)');

    // No problem ranked: no selected figure, only why (with confidence judged: the one run here where
    // no problem is ranked and the delivered samples' confidence is still judged)
    writeFileSync(tests, `${JSON.stringify({ task_id: 'Toy/1', test: 'assert helper(double(3))' })}\n`);
    const none = await runMain([...args, tests]);
    expect(none.code, none.stderr).toBe(0);
    expect(none.stdout).toMatch(/selected pass@1 \(vouch\)\s+not ranked/);
    expect(none.stdout).toContain(
      'the selection could not rank 2 of 2 problems: a uniform pick, not verified\n',
    );
    expect(none.stdout).toContain('Toy/0: the model-written tests hold no assertion');
  }, 120_000);

  it('refuses an unknown ranking with a usage error', async () => {
    const result = await runMain([...selectArgs(ownWorkspace()), '--rank', 'best']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--rank must be one of vouch, codet, codet-paper, b4');
  });
});

/**
 * A repository that ships `.vouch/eval/<benchmark>-<model>-….jsonl` and its results file (w197, r49): before,
 * `vouch eval --model` resumed from there, reusing the shipped samples and their verdicts, so a shipped pair
 * could change a pass@k figure. Its samples and verdicts now live in the user's cache dir, keyed by the
 * workspace's real path; a shipped `.vouch/eval/` is never read.
 */
describe.skipIf(!sandbox.available)(
  `vouch eval --model beside a shipped .vouch/eval (skipped: ${sandbox.reason})`,
  () => {
    it('scores what the model wrote now, not a shipped samples or results file', async () => {
      const files = ownWorkspace();
      // the model answers both problems wrongly; the shipped pair (named as the old default path) says right
      const replay = join(files.dir, 'replay.jsonl');
      const wrong = [
        { task_id: 'Toy/0', completion: '    return xs[0]\n' },
        { task_id: 'Toy/1', completion: '    return x * x\n' },
      ];
      writeFileSync(replay, wrong.map((record) => JSON.stringify(record)).join('\n'));
      const model = `replay:${replay}`;
      const name = `humaneval-${model.replace(/[^\w.-]+/g, '_').slice(0, 80)}-n1-nocontext-nochecks-noselect.jsonl`;
      const shipped = join(files.dir, '.vouch', 'eval');
      mkdirSync(shipped, { recursive: true });
      const right = [
        { task_id: 'Toy/0', completion: '    return xs[-1] if xs else None\n' },
        { task_id: 'Toy/1', completion: '    return x + x\n' },
      ];
      const lines = (records: object[]) => `${records.map((record) => JSON.stringify(record)).join('\n')}\n`;
      writeFileSync(join(shipped, name), lines(right.map((record) => ({ ...record, rank: 0 }))));
      writeFileSync(
        join(shipped, `${name}_results.jsonl`),
        lines(
          right.map((record) => ({
            ...record,
            rank: 0,
            result: 'passed',
            passed: true,
            sample_index: 0,
            kind: null,
            duration_ms: 1,
          })),
        ),
      );
      const args = ['eval', 'humaneval', '--datasets', files.datasets, '--model', model, '--k', '1'];
      const result = await runMain([...args, '--no-context', '--no-checks', '--no-select', '--json'], {
        cwd: files.dir,
        env: { XDG_CACHE_HOME: join(files.dir, 'user-cache') },
      });
      expect(result.code, result.stderr).toBe(0);
      expect(result.json<Report>()['pass@k']['1']).toBe(0);
      expect(result.stdout).not.toContain(shipped);
    }, 240_000);
  },
);
