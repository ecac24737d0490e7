import { own } from './terminal-text.js';
/**
 * Progress for long work: a bar on a terminal (stderr), JSON-lines events on stderr in `--json` mode so
 * stdout keeps exactly one JSON object, and nothing when stderr is not a terminal.
 */
export interface Progress {
  /** `done` of `total` units; `note` is a short status such as `pass 61.2%` */
  update(done: number, note?: string): void;
  setTotal(total: number): void;
  finish(note?: string): void;
}

export interface ProgressOptions {
  label: string;
  total?: number;
  json?: boolean;
  stream?: NodeJS.WriteStream;
}

const WIDTH = 28;
const FRAME_MS = 100;

export function createProgress(options: ProgressOptions): Progress {
  const stream = options.stream ?? process.stderr;
  let total = options.total ?? 0;
  let lastDraw = 0;
  let lastDone = 0;
  let lastNote = '';
  const started = Date.now();
  const mode: 'json' | 'bar' | 'quiet' = options.json ? 'json' : stream.isTTY ? 'bar' : 'quiet';

  const draw = (final: boolean): void => {
    if (mode === 'json') {
      const event = {
        event: final ? 'done' : 'progress',
        label: options.label,
        done: lastDone,
        total,
        note: lastNote,
      };
      stream.write(`${JSON.stringify(event)}\n`);
      return;
    }
    if (mode !== 'bar') return;
    const ratio = total > 0 ? Math.min(1, lastDone / total) : 0;
    const filled = Math.round(ratio * WIDTH);
    const bar = `${'█'.repeat(filled)}${'░'.repeat(WIDTH - filled)}`;
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const counts = total > 0 ? `${lastDone}/${total}` : `${lastDone}`;
    const line = `${options.label} ${bar} ${counts} ${seconds}s ${lastNote}`.slice(
      0,
      (stream.columns ?? 100) - 1,
    );
    stream.write(`${own('\r')}${own('\x1b[2K')}${line}${final ? '\n' : ''}`);
  };

  return {
    update(done, note) {
      lastDone = done;
      if (note !== undefined) lastNote = note;
      const now = Date.now();
      if (now - lastDraw >= FRAME_MS) {
        lastDraw = now;
        draw(false);
      }
    },
    setTotal(value) {
      total = value;
    },
    finish(note) {
      if (note !== undefined) lastNote = note;
      draw(true);
    },
  };
}
