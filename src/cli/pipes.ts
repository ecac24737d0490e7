import { EXIT } from '../core/errors.js';

/**
 * A reader that stops reading (`vouch search x | head -1`) closes the pipe; the next write fails with
 * EPIPE. That is the reader's choice, not vouch's failure: end quietly, as `cat` and `git` do.
 */
export function endQuietlyOnClosedPipe(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(process.exitCode ?? EXIT.ok);
      throw error;
    });
  }
}
