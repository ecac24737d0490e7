import type { Check } from '../core/check.js';
import type { TaskHost } from '../tasks/task.js';
import { localLog } from '../telemetry/local-log.js';
import { readTelemetrySetting } from '../telemetry/telemetry-setting.js';
import { configuredEmbedModel } from './embed-model.js';
import { parseInteger } from './input.js';
import { cliModelChooser } from './model-choice.js';
import { interruptSignal } from './signals.js';
import type { OpenedWorkspace } from './workspace-setup.js';

export interface CliHostOptions {
  /** `--model provider:name` */
  model?: string;
  /** `--json`: retries are not reported on stderr */
  quiet?: boolean;
  unsafeNoSandbox?: boolean;
  /** `--timeout <seconds>`: each run of code under test */
  timeout?: string;
  /** look up the configured embedding model for retrieval (tasks that gather context) */
  embeddings?: boolean;
  /** the checks code goes through (default: all of them) */
  checks?: Check[];
}

/**
 * The CLI as a task host: the workspace around the current folder, its config, and the model chosen the
 * CLI's way (`--model`, VOUCH_MODEL, the config, a local Ollama, the embedded model), each chosen once,
 * under the workspace's privacy policy, every call in the audit log as the local user.
 */
export async function cliTaskHost(
  workspace: OpenedWorkspace,
  options: CliHostOptions = {},
): Promise<TaskHost> {
  // a bad `telemetry` setting stops the command before any model is asked, not after
  readTelemetrySetting(workspace.config);
  const chooser = cliModelChooser({
    config: workspace.config,
    workspaceRoot: workspace.root,
    configSources: workspace.configSources,
    ...(options.quiet ? { quiet: true } : {}),
    ...(options.model ? { flag: options.model } : {}),
    // Ctrl-C cancels a model download the first use of the embedded model starts
    signal: interruptSignal(),
  });
  const audit = localLog(workspace.root).audit;
  const embedModel = options.embeddings
    ? await configuredEmbedModel({
        root: workspace.root,
        config: workspace.config,
        configSources: workspace.configSources,
        notice: (message) => process.stderr.write(`vouch: ${message}\n`),
      })
    : undefined;
  return {
    workspaceRoot: workspace.root,
    config: workspace.config,
    model: (task) => chooser.model(task, audit),
    ...(options.unsafeNoSandbox ? { unsafeNoSandbox: true } : {}),
    ...(options.timeout === undefined
      ? {}
      : { runTimeoutMs: (parseInteger('--timeout', options.timeout, 1, 1800) as number) * 1000 }),
    ...(embedModel ? { embedModel } : {}),
    ...(options.checks ? { checks: options.checks } : {}),
  };
}
