import { rmSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { type FakeProviders, startFakeProviders } from './fake-providers/fake-providers.js';
import { tempProject } from './temp-project.js';

export interface FakeModelProject {
  /** the loopback model servers, shared by the file's tests and reset before each */
  readonly fake: FakeProviders;
  /** this test's project, a new temporary folder holding the files */
  readonly workspace: string;
}

/**
 * The setup of a test file that runs a command against a loopback model on a small project: one fake
 * provider server for the file (its scripts and recorded requests reset before each test), a fresh copy of
 * `files` in a new temporary folder before each test, every folder removed after the file. Call it at the
 * top of the file; read `fake` and `workspace` inside the tests.
 */
export function fakeModelProject(prefix: string, files: Record<string, string | Buffer>): FakeModelProject {
  let fake: FakeProviders | undefined;
  let workspace: string | undefined;
  const made: string[] = [];
  beforeAll(async () => {
    fake = await startFakeProviders();
  });
  afterAll(async () => {
    await fake?.close();
    for (const root of made) rmSync(root, { recursive: true, force: true });
  });
  beforeEach(() => {
    fake?.reset();
    workspace = tempProject(prefix, files, made);
  });
  return {
    get fake() {
      if (!fake) throw new Error('fakeModelProject: the fake providers start in beforeAll');
      return fake;
    },
    get workspace() {
      if (!workspace) throw new Error('fakeModelProject: each test gets its workspace in beforeEach');
      return workspace;
    },
  };
}
