import type { LanguageModel } from '../model/types.js';
import { chooseModel } from './model-choice.js';

/**
 * The embedding model `[model] embed` names, or undefined when it names none (probing for one would slow
 * every command). A model that cannot be set up (an unknown provider, a missing key) does not stop the
 * command: retrieval goes on with BM25 and the symbol graph, and `notice` says why.
 */
export async function configuredEmbedModel(options: {
  root: string;
  config: Record<string, unknown>;
  configSources?: readonly string[];
  notice: (message: string) => void;
}): Promise<LanguageModel | undefined> {
  const section = options.config.model as { embed?: unknown } | undefined;
  const spec = section?.embed;
  if (typeof spec !== 'string' || !spec.trim()) return undefined;
  try {
    return await chooseModel({
      flag: spec,
      task: 'embed',
      config: options.config,
      workspaceRoot: options.root,
      ...(options.configSources ? { configSources: options.configSources } : {}),
      quiet: true,
    });
  } catch (error) {
    options.notice(
      `the embedding model ${JSON.stringify(spec)} could not be set up (${(error as Error).message}); retrieval uses BM25 and the symbol graph`,
    );
    return undefined;
  }
}
