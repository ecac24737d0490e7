import { AsyncLocalStorage } from 'node:async_hooks';
import { VouchError } from '../core/errors.js';
import { defaultFetch, type FetchFunction } from '../model/index.js';
import type { LanguageModel, PromptRedactor, RedactionSession, StreamPart } from '../model/types.js';
import type { AuditEntry } from '../store/record/server-store.js';
import type { PrivacyPolicy, PrivacySetting } from './privacy-policy.js';

/**
 * The privacy policy and the audit log, for every face (the server, the CLI, the language server: the
 * tasks layer's model host puts every model through here). Every call a task makes to a model goes
 * through `auditedModel`: the policy is applied first (`local-only` refuses a remote model, naming the
 * policy and where it is set), then one audit entry is appended per call — which model and endpoint,
 * sizes, how many secrets were redacted, the outcome. Never the prompt, the code or a key. Who made the
 * call is the sink's business: the server's user, or the local user for the CLI and the editor.
 */

export type { PrivacyPolicy };

/** Where one audit entry goes; the sink adds who made the call. */
export type AuditSink = ((entry: Omit<AuditEntry, 'userId'>) => Promise<void>) & {
  /**
   * resolves once entries can be written, rejects with why not: a model call waits for it and is not sent
   * when it rejects (an audit log asked for and not written would leave a request unrecorded, r49)
   */
  ready?: () => Promise<void>;
};

export class PrivacyPolicyError extends VouchError {
  constructor(message: string, hint: string) {
    super(message, { hint });
    this.name = 'PrivacyPolicyError';
  }
}

/** What one model call did, filled in by the fetch and the redactor it passes through. */
interface CallRecord {
  endpoint?: string;
  sessions: RedactionSession[];
}

const calls = new AsyncLocalStorage<CallRecord>();

/** Notes where the current call's request goes: scheme, host and path only (no query: keys travel there). */
export function recordingFetch(inner: FetchFunction = defaultFetch()): FetchFunction {
  return (input, init) => {
    const record = calls.getStore();
    if (record) {
      const url = new URL(input);
      record.endpoint = `${url.protocol}//${url.host}${url.pathname}`;
    }
    return inner(input, init);
  };
}

/** Counts the secrets the current call's prompts had replaced. */
export function countingRedactor(inner: PromptRedactor): PromptRedactor {
  return {
    begin(options) {
      const session = inner.begin(options);
      calls.getStore()?.sessions.push(session);
      return session;
    },
  };
}

/** Under `redact-remote`, a provider's `redact = "never"` cannot turn redaction off for a remote model. */
export function configUnderPolicy(config: Record<string, unknown>): Record<string, unknown> {
  const providers = config.providers as Record<string, Record<string, unknown>> | undefined;
  if (!providers) return config;
  const enforced = Object.fromEntries(
    Object.entries(providers).map(([name, settings]) => [
      name,
      settings && typeof settings === 'object' && settings.redact === 'never'
        ? { ...settings, redact: 'remote' }
        : settings,
    ]),
  );
  return { ...config, providers: enforced };
}

const promptChars = (messages: { content: string }[]) =>
  messages.reduce((sum, message) => sum + message.content.length, 0);

function outcomeOf(error: unknown): string {
  const kind = (error as { kind?: string } | null)?.kind;
  return `error: ${kind ?? (error as Error | null)?.name ?? 'unknown'}`;
}

export interface AuditOptions {
  audit: AuditSink;
  policy: PrivacySetting;
}

/** The refusal `local-only` gives a remote model: the policy, where it is set, what to do. */
export function refusal(model: Pick<LanguageModel, 'id'>, setting: PrivacySetting): PrivacyPolicyError {
  const where = setting.source ? ` (set in ${setting.source}, [privacy] policy)` : '';
  return new PrivacyPolicyError(
    `the privacy policy 'local-only'${where} refuses to send code to the remote model ${model.id}`,
    'use a local model (ollama:, llamacpp:, local:, or a provider on this machine; --model or [model] in vouch.toml), or change [privacy] policy',
  );
}

