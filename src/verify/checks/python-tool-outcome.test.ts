import { describe, expect, it } from 'vitest';
import { exited } from '../../../test/support/sandbox-results.js';
import type { SandboxResult } from '../sandbox/types.js';
import { type PythonTool, type PythonToolOutcome, pythonToolOutcome } from './python-tool-outcome.js';

function outcome(tool: PythonTool, result: SandboxResult): PythonToolOutcome {
  return pythonToolOutcome({ tool, result, file: 'app/new.py', candidate: 'app/new.py' });
}

function reason(value: PythonToolOutcome): string {
  if (value.kind !== 'not-run') throw new Error(`expected not-run, got ${JSON.stringify(value)}`);
  return value.reason;
}

const TRACEBACK =
  'Traceback (most recent call last):\n  File "/project/.venv/bin/mypy", line 8, in <module>\n    sys.exit(console_entry())\nRuntimeError: mypy internal error\n';

describe('a Python tool run that did not finish is no evidence, whichever tool', () => {
  const ended: [SandboxResult['status'], string, RegExp][] = [
    ['timeout', 'wall-time limit reached; the process tree was killed', /^mypy timed out: wall-time limit/],
    ['memory', 'the program ran out of its memory limit', /^mypy ran out of memory/],
    ['killed', 'killed by SIGSEGV', /^mypy was stopped: killed by SIGSEGV/],
    [
      'error',
      'could not start the sandbox: spawn bwrap ENOENT',
      /^mypy could not start: could not start the sandbox/,
    ],
  ];
  for (const [status, why, expected] of ended) {
    it(`${status}: not run, saying so`, () => {
      for (const tool of ['mypy', 'ruff', 'flake8'] as const) {
        const result: SandboxResult = {
          status,
          exitCode: null,
          stdout: tool === 'ruff' ? '[]' : '',
          stderr: '',
          durationMs: 60_000,
          truncated: false,
          sandboxed: true,
          reason: why,
        };
        expect(reason(outcome(tool, result))).toMatch(new RegExp(expected.source.replace('mypy', tool)));
      }
    });
  }

  it('a run ended by a limit with no exit code (file size) is not run', () => {
    const result: SandboxResult = {
      ...exited(1),
      exitCode: null,
      signal: 'SIGXFSZ',
      reason: 'file-size limit reached',
    };
    expect(reason(outcome('flake8', result))).toBe('flake8 did not finish: file-size limit reached');
  });
});

describe('mypy: 0 no errors, 1 errors reported, 2 crashed or refused its arguments', () => {
  it('exit 0 ran and found nothing', () => {
    expect(outcome('mypy', exited(0))).toEqual({ kind: 'ran', findings: [] });
  });

  it("exit 1 with diagnostics ran: the candidate's are findings", () => {
    const result = outcome(
      'mypy',
      exited(1, {
        stdout:
          'app/new.py:5:12: error: Incompatible return value type (got "int", expected "str")  [return-value]\n',
      }),
    );
    expect(result).toMatchObject({
      kind: 'ran',
      findings: [{ ruleId: 'mypy-return-value', line: 5, column: 12, severity: 'high', tool: 'mypy' }],
    });
  });

  it('a diagnostic without a column (mypy 1.0.1, --warn-unused-ignores) is a finding at column 1', () => {
    const result = outcome(
      'mypy',
      exited(1, { stdout: 'app/new.py:1: error: Unused "type: ignore" comment\n' }),
    );
    expect(result).toMatchObject({
      kind: 'ran',
      findings: [{ ruleId: 'mypy-error', line: 1, column: 1, message: 'Unused "type: ignore" comment' }],
    });
  });

  it("exit 1 with only another module's diagnostics ran: a report, with nothing about the candidate", () => {
    expect(
      outcome('mypy', exited(1, { stdout: 'lib.py:2:1: error: Name "x" is not defined  [name-defined]\n' })),
    ).toEqual({ kind: 'ran', findings: [] });
  });

  it('exit 1 with no diagnostic line at all is not run', () => {
    expect(reason(outcome('mypy', exited(1, { stderr: 'Killed\n' })))).toBe(
      'mypy exited 1 without reporting any error: Killed',
    );
    expect(reason(outcome('mypy', exited(1)))).toBe('mypy exited 1 without reporting any error');
  });

  it("exit 2 (a crash) is not run, naming the traceback's exception, not its paths", () => {
    const crashed = reason(outcome('mypy', exited(2, { stderr: TRACEBACK })));
    expect(crashed).toBe('mypy crashed (exit 2): RuntimeError: mypy internal error');
    expect(crashed).not.toMatch(/\.venv/);
  });

  it('exit 2 at a syntax error in the checked file ran: the error is its finding (the syntax check reports it too)', () => {
    expect(
      outcome('mypy', exited(2, { stdout: 'app/new.py:1:8: error: invalid syntax  [syntax]\n' })),
    ).toMatchObject({ kind: 'ran', findings: [{ ruleId: 'mypy-syntax', line: 1, column: 8 }] });
  });

  it('exit 2 at a syntax error in an imported module is not run: it checked nothing of the file', () => {
    expect(
      reason(outcome('mypy', exited(2, { stdout: 'app/lib.py:3:1: error: invalid syntax  [syntax]\n' }))),
    ).toBe(
      'mypy stopped at a blocking error in an imported module: app/lib.py:3:1: error: invalid syntax  [syntax]',
    );
  });

  it('exit 2 with only a note or a warning line is not run: a blocking exit needs an error line', () => {
    const note = 'app/new.py:1:1: note: all checks passed\n';
    expect(reason(outcome('mypy', exited(2, { stdout: note })))).toBe(
      'mypy crashed (exit 2) and printed no error line: app/new.py:1:1: note: all checks passed',
    );
    expect(
      reason(
        outcome('mypy', exited(2, { stdout: 'app/new.py:2:1: warning: unused "type: ignore" comment\n' })),
      ),
    ).toMatch(/^mypy crashed \(exit 2\) and printed no error line/);
    // a note of the file beside an imported module's error: that module's blocking error, not a run
    expect(
      reason(
        outcome('mypy', exited(2, { stdout: `${note}app/lib.py:3:1: error: invalid syntax  [syntax]\n` })),
      ),
    ).toMatch(/^mypy stopped at a blocking error in an imported module/);
  });

  it('exit 1 with only note lines is not run: errors were said to be reported and none was', () => {
    expect(reason(outcome('mypy', exited(1, { stdout: 'app/new.py:1:1: note: fine\n' })))).toBe(
      'mypy exited 1 without reporting any error: app/new.py:1:1: note: fine',
    );
  });

  it("exit 2 (a usage error) is not run, naming mypy's first line", () => {
    expect(
      reason(
        outcome(
          'mypy',
          exited(2, { stderr: "mypy: can't read file 'app/new.py': No such file or directory\nmore\n" }),
        ),
      ),
    ).toBe("mypy crashed (exit 2): mypy: can't read file 'app/new.py': No such file or directory");
  });

  it('a long line is cut: a reason is one short line, never a dump', () => {
    const long = `error: ${'/very/long/path'.repeat(40)}`;
    const crashed = reason(outcome('mypy', exited(2, { stderr: long })));
    expect(crashed.length).toBeLessThan(200);
    expect(crashed).toMatch(/…$/);
  });
});

