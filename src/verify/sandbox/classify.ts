import { constants } from 'node:os';
import type { SandboxStatus } from './types.js';

/**
 * Memory exhaustion shows up differently per runtime: Python raises MemoryError, V8 aborts with "heap out
 * of memory", C code reports ENOMEM / "Cannot allocate memory", C++ throws std::bad_alloc. There is no
 * exit code for it, so the last resort is the runtime's own message on stderr.
 */
const MEMORY_PATTERN =
  /\bMemoryError\b|heap out of memory|Fatal process out of memory|Cannot allocate memory|\bENOMEM\b|std::bad_alloc|out of memory/i;

export interface Outcome {
  exitCode: number | null;
  signal?: string | null;
  stderr: string;
  timedOut: boolean;
  aborted: boolean;
  /** the runtime told us directly that it ran out of memory (warm workers can) */
  memory?: boolean;
}

const SIGNAL_NAMES = new Map<number, string>(
  Object.entries(constants.signals).map(([name, number]) => [number, name] as [number, string]),
);

/** bubblewrap's init reports a child killed by signal N as exit code 128 + N. */
export function signalFromExitCode(exitCode: number | null): string | undefined {
  if (exitCode === null || exitCode <= 128 || exitCode > 128 + 64) return undefined;
  return SIGNAL_NAMES.get(exitCode - 128);
}

export function classify(outcome: Outcome): { status: SandboxStatus; reason?: string } {
  if (outcome.timedOut)
    return { status: 'timeout', reason: 'wall-time limit reached; the process tree was killed' };
  if (outcome.aborted) return { status: 'killed', reason: 'the run was cancelled' };
  const signal = outcome.signal ?? undefined;
  if (signal === 'SIGXCPU') return { status: 'timeout', reason: 'CPU-time limit reached' };
  if (outcome.exitCode === 0 && !signal) return { status: 'ok' };
  if (outcome.memory || MEMORY_PATTERN.test(tail(outcome.stderr))) {
    return { status: 'memory', reason: 'the program ran out of its memory limit' };
  }
  if (signal === 'SIGXFSZ') return { status: 'failed', reason: 'file-size limit reached' };
  if (signal) return { status: 'killed', reason: `killed by ${signal}` };
  return { status: 'failed', reason: `exit code ${outcome.exitCode}` };
}

/** Only the end of stderr decides: a program that merely prints "MemoryError" early and then fails is rare. */
function tail(text: string): string {
  return text.length > 4000 ? text.slice(-4000) : text;
}
