import { rmSync } from 'node:fs';
import { afterAll } from 'vitest';
import { resolveModel } from '../../src/model/index.js';
import type { TaskHost } from '../../src/tasks/index.js';
import {
  type FakeProviders,
  type FakeProvidersOptions,
  startFakeProviders,
} from './fake-providers/fake-providers.js';

/**
 * A task host for tests: the workspace at `root`, no config, and every model resolved the real way to an
 * OpenAI-compatible endpoint (the loopback fake providers' `openAiUrl`).
 */
export function fakeModelHost(root: string, openAiUrl: string): TaskHost {
  return {
    workspaceRoot: root,
    config: {},
    model: (task) =>
      resolveModel({ spec: 'openai:gpt-4o-mini', task, config: {}, env: { OPENAI_BASE_URL: openAiUrl } }),
  };
}

/** The fake providers for one test file: started now (the file awaits this at its top), closed after its last test. */
export async function fakeProvidersForFile(options?: FakeProvidersOptions): Promise<FakeProviders> {
  const fake = await startFakeProviders(options);
  afterAll(() => fake.close());
  return fake;
}

/**
 * A task test file's loopback models: the fake providers, started now (the file awaits this at its top) and
 * closed after its last test, when every folder pushed onto `made` is removed too; `host(root)` is
 * `fakeModelHost` on them.
 */
export async function fakeModelsForFile(): Promise<{
  fake: FakeProviders;
  made: string[];
  host(root: string): TaskHost;
}> {
  const fake = await fakeProvidersForFile();
  const made: string[] = [];
  afterAll(() => {
    for (const dir of made) rmSync(dir, { recursive: true, force: true });
  });
  return { fake, made, host: (root) => fakeModelHost(root, fake.openAiUrl) };
}
