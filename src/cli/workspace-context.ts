import type { GenerateDeps } from '../tasks/generate.js';
import type { OpenedWorkspace } from './workspace-setup.js';

/** Repository context for prompts, drawn from the codebase index when the workspace has one. */
export async function workspaceContext(_workspace: OpenedWorkspace): Promise<GenerateDeps['context']> {
  return undefined;
}
