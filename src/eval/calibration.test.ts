import { describe, expect, it } from 'vitest';
import { calibrationOf, type DeliveredJudge, judgeDeliveredSamples } from './calibration.js';
import type { Benchmark, Problem } from './problem.js';
import type { ScoredSample } from './score.js';
import type { SelectionRecord } from './select-samples.js';

const problem = (taskId: string): Problem => ({
  taskId,
  prompt: 'def f(x):\n',
  entryPoint: 'f',
  test: '',
  description: '',
  source: 'toy:1',
});

const benchmark = {
  id: 'humaneval',
  language: 'python',
  solution: (p: Problem, completion: string) => `${p.prompt}${completion}`,
} as unknown as Benchmark;

function scored(index: number, taskId: string, passed: boolean): ScoredSample {
  return {
    sample: { index, taskId, completion: `    return ${index}\n`, record: {} },
    problem: problem(taskId),
    verdict: { passed } as ScoredSample['verdict'],
  };
}

const record = (taskId: string, sample: number, group: number): SelectionRecord =>
  ({
    task_id: taskId,
    delivered: { sample, behaviour: { samples: 3, group, assertions: 4, passed: 4 } },
  }) as SelectionRecord;

describe('calibration of the delivered samples', () => {
  it('tabulates problems and passes per level', () => {
    expect(
      calibrationOf([
        { confidence: 'high', passed: true },
        { confidence: 'high', passed: false },
        { confidence: 'low', passed: false },
      ]),
    ).toEqual({
      high: { problems: 2, passing: 1 },
      medium: { problems: 0, passing: 0 },
      low: { problems: 1, passing: 0 },
    });
  });

  it("hands the judge each problem's delivered program and agreement, and reads the hidden verdict of that sample", async () => {
    const seen: Parameters<DeliveredJudge>[0][] = [];
    const judge: DeliveredJudge = async (candidate) => {
      seen.push(candidate);
      return {
        chosen: 0,
        confidence: candidate.order[0]!.behaviour.group >= 2 ? 'high' : 'low',
        reasons: [],
        evidence: [],
        checks: [{ name: 'syntax', status: 'pass' }],
      };
    };
    const samples = [
      scored(0, 'T/0', false),
      scored(1, 'T/0', true),
      scored(2, 'T/0', true),
      scored(3, 'T/1', false),
    ];
    const { delivered, calibration } = await judgeDeliveredSamples({
      benchmark,
      scored: samples,
      records: [record('T/0', 1, 2), record('T/1', 3, 1)],
      tests: new Map(),
      judge,
    });
    expect(seen.map(({ taskId, order, candidates }) => [taskId, order[0]!.code, candidates])).toEqual([
      ['T/0', 'def f(x):\n    return 1\n', 3],
      ['T/1', 'def f(x):\n    return 3\n', 1],
    ]);
    expect(
      delivered.map(({ taskId, sample, passed, confidence }) => [taskId, sample, passed, confidence]),
    ).toEqual([
      ['T/0', 1, true, 'high'],
      ['T/1', 3, false, 'low'],
    ]);
    expect(calibration).toEqual({
      high: { problems: 1, passing: 1 },
      medium: { problems: 0, passing: 0 },
      low: { problems: 1, passing: 0 },
    });
  });
});
