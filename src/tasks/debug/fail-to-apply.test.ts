import { describe, expect, it } from 'vitest';
import { type Attempt, failToApply } from './attempt.js';

/** The first step of a debug or change attempt that fails: the answer's changes do not apply. */
describe('failToApply', () => {
  it('fails the attempt at rank 1 with one blocking finding per problem, and sends them back', () => {
    const attempt: Pick<Attempt, 'checks' | 'status' | 'reasons' | 'feedback' | 'rank'> = {
      checks: [],
      status: 'unverified',
      reasons: [],
      feedback: [],
      rank: 0,
    };
    const problems = [
      'hunk 1 of calc.py does not apply: the line `return 0` is not in the file',
      'no file b.py',
    ];
    failToApply(attempt, { problems, file: 'calc.py' });
    expect(attempt.status).toBe('fail');
    expect(attempt.rank).toBe(1);
    expect(attempt.reasons).toEqual(problems);
    expect(attempt.checks).toHaveLength(1);
    expect(attempt.checks[0]).toMatchObject({ name: 'apply', status: 'fail', blocking: true });
    expect(
      attempt.checks[0]!.findings.map((finding) => [finding.ruleId, finding.file, finding.message]),
    ).toEqual(problems.map((message) => ['diff-does-not-apply', 'calc.py', message]));
    const hint = '(copy the lines exactly from the file as shown, and name the file each change is for)';
    expect(attempt.feedback).toEqual(problems.map((message) => `apply: ${message} ${hint}`));
  });
});
