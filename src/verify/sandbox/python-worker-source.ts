import { shippedText } from '../../core/package-root.js';

/** The long-lived Python worker of the warm pool, run inside bubblewrap: one JSON job per line in, one result per line out, a forked child per job (see the file's docstring). The source is `python/sandbox_worker.py`, shipped with the package. */
export function pythonWorkerSource(): string {
  return shippedText('python/sandbox_worker.py');
}
