import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The programs vouch runs in the sandbox, as files: `python/*.py` compile with the machine's Python
 * (`py_compile`), `node/*.cjs|mjs` pass `node --check`, and both folders are in the package npm would
 * publish (`files` in package.json), so they load from `dist/` and from a packed tarball alike.
 */
const ROOT = resolve(import.meta.dirname, '..', '..');
const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
const python = readdirSync(join(ROOT, 'python')).filter((name) => name.endsWith('.py'));
const node = readdirSync(join(ROOT, 'node')).filter((name) => /\.[cm]js$/.test(name));

describe('the programs shipped in python/ and node/', () => {
  it('compile as Python (py_compile)', () => {
    const out = mkdtempSync(join(tmpdir(), 'vouch-py-compile-'));
    try {
      // compiled into a folder of the test's own: no __pycache__ is left in the repository
      const run = spawnSync(
        PYTHON,
        [
          '-c',
          'import os, py_compile, sys\nfor i, f in enumerate(sys.argv[2:]):\n    py_compile.compile(f, cfile=os.path.join(sys.argv[1], str(i) + ".pyc"), doraise=True)',
          out,
          ...python.map((name) => join(ROOT, 'python', name)),
        ],
        { encoding: 'utf8' },
      );
      expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
    expect(python).toContain('differential_side.py');
  });

  it('check as JavaScript (node --check)', () => {
    expect(node).toContain('vouch-report.cjs');
    for (const name of node) {
      const run = spawnSync(process.execPath, ['--check', join(ROOT, 'node', name)], { encoding: 'utf8' });
      expect({ name, status: run.status, stderr: run.stderr }).toEqual({ name, status: 0, stderr: '' });
    }
  });

  it('are in the package npm would publish', () => {
    const packed = JSON.parse(
      execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
        cwd: ROOT,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }),
    ) as { files: { path: string }[] }[];
    const paths = new Set(packed[0]!.files.map((file) => file.path));
    for (const name of python) expect(paths).toContain(`python/${name}`);
    for (const name of node) expect(paths).toContain(`node/${name}`);
  });
});
