/**
 * The error every layer above `model/` throws when the user must act. The CLI maps `exitCode` to the
 * process exit code and prints `message` and `hint`; nothing decides by matching message text.
 */
export const EXIT = {
  /** everything ran and nothing was found */
  ok: 0,
  /** findings or failed checks (the command worked; the code did not pass) */
  findings: 1,
  /** usage or environment error: bad flags, bad input, missing model, unreachable endpoint */
  usage: 2,
  /** cancelled by the user with Ctrl-C (128 + SIGINT, as shells report it) */
  interrupted: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export interface VouchErrorOptions {
  /** what the user can do about it, one sentence */
  hint?: string;
  exitCode?: ExitCode;
  cause?: unknown;
}

export class VouchError extends Error {
  readonly hint: string | undefined;
  readonly exitCode: ExitCode;
  constructor(message: string, options: VouchErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.name = 'VouchError';
    this.hint = options.hint;
    this.exitCode = options.exitCode ?? EXIT.usage;
  }
}

/** Bad flags or input the user typed. */
export class UsageError extends VouchError {
  constructor(message: string, options: Omit<VouchErrorOptions, 'exitCode'> = {}) {
    super(message, { ...options, exitCode: EXIT.usage });
    this.name = 'UsageError';
  }
}

/** Something about the machine or configuration is missing or broken (no sandbox, no model, no grammar). */
export class EnvironmentError extends VouchError {
  constructor(message: string, options: Omit<VouchErrorOptions, 'exitCode'> = {}) {
    super(message, { ...options, exitCode: EXIT.usage });
    this.name = 'EnvironmentError';
  }
}

export function isVouchError(error: unknown): error is VouchError {
  return error instanceof VouchError;
}

/**
 * A task or call the user cancelled: the model layer's `aborted` error, or the `AbortError` an
 * AbortSignal throws. Read by `kind` and `name`, never by message (core/ imports nothing of model/).
 */
export function isCancellation(error: unknown): boolean {
  return (
    (error as { kind?: unknown } | null)?.kind === 'aborted' ||
    (error as { name?: unknown } | null)?.name === 'AbortError'
  );
}
