import type { Check, CheckSubject } from '../../core/check.js';
import { harnessTampering } from './harness-tampering.js';
import { checkResult, subjectFile } from './support.js';

/**
 * `harness`: the candidate and the tests given with it, read for code that reaches for the test harness
 * (issue 55). A finding fails the check and blocks delivery: whatever the test run said, it is no evidence
 * about code that can rewrite it. Static and cheap (one parse per file). It runs wherever a test run is
 * evidence (the `suggestion` and `patch` profiles, the test task's suites), not in `save`/`typing`: a file
 * judged as it stands has no run to forge.
 */
export const harnessCheck: Check = {
  name: 'harness',
  languages: ['python', 'javascript', 'typescript', 'tsx'],
  async run(subject: CheckSubject) {
    const started = performance.now();
    const findings = await harnessTampering({
      code: subject.code,
      language: subject.language,
      file: subjectFile(subject.path),
      role: 'code',
    });
    for (const [index, tests] of (subject.tests ?? []).entries())
      findings.push(
        ...(await harnessTampering({
          code: tests,
          language: subject.language,
          file: subject.testPaths?.[index] ?? `<tests ${index + 1}>`,
          role: 'tests',
        })),
      );
    return checkResult({
      name: 'harness',
      started,
      findings,
      extra: {
        ...(findings.length > 0
          ? { blocking: true, reason: 'tampers with the test harness: the test run is no evidence' }
          : {}),
      },
    });
  },
};
