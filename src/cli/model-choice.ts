import { EnvironmentError } from '../core/errors.js';
import type { LanguageModel } from '../model/types.js';

export type ModelTask = 'generate' | 'chat' | 'complete' | 'embed';

export interface ChooseModelOptions {
  /** `--model provider:name` */
  flag?: string;
  task: ModelTask;
  config: Record<string, unknown>;
  signal?: AbortSignal;
}

/** The model for a task, from the flag, VOUCH_MODEL, the config files, or a local Ollama. */
export async function chooseModel(_options: ChooseModelOptions): Promise<LanguageModel> {
  throw new EnvironmentError('the model layer is being built (issue 2)');
}
