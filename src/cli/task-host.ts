import type { Check } from '../core/check.js';
import type { LanguageModel, ModelTask } from '../model/index.js';
import type { TaskHost } from '../tasks/task.js';
import { readPrivacyPolicy } from '../telemetry/privacy-policy.js';
import { readTelemetrySetting } from '../telemetry/telemetry-setting.js';
import { parseInteger } from './input.js';
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
  // and a bad [privacy] section, which the model chooser reads when it is made
  readPrivacyPolicy(workspace.config);
  // Ctrl-C cancels a model download the first use of the embedded model starts
  const signal = interruptSignal();
  // The model providers, the chooser and the audit log's store are loaded when a model is first asked
  // for: `vouch scan` and `vouch check` ask for none and do not load them (issue 59, start-up).
  let chooser: Promise<(task: ModelTask) => Promise<LanguageModel>> | undefined;
  const chooseFor = async () => {
    const [{ cliModelChooser }, { localLog }] = await Promise.all([
      import('./model-choice.js'),
      import('../telemetry/local-log.js'),
    ]);
    const models = cliModelChooser({
      config: workspace.config,
      workspaceRoot: workspace.root,
      configSources: workspace.configSources,
      ...(options.quiet ? { quiet: true } : {}),
      ...(options.model ? { flag: options.model } : {}),
      signal,
    });
    const audit = localLog(workspace.root).audit;
    return (task: ModelTask) => models.model(task, audit);
  };
  const embedModel = options.embeddings
    ? await (await import('./embed-model.js')).configuredEmbedModel({
        root: workspace.root,
        config: workspace.config,
        configSources: workspace.configSources,
        notice: (message) => process.stderr.write(`vouch: ${message}\n`),
      })
    : undefined;
  return {
    workspaceRoot: workspace.root,
    config: workspace.config,
    model: async (task) => {
      chooser ??= chooseFor();
      return (await chooser)(task);
    },
    ...(options.unsafeNoSandbox ? { unsafeNoSandbox: true } : {}),
    ...(options.timeout === undefined
      ? {}
      : {
          runTimeoutMs:
            (parseInteger({ name: '--timeout', value: options.timeout, min: 1, max: 1800 }) as number) * 1000,
        }),
    ...(embedModel ? { embedModel } : {}),
    ...(options.checks ? { checks: options.checks } : {}),
  };
}
