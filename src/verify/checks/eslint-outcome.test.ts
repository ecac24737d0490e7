import { describe, expect, it } from 'vitest';
import { exited } from '../../../test/support/sandbox-results.js';
import type { SandboxResult } from '../sandbox/types.js';
import { type EslintOutcome, eslintOutcome } from './eslint-outcome.js';

const report = (...messages: { ruleId: string | null; severity: number; message: string }[]) =>
  JSON.stringify([
    { filePath: '/project/calc.js', messages: messages.map((m) => ({ line: 2, column: 3, ...m })) },
  ]);

function failure(outcome: EslintOutcome): string {
  if (outcome.kind !== 'failed') throw new Error(`expected a failure, got ${JSON.stringify(outcome)}`);
  return outcome.failure;
}

describe("the project's eslint: 0 no error, 1 errors reported, 2 its configuration or itself failed", () => {
  it('exit 0 with an empty report ran and found nothing; a warning is a low finding', () => {
    expect(eslintOutcome(exited(0, { stdout: report() }), 'calc.js')).toEqual({ kind: 'ran', findings: [] });
    expect(
      eslintOutcome(
        exited(0, { stdout: report({ ruleId: 'no-var', severity: 1, message: 'var' }) }),
        'calc.js',
      ),
    ).toMatchObject({ kind: 'ran', findings: [{ ruleId: 'no-var', severity: 'low', line: 2, column: 3 }] });
  });

  it('exit 1 with an error ran: its findings', () => {
    expect(
      eslintOutcome(
        exited(1, { stdout: report({ ruleId: 'no-undef', severity: 2, message: "'x' is not defined." }) }),
        'calc.js',
      ),
    ).toMatchObject({ kind: 'ran', findings: [{ ruleId: 'no-undef', severity: 'medium', file: 'calc.js' }] });
  });

  it('exit 1 whose report holds no error is no evidence: "exited 1 without reporting any error"', () => {
    expect(failure(eslintOutcome(exited(1, { stdout: report() }), 'calc.js'))).toBe(
      'eslint exited 1 without reporting any error',
    );
    expect(
      failure(
        eslintOutcome(
          exited(1, { stdout: report({ ruleId: 'no-var', severity: 1, message: 'var' }), stderr: 'oops\n' }),
          'calc.js',
        ),
      ),
    ).toBe('eslint exited 1 without reporting any error: oops');
  });

  it('exit 2 is no evidence even beside a clean report', () => {
    expect(failure(eslintOutcome(exited(2, { stdout: report() }), 'calc.js'))).toBe(
      'eslint crashed (exit 2) after printing a report',
    );
  });

  it('a report from a run that did not end (a limit, a signal) is no evidence', () => {
    const timedOut: SandboxResult = {
      ...exited(0, { stdout: report() }),
      status: 'timeout',
      exitCode: null,
      reason: 'wall-time limit reached',
    };
    expect(failure(eslintOutcome(timedOut, 'calc.js'))).toBe(
      'eslint could not run (timeout): wall-time limit reached',
    );
  });

  it('no report: could not run, naming its first line; no configuration at all: unconfigured', () => {
    expect(
      failure(eslintOutcome(exited(2, { stderr: 'Oops! Something went wrong! :(\nESLint: 9\n' }), 'calc.js')),
    ).toBe('eslint could not run (exit 2): Oops! Something went wrong! :(');
    expect(failure(eslintOutcome(exited(2), 'calc.js'))).toBe(
      'eslint could not run (exit 2): it printed no report',
    );
    expect(
      eslintOutcome(
        exited(2, { stderr: "ESLint couldn't find an eslint.config.(js|mjs|cjs) file.\n" }),
        'calc.js',
      ),
    ).toEqual({ kind: 'unconfigured' });
  });
});
