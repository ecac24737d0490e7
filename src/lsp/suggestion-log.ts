import { userInfo } from 'node:os';
import { openServerStore } from '../store/server/open-server-store.js';
import type { ServerStore } from '../store/server/server-store.js';
import { databaseLocation } from '../telemetry/cli-store.js';
import type { SuggestionEvent } from './inline.js';

/**
 * The language server's suggestions, recorded where `vouch stats` and `vouch export finetune` read them:
 * the workspace's server store (`.vouch/server.db`, or `VOUCH_DATABASE_URL`), as the local user. The
 * store is opened on the first suggestion; writes are queued in order and never hold up a completion; a
 * failure is logged once per kind and never reaches the editor as an error.
 */
export class SuggestionLog {
  private store: Promise<{ store: ServerStore; userId: string }> | undefined;
  private queue: Promise<void> = Promise.resolve();
  /** the language server's suggestion id → the store's */
  private readonly ids = new Map<string, string>();
  private readonly failures = new Set<string>();

  constructor(
    private readonly workspaceRoot: string,
    private readonly log: (message: string) => void,
  ) {}

  private open(): Promise<{ store: ServerStore; userId: string }> {
    this.store ??= (async () => {
      const store = await openServerStore(databaseLocation(this.workspaceRoot));
      const name = localUserName();
      const user = (await store.findUser(name)) ?? (await store.createUser({ name }));
      return { store, userId: user.id };
    })();
    return this.store;
  }

  record(event: SuggestionEvent): void {
    this.queue = this.queue.then(() => this.write(event)).catch((error) => this.failed(event, error));
  }

  private async write({ outcome, suggestion }: SuggestionEvent): Promise<void> {
    const { store, userId } = await this.open();
    let id = this.ids.get(suggestion.id);
    if (!id) {
      const stored = await store.recordSuggestion({
        userId,
        task: 'complete',
        language: suggestion.language,
        model: suggestion.model,
        confidence: suggestion.confidence,
        verification: suggestion.verification,
        gatesFailed: [],
        input: {
          uri: suggestion.uri,
          line: suggestion.position.line + 1,
          column: suggestion.position.character + 1,
        },
        code: suggestion.text,
        context: [],
      });
      id = stored.id;
      this.ids.set(suggestion.id, id);
    }
    await store.recordEvents(userId, [{ suggestionId: id, kind: outcome, face: 'lsp' }]);
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
    if (this.store) await (await this.store.catch(() => undefined))?.store.close();
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
