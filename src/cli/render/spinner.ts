import { own } from '../terminal-text.js';

/**
 * Shown on a terminal while vouch waits for a model's first token (a local model can take seconds to
 * load, a remote one to queue): a spinner, who is being waited for and for how long. It draws after the
 * cursor and returns it there, so it works at the start of a line and after a prompt alike, and `stop()`
 * leaves the line as it found it. Nothing is drawn when the stream is not a terminal.
 */
const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const FRAME_MS = 100;
const SAVE = own('\x1b7');
const RESTORE = own('\x1b8');
const CLEAR_TO_END = own('\x1b[K');

export interface Spinner {
  stop(): void;
}

export function startSpinner(label: string, stream: NodeJS.WriteStream = process.stderr): Spinner {
  if (!stream.isTTY) return { stop() {} };
  const started = Date.now();
  let frame = 0;
  let stopped = false;
  const draw = (): void => {
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    stream.write(`${SAVE}${FRAMES[frame++ % FRAMES.length]} ${label} ${seconds}s${RESTORE}`);
  };
  draw();
  const timer = setInterval(draw, FRAME_MS);
  timer.unref();
  return {
    stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      stream.write(CLEAR_TO_END);
    },
  };
}
