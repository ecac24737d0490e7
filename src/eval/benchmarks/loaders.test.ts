import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { testFolder } from '../../../test/support/test-folders.js';
import { UsageError } from '../../core/errors.js';
import { truncateAtStopTokens } from '../problem.js';
import { loadBenchmark, mbppFormOf } from './index.js';

function tempDatasets(files: Record<string, string | Buffer>): string {
  const dir = testFolder('vouch-datasets-');
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

const good = {
  task_id: 'X/0',
  prompt: 'def f():\n',
  canonical_solution: '    return 1\n',
  test: 'def check(c):\n    assert c() == 1\n',
  entry_point: 'f',
};

describe('dataset loaders: bad records', () => {
  it('names file:line of a record that fails validation', () => {
    const lines = [JSON.stringify(good), JSON.stringify({ ...good, entry_point: 7 }), JSON.stringify(good)];
    const dir = tempDatasets({ 'humaneval/HumanEval.jsonl.gz': gzipSync(lines.join('\n')) });
    let error: unknown;
    try {
      loadBenchmark('humaneval', { datasets: dir });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(/HumanEval\.jsonl\.gz:2: entry_point/);
  });

  it('names file:line of a line that is not JSON', () => {
    const dir = tempDatasets({
      'mbpp/mbxp_mbtsp_release_v1.2.jsonl': `\n{"task_id": "MBTSP/1"\n`,
    });
    expect(() => loadBenchmark('mbpp-ts', { datasets: dir })).toThrow(
      /mbxp_mbtsp_release_v1\.2\.jsonl:2: not valid JSON/,
    );
  });

  it('says where to point --datasets when a file is missing', () => {
    const dir = tempDatasets({});
    expect(() => loadBenchmark('humaneval-ts', { datasets: dir })).toThrow(/cannot find the dataset file/);
  });

  it('refuses an unknown benchmark with the list of known ones', () => {
    expect(() => loadBenchmark('apps', { datasets: '/nowhere' })).toThrow(/unknown benchmark/);
  });
});

describe('program construction', () => {
  it('builds human-eval’s check program exactly', () => {
    const dir = tempDatasets({ 'humaneval/HumanEval.jsonl.gz': gzipSync(JSON.stringify(good)) });
    const benchmark = loadBenchmark('humaneval', { datasets: dir });
    expect(benchmark.program(benchmark.problems[0]!, '    return 2')).toBe(
      'def f():\n    return 2\ndef check(c):\n    assert c() == 1\n\ncheck(f)',
    );
  });

  it('cuts MultiPL-E completions at the earliest stop token', () => {
    expect(truncateAtStopTokens('  return 1;\n}\n// done\nfunction g() {', ['\nfunction ', '\n//'])).toBe(
      '  return 1;\n}',
    );
  });

  it('tells MBPP’s forms apart by their task ids', () => {
    expect(mbppFormOf(['MBPP/11'])).toBe('mbxp');
    expect(mbppFormOf(['11'])).toBe('original');
  });
});

/**
 * The five files in their upstream formats, a record or two each, written here (synthetic: the same fields
 * as the releases, not their content). The real files live outside the repository (../shared/datasets,
 * licences that forbid copying) and CI clones only the repository, so a test of them could only skip
 * there; `npx tsx bench/eval/datasets-check.ts` checks the real files (every record loads, the counts).
 */
describe('the five dataset files, in their upstream formats', () => {
  const upstream = {
    'humaneval/HumanEval.jsonl.gz': gzipSync(
      `${JSON.stringify({ ...good, task_id: 'HumanEval/0' })}\n${JSON.stringify({ ...good, task_id: 'HumanEval/1', entry_point: 'g', prompt: 'def g():\n' })}\n`,
    ),
    // the original release: numeric ids, a whole program, CRLF code, tests as assertions
    'mbpp/mbpp.jsonl': [
      {
        text: 'Write a function to double a number.',
        code: 'def double(n): \r\n\treturn n * 2',
        task_id: 1,
        test_setup_code: '',
        test_list: ['assert double(2) == 4', 'assert double(0) == 0'],
        challenge_test_list: [],
      },
      {
        text: 'Write a function to tell whether a box is heavy.',
        code: 'class Box: \r\n\tdef __init__(self, kg): \r\n\t\tself.kg = kg\r\ndef is_heavy(box): \r\n\treturn box.kg > 10',
        task_id: 2,
        test_setup_code: 'big = Box(20) \r\nsmall = Box(1)',
        test_list: ['assert is_heavy(big) == True', 'assert not is_heavy(small)'],
        challenge_test_list: [],
      },
    ]
      .map((record) => JSON.stringify(record))
      .join('\n'),
    // MBXP's Python form: HumanEval-style, a canonical solution that may be null
    'mbpp/mbxp_mbpp_release_v1.jsonl': [
      {
        task_id: 'MBPP/1',
        language: 'python',
        prompt: '\n\ndef double(n):\n\t"""\n\tWrite a function to double a number.\n\t"""\n',
        canonical_solution: '\treturn n * 2\n',
        test: '\n\nMETADATA = {}\n\n\ndef check(candidate):\n    assert candidate(2) == 4\n',
        entry_point: 'double',
        description: 'Write a function to double a number.',
      },
      {
        task_id: 'MBPP/2',
        language: 'python',
        prompt: '\n\ndef halve(n):\n',
        canonical_solution: null,
        test: '\n\ndef check(candidate):\n    assert candidate(4) == 2\n',
        entry_point: 'halve',
        description: 'Write a function to halve a number.',
      },
    ]
      .map((record) => JSON.stringify(record))
      .join('\n'),
    // MultiPL-E: a name, not a task id, with fields the loader does not read
    'humaneval-ts/humaneval-ts.jsonl': JSON.stringify({
      name: 'HumanEval_23_strlen',
      language: 'ts',
      prompt: '//Return length of given string\nfunction strlen(string: string): number {\n',
      doctests: 'transform',
      prompt_terminology: 'reworded',
      tests:
        "declare var require: any;\nconst assert = require('node:assert');\n\nfunction test() {\n  assert.deepEqual(strlen('ab'), 2);\n}\n\ntest();",
      stop_tokens: ['\nfunction ', '\n/*', '\n//', '\nclass'],
    }),
    // MBXP's TypeScript form: the canonical solution may be absent
    'mbpp/mbxp_mbtsp_release_v1.2.jsonl': JSON.stringify({
      task_id: 'MBTSP/1',
      prompt: '/**\n * Write a function to double a number.\n */\nfunction double(n: number): number {\n',
      test: "\nimport * as assert from 'assert'\n\nassert.equal(double(2), 4);\n",
      language: 'typescript',
      description: 'Write a function to double a number.',
      entry_point: 'double',
    }),
  };

  it('loads every record of each, with its ids, entry points and canonical solutions', () => {
    const sets = tempDatasets(upstream);
    const humaneval = loadBenchmark('humaneval', { datasets: sets });
    expect(humaneval.problems.map((problem) => [problem.taskId, problem.entryPoint])).toEqual([
      ['HumanEval/0', 'f'],
      ['HumanEval/1', 'g'],
    ]);
    expect(humaneval.problems[1]!.source).toMatch(/HumanEval\.jsonl\.gz:2$/);

    const original = loadBenchmark('mbpp', { datasets: sets, mbppForm: 'original' });
    expect(original.problems.map((problem) => [problem.taskId, problem.entryPoint])).toEqual([
      ['1', 'double'],
      ['2', 'is_heavy'],
    ]);
    expect(original.problems[0]!.description).toContain('Your code should pass these tests:');

    const mbxp = loadBenchmark('mbpp', { datasets: sets, mbppForm: 'mbxp' });
    expect(mbxp.problems.map((problem) => [problem.taskId, problem.entryPoint])).toEqual([
      ['MBPP/1', 'double'],
      ['MBPP/2', 'halve'],
    ]);
    expect(mbxp.problems[0]!.canonicalSolution).toBe('\treturn n * 2\n');
    expect(mbxp.problems[1]!).not.toHaveProperty('canonicalSolution');

    const humanevalTs = loadBenchmark('humaneval-ts', { datasets: sets });
    expect(humanevalTs.problems).toHaveLength(1);
    expect(humanevalTs.problems[0]).toMatchObject({ taskId: 'HumanEval_23_strlen', entryPoint: 'strlen' });

    const mbppTs = loadBenchmark('mbpp-ts', { datasets: sets });
    expect(mbppTs.problems).toHaveLength(1);
    expect(mbppTs.problems[0]).toMatchObject({ taskId: 'MBTSP/1', entryPoint: 'double' });
    expect(mbppTs.problems[0]!).not.toHaveProperty('canonicalSolution');
  });

  it('builds each harness’s program from a record', () => {
    const sets = tempDatasets(upstream);
    const mbxp = loadBenchmark('mbpp', { datasets: sets, mbppForm: 'mbxp' });
    expect(mbxp.program(mbxp.problems[0]!, '\treturn n + n\n')).toBe(
      '\n\ndef double(n):\n\t"""\n\tWrite a function to double a number.\n\t"""\n\treturn n + n\n\n\nMETADATA = {}\n\n\ndef check(candidate):\n    assert candidate(2) == 4\n\ncheck(double)',
    );
    const humanevalTs = loadBenchmark('humaneval-ts', { datasets: sets });
    // cut at the first stop token, as MultiPL-E does
    expect(humanevalTs.program(humanevalTs.problems[0]!, '  return string.length;\n}\n// extra')).toBe(
      "//Return length of given string\nfunction strlen(string: string): number {\n  return string.length;\n}\ndeclare var require: any;\nconst assert = require('node:assert');\n\nfunction test() {\n  assert.deepEqual(strlen('ab'), 2);\n}\n\ntest();",
    );
    const mbppTs = loadBenchmark('mbpp-ts', { datasets: sets });
    expect(mbppTs.program(mbppTs.problems[0]!, '  return n * 2;\n}\n')).toBe(
      "/**\n * Write a function to double a number.\n */\nfunction double(n: number): number {\n  return n * 2;\n}\n\nimport * as assert from 'assert'\n\nassert.equal(double(2), 4);\n",
    );
  });

  it('adds MBPP’s test_setup_code before the tests of a task that has one, and nothing to one that has none', () => {
    const sets = tempDatasets(upstream);
    const mbpp = loadBenchmark('mbpp', { datasets: sets, mbppForm: 'original' });
    const [plain, withSetup] = mbpp.problems;
    expect(mbpp.program(plain!, 'def double(n): return 2 * n')).toBe(
      'def double(n): return 2 * n\nassert double(2) == 4\nassert double(0) == 0',
    );
    const program = mbpp.program(withSetup!, 'def is_heavy(box): return box.kg > 10');
    expect(program.indexOf('big = Box(20)')).toBeGreaterThan(program.indexOf('def is_heavy'));
    expect(program.indexOf('big = Box(20)')).toBeLessThan(program.indexOf('assert'));
  });
});
