/**
 * A timer that aborts a signal: the per-request timeout. `reset()` restarts it, which is how a stream's
 * timeout measures the gap between chunks rather than the whole (possibly long) generation.
 */
export interface Deadline {
  /** aborts when the caller's signal does or the time runs out */
  readonly signal: AbortSignal;
  readonly timedOut: boolean;
  readonly timeoutMs: number;
  reset(): void;
  clear(): void;
}

export function startDeadline(timeoutMs: number, callerSignal: AbortSignal | undefined): Deadline {
  const controller = new AbortController();
  let timedOut = false;
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    timer = setTimeout(() => {
      timedOut = true;
      controller.abort(new Error(`timed out after ${timeoutMs} ms`));
    }, timeoutMs);
  };
  arm();
  const signal = callerSignal ? AbortSignal.any([callerSignal, controller.signal]) : controller.signal;
  return {
    signal,
    get timedOut() {
      return timedOut;
    },
    timeoutMs,
    reset() {
      clearTimeout(timer);
      if (!timedOut) arm();
    },
    clear() {
      clearTimeout(timer);
    },
  };
}
