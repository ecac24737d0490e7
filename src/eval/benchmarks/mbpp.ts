import { z } from 'zod';
import { UsageError } from '../../core/errors.js';
import { datasetFile } from '../datasets-dir.js';
import { readJsonl } from '../jsonl.js';
import type { Benchmark, Problem } from '../problem.js';

export type MbppForm = 'original' | 'mbxp';

const OriginalRecord = z.object({
  task_id: z.number().int().positive(),
  text: z.string().min(1),
  code: z.string().min(1),
  test_setup_code: z.string(),
  test_list: z.array(z.string().min(1)).min(1),
  challenge_test_list: z.array(z.string()),
});

const MbxpRecord = z.object({
  task_id: z.string().regex(/^MBPP\/\d+$/, 'expected "MBPP/<n>"'),
  language: z.literal('python'),
  prompt: z.string().min(1),
  canonical_solution: z.string().nullable(),
  test: z.string().min(1),
  entry_point: z.string().min(1),
  description: z.string(),
});

export const MBPP_ORIGINAL_FILE = 'mbpp/mbpp.jsonl';
export const MBPP_MBXP_FILE = 'mbpp/mbxp_mbpp_release_v1.jsonl';

/** The entry point of an original MBPP task: the function its first assertion calls. */
function entryPointOf(assertion: string): string {
  const match = /assert\s*\(?\s*(?:not\s+)?(?:\w+\()?\s*([A-Za-z_]\w*)\s*\(/.exec(assertion);
  return match?.[1] ?? '';
}

/**
 * MBPP in its original form (974 tasks; a completion is a whole program) or its MBXP form (HumanEval-style
 * prompt, `check(candidate)` tests).
 */
export function loadMbpp(dir: string, form: MbppForm): Benchmark {
  if (form === 'original') {
    const file = datasetFile(dir, MBPP_ORIGINAL_FILE);
    const records = readJsonl(file, OriginalRecord, 'mbpp.jsonl should be the MBPP release file');
    const setup = new Map<string, { setupCode: string; tests: string[] }>();
    const problems: Problem[] = records.map(({ value, line }) => {
      const taskId = String(value.task_id);
      setup.set(taskId, { setupCode: value.test_setup_code, tests: value.test_list });
      return {
        taskId,
        prompt: '',
        entryPoint: entryPointOf(value.test_list[0]!),
        test: value.test_list.join('\n'),
        canonicalSolution: value.code,
        description: `${value.text}\nYour code should pass these tests:\n\n${value.test_list.join('\n')}\n`,
        source: `${file}:${line}`,
      };
    });
    return {
      id: 'mbpp',
      form,
      language: 'python',
      mode: 'python-exec',
      file,
      harness:
        'bigcode-evaluation-harness mbpp task (code_eval, human-eval execution): completion + "\\n" + "\\n".join(test_list); ' +
        'test_setup_code (tasks 367, 927) is placed before the tests',
      problems,
      program: (problem, completion) => {
        const extra = setup.get(problem.taskId);
        if (!extra) throw new UsageError(`unknown MBPP task ${problem.taskId}`);
        const setupCode = extra.setupCode ? `${extra.setupCode}\n` : '';
        return `${completion}\n${setupCode}${extra.tests.join('\n')}`;
      },
      solution: (_problem, completion) => completion,
    };
  }
  const file = datasetFile(dir, MBPP_MBXP_FILE);
  const records = readJsonl(file, MbxpRecord, 'mbxp_mbpp_release_v1.jsonl should be the mxeval release file');
  const problems: Problem[] = records.map(({ value, line }) => ({
    taskId: value.task_id,
    prompt: value.prompt,
    entryPoint: value.entry_point,
    test: value.test,
    ...(value.canonical_solution !== null ? { canonicalSolution: value.canonical_solution } : {}),
    description: value.prompt,
    source: `${file}:${line}`,
  }));
  return {
    id: 'mbpp',
    form,
    language: 'python',
    mode: 'python-script',
    file,
    harness:
      'amazon-science/mxeval check_correctness_python: prompt + completion + test + f"\\ncheck({entry_point})", run as `python file.py`',
    problems,
    program: (problem, completion) =>
      `${problem.prompt}${completion}${problem.test}\ncheck(${problem.entryPoint})`,
    solution: (problem, completion) => `${problem.prompt}${completion}`,
  };
}
