import { parentPort } from 'node:worker_threads';
import { withoutSecrets } from './redact.js';

/**
 * A worker thread of detector-pool.ts: takes the secrets out of the values it is sent, one at a time,
 * off the thread that serves requests.
 */
export interface DetectorRequest {
  id: number;
  value: unknown;
}

export type DetectorResponse = { id: number; value: unknown } | { id: number; error: string };

parentPort?.on('message', (request: DetectorRequest) => {
  try {
    parentPort?.postMessage({
      id: request.id,
      value: withoutSecrets(request.value),
    } satisfies DetectorResponse);
  } catch (error) {
    parentPort?.postMessage({
      id: request.id,
      error: error instanceof Error ? error.message : String(error),
    } satisfies DetectorResponse);
  }
});
