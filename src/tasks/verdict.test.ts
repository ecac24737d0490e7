import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../core/check.js';
import { onlyExamplesRan, verdictOf } from './verdict.js';

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

describe('verdictOf', () => {
  it('passes only when every check that applies ran and passed', () => {
    expect(
      verdictOf([check('syntax', 'pass'), check('tests', 'skip', { reason: 'no tests were given' })]),
    ).toEqual({
      status: 'pass',
      reasons: [],
    });
  });

  it('reads tests that are not evidence as not verified, not as failed code (issue 58)', () => {
    const notEvidence = check('test-evidence', 'fail', {
      blocking: false,
      reason: "the model's own tests are not evidence: tests.mocks-subject; mutants not run",
    });
    expect(
      verdictOf([check('syntax', 'pass'), check('tests', 'pass'), notEvidence], { needsTestRun: true }),
    ).toEqual({
      status: 'unverified',
      reasons: [
        "test-evidence: the model's own tests are not evidence: tests.mocks-subject; mutants not run",
      ],
    });
    // beside a check that failed, the code failed
    expect(verdictOf([check('tests', 'fail'), notEvidence]).status).toBe('fail');
  });

  it('never passes a check that could not run: the code is unverified, and says why', () => {
    const verdict = verdictOf([
      check('syntax', 'pass'),
      check('imports', 'error', { reason: 'needs the sandbox' }),
      check('tests', 'error', { reason: 'pytest is missing' }),
    ]);
    expect(verdict.status).toBe('unverified');
    expect(verdict.reasons).toEqual([
      'imports could not run: needs the sandbox',
      'tests could not run: pytest is missing',
    ]);
  });

  it('a check that could not read the code leaves it not verified, whichever face asks (w167)', () => {
    const ruby = [
      check('syntax', 'pass'),
      check('lint', 'skip', { reason: 'not available for ruby' }),
      check('security', 'skip', {
        reason: 'not available for ruby',
        unverified: 'the security rules do not read ruby',
      }),
    ];
    expect(verdictOf(ruby)).toEqual({
      status: 'unverified',
      reasons: ['security: nothing checked, the security rules do not read ruby'],
    });
    // a pass that says what it could not read is no pass either
    expect(
      verdictOf([check('syntax', 'pass'), check('licence', 'pass', { unverified: "ruby's imports unread" })]),
    ).toEqual({
      status: 'unverified',
      reasons: ["licence could not verify everything: ruby's imports unread"],
    });
    // a failure beside it is still a failure
    expect(verdictOf([...ruby, check('syntax', 'fail')]).status).toBe('fail');
    // a skip that only lowers the confidence (no tests given, no linter) leaves a pass
    expect(verdictOf([check('syntax', 'pass'), check('lint', 'skip'), check('licence', 'skip')]).status).toBe(
      'pass',
    );
  });

  it('is unverified when nothing ran or there is no code', () => {
    expect(verdictOf([check('types', 'skip'), check('lint', 'skip')]).status).toBe('unverified');
    expect(verdictOf([]).status).toBe('unverified');
    expect(verdictOf([check('syntax', 'pass')], { hasCode: false })).toEqual({
      status: 'unverified',
      reasons: ['there is no code to verify'],
    });
  });

  it('fails on a failed or blocking check, before anything else', () => {
    const verdict = verdictOf([
      check('imports', 'error'),
      check('security', 'pass', { blocking: true }),
      check('tests', 'fail'),
    ]);
    expect(verdict).toEqual({ status: 'fail', reasons: ['security blocks delivery', 'tests failed'] });
  });

  it('does not pass code meant to run that no test ran, however its static checks went', () => {
    const statics = [check('syntax', 'pass'), check('types', 'pass'), check('tests', 'skip')];
    expect(verdictOf(statics, { needsTestRun: true })).toEqual({
      status: 'unverified',
      reasons: ['no test ran: only static checks (syntax, types)'],
    });
    expect(verdictOf([check('syntax', 'pass')], { needsTestRun: true }).status).toBe('unverified');
    expect(verdictOf([...statics.slice(0, 2), check('tests', 'pass')], { needsTestRun: true }).status).toBe(
      'pass',
    );
    // a failure still reads as one
    expect(verdictOf([check('types', 'fail')], { needsTestRun: true }).status).toBe('fail');
    // the request's own examples ran the code in the sandbox: a test ran (w235: it said "no test ran: only
    // static checks (…, examples)"); one that could not run is no test run
    expect(verdictOf([...statics, check('examples', 'pass')], { needsTestRun: true })).toEqual({
      status: 'pass',
      reasons: [],
    });
    expect(verdictOf([...statics, check('examples', 'error')], { needsTestRun: true }).status).toBe(
      'unverified',
    );
  });
});

describe('onlyExamplesRan (w239)', () => {
  const result = (name: string, status: CheckResult['status']): CheckResult => ({
    name,
    status,
    findings: [],
    durationMs: 1,
  });
  it("is true when the request's examples passed and no test did", () => {
    expect(
      onlyExamplesRan([result('syntax', 'pass'), result('tests', 'skip'), result('examples', 'pass')]),
    ).toBe(true);
  });
  it('is false once a test passed or failed beside them, or when they did not pass', () => {
    expect(onlyExamplesRan([result('tests', 'pass'), result('examples', 'pass')])).toBe(false);
    expect(onlyExamplesRan([result('tests', 'fail'), result('examples', 'pass')])).toBe(false);
    expect(onlyExamplesRan([result('tests', 'skip'), result('examples', 'error')])).toBe(false);
    expect(onlyExamplesRan([result('syntax', 'pass')])).toBe(false);
  });
});
