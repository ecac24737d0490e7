import type { ServerStore } from '../store/record/server-store.js';
import { createModelChooser } from '../tasks/model-host.js';
import type { TaskHost } from '../tasks/task.js';
import type { TaskSession } from '../tasks/task-session.js';
import type { PrivacyPolicy } from '../telemetry/privacy-policy.js';

export interface ServerHostOptions {
  workspaceRoot: string;
  config: Record<string, unknown>;
  store: ServerStore;
  policy: PrivacyPolicy;
  /** the environment models are resolved from (VOUCH_MODEL, OPENAI_BASE_URL, …); default: the process's */
  env?: NodeJS.ProcessEnv;
  /** what tasks keep across requests, shared by every request's host (made and closed by `vouch serve`) */
  session?: TaskSession;
}

/**
 * The server as a task host. Models are resolved once per kind of work and shared by every request (a
 * local model stays loaded); each request gets them under the privacy policy with its calls in the audit
 * log as its user (the tasks layer's model chooser does both).
 */
export function createServerHosts(options: ServerHostOptions): { hostFor(userId: string): TaskHost } {
  const chooser = createModelChooser({
    workspaceRoot: options.workspaceRoot,
    config: options.config,
    policy: options.policy,
    ...(options.env ? { env: options.env } : {}),
    // the server never downloads a model in the middle of a request
    allowDownload: false,
  });
  return {
    hostFor(userId) {
      return {
        workspaceRoot: options.workspaceRoot,
        config: options.config,
        model: (task) => chooser.model(task, (entry) => options.store.appendAudit({ ...entry, userId })),
        ...(options.session ? { session: options.session } : {}),
        // the session's caches are shared by every request: each user gets only their own entries
        cacheScope: `user:${userId}`,
      };
    },
  };
}
