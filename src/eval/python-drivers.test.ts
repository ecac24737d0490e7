// end-to-end: runs pytest and flake8 on the shipped Python drivers
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../core/package-root.js';

/**
 * The Python that vouch ships (the sandbox programs of eval and selection, in python/) is tested and linted as Python:
 * its unit tests run under pytest when one is installed (Debian's python3-pytest), else under unittest.
 */
const DIRECTORIES = [join('src', 'eval', 'python'), join('src', 'selection', 'python')];
/** The drivers themselves ship in python/, beside the modules they import (`vouch_verdict.py`). */
const DRIVERS = ['exec_driver.py', 'matrix_driver.py', 'vouch_verdict.py'].map((name) =>
  join('python', name),
);
const root = packageRoot();
const env = { ...process.env, PYTHONDONTWRITEBYTECODE: '1' };

function works(command: string, args: string[]): boolean {
  return spawnSync(command, args, { encoding: 'utf8', env }).status === 0;
}

const pytest = ['/usr/bin/python3', 'python3'].find((python) => works(python, ['-m', 'pytest', '--version']));
const python = ['python3', '/usr/bin/python3'].find((candidate) => works(candidate, ['--version']));
const flake8 = works('flake8', ['--version'])
  ? ['flake8']
  : python && works(python, ['-m', 'flake8', '--version'])
    ? [python, '-m', 'flake8']
    : undefined;

describe('the shipped Python', () => {
  it.skipIf(!python)(
    `passes its unit tests${pytest ? ' (pytest)' : ' (unittest)'}`,
    () => {
      const runs = pytest
        ? [
            spawnSync(pytest, ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', ...DIRECTORIES], {
              cwd: root,
              env,
              encoding: 'utf8',
            }),
          ]
        : DIRECTORIES.map((directory) =>
            spawnSync(python!, ['-m', 'unittest', 'discover', '-s', directory, '-p', 'test_*.py'], {
              cwd: root,
              env,
              encoding: 'utf8',
            }),
          );
      for (const run of runs) expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
    },
    120_000,
  );

  it.skipIf(!flake8)('is clean under flake8', () => {
    const [command, ...args] = flake8!;
    const run = spawnSync(command!, [...args, '--max-line-length', '120', ...DIRECTORIES, ...DRIVERS], {
      cwd: root,
      env,
      encoding: 'utf8',
    });
    expect(run.status, run.stdout + run.stderr).toBe(0);
  });
});
