import { UsageError } from '../core/errors.js';
import { withoutSecrets } from '../security/redact.js';
import { localUser } from '../store/record/local-user.js';
import { openServerStore } from '../store/record/open-server-store.js';
import type { NewEvent, NewSuggestion, ServerStore, Suggestion } from '../store/record/server-store.js';
import { databaseLocation } from './cli-store.js';
import type { AuditSink } from './privacy.js';

/**
 * What the CLI writes about itself, as the local user, to the store `vouch stats`, `vouch export` and
 * `vouch serve` in the same workspace read (`.vouch/server.db`, or `VOUCH_DATABASE_URL`): the audit log of
 * its model requests, and its suggestions and their events. The store is opened on the first write, one
 * per workspace per process; audit entries are queued in order so that they never hold up a model call;
 * `closeLocalLogs` waits for them and closes the stores — a command may call it, and it runs by itself
 * when the process has nothing left to do (`beforeExit`).
 */
export interface LocalLog {
  /**
   * appends an audit entry (queued); a failure to append is reported once. Its `ready` opens the store and
   * rejects when it cannot be opened (a shipped `.vouch/server.db` not made by this user's vouch): the
   * model call is then not sent, since the user asked for every request to be in the audit log
   */
  audit: AuditSink;
  recordSuggestion(suggestion: Omit<NewSuggestion, 'userId'>): Promise<Suggestion>;
  /** a suggestion of the local user */
  getSuggestion(id: string): Promise<Suggestion | undefined>;
  recordEvents(events: NewEvent[]): Promise<{ recorded: number; unknown: string[] }>;
  /** waits for queued audit entries */
  flush(): Promise<void>;
}

interface OpenLog {
  store: ServerStore;
  userId: string;
}

const logs = new Map<string, { log: LocalLog; close(): Promise<void> }>();

export function localLog(
  workspaceRoot: string,
  warn: (message: string) => void = (message) => process.stderr.write(`vouch: ${message}\n`),
): LocalLog {
  const existing = logs.get(workspaceRoot);
  if (existing) return existing.log;
  if (logs.size === 0) process.once('beforeExit', closeOnBeforeExit);
  let opened: Promise<OpenLog> | undefined;
  const open = () => {
    if (opened) return opened;
    const attempt = (async () => {
      const store = await openServerStore(databaseLocation(workspaceRoot));
      try {
        const user = await localUser(store);
        return { store, userId: user.id };
      } catch (error) {
        await store.close();
        throw error;
      }
    })();
    // a store that could not be opened is tried again on the next write: kept, the failure stopped every
    // later write of a long-lived process (the language server's telemetry thread recorded nothing for the
    // rest of its session after losing a race to open a new store, w210), and a store the user moved aside
    // as told still refused every model call until a restart
    opened = attempt;
    attempt.catch(() => {
      if (opened === attempt) opened = undefined;
    });
    return attempt;
  };
  let queue: Promise<void> = Promise.resolve();
  const failures = new Set<string>();
  const ready = async () => {
    try {
      await open();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new UsageError(
        `the audit log could not be written, so vouch did not send the request: ${message}`,
        {
          // the store's name only when it is a file: a VOUCH_DATABASE_URL may hold a password
          hint: process.env.VOUCH_DATABASE_URL?.trim()
            ? 'every model request goes in the audit log of the store VOUCH_DATABASE_URL names: check it, or unset it to use the workspace’s own'
            : `every model request goes in the audit log of ${databaseLocation(workspaceRoot)}: move that file aside if a repository shipped it (vouch makes its own), or set VOUCH_DATABASE_URL to a store of your own`,
        },
      );
    }
  };
  const log: LocalLog = {
    audit: Object.assign(
      (entry: Parameters<AuditSink>[0]) => {
        queue = queue
          .then(async () => {
            const { store, userId } = await open();
            await store.appendAudit({ ...entry, userId });
          })
          .catch((error) => {
            const message = error instanceof Error ? error.message : String(error);
            if (failures.has(message)) return;
            failures.add(message);
            warn(`the audit log could not be written: ${message}`);
          });
        return Promise.resolve();
      },
      { ready },
    ),
    async recordSuggestion(suggestion) {
      const { store, userId } = await open();
      // every face's suggestions (the CLI's, the language server's) are kept without secrets: every text of
      // the record, the context's reasons too (a retrieval's reason quotes the request)
      return store.recordSuggestion({ ...withoutSecrets(suggestion), userId });
    },
    async getSuggestion(id) {
      const { store, userId } = await open();
      return store.getSuggestion(id, userId);
    },
    async recordEvents(events) {
      const { store, userId } = await open();
      return store.recordEvents(
        userId,
        events.map((event) =>
          event.finalCode === undefined ? event : { ...event, finalCode: withoutSecrets(event.finalCode) },
        ),
      );
    },
    flush: () => queue,
  };
  logs.set(workspaceRoot, {
    log,
    async close() {
      await queue;
      if (opened) await (await opened.catch(() => undefined))?.store.close();
    },
  });
  return log;
}

function closeOnBeforeExit(): void {
  void closeLocalLogs();
}

/** Waits for every local log's queued writes and closes their stores (the end of a CLI command). */
export async function closeLocalLogs(): Promise<void> {
  const open = [...logs.values()];
  logs.clear();
  // nothing left to close at exit: the next log opened adds it again (one listener, never one per opening)
  process.off('beforeExit', closeOnBeforeExit);
  await Promise.all(open.map((entry) => entry.close()));
}
