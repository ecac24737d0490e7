import { Worker } from 'node:worker_threads';
import { locationOf } from '../model/location.js';
import type { AuditEntry } from '../store/record/server-store.js';
import { databaseLocation } from '../telemetry/cli-store.js';
import { closeLocalLogs, localLog } from '../telemetry/local-log.js';
import type { PrivacyPolicy } from '../telemetry/privacy-policy.js';
import { RemoteTelemetry, type TelemetryServer } from '../telemetry/remote-telemetry.js';
import { mayRecordCode, type TelemetrySetting } from '../telemetry/telemetry-setting.js';
import type { Suggestion, SuggestionEvent } from './inline.js';
import type { SuggestionLogRequest, SuggestionLogResponse } from './suggestion-log-worker.js';

/** Where suggestions go: the workspace's store, or the team's server. */
interface Sink {
  suggestion(suggestion: Suggestion): Promise<string>;
  event(id: string, outcome: SuggestionEvent['outcome']): Promise<void>;
  close(): Promise<void>;
}

/** The store the CLI writes too (and its audit log), as the local user. */
function localSink(workspaceRoot: string, withCode: boolean, warn: (message: string) => void): Sink {
  const log = localLog(workspaceRoot, (message) => warn(`vouch: ${message}`));
  return {
    async suggestion(suggestion) {
      const stored = await log.recordSuggestion({
        task: 'complete',
        language: suggestion.language,
        model: suggestion.model,
        confidence: suggestion.confidence,
        verification: suggestion.verification,
        gatesFailed: suggestion.gatesFailed,
        input: withCode ? where(suggestion) : null,
        code: withCode ? suggestion.text : '',
        context: [],
      });
      return stored.id;
    },
    async event(id, outcome) {
      await log.recordEvents([{ suggestionId: id, kind: outcome, face: 'lsp' }]);
    },
    close: () => closeLocalLogs(),
  };
}

function remoteSink(server: TelemetryServer, withCode: boolean): Sink {
  const remote = new RemoteTelemetry(server, 'lsp');
  return {
    suggestion: (suggestion) =>
      remote.recordSuggestion({
        task: 'complete',
        language: suggestion.language,
        model: suggestion.model,
        confidence: suggestion.confidence,
        verification: suggestion.verification,
        gates_failed: suggestion.gatesFailed,
        input: withCode ? where(suggestion) : {},
        code: withCode ? suggestion.text : '',
      }),
    event: (id, outcome) => remote.recordEvents([{ suggestionId: id, kind: outcome }]),
    close: async () => {},
  };
}

function where(suggestion: Suggestion): Record<string, unknown> {
  return {
    uri: suggestion.uri,
    line: suggestion.position.line + 1,
    column: suggestion.position.character + 1,
  };
}

/** What a suggestion log records and where (plain data: it crosses to the telemetry thread). */
export interface SuggestionLogSettings {
  setting: TelemetrySetting;
  policy: PrivacyPolicy;
  server?: TelemetryServer;
}

/**
 * The language server's suggestions, recorded where `vouch stats` and `vouch export finetune` read them:
 * the workspace's server store (`.vouch/server.db`, or `VOUCH_DATABASE_URL`) as the local user, or the
 * team's `vouch serve` when `VOUCH_SERVER_URL` and `VOUCH_TOKEN` are set. The store is opened on the
 * first suggestion; writes are queued in order and never hold up a completion; a failure is logged once
 * per kind and never reaches the editor as an error.
 */
export class SuggestionLog {
  private sink: Promise<Sink> | undefined;
  private queue: Promise<void> = Promise.resolve();
  /** the language server's suggestion id → the store's */
  private readonly ids = new Map<string, string>();
  private readonly failures = new Set<string>();

  constructor(
    private readonly workspaceRoot: string,
    private readonly log: (message: string) => void,
    private readonly recording: SuggestionLogSettings,
  ) {}

