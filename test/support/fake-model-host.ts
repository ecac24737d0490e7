import { resolveModel } from '../../src/model/index.js';
import type { TaskHost } from '../../src/tasks/index.js';

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
