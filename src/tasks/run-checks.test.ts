import { describe, expect, it } from 'vitest';
import { securityCheck } from '../security/check.js';
import { harnessCheck, importsCheck, lintCheck, testsCheck, typesCheck } from '../verify/checks/index.js';
import { runChecks } from './run-checks.js';
import { verdictOf } from './verdict.js';

describe('runChecks on a language a check does not read (w167)', () => {
  const checks = [importsCheck, typesCheck, lintCheck, securityCheck, harnessCheck, testsCheck];
  const context = { workspaceRoot: '/nonexistent', config: {} };

  it('says what is left unverified by the checks that would have judged the code, not by lint or harness', async () => {
    const results = await runChecks({
      checks,
      subject: { code: 'system(ARGV[0])\n', language: 'ruby', path: 'run.rb' },
      context,
    });
    expect(results.map((result) => [result.name, result.status, result.unverified])).toEqual([
      ['imports', 'skip', 'the imports check does not read ruby'],
      ['types', 'skip', 'the types check does not read ruby'],
      ['lint', 'skip', undefined],
      ['security', 'skip', 'the security rules do not read ruby'],
      ['harness', 'skip', undefined],
      // no tests were given: there was nothing to run
      ['tests', 'skip', undefined],
    ]);
    expect(results.every((result) => result.reason === 'not available for ruby')).toBe(true);
    expect(verdictOf(results).reasons).toEqual([
      'imports: nothing checked, the imports check does not read ruby',
      'types: nothing checked, the types check does not read ruby',
      'security: nothing checked, the security rules do not read ruby',
    ]);
  });

  it('tests given in a language with no test runner were not run: not verified', async () => {
    const [tests] = await runChecks({
      checks: [testsCheck],
      subject: { code: 'def add(a, b) = a + b\n', language: 'ruby', path: 'add.rb', tests: ['x'] },
      context,
    });
    expect(tests).toMatchObject({
      status: 'skip',
      unverified: 'no test runner for ruby: the tests given were not run',
    });
  });
});
