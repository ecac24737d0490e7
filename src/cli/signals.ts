import { EXIT } from '../core/errors.js';

/** How long a command has, after the first Ctrl-C, to stop cleanly before vouch exits anyway. */
const GRACE_MS = 700;

let interrupted = false;
const controller = new AbortController();
let override: (() => void) | undefined;
let lastWords: (() => void) | undefined;

/**
 * What to say before vouch exits at once, the command not stopped in time (a `--json` command's one
 * object: a script that asked for JSON gets it however the command ended).
 */
export function beforeForcedExit(say: (() => void) | undefined): void {
  lastWords = say;
}

function exitNow(): never {
  try {
    lastWords?.();
  } finally {
    process.exit(EXIT.interrupted);
  }
}

/** Whether the user pressed Ctrl-C (or sent SIGTERM) during this command: its exit status is then 130. */
export function wasInterrupted(): boolean {
  return interrupted;
}

function onSignal(): void {
  if (override) {
    override();
    return;
  }
  if (interrupted) exitNow();
  interrupted = true;
  process.stderr.write('\nvouch: cancelling… (press Ctrl-C again to quit at once)\n');
  // an AbortError, as every layer recognises a cancellation (core/errors.ts isCancellation): a command that
  // throws it is reported cancelled, its `--json` error saying the 130 the process exits with (r33)
  controller.abort(Object.assign(new Error('cancelled by the user'), { name: 'AbortError' }));
  // results are written as they are made, so a command that cannot stop in time loses nothing
  setTimeout(() => {
    process.stderr.write('vouch: stopped\n');
    exitNow();
  }, GRACE_MS).unref();
}

/**
 * Installed once when the CLI starts, before any command loads: the first Ctrl-C (or SIGTERM) aborts the
 * signal every command passes down (model requests, sandboxed runs, scans), and the command gets a second
 * to wind down; then, or at a second Ctrl-C, vouch exits with 130. Every command, at every moment.
 */
export function installInterruptHandling(): void {
  // installed when its listener is there, not by a flag: a process that runs main more than once (the
  // tests' run-main.ts) takes the listeners off after each run, and the next run must have them again
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    if (!process.listeners(signal).includes(onSignal)) process.on(signal, onSignal);
}

/** The signal that fires at the first Ctrl-C (or SIGTERM); one for the whole command. */
export function interruptSignal(): AbortSignal {
  installInterruptHandling();
  return controller.signal;
}

/**
 * A command that gives Ctrl-C its own meaning (chat: cancel the reply, then leave) takes it over while
 * `handler` is set; `release()` gives it back.
 */
export function takeOverInterrupt(handler: () => void): { release(): void } {
  installInterruptHandling();
  override = handler;
  return {
    release() {
      if (override === handler) override = undefined;
    },
  };
}
