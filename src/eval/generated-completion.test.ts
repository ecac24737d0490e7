import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { testFolder } from '../../test/support/test-folders.js';
import { generateSamples } from './generate-samples.js';
import { completionFromCode, specFor } from './generated-completion.js';
import type { Benchmark, Problem } from './problem.js';

function benchmark(language: 'python' | 'typescript', problem: Problem): Benchmark {
  return {
    id: language === 'python' ? 'humaneval' : 'humaneval-ts',
    form: 'test',
    language,
    mode: language === 'python' ? 'python-exec' : 'ts-multipl-e',
    file: '-',
    harness: '-',
    problems: [problem],
    program: (p, completion) => `${p.prompt}${completion}\n${p.test}`,
    solution: (p, completion) => `${p.prompt}${completion}`,
  };
}

const PY: Problem = {
  taskId: 'T/0',
  prompt: 'def add(a, b):\n    """Add."""\n',
  entryPoint: 'add',
  test: '',
  description: '',
  source: '-',
};
const TS: Problem = {
  taskId: 'T_0_add',
  prompt: '//Add.\nfunction add(a: number, b: number): number {\n',
  entryPoint: 'add',
  test: '',
  description: '',
  source: '-',
};

describe('completionFromCode', () => {
  it('Python: appends a whole function after the prompt, continues a bare body', async () => {
    const whole = await completionFromCode(benchmark('python', PY), PY, 'def add(a, b):\n    return a + b');
    expect(`${PY.prompt}${whole}`).toBe(
      'def add(a, b):\n    """Add."""\n\ndef add(a, b):\n    return a + b\n',
    );
    expect(await completionFromCode(benchmark('python', PY), PY, 'return a + b')).toBe('    return a + b\n');
  });

  it('TypeScript: takes the body of the entry function and moves helpers inside it', async () => {
    const code =
      'function twice(x: number): number {\n  return 2 * x;\n}\n\nexport function add(a: number, b: number): number {\n  return twice(a) / 2 + b;\n}';
    const completion = await completionFromCode(benchmark('typescript', TS), TS, code);
    expect(completion).toBe(
      '  function twice(x: number): number {\n    return 2 * x;\n  }\n  return twice(a) / 2 + b;\n}\n',
    );
  });

  it('TypeScript: handles `const f = (…) => { … }` answers', async () => {
    const completion = await completionFromCode(
      benchmark('typescript', TS),
      TS,
      'const add = (a: number, b: number): number => {\n  return a + b;\n};',
    );
    expect(completion).toBe('  return a + b;\n}\n');
  });
});

describe('generateSamples', () => {
  it('writes ranked samples per problem and skips problems already generated', async () => {
    const file = join(testFolder('vouch-gen-'), 'samples.jsonl');
    const asked: string[] = [];
    const source = async ({ problem, spec }: { problem: Problem; spec: string }) => {
      asked.push(problem.taskId);
      expect(spec).toContain('def add(a, b):');
      return { candidates: ['def add(a, b):\n    return a + b', 'return a - b'], model: 'fake:model' };
    };
    const bench = benchmark('python', PY);
    await generateSamples({ benchmark: bench, problems: [PY], source, samplesFile: file });
    await generateSamples({ benchmark: bench, problems: [PY], source, samplesFile: file });
    expect(asked).toEqual(['T/0']);
    const lines = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.map((line) => [line.task_id, line.rank, line.model])).toEqual([
      ['T/0', 0, 'fake:model'],
      ['T/0', 1, 'fake:model'],
    ]);
    expect(specFor(bench, PY)).toMatch(/^Complete the Python function `add`/);
  });
});
