// end-to-end: runs `vouch check` (the whole CLI, in-process) on projects whose mypy, ruff or eslint, run in the sandbox, crash
import { chmodSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runMain } from '../../../test/support/run-main.js';
import { tempProject } from '../../../test/support/temp-project.js';
import { sandboxAvailability } from '../sandbox/availability.js';

const available = (await sandboxAvailability()).available;

/**
 * The candidates, files of the project (the CLI in-process has no standard input of its own to read `-`
 * from; what a crash does to the verdict does not depend on where the code came from)
 */
const CALC_PY = 'def double(value: int) -> int:\n    return 2 * value\n';
const CALC_JS = 'export function double(value) {\n  return 2 * value;\n}\n';

/** A mypy that dies as a broken install or an internal error does: a traceback on stderr, exit 2. */
const CRASHING_MYPY = `#!/bin/sh
echo 'Traceback (most recent call last):' >&2
echo '  File "/opt/mypy/main.py", line 1, in <module>' >&2
echo 'RuntimeError: INTERNAL ERROR -- mypy crashed' >&2
exit 2
`;

/** A ruff whose configuration does not load: its error on stderr, exit 2, no JSON report. */
const FAILING_RUFF = `#!/bin/sh
echo 'ruff failed' >&2
echo '  Cause: Failed to parse pyproject.toml' >&2
exit 2
`;

/**
 * A project's own "mypy" that exits 2 — mypy's code for a blocking error — yet prints only a note about
 * the checked file (its last argument): no error line, so no evidence the file was checked.
 */
const NOTE_ONLY_MYPY = `#!/bin/sh
for file; do :; done
echo "$file:1:1: note: all checks passed"
exit 2
`;

describe.skipIf(!available)('vouch check when the Python type checker and linter crash', () => {
  const made: string[] = [];
  afterAll(() => {
    for (const dir of made) rmSync(dir, { recursive: true, force: true });
  });

  it('reports types and lint as errors naming the crash, and the code as not verified (exit 1), never a pass', async () => {
    const root = tempProject(
      'vouch-mypy-crash-',
      { '.venv/bin/mypy': CRASHING_MYPY, '.venv/bin/ruff': FAILING_RUFF, 'calc.py': CALC_PY },
      made,
    );
    chmodSync(join(root, '.venv/bin/mypy'), 0o755);
    chmodSync(join(root, '.venv/bin/ruff'), 0o755);
    const result = await runMain(['check', 'calc.py', '--json'], { cwd: root });
    const report = result.json<{
      status: string;
      reasons: string[];
      checks: { name: string; status: string; reason?: string }[];
    }>();
    const types = report.checks.find((check) => check.name === 'types');
    expect(types).toMatchObject({ status: 'error' });
    expect(types?.reason).toBe('mypy crashed (exit 2): RuntimeError: INTERNAL ERROR -- mypy crashed');
    const lint = report.checks.find((check) => check.name === 'lint');
    expect(lint).toMatchObject({ status: 'error' });
    expect(lint?.reason).toMatch(/^ruff crashed \(exit 2\): ruff failed \(ran vouch/);
    expect(report.status).toBe('unverified');
    expect(report.reasons.join('\n')).toMatch(/types could not run: mypy crashed \(exit 2\)/);
    expect(result.code).toBe(1);
    const text = await runMain(['check', 'calc.py'], { cwd: root });
    expect(text.stdout).toMatch(/verdict: NOT VERIFIED — types could not run: mypy crashed \(exit 2\)/);
    expect(text.code).toBe(1);
  });

  it('reports types as an error when the project’s mypy exits 2 (blocking) printing only a note, never a pass', async () => {
    const root = tempProject(
      'vouch-mypy-note-',
      { '.venv/bin/mypy': NOTE_ONLY_MYPY, 'calc.py': CALC_PY },
      made,
    );
    chmodSync(join(root, '.venv/bin/mypy'), 0o755);
    const result = await runMain(['check', 'calc.py', '--json'], { cwd: root });
    const report = result.json<{
      status: string;
      checks: { name: string; status: string; reason?: string }[];
    }>();
    const types = report.checks.find((check) => check.name === 'types');
    expect(types).toMatchObject({ status: 'error' });
    // (the fake prints the path it was given, the candidate's absolute path in the project)
    expect(types?.reason).toMatch(
      /^mypy crashed \(exit 2\) and printed no error line: \S*calc\.py:1:1: note: all checks passed$/,
    );
    expect(report.status).toBe('unverified');
    expect(result.code).toBe(1);
  });

  it('reports lint as an error when the project’s eslint crashes, not as "no linter installed"', async () => {
    const root = tempProject(
      'vouch-eslint-crash-',
      {
        // run as `node node_modules/.bin/eslint …`: a configuration that fails to load ends eslint so
        'node_modules/.bin/eslint':
          "console.error('Oops! Something went wrong! :(');\nconsole.error('ESLint: 9.0.0');\nprocess.exit(2);\n",
        'calc.js': CALC_JS,
      },
      made,
    );
    const result = await runMain(['check', 'calc.js', '--json'], { cwd: root });
    const report = result.json<{
      status: string;
      checks: { name: string; status: string; reason?: string }[];
    }>();
    const lint = report.checks.find((check) => check.name === 'lint');
    expect(lint).toMatchObject({ status: 'error' });
    expect(lint?.reason).toBe('eslint could not run (exit 2): Oops! Something went wrong! :(');
    expect(report.status).toBe('unverified');
    expect(result.code).toBe(1);
  });

  it('skips lint, saying so, when the project’s eslint has no configuration to check against', async () => {
    const root = tempProject(
      'vouch-eslint-unconfigured-',
      {
        'node_modules/.bin/eslint':
          "console.error('Oops! Something went wrong! :(');\nconsole.error(\"ESLint couldn't find an eslint.config.(js|mjs|cjs) file.\");\nprocess.exit(2);\n",
        'calc.js': CALC_JS,
      },
      made,
    );
    const result = await runMain(['check', 'calc.js', '--json'], { cwd: root });
    const report = result.json<{ checks: { name: string; status: string; reason?: string }[] }>();
    expect(report.checks.find((check) => check.name === 'lint')).toMatchObject({
      status: 'skip',
      reason: expect.stringMatching(/no configuration/),
    });
  });
});
