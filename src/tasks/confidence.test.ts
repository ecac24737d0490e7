import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../core/check.js';
import { AGREEMENT_THRESHOLDS, type ConfidenceInput, judgeConfidence } from './confidence.js';

const check = (
  name: string,
  status: CheckResult['status'],
  extra: Partial<CheckResult> = {},
): CheckResult => ({
  name,
  status,
  findings: [],
  durationMs: 1,
  ...extra,
});

const gate = (tests: CheckResult['status'] = 'pass'): CheckResult[] => [
  check('syntax', 'pass'),
  check('imports', 'pass'),
  check('security', 'pass'),
  check('tests', tests),
];

/** The test-evidence check (issue 58 part A) as its contract gives it, built in-process. */
const testEvidence = (
  status: CheckResult['status'],
  details: Record<string, unknown>,
  ruleIds: string[] = [],
): CheckResult =>
  check('test-evidence', status, {
    ...(status === 'fail' ? { blocking: false } : {}),
    ...(status === 'skip' ? { reason: 'no mutation budget' } : {}),
    findings: ruleIds.map((ruleId) => ({
      ruleId,
      file: 'test_solution.py',
      line: 1,
      column: 1,
      severity: 'medium' as const,
      message: ruleId,
    })),
    details,
  });

const one = (checks: CheckResult[], extra: Partial<ConfidenceInput> = {}): ConfidenceInput => ({
  hasCode: true,
  checks,
  checksDisabled: false,
  truncated: false,
  agreement: 1,
  candidates: 1,
  ...extra,
});

