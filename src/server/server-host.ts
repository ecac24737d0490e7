import { userConfigPath, workspaceConfigPath } from '../config/load.js';
import { type LanguageModel, type ModelTask, resolveModel } from '../model/index.js';
import { createSecretRedactor } from '../security/redact.js';
import type { TaskHost } from '../tasks/task.js';
import {
  auditedModel,
  configUnderPolicy,
  countingRedactor,
  type PrivacyPolicy,
  recordingFetch,
} from './privacy.js';
import type { ServerStore } from './store/server-store.js';

export interface ServerHostOptions {
  workspaceRoot: string;
  config: Record<string, unknown>;
  store: ServerStore;
  policy: PrivacyPolicy;
  /** the environment models are resolved from (VOUCH_MODEL, OPENAI_BASE_URL, …); default: the process's */
  env?: NodeJS.ProcessEnv;
}

/**
 * The server as a task host. Models are resolved once per kind of work and shared by every request (a
 * local model stays loaded); each request gets them wrapped for its user, so the privacy policy and the
 * audit log apply to every call it makes.
 */
export function createServerHosts(options: ServerHostOptions): { hostFor(userId: string): TaskHost } {
  const config = configUnderPolicy(options.config);
  const models = new Map<ModelTask, Promise<LanguageModel>>();
  const shared = (task: ModelTask) => {
    let model = models.get(task);
    if (!model) {
      model = resolveModel({
        task,
        config,
        ...(options.env ? { env: options.env } : {}),
        redactor: countingRedactor(createSecretRedactor()),
        fetch: recordingFetch(),
        configFiles: [workspaceConfigPath(options.workspaceRoot), userConfigPath()],
        // the server never downloads a model in the middle of a request
        allowDownload: false,
      });
      // a failure (no model configured, a server down) is not remembered: the next request tries again
      model.catch(() => models.delete(task));
      models.set(task, model);
    }
    return model;
  };
  return {
    hostFor(userId) {
      return {
        workspaceRoot: options.workspaceRoot,
        config: options.config,
        async model(task) {
          return auditedModel(await shared(task), { store: options.store, userId, policy: options.policy });
        },
      };
    },
  };
}
