import { describe, expect, it } from 'vitest';
import config from '../../vitest.config.js';
import {
  PROCESS_WIDE,
  type ProcessState,
  processState,
  restoreState,
  stateChanges,
} from '../support/process-state.js';

interface Project {
  test?: { name?: string; isolate?: boolean; setupFiles?: string[] };
}
const projects = (config.test?.projects ?? []) as Project[];
const project = (name: string) => projects.find((each) => each.test?.name === name);

/** No listener and no exit code: the part of a state the environment tests do not vary. */
const quiet = { listeners: new Map(), exitCode: undefined };

describe("the unit tier's shared workers", () => {
  it('runs the unit tier without a fresh worker per file, and the end-to-end tier with one', () => {
    expect(project('unit')?.test?.isolate).toBe(false);
    expect(project('unit')?.test?.setupFiles).toContain('test/support/unit-tier-guard.ts');
    expect(project('e2e')?.test?.isolate).toBeUndefined();
  });

  it('names what a file left changed: the working directory, and variables by name, never by value', () => {
    const before: ProcessState = {
      ...quiet,
      cwd: '/a',
      env: new Map<string, string | undefined>([
        ['KEPT', '1'],
        ['GONE', 'x'],
        ['TOKEN', 'old-secret'],
      ]),
    };
    const after: ProcessState = {
      ...quiet,
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

  it('names a listener a file left on the process (a Ctrl-C handler, an exit hook) and takes it off', () => {
    const before = processState();
    const onInterrupt = () => undefined;
    const onUncaught = () => undefined;
    process.on('SIGINT', onInterrupt);
    process.once('exit', () => undefined);
    process.on('uncaughtException', onUncaught);
    try {
      expect(stateChanges(before, processState())).toEqual([
        'process listeners added: SIGINT (onInterrupt), exit, uncaughtException (onUncaught)',
      ]);
      restoreState(before);
      expect(process.listeners('SIGINT')).not.toContain(onInterrupt);
      expect(process.listeners('uncaughtException')).not.toContain(onUncaught);
      expect(stateChanges(before, processState())).toEqual([]);
    } finally {
      process.off('SIGINT', onInterrupt);
      process.off('uncaughtException', onUncaught);
    }
  });

  it('names a listener a file took off the process, and puts it back', () => {
    const theirs = () => undefined;
    process.on('SIGTERM', theirs);
    try {
      const before = processState();
      process.off('SIGTERM', theirs);
      expect(stateChanges(before, processState())).toEqual(['process listeners removed: SIGTERM (theirs)']);
      restoreState(before);
      expect(process.listeners('SIGTERM')).toContain(theirs);
    } finally {
      process.off('SIGTERM', theirs);
    }
  });

  it('puts a removed `once` listener back as a `once` listener', () => {
    const theirs = () => undefined;
    process.once('SIGHUP', theirs);
    try {
      const before = processState();
      process.off('SIGHUP', theirs);
      restoreState(before);
      const raw = process.rawListeners('SIGHUP') as ((() => void) & { listener?: unknown })[];
      expect(raw.some((listener) => listener.listener === theirs)).toBe(true);
      expect(raw).not.toContain(theirs);
    } finally {
      process.off('SIGHUP', theirs);
    }
  });

  it('leaves alone a hook vouch installs once for the whole process (marked so)', () => {
    const before = processState();
    const removeScratch = Object.assign(() => undefined, { [PROCESS_WIDE]: true });
    process.once('exit', removeScratch);
    try {
      expect(stateChanges(before, processState())).toEqual([]);
      restoreState(before);
      expect(process.listeners('exit')).toContain(removeScratch);
    } finally {
      process.off('exit', removeScratch);
    }
  });

  it('names an exit code a file left set, and puts it back', () => {
    const before = processState();
    const was = process.exitCode;
    process.exitCode = 7;
    try {
      expect(stateChanges(before, processState())).toEqual([`process.exitCode (${String(was)} → 7)`]);
      restoreState(before);
      expect(process.exitCode).toBe(was);
    } finally {
      process.exitCode = was;
    }
  });
});
