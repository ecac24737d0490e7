import type { Check } from '../core/check.js';
import type { LanguageModel } from '../model/types.js';
import type { TaskHost } from '../tasks/task.js';
import { configuredEmbedModel } from './embed-model.js';
import { chooseModel } from './model-choice.js';
import type { OpenedWorkspace } from './workspace-setup.js';

export interface CliHostOptions {
  /** `--model provider:name` */
  model?: string;
  /** `--json`: retries are not reported on stderr */
  quiet?: boolean;
  unsafeNoSandbox?: boolean;
  /** look up the configured embedding model for retrieval (tasks that gather context) */
  embeddings?: boolean;
  /** the checks code goes through (default: all of them) */
  checks?: Check[];
  /** cancels a model download the first use of the embedded model starts */
  signal?: AbortSignal;
}

/**
 * The CLI as a task host: the workspace around the current folder, its config, and the model chosen the
 * CLI's way (`--model`, VOUCH_MODEL, the config, a local Ollama, the embedded model), each chosen once.
 */
export async function cliTaskHost(
  workspace: OpenedWorkspace,
  options: CliHostOptions = {},
): Promise<TaskHost> {
  const models = new Map<string, Promise<LanguageModel>>();
  const embedModel = options.embeddings
    ? await configuredEmbedModel({
        root: workspace.root,
        config: workspace.config,
        notice: (message) => process.stderr.write(`vouch: ${message}\n`),
      })
    : undefined;
  return {
    workspaceRoot: workspace.root,
    config: workspace.config,
    model(task) {
      let chosen = models.get(task);
      if (!chosen) {
        chosen = chooseModel({
          task,
          config: workspace.config,
          workspaceRoot: workspace.root,
          ...(options.quiet ? { quiet: true } : {}),
          ...(options.model ? { flag: options.model } : {}),
          ...(options.signal ? { signal: options.signal } : {}),
        });
        models.set(task, chosen);
      }
      return chosen;
    },
    ...(options.unsafeNoSandbox ? { unsafeNoSandbox: true } : {}),
    ...(embedModel ? { embedModel } : {}),
    ...(options.checks ? { checks: options.checks } : {}),
  };
}
