import { parentPort, workerData } from 'node:worker_threads';
import type { SuggestionEvent } from './inline.js';
import { SuggestionLog, type SuggestionLogSettings } from './suggestion-log.js';

/**
 * The language server's telemetry thread: every suggestion shown, accepted or rejected is written here.
 * The workspace's store commits each write with an fsync (`synchronous = FULL`), several milliseconds
 * on an ordinary disk; on the thread that answers the editor that would hold up the next completion.
 */

export type SuggestionLogRequest = { type: 'record'; event: SuggestionEvent } | { type: 'close' };
export type SuggestionLogResponse = { type: 'warn'; message: string } | { type: 'closed' };

const { workspaceRoot, recording } = workerData as {
  workspaceRoot: string;
  recording: SuggestionLogSettings;
};
const log = new SuggestionLog(
  workspaceRoot,
  (message) => parentPort!.postMessage({ type: 'warn', message } satisfies SuggestionLogResponse),
  recording,
);

parentPort?.on('message', (request: SuggestionLogRequest) => {
  if (request.type === 'record') log.record(request.event);
  else
    void log
      .close()
      .finally(() => parentPort!.postMessage({ type: 'closed' } satisfies SuggestionLogResponse));
});
