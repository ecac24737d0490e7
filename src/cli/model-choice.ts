import { userConfigPath, workspaceConfigPath } from '../config/load.js';
import { type LanguageModel, type ModelTask, resolveModel } from '../model/index.js';
import { createSecretRedactor } from '../security/redact.js';
import { downloadProgress } from './download-progress.js';

export type { ModelTask };

export interface ChooseModelOptions {
  /** `--model provider:name` */
  flag?: string;
  task: ModelTask;
  config: Record<string, unknown>;
  workspaceRoot?: string;
  /** report retries (rate limits, server errors) on stderr */
  quiet?: boolean;
  /** cancels the first-use download of an embedded model (Ctrl-C) */
  signal?: AbortSignal;
}

/**
 * The model for a task, from the flag, VOUCH_MODEL, the config files, or a local Ollama — wrapped so
 * that secrets in prompts bound for a remote provider are replaced by placeholders before they leave.
 */
export async function chooseModel(options: ChooseModelOptions): Promise<LanguageModel> {
  const configFiles = [
    ...(options.workspaceRoot ? [workspaceConfigPath(options.workspaceRoot)] : []),
    userConfigPath(),
  ];
  return resolveModel({
    spec: options.flag,
    task: options.task,
    config: options.config,
    redactor: createSecretRedactor(),
    configFiles,
    // the first use of an embedded model downloads it: show the bar (JSON lines in --json mode)
    onDownloadProgress: downloadProgress(options.quiet === true),
    ...(options.signal ? { signal: options.signal } : {}),
    onRetry: options.quiet
      ? undefined
      : (event) => {
          const seconds = (event.delayMs / 1000).toFixed(1);
          process.stderr.write(
            `vouch: ${event.error.message}; retrying in ${seconds}s (attempt ${event.attempt + 1})\n`,
          );
        },
  });
}
