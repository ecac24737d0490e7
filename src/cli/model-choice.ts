import { userConfigPath, workspaceConfigPath } from '../config/load.js';
import type { LanguageModel, ModelTask } from '../model/index.js';
import { createModelChooser, type ModelChooser } from '../tasks/model-host.js';
import { localLog } from '../telemetry/local-log.js';
import { downloadProgress } from './download-progress.js';

export type { ModelTask };

export interface ChooseModelOptions {
  /** `--model provider:name` */
  flag?: string;
  task: ModelTask;
  config: Record<string, unknown>;
  workspaceRoot: string;
  /** the config files that were merged (`--config` among them), lowest precedence first */
  configSources?: readonly string[];
  /** report retries (rate limits, server errors) on stderr */
  quiet?: boolean;
  /** cancels the first-use download of an embedded model (Ctrl-C) */
  signal?: AbortSignal;
}

/**
 * The CLI's model chooser: the tasks layer's (`--model`, VOUCH_MODEL, the config files, a local Ollama,
 * the embedded model, under the workspace's privacy policy), with a download bar for a first-use
 * embedded model, retries reported on stderr, and every call in the audit log as the local user.
 */
export function cliModelChooser(options: Omit<ChooseModelOptions, 'task'>): ModelChooser {
  const candidates = [userConfigPath(), workspaceConfigPath(options.workspaceRoot)];
  const configFiles = [
    ...candidates,
    ...(options.configSources ?? []).filter((file) => !candidates.includes(file)),
  ];
  return createModelChooser({
    workspaceRoot: options.workspaceRoot,
    config: options.config,
    configFiles,
    ...(options.flag ? { spec: options.flag } : {}),
    // the first use of an embedded model downloads it: show the bar (JSON lines in --json mode)
    onDownloadProgress: downloadProgress(options.quiet === true),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.quiet
      ? {}
      : {
          onRetry: (event) => {
            const seconds = (event.delayMs / 1000).toFixed(1);
            process.stderr.write(
              `vouch: ${event.error.message}; retrying in ${seconds}s (attempt ${event.attempt + 1})\n`,
            );
          },
        }),
  });
}

/** One model for one kind of work, chosen the CLI's way (see `cliModelChooser`). */
export async function chooseModel(options: ChooseModelOptions): Promise<LanguageModel> {
  return cliModelChooser(options).model(options.task, localLog(options.workspaceRoot).audit);
}
