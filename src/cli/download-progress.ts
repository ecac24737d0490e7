import type { DownloadProgress } from '../model/index.js';
import { createProgress, type Progress } from './progress.js';

/**
 * A model download's progress in megabytes: a bar on a terminal, JSON lines with `--json` (both on
 * stderr). Checking an earlier partial download before resuming shows as its own bar.
 */
export function downloadProgress(json: boolean): (event: DownloadProgress) => void {
  let bar: Progress | undefined;
  let phase: DownloadProgress['phase'] | undefined;
  return (event) => {
    if (event.phase !== phase) {
      bar?.finish();
      phase = event.phase;
      const label =
        event.phase === 'verify'
          ? `checking what was fetched of ${event.model}`
          : `downloading ${event.model}`;
      bar = createProgress({ label, total: Math.ceil(event.totalBytes / 1e6), json });
    }
    bar?.update(Math.floor(event.receivedBytes / 1e6), 'MB');
    if (event.phase === 'download' && event.receivedBytes === event.totalBytes) {
      bar?.update(Math.ceil(event.totalBytes / 1e6), 'MB');
      bar?.finish('MB, checking the SHA-256');
    }
  };
}
