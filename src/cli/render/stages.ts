import type { TaskEvent } from '../../tasks/task.js';
import { paint, useColour } from './colour.js';

/** Progress on a terminal: what stage the task is in, on stderr. */
export function stageListener(json: boolean): ((event: TaskEvent) => void) | undefined {
  if (json) return undefined;
  if (!process.stderr.isTTY) return plainProgressListener();
  const colour = useColour(process.stderr);
  return (event) => {
    if (event.type === 'stage' && event.status === 'start')
      process.stderr.write(
        paint(colour, 'dim', `${event.stage}${event.detail ? `: ${event.detail}` : ''}…\n`),
      );
    if (event.type === 'notice') process.stderr.write(`vouch: ${event.message}\n`);
  };
}

/**
 * Progress off a terminal (a CI log, a pipe, an editor's task runner): plain lines on stderr, one per stage
 * and per check as it ends, so a run that takes long (a looping candidate under test) shows where it is.
 */
export function plainProgressListener(): (event: TaskEvent) => void {
  return (event) => {
    if (event.type === 'stage' && event.status === 'start')
      process.stderr.write(`vouch: ${event.stage}${event.detail ? `: ${event.detail}` : ''}…\n`);
    else if (event.type === 'check')
      process.stderr.write(
        `vouch: check ${event.result.name}: ${event.result.status} (${(event.result.durationMs / 1000).toFixed(1)} s)${event.result.status === 'pass' || !event.result.reason ? '' : ` — ${event.result.reason.slice(0, 160)}`}\n`,
      );
    else if (event.type === 'notice') process.stderr.write(`vouch: ${event.message}\n`);
  };
}
