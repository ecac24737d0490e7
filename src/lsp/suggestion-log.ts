import { userInfo } from 'node:os';
import { openServerStore } from '../store/server/open-server-store.js';
import type { ServerStore } from '../store/server/server-store.js';
import { databaseLocation } from '../telemetry/cli-store.js';
import { RemoteTelemetry, type TelemetryServer } from '../telemetry/remote-telemetry.js';
import type { Suggestion, SuggestionEvent } from './inline.js';

/** Where suggestions go: the workspace's store, or the team's server. */
interface Sink {
  suggestion(suggestion: Suggestion): Promise<string>;
  event(id: string, outcome: SuggestionEvent['outcome']): Promise<void>;
  close(): Promise<void>;
}

async function localSink(workspaceRoot: string): Promise<Sink> {
  const store: ServerStore = await openServerStore(databaseLocation(workspaceRoot));
  const name = localUserName();
  const user = (await store.findUser(name)) ?? (await store.createUser({ name }));
  return {
    async suggestion(suggestion) {
      const stored = await store.recordSuggestion({
        userId: user.id,
        task: 'complete',
        language: suggestion.language,
        model: suggestion.model,
        confidence: suggestion.confidence,
        verification: suggestion.verification,
        gatesFailed: [],
        input: where(suggestion),
        code: suggestion.text,
        context: [],
      });
      return stored.id;
    },
    async event(id, outcome) {
      await store.recordEvents(user.id, [{ suggestionId: id, kind: outcome, face: 'lsp' }]);
    },
    close: () => store.close(),
  };
}

function remoteSink(server: TelemetryServer): Sink {
  const remote = new RemoteTelemetry(server, 'lsp');
  return {
    suggestion: (suggestion) =>
      remote.recordSuggestion({
        task: 'complete',
        language: suggestion.language,
        model: suggestion.model,
        confidence: suggestion.confidence,
        verification: suggestion.verification,
        input: where(suggestion),
        code: suggestion.text,
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
    private readonly server?: TelemetryServer,
  ) {}

  private open(): Promise<Sink> {
    this.sink ??= this.server ? Promise.resolve(remoteSink(this.server)) : localSink(this.workspaceRoot);
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

/** The local user as the store names users (letters, digits and . _ @ -). */
function localUserName(): string {
  let name = 'local';
  try {
    name = userInfo().username;
  } catch {
    // no passwd entry (some containers)
  }
  const cleaned = name.replace(/[^A-Za-z0-9._@-]/g, '_').replace(/^[^A-Za-z0-9]+/, '');
  return (cleaned || 'local').slice(0, 64);
}