describe('ruff --output-format json: 0 none, 1 violations, 2 abnormal termination', () => {
  const violation = JSON.stringify([
    { code: 'F401', message: '`os` imported but unused', location: { row: 1, column: 8 } },
  ]);

  it('exit 0 with [] ran and found nothing', () => {
    expect(outcome('ruff', exited(0, { stdout: '[]\n' }))).toEqual({ kind: 'ran', findings: [] });
  });

  it('exit 1 with violations ran', () => {
    expect(outcome('ruff', exited(1, { stdout: violation }))).toMatchObject({
      kind: 'ran',
      findings: [{ ruleId: 'F401', line: 1, column: 8, severity: 'medium', tool: 'ruff' }],
    });
  });

  it('exit 2 is not run, naming its error line', () => {
    expect(
      reason(
        outcome('ruff', exited(2, { stderr: 'ruff failed\n  Cause: Failed to parse pyproject.toml\n' })),
      ),
    ).toBe('ruff crashed (exit 2): ruff failed');
  });

  it('output that is not its JSON report is not run, whatever the exit code', () => {
    expect(reason(outcome('ruff', exited(0, { stdout: 'warning: something\n' })))).toBe(
      'ruff printed no JSON report (exit 0): warning: something',
    );
    expect(reason(outcome('ruff', exited(0)))).toBe('ruff printed no JSON report (exit 0)');
    expect(reason(outcome('ruff', exited(1, { stdout: '[{"code": "F401"' })))).toMatch(
      /^ruff printed no JSON report \(exit 1\)/,
    );
  });

  it('exit 1 with an empty report is not run', () => {
    expect(reason(outcome('ruff', exited(1, { stdout: '[]' })))).toBe(
      'ruff exited 1 without reporting any violation',
    );
  });

  it('E902 (the file could not be read) is not run, not a low-severity note', () => {
    const unreadable = JSON.stringify([
      { code: 'E902', message: 'No such file or directory (os error 2)', location: { row: 1, column: 1 } },
    ]);
    expect(reason(outcome('ruff', exited(1, { stdout: unreadable })))).toBe(
      'ruff could not read the file (E902): No such file or directory (os error 2)',
    );
  });
});

describe('flake8: 0 none, 1 errors reported (or a catastrophic failure), above 1 crashed', () => {
  it('exit 0 ran and found nothing', () => {
    expect(outcome('flake8', exited(0))).toEqual({ kind: 'ran', findings: [] });
  });

  it('exit 1 with errors ran', () => {
    expect(outcome('flake8', exited(1, { stdout: "6:34:F821:undefined name 'limit'\n" }))).toMatchObject({
      kind: 'ran',
      findings: [{ ruleId: 'F821', line: 6, column: 34, severity: 'high', tool: 'flake8' }],
    });
  });

  it('exit 1 with no error line (a critical error, an uncaught exception) is not run', () => {
    expect(
      reason(
        outcome(
          'flake8',
          exited(1, {
            stderr: 'There was a critical error during execution of Flake8:\nplugin code "X" failed\n',
          }),
        ),
      ),
    ).toBe(
      'flake8 exited 1 without reporting any error: There was a critical error during execution of Flake8:',
    );
    expect(reason(outcome('flake8', exited(1, { stderr: TRACEBACK })))).toBe(
      'flake8 exited 1 without reporting any error: RuntimeError: mypy internal error',
    );
  });

  it('exit above 1 is not run', () => {
    expect(reason(outcome('flake8', exited(2, { stderr: 'usage: flake8 [options] file file ...\n' })))).toBe(
      'flake8 crashed (exit 2): usage: flake8 [options] file file ...',
    );
    expect(reason(outcome('flake8', exited(3)))).toBe('flake8 crashed (exit 3)');
  });

  it('E902 (the file could not be read) is not run', () => {
    expect(
      reason(
        outcome('flake8', exited(1, { stdout: '0:1:E902:FileNotFoundError: [Errno 2] No such file\n' })),
      ),
    ).toBe('flake8 could not read the file (E902): FileNotFoundError: [Errno 2] No such file');
  });
});
