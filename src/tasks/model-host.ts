import { userConfigPath, workspaceConfigPath } from '../config/load.js';
import {
  type DownloadProgress,
  type FetchFunction,
  type LanguageModel,
  type ModelTask,
  type RetryEvent,
  resolveModel,
} from '../model/index.js';
import { createSecretRedactor } from '../security/redact.js';
import { findWorkspaceSecrets } from '../security/workspace-secrets.js';
import {
  type AuditSink,
  auditedModel,
  configUnderPolicy,
  countingRedactor,
  recordingFetch,
  refusal,
} from '../telemetry/privacy.js';
import { type PrivacyPolicy, type PrivacySetting, privacySetting } from '../telemetry/privacy-policy.js';

/**
 * How every face gets its models: the CLI, the server and the language server each make one
 * `ModelChooser` and ask it for a model per kind of work. It resolves the model the usual way (`--model`,
 * VOUCH_MODEL, the config, a local Ollama, the embedded model) and puts it under the workspace's privacy
 * policy: `local-only` refuses a remote model before anything is sent; secrets are redacted from prompts
 * to remote models, whatever a provider's `redact` says; every call is appended to the audit log the face
 * names. A face cannot get a model any other way, so none can forget the policy.
 */
export interface ModelChooserOptions {
  workspaceRoot: string;
  /** the merged config (`[model]`, `[providers.*]`, `[privacy]`) */
  config: Record<string, unknown>;
  /**
   * the config files merged, lowest precedence first (named in errors: where a model or the policy is
   * set); default: the user's file, then the workspace's `vouch.toml`
   */
  configFiles?: readonly string[];
  /** the policy when the face has its own setting (the server's); default: `[privacy]` of the config */
  policy?: PrivacyPolicy;
  /** `--model provider:name` */
  spec?: string;
  env?: NodeJS.ProcessEnv;
  fetch?: FetchFunction;
  /** a `local:` model not downloaded yet is fetched (the CLI); false makes it an error (server, editor) */
  allowDownload?: boolean;
  onDownloadProgress?: (progress: DownloadProgress) => void;
  onRetry?: (event: RetryEvent) => void;
  /** cancels a first-use download */
  signal?: AbortSignal;
}

export interface ModelChooser {
  /** the policy in force and the file that set it */
  readonly privacy: PrivacySetting;
  /**
   * The model for a kind of work, resolved once (a failure is not remembered: the next call tries again),
   * refused under `local-only` when remote, its calls audited to `audit`.
   */
  model(task: ModelTask, audit: AuditSink): Promise<LanguageModel>;
}

export function createModelChooser(options: ModelChooserOptions): ModelChooser {
  const configFiles = options.configFiles ?? [
    userConfigPath(options.env),
    workspaceConfigPath(options.workspaceRoot),
  ];
  const fromConfig = privacySetting(options.config, configFiles);
  const privacy: PrivacySetting =
    options.policy === undefined || options.policy === fromConfig.policy
      ? fromConfig
      : { policy: options.policy };
  const config = configUnderPolicy(options.config);
  const resolved = new Map<ModelTask, Promise<LanguageModel>>();
  // one redactor for every kind of work: it knows the workspace's secret values (read on first need)
  const redactor = createSecretRedactor();
  let workspaceSecrets: Promise<void> | undefined;
  const learnWorkspaceSecrets = () => {
    workspaceSecrets ??= findWorkspaceSecrets(options.workspaceRoot).then(
      (values) => redactor.remember(values),
      () => {
        workspaceSecrets = undefined; // not remembered: the next model asked for tries again
      },
    );
    return workspaceSecrets;
  };
  const resolve = (task: ModelTask) => {
    let model = resolved.get(task);
    if (!model) {
      model = resolveModel({
        task,
        config,
        ...(options.spec ? { spec: options.spec } : {}),
        ...(options.env ? { env: options.env } : {}),
        redactor: countingRedactor(redactor),
        fetch: recordingFetch(options.fetch),
        // named in "no model configured": highest precedence first, as a reader looks for them
        configFiles: [...configFiles].reverse(),
        ...(options.allowDownload === false ? { allowDownload: false } : {}),
        ...(options.onDownloadProgress ? { onDownloadProgress: options.onDownloadProgress } : {}),
        ...(options.onRetry ? { onRetry: options.onRetry } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      });
      model.catch(() => resolved.delete(task));
      resolved.set(task, model);
    }
    return model;
  };
  return {
    privacy,
    async model(task, audit) {
      const model = await resolve(task);
      if (privacy.policy === 'local-only' && model.location === 'remote') {
        // refused before the task builds a prompt; the refusal is in the audit log like any call
        await audit({
          provider: model.provider,
          model: model.modelId,
          // where the prompt would have gone (scheme, host, path): the request itself was never made
          endpoint: model.endpoint ?? model.provider,
          location: model.location,
          operation: task === 'embed' ? 'embed' : task === 'complete' ? 'fim' : 'chat',
          promptChars: 0,
          outputChars: 0,
          redactions: 0,
          outcome: `refused: ${privacy.policy}`,
          policy: privacy.policy,
        });
        throw refusal(model, privacy);
      }
      if (redactsPrompts(model, config)) await learnWorkspaceSecrets();
      return auditedModel(model, { audit, policy: privacy });
    },
  };
}

/**
 * Whether prompts to `model` may be redacted (a remote model, or a provider set to `redact = "always"`):
 * only then is the workspace read for secret values, a cost a local model never pays.
 */
function redactsPrompts(model: LanguageModel, config: Record<string, unknown>): boolean {
  if (model.location === 'remote') return true;
  const providers = config.providers as Record<string, { redact?: unknown } | undefined> | undefined;
  return Object.values(providers ?? {}).some((provider) => provider?.redact === 'always');
}