  private open(): Promise<Sink> {
    const { setting, policy, server } = this.recording;
    // the code stays out under `telemetry = "metadata"`, and under `local-only` when it would leave the machine
    this.sink ??= Promise.resolve(
      server
        ? remoteSink(
            server,
            setting === 'full' && (policy !== 'local-only' || locationOf(server.url) === 'local'),
          )
        : localSink(
            this.workspaceRoot,
            mayRecordCode(setting, policy, databaseLocation(this.workspaceRoot)),
            this.log,
          ),
    );
    return this.sink;
  }

  record(event: SuggestionEvent): void {
    this.queue = this.queue.then(() => this.write(event)).catch((error) => this.failed(event, error));
  }

  private async write({ outcome, suggestion }: SuggestionEvent): Promise<void> {
    const sink = await this.open();
    let id = this.ids.get(suggestion.id);
    if (!id) {
      id = await sink.suggestion(suggestion);
      this.ids.set(suggestion.id, id);
    }
    await sink.event(id, outcome);
    if (outcome !== 'shown') this.ids.delete(suggestion.id);
  }

  private failed(event: SuggestionEvent, error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    if (this.failures.has(message)) return;
    this.failures.add(message);
    this.log(`vouch: could not record a ${event.outcome} suggestion: ${message}`);
  }

  /** Waits for queued writes and closes the store. */
  async close(): Promise<void> {
    await this.queue;
    if (this.sink) await (await this.sink.catch(() => undefined))?.close();
  }
}

/**
 * The suggestion log and the audit log of model calls on a thread of their own (suggestion-log-worker.ts),
 * so a write's fsync never holds up the editor's next request. From TypeScript sources (no compiled worker beside this file) it writes
 * in-process. If the thread dies, what it had not written is lost and the log says so once; later
 * suggestions are written in-process.
 */
export class SuggestionLogThread {
  private worker: Worker | undefined;
  private inline: SuggestionLog | undefined;
  private closing: Promise<void> | undefined;

  constructor(
    private readonly workspaceRoot: string,
    private readonly log: (message: string) => void,
    private readonly recording: SuggestionLogSettings,
  ) {
    if (import.meta.url.endsWith('.ts')) {
      this.inline = new SuggestionLog(workspaceRoot, log, recording);
      return;
    }
    const worker = new Worker(new URL('./suggestion-log-worker.js', import.meta.url), {
      workerData: { workspaceRoot, recording },
    });
    worker.on('message', (response: SuggestionLogResponse) => {
      if (response.type === 'warn') log(response.message);
    });
    const lost = (reason: string) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      log(`vouch: the telemetry thread stopped (${reason}); suggestions are recorded in-process from now on`);
      this.inline = new SuggestionLog(this.workspaceRoot, this.log, this.recording);
    };
    worker.on('error', (error) => lost(error.message));
    worker.on('exit', (code) => lost(`exit code ${code}`));
    // the editor's session, not the thread, decides when the server ends
    worker.unref();
    this.worker = worker;
  }

  record(event: SuggestionEvent): void {
    if (this.worker) this.worker.postMessage({ type: 'record', event } satisfies SuggestionLogRequest);
    else this.inline?.record(event);
  }

  /** A model call's audit entry, for the workspace's audit log (whatever the telemetry setting). */
  audit(entry: Omit<AuditEntry, 'userId'>): void {
    if (this.worker) this.worker.postMessage({ type: 'audit', entry } satisfies SuggestionLogRequest);
    else void localLog(this.workspaceRoot, (message) => this.log(`vouch: ${message}`)).audit(entry);
  }

  /** Waits for the writes sent so far and closes the store (and the thread). */
  close(): Promise<void> {
    this.closing ??= (async () => {
      const worker = this.worker;
      if (worker) {
        this.worker = undefined;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, 10_000);
          worker.on('message', (response: SuggestionLogResponse) => {
            if (response.type !== 'closed') return;
            clearTimeout(timer);
            resolve();
          });
          worker.on('exit', () => {
            clearTimeout(timer);
            resolve();
          });
          worker.postMessage({ type: 'close' } satisfies SuggestionLogRequest);
        });
        await worker.terminate();
      }
      await this.inline?.close();
      // audit entries written in-process (no thread, or after it stopped)
      await closeLocalLogs();
    })();
    return this.closing;
  }
}
