/**
 * A sample's verdict in human-eval's vocabulary (`passed`, `timed out`, `failed: …`) plus the failure kind
 * vouch groups failures by.
 */
export type FailureKind =
  | 'syntax'
  | 'type-error'
  | 'assertion'
  | 'timeout'
  | 'memory'
  | 'sandbox-error'
  | `exception:${string}`;

export interface Verdict {
  passed: boolean;
  /** exactly the string the official harness records: "passed", "timed out" or "failed: <detail>" */
  result: string;
  kind?: FailureKind;
  /** 1-based program line where the failure was raised, when known */
  line?: number;
  durationMs: number;
}

/** The kind of a failure from the exception's class name (Python or JavaScript). */
export function kindOfException(name: string | undefined): FailureKind {
  if (!name) return 'exception:unknown';
  if (name === 'AssertionError') return 'assertion';
  if (name === 'SyntaxError' || name === 'IndentationError' || name === 'TabError') return 'syntax';
  if (name === 'MemoryError') return 'memory';
  return `exception:${name}`;
}

/** The final `Name: message` line of a Python traceback or a Node uncaught-error report. */
export function lastError(stderr: string): { name?: string; message: string } {
  const lines = stderr
    .split('\n')
    .map((line) => line.trimEnd())
    .filter(Boolean);
  if (stderr.includes('ERR_ASSERTION')) {
    const line = lines.find((entry) => /^AssertionError/.test(entry)) ?? 'AssertionError [ERR_ASSERTION]';
    return { name: 'AssertionError', message: line };
  }
  for (let index = lines.length - 1; index >= 0; index--) {
    const match = /^([A-Za-z_][\w.]*(?:Error|Exception|Exit|Interrupt|Warning))\b(?: \[\w+\])?:?(.*)$/.exec(
      lines[index]!.trim(),
    );
    if (match) return { name: match[1]!.split('.').pop()!, message: lines[index]!.trim() };
  }
  return { message: lines.at(-1) ?? '' };
}

export function failureLabel(kind: FailureKind | undefined): string {
  if (!kind) return 'passed';
  return kind.startsWith('exception:') ? kind.slice('exception:'.length) : kind;
}
