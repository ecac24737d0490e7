import type { SandboxResult } from '../../src/verify/sandbox/types.js';

/**
 * A finished sandbox run as runInSandbox reports it: `ok` for exit 0, `failed` for any other exit. For the
 * tests of what a check makes of its tool's exit (eslint-outcome, python-tool-outcome), no sandbox started.
 */
export function exited(exitCode: number, output: { stdout?: string; stderr?: string } = {}): SandboxResult {
  return {
    status: exitCode === 0 ? 'ok' : 'failed',
    exitCode,
    stdout: output.stdout ?? '',
    stderr: output.stderr ?? '',
    durationMs: 5,
    truncated: false,
    sandboxed: true,
    ...(exitCode === 0 ? {} : { reason: `exit code ${exitCode}` }),
  };
}
