import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fakeModelsForFile } from '../../../test/support/fake-model-host.js';
import { resultIssues } from '../../../test/support/result-issues.js';
import { tempProject } from '../../../test/support/temp-project.js';
import { securityCheck } from '../../security/check.js';
import { sandboxAvailability } from '../../verify/sandbox/index.js';
import { runTask } from '../index.js';
import { AGES, AGES_TESTS, forgingRefactor, RIGHT_REFACTOR, WRONG_REFACTOR } from './__fixtures__/ages.js';
import { unifiedDiff } from './unified-diff.js';

const sandbox = await sandboxAvailability();
const { fake, made, host } = await fakeModelsForFile();

const project = () =>
  tempProject(
    'vouch-refactor-',
    { 'ages.py': AGES, 'tests/test_ages.py': AGES_TESTS, 'pyproject.toml': '' },
    made,
  );

/**
 * The forging refactors ask one thing: whether the comparison's verdict can be forged from inside the
 * code it runs. The gate (mypy and Bandit on the new file, the harness check) takes no part in the
 * comparison's verdict, so it is off there, and so is the repair round (the same answer again, compared
 * again with the same seed): "not proven" then comes from the comparison alone.
 */
const compareOnly = (root: string) => ({ ...host(root), checks: [] });

describe.skipIf(!sandbox.available)('refactor task', () => {
  it('catches a refactor that changes behaviour on negative input, with the counterexample, and rejects it', async () => {
    const root = project();
    fake.reset();
    fake.script('/v1/chat/completions', { text: WRONG_REFACTOR }, { text: WRONG_REFACTOR });
    const result = await runTask({
      name: 'refactor',
      input: { file: 'ages.py', symbol: 'age_group', goal: 'replace the if/elif chain with a table' },
      host: host(root),
    });
    expect(resultIssues('refactor', result)).toEqual([]);
    const details = result.details as Record<string, any>;
    // the project's own tests pass before and after: they never try a negative age
    expect(details.evidence.existingTests).toMatchObject({
      files: ['tests/test_ages.py'],
      before: { passed: 2, total: 2 },
      after: { passed: 2, total: 2 },
    });
    // the differential tester does: shrunk to the smallest negative age
    expect(details.counterexamples[0]).toMatchObject({
      function: 'age_group',
      call: 'age_group(-1)',
      old: 'raises ValueError',
      new: "returns 'child'",
    });
    expect(details.evidence.generatedInputs).toBeGreaterThanOrEqual(300);
    expect(details.evidence.docstringExamples).toBe(2);
    expect(details.evidence.inputsFromTests).toBe(4);
    // the model was shown the counterexample once, and its repair changed nothing: rejected, no edit
    const repair = fake.requestsTo('/v1/chat/completions')[1]!.body as { messages: { content: string }[] };
    expect(repair.messages.at(-1)!.content).toContain('`age_group(-1)`: the old version raises ValueError');
    expect(result.verification.status).toBe('fail');
    expect(result.edits).toEqual([]);
    expect(details.rejected.diff).toContain('-    if age < 0:');
    expect(result.verification.checks.find((check) => check.name === 'differential')?.status).toBe('fail');
    expect(readFileSync(join(root, 'ages.py'), 'utf8')).toBe(AGES);
  }, 120_000);

  it('a refactor cannot forge its own proof: what it prints (at import, or on fd 1) is never a verdict', async () => {
    const root = project();
    fake.reset();
    const forging = forgingRefactor(false);
    fake.script('/v1/chat/completions', { text: forging });
    const result = await runTask({
      name: 'refactor',
      input: { file: 'ages.py', goal: 'table-driven', repair: 0 },
      host: compareOnly(root),
    });
    const details = result.details as Record<string, any>;
    expect(details.proven).toBe(false);
    expect(result.edits).toEqual([]);
    // the comparison ran, outside both sandboxes, and found the difference the forgery claimed away
    expect(result.verification.checks.find((check) => check.name === 'differential')?.status).toBe('fail');
    expect(details.counterexamples[0]).toMatchObject({ function: 'age_group', call: 'age_group(-1)' });
    expect(readFileSync(join(root, 'ages.py'), 'utf8')).toBe(AGES);
  }, 120_000);

  it('a refactor that writes on every descriptor it has makes the run untrusted, never proven', async () => {
    const root = project();
    fake.reset();
    const forging = forgingRefactor(true);
    fake.script('/v1/chat/completions', { text: forging });
    const result = await runTask({
      name: 'refactor',
      input: { file: 'ages.py', goal: 'table-driven', repair: 0 },
      host: compareOnly(root),
    });
    const details = result.details as Record<string, any>;
    expect(details.proven).toBe(false);
    expect(result.edits).toEqual([]);
    const differential = result.verification.checks.find((check) => check.name === 'differential');
    expect(differential).toMatchObject({ status: 'error' });
    expect(differential?.reason).toMatch(/without this run's key/);
  }, 120_000);

  it('a refactor that keeps behaviour still goes through the gate: a secret it adds is not proven', async () => {
    const root = project();
    fake.reset();
    const leaky = RIGHT_REFACTOR.replace(
      '    if age < 0:',
      `    api_key = "${['q8Zr2Lm', 'V7xPw4Ks9'].join('')}"\n    if age < 0:`,
    );
    fake.script('/v1/chat/completions', { text: leaky }, { text: leaky });
    const result = await runTask({
      name: 'refactor',
      input: {
        file: 'ages.py',
        symbol: 'age_group',
        goal: 'replace the if/elif chain with a table',
        repair: 0,
      },
      // the gate's check this test is about (a secret is the security check's); the rest of the gate on a
      // refactor of this file is the first test's and the fifth's (mypy alone is a second of CPU a run)
      host: { ...host(root), checks: [securityCheck] },
    });
    const details = result.details as Record<string, any>;
    expect(details.evidence.differences).toBe(0);
    expect(result.verification.checks.find((check) => check.name === 'security')?.status).toBe('fail');
    expect(details.proven).toBe(false);
    expect(result.edits).toEqual([]);
  }, 120_000);

  it('repairs the refactor with the counterexample and proves the repaired one', async () => {
    const root = project();
    fake.reset();
    fake.script('/v1/chat/completions', { text: WRONG_REFACTOR }, { text: RIGHT_REFACTOR });
    const result = await runTask({
      name: 'refactor',
      input: { file: 'ages.py', symbol: 'age_group', goal: 'replace the if/elif chain with a table' },
      host: host(root),
    });
    const details = result.details as Record<string, any>;
    expect(result.verification.status).toBe('pass');
    expect(result.verification.rounds[0]!.feedback[0]).toContain('age_group(-1)');
    expect(details.evidence.differences).toBe(0);
    expect(details.evidence.summary).toMatch(
      /^\d+ generated inputs, 2 docstring examples, 4 inputs from existing tests, 2 existing tests, 0 differences; branches: old 8\/8, new 6\/6 branch arms reached$/,
    );
    expect(result.edits).toHaveLength(1);
    const edit = result.edits[0]!;
    expect(edit.path).toBe('ages.py');
    expect(edit.diff).toContain('+    for limit, group in ((13, "child"), (20, "teen"), (65, "adult")):');
    expect(edit.diff).toContain('-    elif age < 20:');
    expect(edit.diff).toBe(unifiedDiff({ path: 'ages.py', before: AGES, after: details.after }));
    expect(details.after).toContain('def price(age: int) -> int:');
  }, 120_000);
});

describe.skipIf(!sandbox.available)('refactor task, TypeScript', () => {
  const DUE = `/**
 * When a task is due, in words.
 * @example dueLabel(0) // 'today'
 * @example dueLabel(3) // 'in 3 days'
 */
export function dueLabel(days: number): string {
  if (days < 0) return 'overdue';
  if (days === 0) return 'today';
  return days === 1 ? 'tomorrow' : \`in \${days} days\`;
}
`;
  const LOOKUP =
    "```ts\nexport function dueLabel(days: number): string {\n  const named = ['today', 'tomorrow'];\n  return named[days] ?? `in ${days} days`;\n}\n```";

  it('catches the lookup that forgets overdue tasks, with the smallest negative input', async () => {
    const root = tempProject(
      'vouch-refactor-ts-',
      { 'due.ts': DUE, 'package.json': '{"type":"module"}' },
      made,
    );
    fake.reset();
    fake.script('/v1/chat/completions', { text: LOOKUP }, { text: LOOKUP });
    const result = await runTask({
      name: 'refactor',
      input: { file: 'due.ts', symbol: 'dueLabel', goal: 'use a lookup' },
      host: host(root),
    });
    const details = result.details as Record<string, any>;
    expect(details.counterexamples[0]).toMatchObject({
      call: 'dueLabel(-1)',
      old: "returns 'overdue'",
      new: "returns 'in -1 days'",
    });
    expect(details.evidence.docstringExamples).toBe(2);
    expect(details.evidence.generatedInputs).toBeGreaterThanOrEqual(300);
    expect(result.verification.checks.map((check) => [check.name, check.status])).toEqual([
      ['syntax', 'pass'],
      ['imports', 'pass'],
      ['types', 'pass'],
      ['security', 'pass'],
      ['harness', 'pass'],
      ['existing-tests', 'skip'],
      ['differential', 'fail'],
    ]);
    expect(result.edits).toEqual([]);
  }, 120_000);
});

describe('unifiedDiff', () => {
  it('writes hunks patch(1) can apply, with context and line numbers', () => {
    const before = 'a\nb\nc\nd\ne\nf\ng\nh\n';
    const after = 'a\nb\nC\nd\ne\nf\ng\nh\ni\n';
    expect(unifiedDiff({ path: 'f.txt', before, after })).toBe(
      '--- a/f.txt\n+++ b/f.txt\n@@ -1,8 +1,9 @@\n a\n b\n-c\n+C\n d\n e\n f\n g\n h\n+i\n',
    );
    expect(unifiedDiff({ path: 'f.txt', before, after: before })).toBe('');
  });
});
