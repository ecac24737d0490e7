import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

/**
 * Trusted samples for the benchmark: the datasets' reference solutions and deliberately broken variants of
 * them, built here. Only these may go to the unsandboxed reference harness. Each sample also carries the
 * program text rebuilt from the raw dataset record with the harness's own formula, independently of
 * src/eval, so the comparison also checks vouch's program construction.
 */
export interface BenchSample {
  task_id: string;
  completion: string;
  /** the program as the official harness builds it */
  reference: string;
  variant: string;
}

type Raw = Record<string, unknown> & { task_id?: unknown };

function readRaw(file: string): Raw[] {
  const bytes = readFileSync(file);
  const text = (file.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
  return text
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as Raw);
}

/** Python mutants of a body that continues a prompt (4-space indented). */
function pythonMutants(canonical: string, index: number): [string, string][] {
  const mutants: [string, string][] = [
    ['return-none', `    return None\n${canonical}`],
    ['raise', `    raise ValueError('mutant')\n${canonical}`],
    ['syntax', `${canonical}\n    )\n`],
  ];
  const flipped = canonical.replace(/ < | \+ | == /, (match) =>
    match === ' < ' ? ' <= ' : match === ' + ' ? ' - ' : ' != ',
  );
  if (flipped !== canonical) mutants.push(['operator', flipped]);
  // Costly (a timeout each) or harness-specific behaviours, on a few problems only.
  if (index < 3) mutants.push(['loop', '    while True:\n        pass\n']);
  if (index >= 3 && index < 6) mutants.push(['sys-exit', '    import sys\n    sys.exit(0)\n']);
  if (index >= 6 && index < 9) mutants.push(['os-exit', '    import os\n    os._exit(0)\n']);
  return mutants;
}

export function humanEvalSamples(datasets: string): BenchSample[] {
  const samples: BenchSample[] = [];
  readRaw(join(datasets, 'humaneval/HumanEval.jsonl.gz')).forEach((raw, index) => {
    const program = (completion: string) =>
      `${raw.prompt}${completion}\n${raw.test}\ncheck(${raw.entry_point})`;
    const canonical = raw.canonical_solution as string;
    for (const [variant, completion] of [
      ['canonical', canonical] as [string, string],
      ...pythonMutants(canonical, index),
    ]) {
      samples.push({ task_id: raw.task_id as string, completion, reference: program(completion), variant });
    }
  });
  return samples;
}

/** MBPP, original form: whole programs; bigcode's code_eval program is completion + "\n" + tests. */
export function mbppSamples(datasets: string): BenchSample[] {
  return readRaw(join(datasets, 'mbpp/mbpp.jsonl')).map((raw) => {
    const setup = raw.test_setup_code ? `${raw.test_setup_code}\n` : '';
    const completion = raw.code as string;
    return {
      task_id: String(raw.task_id),
      completion,
      reference: `${completion}\n${setup}${(raw.test_list as string[]).join('\n')}`,
      variant: 'canonical',
    };
  });
}

/** MBPP, MBXP form: mxeval's prompt + completion + test + "\ncheck(entry_point)". */
export function mbxpSamples(datasets: string): BenchSample[] {
  return readRaw(join(datasets, 'mbpp/mbxp_mbpp_release_v1.jsonl')).map((raw) => {
    const completion = raw.canonical_solution as string;
    return {
      task_id: raw.task_id as string,
      completion,
      reference: `${raw.prompt}${completion}${raw.test}\ncheck(${raw.entry_point})`,
      variant: 'canonical',
    };
  });
}

export function mbppTsSamples(datasets: string): BenchSample[] {
  return readRaw(join(datasets, 'mbpp/mbxp_mbtsp_release_v1.2.jsonl'))
    .filter((raw) => typeof raw.canonical_solution === 'string' && raw.canonical_solution)
    .map((raw) => {
      const completion = raw.canonical_solution as string;
      return {
        task_id: raw.task_id as string,
        completion,
        reference: `${raw.prompt}${completion}${raw.test}`,
        variant: 'canonical',
      };
    });
}

/** HumanEval-TS has no reference solutions: a few hand-written correct ones, and wrong ones for every problem. */
const CORRECT_TS: Record<string, string> = {
  HumanEval_23_strlen: '  return string.length;\n}\n',
  HumanEval_53_add: '  return x + y;\n}\n',
  HumanEval_35_max_element: '  return Math.max(...l);\n}\n',
  HumanEval_2_truncate_number: '  return number % 1.0;\n}\n',
  HumanEval_45_triangle_area: '  return a * h / 2.0;\n}\n',
  HumanEval_60_sum_to_n: '  return n * (n + 1) / 2;\n}\n',
  HumanEval_42_incr_list: '  return l.map((x) => x + 1);\n}\n',
  HumanEval_34_unique: '  return [...new Set(l)].sort((a, b) => a - b);\n}\n',
  HumanEval_0_has_close_elements:
    '  for (let i = 0; i < numbers.length; i++)\n    for (let j = 0; j < numbers.length; j++)\n      if (i !== j && Math.abs(numbers[i] - numbers[j]) < threshold) return true;\n  return false;\n}\n',
};

function cut(completion: string, stops: string[]): string {
  let end = completion.length;
  for (const stop of stops) {
    const at = completion.indexOf(stop);
    if (at >= 0 && at < end) end = at;
  }
  return completion.slice(0, end);
}

export function humanEvalTsSamples(datasets: string): BenchSample[] {
  const samples: BenchSample[] = [];
  readRaw(join(datasets, 'humaneval-ts/humaneval-ts.jsonl')).forEach((raw, index) => {
    const name = raw.name as string;
    const variants: [string, string][] = [
      ['undefined', '  return undefined as any;\n}\n'],
      ['no-return', '}\n'],
    ];
    if (index % 4 === 0) variants.push(['syntax', '  return (;\n}\n']);
    if (CORRECT_TS[name])
      variants.push(['correct', `${CORRECT_TS[name]}\n// a comment the stop tokens cut\nfunction extra() {`]);
    if (index < 2) variants.push(['loop', '  while (true) {}\n}\n']);
    for (const [variant, completion] of variants) {
      samples.push({
        task_id: name,
        completion,
        reference: `${raw.prompt}${cut(completion, raw.stop_tokens as string[])}\n${raw.tests}`,
        variant,
      });
    }
  });
  return samples;
}
