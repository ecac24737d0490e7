import { EXIT } from '../core/errors.js';

/**
 * A reader that stops reading (`vouch search x | head -1`) closes the pipe; the next write fails with
 * EPIPE. That is the reader's choice, not vouch's failure: end quietly, as `cat` and `git` do. Any other
 * write error (a full disk: ENOSPC, `> /dev/full`) lost the output: said on stderr, and vouch exits 2, the
 * code of an environment error, never 1 (which says the command ran and found something) nor a stack trace.
 */
export function endQuietlyOnClosedPipe(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(process.exitCode ?? EXIT.ok);
      if (stream === process.stdout)
        // stderr may still work; if it fails too, its own handler ends vouch the same way
        process.stderr.write(
          `vouch: could not write the output: ${error.message}\n  hint: free space where stdout goes, or send it elsewhere\n`,
        );
      process.exit(EXIT.usage);
    });
  }
}