describe('judgeConfidence: high needs independent evidence', () => {
  it("gives medium, not high, when only the model's own tests vouch, however well they pass", () => {
    const judged = judgeConfidence(one(gate()));
    expect(judged.confidence).toBe('medium');
    expect(judged.reasons.join(' ')).toMatch(/only the model's own tests vouch/);
    expect(judged.evidence).toEqual([
      { kind: 'model-tests', independent: false, detail: "the model's own tests passed" },
    ]);
  });

  it("gives medium when the model's tests are strong by test-evidence but nothing independent vouches", () => {
    const judged = judgeConfidence(
      one([
        ...gate(),
        testEvidence('pass', { source: 'model', verdict: 'evidence', mutants: { total: 10, killed: 9 } }),
      ]),
    );
    expect(judged.confidence).toBe('medium');
    expect(judged.evidence[0]?.detail).toBe("the model's own tests passed, killing 9 of 10 mutants");
  });

  it("gives high on the user's tests, and says they earned it", () => {
    const judged = judgeConfidence(one(gate(), { testsSource: 'user' }));
    expect(judged.confidence).toBe('high');
    expect(judged.evidence).toEqual([
      { kind: 'user-tests', independent: true, detail: "the user's tests passed" },
    ]);
    expect(judged.reasons[0]).toMatch(/independent evidence vouches: the user's tests passed/);
  });

  it("reads whose tests ran from test-evidence's details.source when the check is there", () => {
    const mixed = judgeConfidence(
      one([...gate(), testEvidence('pass', { source: 'mixed', verdict: 'evidence' })], {
        testsSource: 'model',
      }),
    );
    expect(mixed.confidence).toBe('high');
    expect(mixed.evidence[0]).toMatchObject({ kind: 'user-tests', independent: true });
  });

  it('gives high on agreement across sampled candidates, with the counts', () => {
    const judged = judgeConfidence(
      one(gate(), {
        candidates: 10,
        agreement: 6,
        behaviour: { samples: 10, group: 6, assertions: 8, passed: 7 },
      }),
    );
    expect(judged.confidence).toBe('high');
    expect(judged.evidence.map((item) => item.kind)).toEqual(['model-tests', 'agreement']);
    expect(judged.evidence[1]?.detail).toBe(
      '6 of 10 sampled candidates behave as this one on the 8 assertions the model wrote (it passes 7)',
    );
  });

  it('gives medium when too few sampled candidates behave as the delivered one', () => {
    const group = Math.max(AGREEMENT_THRESHOLDS.minGroup, Math.ceil(AGREEMENT_THRESHOLDS.minShare * 100)) - 1;
    const judged = judgeConfidence(
      one(gate(), { candidates: 100, behaviour: { samples: 100, group, assertions: 20, passed: 20 } }),
    );
    expect(judged.confidence).toBe('medium');
    expect(judged.reasons.join(' ')).toMatch(`${group} of 100 behave as this one`);
  });

  it('does not count identical answers as agreement (r40: copies of one answer)', () => {
    const copies = judgeConfidence(one(gate(), { candidates: 3, agreement: 3 }));
    expect(copies.confidence).toBe('medium');
    expect(copies.evidence.map((item) => item.kind)).not.toContain('agreement');
    expect(copies.reasons.join(' ')).toMatch('3 of the 3 samples were this same text');
    expect(judgeConfidence(one(gate(), { candidates: 3, agreement: 1 })).confidence).toBe('medium');
  });

  it("takes a caller's differential as independent evidence", () => {
    const judged = judgeConfidence(
      one(gate(), {
        evidence: [{ kind: 'differential', independent: true, detail: 'both versions agree on 200 inputs' }],
      }),
    );
    expect(judged.confidence).toBe('high');
    expect(judged.evidence.map((item) => item.kind)).toEqual(['model-tests', 'differential']);
  });
});

describe('judgeConfidence: tests that are not evidence count as no tests', () => {
  for (const ruleId of [
    'tests.swallowed-assertion',
    'tests.mocks-subject',
    'tests.no-result-assertion',
    'tests.kill-nothing',
    'code.special-cased',
  ])
    it(`${ruleId}: medium, never high, even with the user's tests and agreement`, () => {
      const judged = judgeConfidence(
        one([...gate(), testEvidence('fail', { source: 'user', verdict: 'not-evidence' }, [ruleId])], {
          candidates: 10,
          agreement: 9,
          behaviour: { samples: 10, group: 9, assertions: 5, passed: 5 },
        }),
      );
      // agreement still stands, but the tests do not: no tests means no high
      expect(judged.evidence.map((item) => item.kind)).toEqual(['agreement']);
      expect(judged.reasons.join(' ')).toContain(`are no evidence (${ruleId})`);
      expect(judged.confidence).toBe('medium');
    });

  it('a test-evidence failure that is not blocking is no failure of the code (medium, not low)', () => {
    const judged = judgeConfidence(
      one([...gate(), testEvidence('fail', { source: 'model' }, ['tests.mocks-subject'])]),
    );
    expect(judged.confidence).toBe('medium');
    expect(judged.evidence).toEqual([]);
    expect(judged.reasons.join(' ')).not.toMatch(/test-evidence failed$/);
  });

  it('a test-evidence skip (not measured) lowers nothing by itself', () => {
    const judged = judgeConfidence(
      one([...gate(), testEvidence('skip', { source: 'user', verdict: 'unmeasured' })]),
    );
    expect(judged.confidence).toBe('high');
  });
});

describe('judgeConfidence: low as before', () => {
  it('low on a failed check, an error, a blocking finding, a cut-off answer, no code, or nothing run', () => {
    expect(judgeConfidence(one(gate('fail'))).confidence).toBe('low');
    expect(judgeConfidence(one(gate('error'))).confidence).toBe('low');
    expect(judgeConfidence(one(gate(), { truncated: true })).confidence).toBe('low');
    expect(judgeConfidence(one(gate(), { hasCode: false })).confidence).toBe('low');
    expect(judgeConfidence(one([check('tests', 'skip')])).confidence).toBe('low');
    expect(
      judgeConfidence(
        one([...gate(), check('security', 'pass', { blocking: true })], { testsSource: 'user' }),
      ).confidence,
    ).toBe('low');
    expect(judgeConfidence(one(gate('fail'), { testsSource: 'user' })).evidence).toEqual([]);
  });

  it('medium when a check was skipped, whatever the evidence', () => {
    const judged = judgeConfidence(
      one([...gate(), check('types', 'skip', { reason: 'mypy is not installed' })], { testsSource: 'user' }),
    );
    expect(judged.confidence).toBe('medium');
    expect(judged.reasons).toEqual(['types skipped: mypy is not installed']);
  });

  it('low when many candidates were sampled and too few behave as the delivered one: the model is guessing', () => {
    const group = Math.ceil(AGREEMENT_THRESHOLDS.lowBelowShare * 100) - 1;
    const judged = judgeConfidence(
      one(gate(), { candidates: 100, behaviour: { samples: 100, group, assertions: 30, passed: 20 } }),
    );
    expect(judged.confidence).toBe('low');
    expect(judged.reasons).toEqual([
      `only ${group} of 100 usable sampled candidates behave as this one: the model is guessing`,
    ]);
    // a few candidates are no such evidence: three that all differ are medium
    expect(
      judgeConfidence(
        one(gate(), { candidates: 3, behaviour: { samples: 3, group: 1, assertions: 4, passed: 4 } }),
      ).confidence,
    ).toBe('medium');
  });
});

describe("judgeConfidence: the model's tests pooled by selection", () => {
  const pooled = { samples: 90, group: 60, assertions: 40, passed: 30 };
  const noOwnTests = [...gate().slice(0, 3), check('tests', 'skip', { reason: 'no tests were given' })];

  it("a sample with no tests of its own was still run on every answer's tests by selection: high on agreement", () => {
    const judged = judgeConfidence(one(noOwnTests, { candidates: 100, behaviour: pooled }));
    expect(judged.confidence).toBe('high');
    expect(judged.evidence).toEqual([
      {
        kind: 'model-tests',
        independent: false,
        detail: 'it passes 30 of the 40 assertions the model wrote (selection ran them on every candidate)',
      },
      {
        kind: 'agreement',
        independent: true,
        detail:
          '60 of 90 sampled candidates behave as this one on the 40 assertions the model wrote (it passes 30)',
      },
    ]);
  });

  it('without assertions to compare on, the skipped tests stay a reason and agreement is no evidence', () => {
    const judged = judgeConfidence(
      one(noOwnTests, { candidates: 100, behaviour: { samples: 90, group: 90, assertions: 0, passed: 0 } }),
    );
    expect(judged.confidence).toBe('medium');
    expect(judged.reasons[0]).toBe('tests skipped: no tests were given');
  });
});

/** The `examples` check as checkRequestExamples gives it: the request's own examples run in the sandbox. */
const examples = (status: CheckResult['status'], total: number, passed: number): CheckResult =>
  check('examples', status, {
    reason:
      status === 'pass'
        ? `the request's ${total} examples pass`
        : `${total - passed} of the request's ${total} examples fail: digits(235) returned 10, the request says 15`,
    details: { source: 'user', examples: total, passed },
  });

describe("judgeConfidence: the request's own examples are the user's tests", () => {
  const agreeing = { samples: 10, group: 8, assertions: 20, passed: 18 };
  const scattered = { samples: 100, group: 3, assertions: 20, passed: 18 };

  it('low when the code fails the examples, however many samples agree on it', () => {
    const judged = judgeConfidence(
      one([...gate('skip'), examples('fail', 3, 2)], { candidates: 10, agreement: 8, behaviour: agreeing }),
    );
    expect(judged.confidence).toBe('low');
    expect(judged.reasons.join(' ')).toMatch(
      /the user's own examples fail: 1 of the request's 3 examples fail/,
    );
  });

  it('passing them is independent evidence, and earns high on a single candidate', () => {
    const judged = judgeConfidence(one([...gate(), examples('pass', 2, 2)]));
    expect(judged.confidence).toBe('high');
    expect(judged.evidence).toContainEqual({
      kind: 'user-tests',
      independent: true,
      detail: "the request's 2 examples pass",
    });
  });

  it('alone, with no test of the model run on the code, they are medium and say so (w235)', () => {
    const judged = judgeConfidence(one([...gate('skip'), examples('pass', 1, 1)]));
    expect(judged.confidence).toBe('medium');
    expect(judged.reasons).toContain(
      "only the request's example ran the code: no test of the model's checked the rest of its behaviour",
    );
    expect(judged.evidence.map((item) => [item.kind, item.independent])).toEqual([['user-tests', true]]);
    // with the model's tests passing beside them, they are the independent witness high needs
    expect(judgeConfidence(one([...gate(), examples('pass', 1, 1)])).confidence).toBe('high');
  });

  it('by the rules chosen, with scattered samples they still do not lift a guess', () => {
    const judged = judgeConfidence(
      one([...gate('skip'), examples('pass', 2, 2)], { candidates: 100, agreement: 3, behaviour: scattered }),
    );
    expect(judged.confidence).toBe(
      AGREEMENT_THRESHOLDS.examplesLiftGuess
        ? AGREEMENT_THRESHOLDS.examplesAlone
          ? 'high'
          : 'medium'
        : 'low',
    );
  });

  it('each rule the calibration may choose does what it says', () => {
    const rules = {
      ...AGREEMENT_THRESHOLDS,
      examplesAlone: false,
      highNeedsExamples: false,
      examplesLiftGuess: false,
    };
    const scatteredButRight = one([...gate('skip'), examples('pass', 2, 2)], {
      candidates: 100,
      agreement: 3,
      behaviour: scattered,
    });
    expect(judgeConfidence({ ...scatteredButRight, agreementThresholds: rules }).confidence).toBe('low');
    expect(
      judgeConfidence({ ...scatteredButRight, agreementThresholds: { ...rules, examplesLiftGuess: true } })
        .confidence,
    ).toBe('medium');
    expect(
      judgeConfidence({
        ...scatteredButRight,
        agreementThresholds: { ...rules, examplesLiftGuess: true, examplesAlone: true },
      }).confidence,
    ).toBe('high');
    // too few examples for the rule: no evidence
    expect(
      judgeConfidence({
        ...scatteredButRight,
        agreementThresholds: { ...rules, examplesLiftGuess: true, examplesAlone: true, minExamples: 3 },
      }).confidence,
    ).toBe('low');
    // agreement alone, with no example in the request, is not enough when high needs the examples
    const agreed = one(gate('skip'), { candidates: 10, agreement: 8, behaviour: agreeing });
    expect(judgeConfidence({ ...agreed, agreementThresholds: rules }).confidence).toBe('high');
    const needing = judgeConfidence({
      ...agreed,
      agreementThresholds: { ...rules, highNeedsExamples: true },
    });
    expect(needing.confidence).toBe('medium');
    expect(needing.reasons.join(' ')).toMatch(/the request gave no example to run/);
  });
});
