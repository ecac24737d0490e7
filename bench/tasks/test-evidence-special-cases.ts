/**
 * How often `code.special-cased` fires on real model output (issue 58): CodeGen-16B's recorded HumanEval
 * completions (../shared/datasets/selection-real/, development half, MIT; read in place, never copied),
 * each read against all the test lines the same model wrote for its problem. The rule has no labels here,
 * so the flagged samples are printed for reading: the figure is a firing rate, not a precision.
 *
 *   npx tsx bench/tasks/test-evidence-special-cases.ts [--show 10]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { specialCasedInputs } from '../../src/tasks/index.js';

const DATA = join(import.meta.dirname, '../../../shared/datasets/selection-real');
const show = Number(process.argv[process.argv.indexOf('--show') + 1] || 10);
const lines = (file: string) =>
  readFileSync(join(DATA, file), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, string>);
const tests = new Map<string, string[]>();
for (const row of lines('tests.jsonl'))
  tests.set(row.task_id!, [...(tests.get(row.task_id!) ?? []), row.test!]);
let samples = 0;
const flagged: { task: string; code: string; literals: string[] }[] = [];
for (const row of lines('samples.jsonl')) {
  samples++;
  const suite = (tests.get(row.task_id!) ?? []).join('\n');
  // the completion continues HumanEval's prompt, which holds the def line: the entry point is the name
  // the tests call most
  const called = [...suite.matchAll(/^\s*(?:assert\s+)?(?:not\s+)?\(?\s*([A-Za-z_]\w*)\(/gm)].map(
    (match) => match[1]!,
  );
  const entry = called.sort(
    (a, b) => called.filter((x) => x === b).length - called.filter((x) => x === a).length,
  )[0];
  const code = `${entry ? `def ${entry}(*args):\n` : ''}${row.completion!}`;
  const found = specialCasedInputs(code, suite, 'python');
  if (found.length)
    flagged.push({ task: row.task_id!, code: row.completion!, literals: found.flatMap((f) => f.literals) });
}
const problems = new Set(flagged.map((entry) => entry.task));
console.log(
  `${flagged.length} of ${samples} samples flagged (${((flagged.length / samples) * 100).toFixed(2)}%), on ${problems.size} problems`,
);
for (const entry of flagged.slice(0, show))
  console.log(`\n--- ${entry.task}: ${entry.literals.join(', ')}\n${entry.code.trimEnd()}`);
