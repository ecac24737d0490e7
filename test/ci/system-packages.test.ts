// end-to-end: asks dpkg and each tool whether the system packages are installed
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Tests that need a tool of .ci/apt-packages (Bandit, mypy, flake8, Neovim, a virtualenv, coverage.py…)
 * skip without it on a developer's machine. In CI (`CI=true`, which .ci/run sets) a missing one is this
 * failure instead, so a CI run cannot go green by skipping what it was meant to run.
 */
const ROOT = join(import.meta.dirname, '..', '..');
const packages = readFileSync(join(ROOT, '.ci', 'apt-packages'), 'utf8')
  .split('\n')
  .map((line) => line.replace(/#.*/, '').trim().split(/\s+/)[0])
  .filter((name): name is string => Boolean(name));

const succeeds = (command: string, args: string[]) =>
  spawnSync(command, args, { stdio: 'ignore', timeout: 60_000 }).status === 0;

/** What the tests themselves run, beyond the packages being installed. */
const commands: [string, string, string[]][] = [
  ['Bandit', 'bandit', ['--version']],
  ['mypy', 'mypy', ['--version']],
  ['flake8', 'flake8', ['--version']],
  ['Neovim', 'nvim', ['--version']],
  ['a virtualenv (python3-venv)', '/usr/bin/python3', ['-m', 'venv', '--help']],
  ['coverage.py (python3-coverage)', '/usr/bin/python3', ['-m', 'coverage', '--version']],
  ['pytest (python3-pytest)', '/usr/bin/python3', ['-m', 'pytest', '--version']],
];

describe('the system packages the suite uses (.ci/apt-packages)', () => {
  it('are installed (required when CI=true)', (context) => {
    const missing = packages.filter(
      (name) =>
        !/install ok installed/.test(
          spawnSync('dpkg-query', ['-W', `-f=\${Status}`, name], { encoding: 'utf8' }).stdout ?? '',
        ),
    );
    if (process.env.CI !== 'true')
      context.skip(missing.length > 0, `missing: ${missing.join(' ')} (npm run setup installs them)`);
    expect(missing).toEqual([]);
  });

  it('give the tests the commands they run (required when CI=true)', (context) => {
    const missing = commands.filter(([, command, args]) => !succeeds(command, args)).map(([name]) => name);
    if (process.env.CI !== 'true') context.skip(missing.length > 0, `missing: ${missing.join(', ')}`);
    expect(missing).toEqual([]);
  });
});
