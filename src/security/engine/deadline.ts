/**
 * A cooperative deadline for one file's analysis (issue 59): the engine's work on a file is synchronous, so
 * it stops itself. Every place where that work can grow (a function run of the file's fixpoint, a block, a
 * call, a closure or callback run in place, a node of the lite tree, a name or function of a per-name scan)
 * calls `tick()`; one call in `STRIDE` reads the clock, and past the deadline throws `AnalysisStopped`, which
 * `analyzeSource` lets through to its caller: the file is "not verified", never a pass. tree-sitter's parse
 * gets the time left as its own timeout (`parseWithin`). The deadline is module state, set only around
 * synchronous work (`withDeadline`): nothing else runs on the thread meanwhile. An AbortSignal given with it
 * (the run was abandoned: an edit in the language server) stops the analysis as the deadline does, read at
 * the same clock readings: a signal aborted before the file's synchronous work (during its parse's await)
 * no longer lets that work run on to its end.
 */

/** The analysis of a file ran past its deadline and stopped: it was not checked. */
export class AnalysisStopped extends Error {
  constructor() {
    super('the analysis of the file ran past its deadline and was stopped');
    this.name = 'AnalysisStopped';
  }
}

/**
 * The file's syntax tree is nested deeper than a walk of the engine that stays recursive (the interpreter's
 * evaluation of an expression, a call's arguments) can follow on the thread's stack: the analysis stopped
 * and the file was not checked (issue 59, w80). A kind of AnalysisStopped, so every caller that lists a
 * stopped file lists this one too, with `reason`.
 */
export class AnalysisTooDeep extends AnalysisStopped {
  /** what the report says of the file, after "not verified: " */
  readonly reason: string;
  /** the stack overflow itself: its stack says which walk recursed */
  override readonly cause: unknown;
  constructor(detail: string, cause?: unknown) {
    super();
    this.name = 'AnalysisTooDeep';
    this.cause = cause;
    this.reason = `too deeply nested to analyse (${detail})`;
    this.message = `the file's syntax tree is ${this.reason}`;
  }
}

/**
 * V8's stack overflow (`RangeError: Maximum call stack size exceeded`). V8 gives it no type or code of its own,
 * so the message is all that tells it from a RangeError of a bad length or radix, which stays a crash (a bug).
 */
export function isStackOverflow(error: unknown): error is RangeError {
  return error instanceof RangeError && /^Maximum call stack size exceeded/.test(error.message);
}

/**
 * Ticks between two readings of the clock: a tick costs a decrement; `performance.now()` about 40 ns. The
 * engine ticks ~1-3 million times a CPU-second, so the clock is read every ~0.1-0.3 ms.
 */
const STRIDE = 512;

/** the clock reading (`performance.now()`) past which the running analysis stops; Infinity: none */
let endsAt = Number.POSITIVE_INFINITY;
let countdown = STRIDE;
/** the running analysis's signal: aborted, it stops as past its deadline */
let abandoned: AbortSignal | undefined;

/**
 * Counts one unit of work; past the deadline or with the signal aborted (read once per STRIDE ticks),
 * throws AnalysisStopped.
 */
export function tick(): void {
  if (--countdown > 0) return;
  countdown = STRIDE;
  checkDeadline();
}

/** Throws AnalysisStopped if the deadline has passed (reads the clock now) or the signal is aborted. */
export function checkDeadline(): void {
  if (performance.now() > endsAt || abandoned?.aborted) throw new AnalysisStopped();
}

/** Milliseconds left before the running analysis's deadline (Infinity without one). */
export function timeLeft(): number {
  return endsAt - performance.now();
}

/**
 * Runs `work` (synchronous) with a deadline at clock reading `at` (undefined: none, or the one already
 * set) and `signal` (undefined: the one already set). An enclosing deadline that ends sooner stays.
 */
export function withDeadline<T>(at: number | undefined, work: () => T, signal?: AbortSignal): T {
  const outer = endsAt;
  const outerSignal = abandoned;
  endsAt = Math.min(outer, at ?? Number.POSITIVE_INFINITY);
  abandoned = signal ?? outerSignal;
  countdown = STRIDE;
  try {
    return work();
  } finally {
    endsAt = outer;
    abandoned = outerSignal;
  }
}