export function auditedModel(model: LanguageModel, options: AuditOptions): LanguageModel {
  const policy = options.policy.policy;
  const refuse = () => {
    if (policy === 'local-only' && model.location === 'remote') throw refusal(model, options.policy);
  };
  const audit = async ({
    operation,
    prompt,
    record,
    output,
    outcome,
  }: {
    operation: AuditEntry['operation'];
    prompt: number;
    record: CallRecord;
    output: number;
    outcome: string;
  }) => {
    await options.audit({
      provider: model.provider,
      model: model.modelId,
      // a call refused or failed before its request was sent still names where it would have gone
      endpoint:
        record.endpoint ?? model.endpoint ?? (model.location === 'local' ? 'in-process' : model.provider),
      location: model.location,
      operation,
      promptChars: prompt,
      outputChars: output,
      redactions: record.sessions.reduce((sum, session) => sum + session.count, 0),
      outcome,
      policy,
    });
  };
  /** runs one call with its record, appending its audit entry whatever happens */
  const once = async <T>({
    operation,
    prompt,
    call,
    outputOf,
  }: {
    operation: AuditEntry['operation'];
    prompt: number;
    call: () => Promise<T>;
    outputOf: (result: T) => number;
  }): Promise<T> => {
    const record: CallRecord = { sessions: [] };
    try {
      refuse();
    } catch (error) {
      await audit({ operation, prompt, record, output: 0, outcome: `refused: ${policy}` });
      throw error;
    }
    await options.audit.ready?.();
    try {
      const result = await calls.run(record, call);
      await audit({ operation, prompt, record, output: outputOf(result), outcome: 'ok' });
      return result;
    } catch (error) {
      await audit({ operation, prompt, record, output: 0, outcome: outcomeOf(error) });
      throw error;
    }
  };
  const generated = (result: { choices: { text: string }[] }) =>
    result.choices.reduce((sum, choice) => sum + choice.text.length, 0);
  return {
    provider: model.provider,
    modelId: model.modelId,
    id: model.id,
    location: model.location,
    ...(model.endpoint ? { endpoint: model.endpoint } : {}),
    capabilities: model.capabilities,
    ...(model.contextLength !== undefined ? { contextLength: model.contextLength } : {}),
    chat: (request) =>
      once({
        operation: 'chat',
        prompt: promptChars(request.messages),
        call: () => model.chat(request),
        outputOf: generated,
      }),
    fim: (request) =>
      once({
        operation: 'fim',
        prompt: request.prefix.length + request.suffix.length,
        call: () => model.fim(request),
        outputOf: generated,
      }),
    embed: (request) =>
      once({
        operation: 'embed',
        prompt: request.input.reduce((sum, text) => sum + text.length, 0),
        call: () => model.embed(request),
        outputOf: () => 0,
      }),
    async *streamChat(request): AsyncGenerator<StreamPart> {
      const prompt = promptChars(request.messages);
      const record: CallRecord = { sessions: [] };
      try {
        refuse();
      } catch (error) {
        await audit({ operation: 'stream', prompt, record, output: 0, outcome: `refused: ${policy}` });
        throw error;
      }
      await options.audit.ready?.();
      const iterator = model.streamChat(request)[Symbol.asyncIterator]();
      let output = 0;
      let outcome = 'ok';
      let finished = false;
      try {
        while (true) {
          // each step runs with the call's record, so the fetch and the redactor find it
          const step = await calls.run(record, () => iterator.next());
          if (step.done) {
            finished = true;
            break;
          }
          if (step.value.type === 'text-delta') output += step.value.delta.length;
          // a consumer may stop reading once the answer is finished: that is not a cancellation
          if (step.value.type === 'finish') finished = true;
          if (step.value.type === 'error') outcome = outcomeOf(step.value.error);
          yield step.value;
        }
      } catch (error) {
        outcome = outcomeOf(error);
        throw error;
      } finally {
        // a consumer that stops early (the client went away) ends the stream: still one entry
        if (!finished && outcome === 'ok') outcome = 'cancelled';
        await iterator.return?.();
        await audit({ operation: 'stream', prompt, record, output, outcome });
      }
    },
  };
}
