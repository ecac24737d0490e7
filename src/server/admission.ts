import { HttpError } from './http-error.js';

/**
 * Admission control for the work that runs sandboxes and models (`/v1/check`, `/v1/tasks/*`): at most
 * `running` at once, `queued` more waiting in order, and beyond that a 429 with `Retry-After` at once.
 * Without it ten concurrent `/v1/check` pinned 2.56 GB of tmpfs; the sandbox layer caps what runs
 * process-wide too (verify/sandbox/admission.ts), this decides who waits and who is told to come back.
 */
export interface AdmissionOptions {
  running: number;
  queued: number;
}

export interface AdmissionTicket {
  /** resolves when the work may start; rejects if `signal` aborts while it waits */
  ready: Promise<void>;
  /** frees the slot (or leaves the queue); safe to call more than once */
  release(): void;
}

/** Typical duration, for `Retry-After` before anything finished. */
const FIRST_GUESS_MS = 5_000;

export class Admission {
  private active = 0;
  private readonly waiting: { start: () => void; cancel: () => void }[] = [];
  /** a moving average of how long admitted work takes */
  private averageMs = FIRST_GUESS_MS;

  constructor(readonly options: AdmissionOptions) {}

  get counts(): { running: number; queued: number } {
    return { running: this.active, queued: this.waiting.length };
  }

  /** Seconds until a slot is likely free: the queue ahead, served `running` at a time. */
  retryAfterSeconds(): number {
    const rounds = Math.ceil((this.waiting.length + 1) / Math.max(1, this.options.running));
    return Math.max(1, Math.ceil((rounds * this.averageMs) / 1000));
  }

  /** A place to run, or a 429 now when the queue is full. */
  reserve(signal?: AbortSignal): AdmissionTicket {
    let released = false;
    let started = 0;
    const finish = () => {
      if (released) return;
      released = true;
      if (started > 0) {
        this.averageMs = this.averageMs * 0.8 + (performance.now() - started) * 0.2;
        this.active--;
        this.waiting.shift()?.start();
      }
    };
    if (this.active < this.options.running) {
      this.active++;
      started = performance.now();
      return { ready: Promise.resolve(), release: finish };
    }
    if (this.waiting.length >= this.options.queued) {
      const wait = this.retryAfterSeconds();
      throw new HttpError({
        status: 429,
        code: 'server_busy',
        message: `the server is running ${this.active} checks and tasks with ${this.waiting.length} waiting, its limit`,
        hint: `retry in ${wait} s; an administrator can raise [server] max_concurrent_tasks and max_queued_tasks`,
        headers: { 'retry-after': String(wait) },
      });
    }
    let entry: { start: () => void; cancel: () => void } | undefined;
    const ready = new Promise<void>((resolve, reject) => {
      entry = {
        start: () => {
          this.active++;
          started = performance.now();
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        cancel: () => reject(signal?.reason ?? new Error('aborted')),
      };
      const onAbort = () => {
        const index = this.waiting.indexOf(entry!);
        if (index >= 0) this.waiting.splice(index, 1);
        released = true;
        entry!.cancel();
      };
      if (signal?.aborted) onAbort();
      else signal?.addEventListener('abort', onAbort, { once: true });
    });
    ready.catch(() => {});
    this.waiting.push(entry!);
    return {
      ready,
      release: () => {
        const index = this.waiting.indexOf(entry!);
        if (index >= 0) {
          this.waiting.splice(index, 1);
          released = true;
          return;
        }
        finish();
      },
    };
  }

  /** Runs `work` once admitted (a 429 at once when the queue is full), freeing the slot after. */
  async run<T>(work: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const ticket = this.reserve(signal);
    try {
      await ticket.ready;
      return await work();
    } finally {
      ticket.release();
    }
  }
}
