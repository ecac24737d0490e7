import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sandboxAvailability } from '../verify/sandbox/index.js';
import { runEval } from './run-eval.js';

const sandbox = await sandboxAvailability();

// A hand-written problem in MultiPL-E's humaneval-ts format (not dataset content).
const PROBLEM = {
  name: 'HumanEval_900_double',
  language: 'ts',
  prompt: '//Double x.\nfunction double(x: number): number {\n',
  tests:
    "declare var require: any;\nconst assert = require('node:assert');\n\n\nfunction test() {\n  let candidate = double;\n  assert.deepEqual(candidate(2),4);\n  assert.deepEqual(candidate(0),0);\n}\n\ntest();",
  stop_tokens: ['\nfunction ', '\n/*', '\n//', '\nclass'],
};

describe.skipIf(!sandbox.available)(
  `vouch eval humaneval-ts in the sandbox (skipped: ${sandbox.reason})`,
  () => {
    it('type-checks as MultiPL-E does (a compile error fails), runs the rest on Node, and selects', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'vouch-eval-ts-'));
      mkdirSync(join(dir, 'datasets', 'humaneval-ts'), { recursive: true });
      writeFileSync(
        join(dir, 'datasets', 'humaneval-ts', 'humaneval-ts.jsonl'),
        `${JSON.stringify(PROBLEM)}\n`,
      );
      const samples = join(dir, 'samples.jsonl');
      const completions = [
        '  return x * 2;\n}\n',
        '  return x + 2;\n}\n',
        '  return "x";\n}\n',
        '  while (true) {}\n}\n',
        // MultiPL-E cuts at the first stop token, so the broken tail never reaches tsc
        '  return x + x;\n}\n// done\nfunction broken( {',
      ];
      writeFileSync(
        samples,
        completions.map((completion) => JSON.stringify({ task_id: PROBLEM.name, completion })).join('\n'),
      );
      const tests = join(dir, 'tests.jsonl');
      writeFileSync(
        tests,
        `${JSON.stringify({ task_id: PROBLEM.name, test: 'assert.deepEqual(double(3), 6);\nassert.deepEqual(double(-1), -2);\nassert.deepEqual(double(' })}\n`,
      );
      const { report, selection } = await runEval({
        benchmark: 'humaneval-ts',
        datasets: join(dir, 'datasets'),
        samplesFile: samples,
        ks: [1],
        // the endless loop costs this twice (scoring, then selection); under a loaded runner a sample that
        // answers at once can take over a second to start, which made a 1 s limit drop sample 0 from the top
        timeoutMs: 3000,
        testsFile: tests,
      });
      const results = readFileSync(`${samples}_results.jsonl`, 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { passed: boolean; kind: string | null; result: string });
      expect(results.map((result) => result.kind)).toEqual([
        null,
        'assertion',
        'type-error',
        'timeout',
        null,
      ]);
      expect(results[2]!.result).toMatch(/TS2322/);
      expect(report['pass@k']['1']).toBeCloseTo(2 / 5, 12);
      // Samples 0 and 4 agree on both complete assertions; the cut-off third one is dropped.
      expect(selection!.records[0]!.top).toEqual([0, 4]);
      expect(report.selected?.['pass@k']['1']).toBe(1);
    });
  },
);
