import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..', '..');
const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

describe('the Python shipped in python/', () => {
  it('passes its unit tests (test/python/test_*.py, run with unittest)', () => {
    const run = spawnSync(
      PYTHON,
      ['-m', 'unittest', 'discover', '-s', join(ROOT, 'test', 'python'), '-p', 'test_*.py', '-v'],
      {
        cwd: ROOT,
        encoding: 'utf8',
        timeout: 120_000,
        // the report channel's test holds that the program sees no VOUCH_ variable: none from the suite's own
        // environment either (test/support/suite-caches.ts)
        env: Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('VOUCH_'))),
      },
    );
    expect(run.error).toBeUndefined();
    // unittest reports on stderr; show it when something failed
    expect({ status: run.status, output: run.status === 0 ? '' : run.stderr }).toEqual({
      status: 0,
      output: '',
    });
    expect(run.stderr).toMatch(/Ran [1-9]\d* tests/);
  });

  it('is in the package npm would publish', () => {
    const shipped = readdirSync(join(ROOT, 'python')).filter((name) => name.endsWith('.py'));
    expect(shipped.length).toBeGreaterThanOrEqual(3);
    const packed = JSON.parse(
      execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
        cwd: ROOT,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }),
    ) as { files: { path: string }[] }[];
    const paths = new Set(packed[0]!.files.map((file) => file.path));
    for (const name of shipped) expect(paths.has(`python/${name}`)).toBe(true);
  });
});
