import type { TaskEvent } from '../../tasks/task.js';
import { paint, useColour } from './colour.js';

/** Progress on a terminal: what stage the task is in, on stderr. */
export function stageListener(json: boolean): ((event: TaskEvent) => void) | undefined {
  if (json || !process.stderr.isTTY) return undefined;
  const colour = useColour(process.stderr);
  return (event) => {
    if (event.type === 'stage' && event.status === 'start')
      process.stderr.write(
        paint(colour, 'dim', `${event.stage}${event.detail ? `: ${event.detail}` : ''}…\n`),
      );
    if (event.type === 'notice') process.stderr.write(`vouch: ${event.message}\n`);
  };
}
