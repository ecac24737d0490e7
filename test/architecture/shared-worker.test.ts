import { describe, expect, it } from 'vitest';
import config from '../../vitest.config.js';
import { processState, restoreState, stateChanges } from '../support/process-state.js';

interface Project {
  test?: { name?: string; isolate?: boolean; setupFiles?: string[] };
}
const projects = (config.test?.projects ?? []) as Project[];
const project = (name: string) => projects.find((each) => each.test?.name === name);

describe("the unit tier's shared workers", () => {
  it('runs the unit tier without a fresh worker per file, and the end-to-end tier with one', () => {
    expect(project('unit')?.test?.isolate).toBe(false);
    expect(project('unit')?.test?.setupFiles).toContain('test/support/unit-tier-guard.ts');
    expect(project('e2e')?.test?.isolate).toBeUndefined();
  });

  it('names what a file left changed: the working directory, and variables by name, never by value', () => {
    const before = {
      cwd: '/a',
      env: new Map<string, string | undefined>([
        ['KEPT', '1'],
        ['GONE', 'x'],
        ['TOKEN', 'old-secret'],
      ]),
    };
    const after = {
      cwd: '/b',
      env: new Map<string, string | undefined>([
        ['KEPT', '1'],
        ['TOKEN', 'new-secret'],
        ['NEW', 'y'],
      ]),
    };
    const changes = stateChanges(before, after);
    expect(changes).toEqual([
      'the working directory (/a → /b)',
      'environment variables added: NEW',
      'environment variables removed: GONE',
      'environment variables changed: TOKEN',
    ]);
    expect(changes.join(' ')).not.toMatch(/secret/);
    expect(stateChanges(before, before)).toEqual([]);
  });

  it('puts the environment back as it was', () => {
    const before = processState();
    process.env.VOUCH_SHARED_WORKER_PROBE = '1';
    const home = process.env.HOME;
    delete process.env.HOME;
    expect(stateChanges(before, processState())).toHaveLength(2);
    restoreState(before);
    expect(process.env.VOUCH_SHARED_WORKER_PROBE).toBeUndefined();
    expect(process.env.HOME).toBe(home);
    expect(stateChanges(before, processState())).toEqual([]);
  });
});
