import { describe, expect, it } from 'vitest';
import { jestReportProblems } from './test-results.js';

const report = (fields: Record<string, unknown>) =>
  JSON.stringify({
    numTotalTests: 2,
    numPassedTests: 1,
    numFailedTests: 1,
    testResults: [
      {
        name: '/p/src/a.test.ts',
        assertionResults: [
          { fullName: 'adds', status: 'passed' },
          { fullName: 'subtracts', status: 'failed' },
        ],
      },
    ],
    ...fields,
  });

describe('jestReportProblems', () => {
  it('finds nothing wrong with a report that lists the files that ran and agrees with itself', () => {
    expect(jestReportProblems(`log line\n${report({})}`, ['/p/src/a.test.ts'])).toEqual([]);
  });

  it('refuses a report without the files that ran, or with files that did not', () => {
    expect(jestReportProblems(report({}), ['/p/src/b.test.ts'])).toEqual([
      'the report does not list /p/src/b.test.ts, which ran',
      'the report lists results of /p/src/a.test.ts, which vouch did not run',
    ]);
  });

  it('refuses totals that do not agree with the tests, or no totals', () => {
    expect(
      jestReportProblems(report({ numPassedTests: 2, numFailedTests: 0 }), ['/p/src/a.test.ts']),
    ).toEqual([
      "the report's `numPassedTests` is 2, but it lists 1",
      "the report's `numFailedTests` is 0, but it lists 1",
    ]);
    expect(jestReportProblems(report({ numTotalTests: undefined }), ['/p/src/a.test.ts'])).toEqual([
      'the report has no `numTotalTests`',
    ]);
  });
});
