import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CheckContext, CheckSubject } from '../../core/check.js';
import { testsCheck } from '../../verify/checks/tests.js';
import { sandboxAvailability } from '../../verify/sandbox/index.js';
import { measureTestEvidence, withTestEvidence } from './measure.js';

/**
 * The measure itself, with the real tests check and the real mutation harness in the sandbox: the
 * outcomes the static reading cannot give (mutants killed or not), and what is not measured.
 */
const sandbox = await sandboxAvailability();
const root = mkdtempSync(join(tmpdir(), 'vouch-test-evidence-'));
writeFileSync(join(root, 'vouch.toml'), '');
afterAll(() => rmSync(root, { recursive: true, force: true }));
const context: CheckContext = { workspaceRoot: root, config: {} };

const ADD = 'def add(a, b):\n    return a + b\n';
const subject = (
  code: string,
  tests: string,
  language: CheckSubject['language'] = 'python',
): CheckSubject => ({
  code,
  language,
  path: '<generated>',
  tests: [tests],
});

const measure = async (
  code: string,
  tests: string,
  language: CheckSubject['language'] = 'python',
  budgetMs?: number,
) => {
  const given = subject(code, tests, language);
  const run = await testsCheck.run(given, context);
  expect(run.status, run.reason).toBe('pass');
  return measureTestEvidence({
    subject: given,
    tests: run,
    context,
    options: { source: 'model', ...(budgetMs ? { budgetMs } : {}) },
  });
};

describe.skipIf(!sandbox.available)('test-evidence, measured', () => {
  it('tests that compare the result with itself kill no mutant: not evidence (tests.kill-nothing)', async () => {
    const result = await measure(
      ADD,
      'from solution import add\n\n\ndef test_add():\n    assert add(2, 3) == add(2, 3)\n',
    );
    expect(result).toMatchObject({
      status: 'fail',
      blocking: false,
      findings: [expect.objectContaining({ ruleId: 'tests.kill-nothing' })],
      details: { source: 'model', verdict: 'not-evidence', tests: [{ name: 'test_add', problems: [] }] },
    });
    const mutants = (result.details as { mutants: { total: number; killed: number } }).mutants;
    expect(mutants.total).toBeGreaterThan(0);
    expect(mutants.killed).toBe(0);
  }, 120_000);

  it('JavaScript under node:test: assertions that kill mutants are evidence', async () => {
    const result = await measure(
      'export function sum(a, b) {\n  return a + b;\n}\n',
      "import { test } from 'node:test';\nimport assert from 'node:assert/strict';\nimport { sum } from './solution.js';\n\ntest('adds', () => {\n  assert.strictEqual(sum(2, 3), 5);\n});\n",
      'javascript',
    );
    expect(result, result.reason).toMatchObject({ status: 'pass', details: { verdict: 'evidence' } });
  }, 120_000);

  it('is never a pass when not measured: over the budget, no tests, tests that did not pass', async () => {
    const over = await measure(
      ADD,
      'from solution import add\n\n\ndef test_add():\n    assert add(2, 3) == 5\n',
      'python',
      1,
    );
    expect(over).toMatchObject({ status: 'skip', details: { verdict: 'unmeasured' } });
    expect(over.reason).toContain('budget');

    const none = await measureTestEvidence({
      subject: { code: ADD, language: 'python', path: '<generated>' },
      tests: { name: 'tests', status: 'skip', findings: [], durationMs: 0 },
      context,
      options: { source: 'model' },
    });
    expect(none).toMatchObject({ status: 'skip', details: { verdict: 'unmeasured' } });

    const given = subject(
      'def add(a, b):\n    return a - b\n',
      'from solution import add\n\n\ndef test_add():\n    assert add(2, 3) == 5\n',
    );
    const failed = await withTestEvidence({
      checks: [await testsCheck.run(given, context)],
      subject: given,
      context,
      options: {
        source: 'model',
      },
    });
    expect(failed.map((check) => [check.name, check.status])).toEqual([
      ['tests', 'fail'],
      ['test-evidence', 'skip'],
    ]);
  }, 120_000);
});
