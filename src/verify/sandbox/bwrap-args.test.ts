import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectMounts } from './bwrap-args.js';

/** How many mounts bubblewrap makes for the project: each costs it a read of the whole mount table. */
function mounts(args: string[]): number {
  return args.filter((arg) => arg === '--ro-bind' || arg === '--tmpfs').length;
}

describe('projectMounts', () => {
  let project: string;
  let outside: string;
  beforeAll(() => {
    project = mkdtempSync(join(tmpdir(), 'vouch-mounts-'));
    outside = mkdtempSync(join(tmpdir(), 'vouch-mounts-outside-'));
    mkdirSync(join(project, 'pkg'));
    writeFileSync(join(project, 'pkg', 'calc.py'), 'def add(a, b):\n    return a + b\n');
    for (let index = 0; index < 300; index++) writeFileSync(join(project, 'pkg', `module_${index}.py`), '');
    writeFileSync(join(outside, 'target.py'), '');
    symlinkSync(join(outside, 'target.py'), join(project, 'pkg', 'linked.py'));
  });
  afterAll(() => {
    rmSync(project, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  });

  it("binds an overlay over the project's own file in place, without binding its 300 neighbours back", () => {
    const args = projectMounts({
      projectDir: project,
      overlay: new Map([['pkg/calc.py', '/tmp/candidate']]),
    });
    expect(args).toEqual([
      '--ro-bind',
      project,
      project,
      '--ro-bind',
      '/tmp/candidate',
      join(project, 'pkg', 'calc.py'),
    ]);
    expect(mounts(args)).toBe(2);
  });

  it('still opens the folder of a new file, so the file has a place to be mounted', () => {
    const args = projectMounts({
      projectDir: project,
      overlay: new Map([['pkg/test_calc.py', '/tmp/candidate']]),
    });
    expect(args).toContain('--tmpfs');
    expect(args).toContain(join(project, 'pkg', 'module_299.py'));
    expect(args.slice(-3)).toEqual(['--ro-bind', '/tmp/candidate', join(project, 'pkg', 'test_calc.py')]);
  });

  it('opens the folder of a symbolic link rather than binding through it to a file outside the project', () => {
    const args = projectMounts({
      projectDir: project,
      overlay: new Map([['pkg/linked.py', '/tmp/candidate']]),
    });
    expect(args).not.toContain(join(outside, 'target.py'));
    expect(args).toContain('--tmpfs');
    expect(args.slice(-3)).toEqual(['--ro-bind', '/tmp/candidate', join(project, 'pkg', 'linked.py')]);
  });

  it('a hidden file beside an in-place overlay still opens the folder, and the overlay is bound once', () => {
    writeFileSync(join(project, 'pkg', '.env'), 'KEY=1\n');
    try {
      const args = projectMounts({
        projectDir: project,
        overlay: new Map([['pkg/calc.py', '/tmp/candidate']]),
        hidden: ['pkg/.env'],
      });
      expect(args).not.toContain(join(project, 'pkg', '.env'));
      expect(args.filter((arg) => arg === join(project, 'pkg', 'calc.py'))).toHaveLength(1);
      expect(args.slice(-3)).toEqual(['--ro-bind', '/tmp/candidate', join(project, 'pkg', 'calc.py')]);
    } finally {
      rmSync(join(project, 'pkg', '.env'));
    }
  });
});
