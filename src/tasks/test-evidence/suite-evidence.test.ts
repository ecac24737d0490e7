import { describe, expect, it } from 'vitest';
import { suiteEvidence } from './measure.js';

/** `vouch test`'s generated suite, judged with its own mutation run (no mutant run here). */
const CODE = 'def add(a, b):\n    return a + b\n';
const STRONG = 'from calc import add\n\n\ndef test_add():\n    assert add(2, 3) == 5\n';
const judge = (suite: string, mutants?: { total: number; killed: number }, unmeasured?: string) =>
  suiteEvidence({
    suite,
    code: CODE,
    language: 'python',
    path: 'calc.py',
    source: 'model',
    ...(mutants ? { mutants } : {}),
    ...(unmeasured ? { unmeasured } : {}),
  });

describe('suiteEvidence', () => {
  it('passes a suite that compares results and killed mutants', async () => {
    expect(await judge(STRONG, { total: 6, killed: 4 })).toMatchObject({
      name: 'test-evidence',
      status: 'pass',
      details: { source: 'model', verdict: 'evidence', mutants: { total: 6, killed: 4 } },
    });
  });

  it('fails a suite that patches the code under test, whatever its mutants did', async () => {
    const mocked =
      "from unittest.mock import patch\nimport calc\n\n\ndef test_add():\n    with patch('calc.add', return_value=5):\n        assert calc.add(2, 3) == 5\n";
    const result = await judge(mocked, { total: 6, killed: 1 });
    expect(result).toMatchObject({ status: 'fail', blocking: false, details: { verdict: 'not-evidence' } });
    expect(result.findings.map((finding) => finding.ruleId)).toEqual(['tests.mocks-subject']);
    expect(result.details?.tests).toEqual([{ name: 'test_add', problems: ['tests.mocks-subject'] }]);
  });

  it('fails a suite that killed no mutant, and never passes one whose mutants did not run', async () => {
    const none = await judge(STRONG, { total: 6, killed: 0 });
    expect(none.findings.map((finding) => finding.ruleId)).toEqual(['tests.kill-nothing']);
    expect(await judge(STRONG, undefined, 'the suite does not pass on the unmutated code')).toMatchObject({
      status: 'skip',
      reason: 'what the tests would catch was not measured: the suite does not pass on the unmutated code',
      details: { verdict: 'unmeasured' },
    });
  });
});
