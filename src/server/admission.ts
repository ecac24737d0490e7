import { HttpError } from './http-error.js';

/**
 * Admission control for the work that runs sandboxes and models (`/v1/check`, `/v1/tasks/*`): at most
 * `running` at once, `queued` more waiting, and beyond that a 429 with `Retry-After` at once.
 * Without it ten concurrent `/v1/check` pinned 2.56 GB of tmpfs; the sandbox layer caps what runs
 * process-wide too (verify/sandbox/admission.ts), this decides who waits and who is told to come back.
 *
 * Each user gets a share: at most `perUser` of the slots at once (default `running − 1`, at least 1), and
 * at most `queued − 1` of the places in the queue, so one user's slow model calls never take every slot
 * and another user's request starts (r41 #8: bob's two `generate` on a model answering in 25 s made ana's
 * `/v1/check` wait 35 s). A freed slot goes to the waiting request whose user runs the fewest, the oldest
 * first among equals; a user at their share waits even while a slot is free, kept for the others.
 */
export interface AdmissionOptions {
  running: number;
  queued: number;
  /** at most this many running for one user; default `running − 1`, at least 1 */
  perUser?: number;
}

export interface AdmissionTicket {
  /** resolves when the work may start; rejects if `signal` aborts while it waits */
  ready: Promise<void>;
  /** frees the slot (or leaves the queue); safe to call more than once */
  release(): void;
}

export interface AdmissionRequest {
  /** whose work it is: the share is counted per user (one key for requests that name none) */
  user?: string;
  signal?: AbortSignal;
}

/** Typical duration, for `Retry-After` before anything finished. */
const FIRST_GUESS_MS = 5_000;

interface Waiting {
  user: string;
  start: () => void;
  cancel: () => void;
}

export class Admission {
  private active = 0;
  private readonly activeByUser = new Map<string, number>();
  private readonly waiting: Waiting[] = [];
  /** a moving average of how long admitted work takes */
  private averageMs = FIRST_GUESS_MS;
  private readonly perUser: number;

  constructor(readonly options: AdmissionOptions) {
    this.perUser = Math.max(1, options.perUser ?? options.running - 1);
  }

  get counts(): { running: number; queued: number } {
    return { running: this.active, queued: this.waiting.length };
  }

  /** Seconds until a slot is likely free: the queue ahead, served `running` at a time. */
  retryAfterSeconds(): number {
    const rounds = Math.ceil((this.waiting.length + 1) / Math.max(1, this.options.running));
    return Math.max(1, Math.ceil((rounds * this.averageMs) / 1000));
  }

  private runningOf(user: string): number {
    return this.activeByUser.get(user) ?? 0;
  }

  private mayStart(user: string): boolean {
    return this.active < this.options.running && this.runningOf(user) < this.perUser;
  }

  private occupy(user: string): void {
    this.active++;
    this.activeByUser.set(user, this.runningOf(user) + 1);
  }

  private vacate(user: string): void {
    this.active--;
    const left = this.runningOf(user) - 1;
    if (left > 0) this.activeByUser.set(user, left);
    else this.activeByUser.delete(user);
  }

  /** Starts waiting work while slots are free: each time the user running the fewest, oldest first. */
  private startWaiting(): void {
    while (this.active < this.options.running) {
      let chosen = -1;
      for (let index = 0; index < this.waiting.length; index++) {
        const user = this.waiting[index]!.user;
        if (!this.mayStart(user)) continue;
        if (chosen < 0 || this.runningOf(user) < this.runningOf(this.waiting[chosen]!.user)) chosen = index;
      }
      if (chosen < 0) return;
      this.waiting.splice(chosen, 1)[0]!.start();
    }
  }

  private busy(message: string): HttpError {
    const wait = this.retryAfterSeconds();
    return new HttpError({
      status: 429,
      code: 'server_busy',
      message,
      hint: `retry in ${wait} s; an administrator can raise [server] max_concurrent_tasks, max_queued_tasks and max_tasks_per_user`,
      headers: { 'retry-after': String(wait) },
    });
  }

  /** A place to run, or a 429 now when the queue (or the user's share of it) is full. */
  reserve({ user: named, signal }: AdmissionRequest = {}): AdmissionTicket {
    const user = named ?? '';
    let released = false;
    let started = 0;
    const finish = () => {
      if (released) return;
      released = true;
      if (started > 0) {
        this.averageMs = this.averageMs * 0.8 + (performance.now() - started) * 0.2;
        this.vacate(user);
        this.startWaiting();
      }
    };
    if (this.mayStart(user)) {
      this.occupy(user);
      started = performance.now();
      return { ready: Promise.resolve(), release: finish };
    }
    if (this.waiting.length >= this.options.queued)
      throw this.busy(
        `the server is running ${this.active} checks and tasks with ${this.waiting.length} waiting, its limit`,
      );
    const yours = this.waiting.filter((entry) => entry.user === user).length;
    if (yours >= Math.max(1, this.options.queued - 1))
      throw this.busy(
        `you have ${this.runningOf(user)} checks and tasks running and ${yours} waiting, your share of the server`,
      );
    let entry: Waiting | undefined;
    const ready = new Promise<void>((resolve, reject) => {
      entry = {
        user,
        start: () => {
          this.occupy(user);
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
  async run<T>(work: () => Promise<T>, request: AdmissionRequest = {}): Promise<T> {
    const ticket = this.reserve(request);
    try {
      await ticket.ready;
      return await work();
    } finally {
      ticket.release();
    }
  }
}
