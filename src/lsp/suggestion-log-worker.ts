import { parentPort, workerData } from 'node:worker_threads';
import { lowerThreadPriority } from '../core/thread-priority.js';
import type { AuditEntry } from '../store/record/server-store.js';
import { closeLocalLogs, localLog } from '../telemetry/local-log.js';
import type { SuggestionEvent } from './inline.js';
import { SuggestionLog, type SuggestionLogSettings } from './suggestion-log.js';

/**
 * The language server's telemetry thread: every suggestion shown, accepted or rejected, and the audit
 * log's entry of every model call, are written here. The workspace's store commits each write with an
 * fsync (`synchronous = FULL`), several milliseconds on an ordinary disk; on the thread that answers the
 * editor that would hold up the next completion.
 */

export type SuggestionLogRequest =
  | { type: 'record'; event: SuggestionEvent }
  | { type: 'audit'; entry: Omit<AuditEntry, 'userId'> }
  | { type: 'close' };
export type SuggestionLogResponse = { type: 'warn'; message: string } | { type: 'closed' };

// background work: the editor's thread gets a busy core first
lowerThreadPriority();

const { workspaceRoot, recording } = workerData as {
  workspaceRoot: string;
  recording: SuggestionLogSettings;
};
const log = new SuggestionLog(
  workspaceRoot,
  (message) => parentPort!.postMessage({ type: 'warn', message } satisfies SuggestionLogResponse),
  recording,
);

const audit = localLog(workspaceRoot, (message) =>
  parentPort!.postMessage({ type: 'warn', message: `vouch: ${message}` } satisfies SuggestionLogResponse),
).audit;

parentPort?.on('message', (request: SuggestionLogRequest) => {
  if (request.type === 'record') log.record(request.event);
  else if (request.type === 'audit') void audit(request.entry);
  else
    void log
      .close()
      // the audit log is the workspace's store even when suggestions go to the team's server
      .then(() => closeLocalLogs())
      .finally(() => parentPort!.postMessage({ type: 'closed' } satisfies SuggestionLogResponse));
});
