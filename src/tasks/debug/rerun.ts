import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  type PythonTestResults,
  pytestCommandRun,
  pythonTestResults,
} from '../../verify/checks/python-test-run.js';
import { findPythonInterpreter } from '../../verify/runners/python-interpreter.js';
import { runInSandbox, type SandboxResult } from '../../verify/sandbox/index.js';

/**
 * The failing command, run in the sandbox over the project (read-only), with the proposed fix laid over
 * the project's files (`overlay`: the scratch copy the program sees; the user's files are never touched).
 * The same runner the refactor task's existing-test runs use.
 */

export interface CommandRun {
  /** argv as it ran inside the sandbox */
  argv: string[];
  status: SandboxResult['status'];
  exitCode: number | null;
  /** stdout and stderr together (stdout first), for the parser and the model */
  output: string;
  durationMs: number;
  sandboxed: boolean;
  /** why it ended the way it did, when it did not exit 0 */
  reason?: string;
  /**
   * a pytest command: the tests and the run's end as vouch's plugin reported them on the run's report
   * channel; an exit 0 proves nothing when pytest did not reach its end (the code left with os._exit(0))
   */
  pytest?: PythonTestResults;
}

/** How much of a failing command's output goes into reports and prompts (its end matters most). */
const OUTPUT_TAIL_CHARS = 6000;

export function outputTail(output: string, limit = OUTPUT_TAIL_CHARS): string {
  if (output.length <= limit) return output;
  const cut = output.indexOf('\n', output.length - limit);
  return `…\n${output.slice(cut === -1 ? output.length - limit : cut + 1)}`;
}

/**
 * The user's argv as it runs inside the sandbox: `python`/`python3` become the project's interpreter (its
 * virtualenv when it has one), `pytest` runs as `python -m pytest` without the cache plugin (the project
 * is read-only), `npx tool` runs the project's own `node_modules/.bin/tool`.
 */
export function sandboxArgv(
  root: string,
  argv: readonly string[],
): { argv: string[]; readOnlyPaths: string[]; pytest?: Record<string, string> } {
  const [program, ...rest] = argv;
  const python = findPythonInterpreter(root);
  const pytest = (args: string[]) => {
    const run = pytestCommandRun(python.path, args);
    return { argv: run.command, readOnlyPaths: python.readOnlyPaths, pytest: run.files };
  };
  if (program === 'python' || program === 'python3') {
    if (rest[0] === '-m' && rest[1] === 'pytest') return pytest(rest.slice(2));
    return { argv: [python.path, ...rest], readOnlyPaths: python.readOnlyPaths };
  }
  if (program === 'pytest' || program === 'py.test') return pytest(rest);
  if (program === 'npx' && rest[0] && existsSync(join(root, 'node_modules', '.bin', rest[0])))
    return { argv: [join(root, 'node_modules', '.bin', rest[0]), ...rest.slice(1)], readOnlyPaths: [] };
  return { argv: [...argv], readOnlyPaths: [] };
}

export async function runCommand(
  root: string,
  argv: readonly string[],
  options: {
    cwd: string;
    overlay?: Record<string, string>;
    timeoutMs: number;
    unsafeNoSandbox?: boolean;
    signal?: AbortSignal;
  },
): Promise<CommandRun> {
  const planned = sandboxArgv(root, argv);
  const result = await runInSandbox({
    command: planned.argv,
    projectDir: root,
    cwd: options.cwd,
    ...(options.overlay && Object.keys(options.overlay).length > 0 ? { overlay: options.overlay } : {}),
    env: { PYTHONDONTWRITEBYTECODE: '1', CI: '1', NO_COLOR: '1', FORCE_COLOR: '0' },
    readOnlyPaths: planned.readOnlyPaths,
    limits: {
      wallMs: options.timeoutMs,
      cpuMs: options.timeoutMs,
      memoryMb: 2048,
      processes: 256,
      outputBytes: 4 << 20,
    },
    ...(options.unsafeNoSandbox ? { unsafeNoSandbox: true } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(planned.pytest ? { files: planned.pytest, report: true } : {}),
  });
  const output = [result.stdout, result.stderr].filter((text) => text.trim()).join('\n');
  return {
    argv: planned.argv,
    status: result.status,
    exitCode: result.exitCode,
    output,
    durationMs: Math.round(result.durationMs),
    sandboxed: result.sandboxed,
    ...(result.reason ? { reason: result.reason } : {}),
    ...(planned.pytest ? { pytest: pythonTestResults(result.report) } : {}),
  };
}
