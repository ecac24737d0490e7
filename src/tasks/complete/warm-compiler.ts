import { shippedText } from '../../core/package-root.js';
import { findPythonInterpreter } from '../../verify/runners/python-interpreter.js';
import type { SandboxResult, WarmPool } from '../../verify/sandbox/index.js';

/**
 * Python's compiler on a completion's file (compiler-syntax.ts), in one sandboxed Python worker kept for
 * the session, instead of a new sandbox and interpreter per completion. The one-shot sandbox cost 50 ms
 * and more of the completion's own time on a quiet machine, several hundred on a busy one (issue 60: the
 * inline completion's overhead); a job in the warm worker is a fork of a small interpreter that compiles
 * the text and exits. The text is still only compiled, never run, and only inside the sandbox. The
 * worker starts when a Python buffer opens (warmCompletion), runs the interpreter the one-shot would
 * (the project's virtualenv, else python3), and is started again if that changes.
 */

const PROGRAM = 'python/completion_compile.py';
const LIMITS = { wallMs: 10_000, memoryMb: 512 };

export interface PythonCompile {
  /** the text to compile, and the file name its errors carry */
  path: string;
  text: string;
  unsafeNoSandbox?: boolean;
  signal?: AbortSignal;
}

/** `python/completion_compile.py`'s input: the file's name and text as JSON on stdin. */
function stdinOf(request: PythonCompile): string {
  return JSON.stringify({ path: request.path, text: request.text });
}

/** The compile in a sandbox of its own (a face that keeps no session, or no warm worker could start). */
export async function compileOnce(workspaceRoot: string, request: PythonCompile): Promise<SandboxResult> {
  const python = findPythonInterpreter(workspaceRoot);
  const { runInSandbox } = await import('../../verify/sandbox/index.js');
  return runInSandbox({
    command: [python.path, '-c', shippedText(PROGRAM)],
    projectDir: workspaceRoot,
    readOnlyPaths: python.readOnlyPaths,
    stdin: stdinOf(request),
    limits: LIMITS,
    // a completion waits for it
    urgent: true,
    unsafeNoSandbox: request.unsafeNoSandbox,
    ...(request.signal ? { signal: request.signal } : {}),
  });
}

export class WarmCompiler {
  private pool: Promise<WarmPool | undefined> | undefined;
  private interpreter: string | undefined;
  private closed = false;

  constructor(readonly workspaceRoot: string) {}

  /** Starts the worker, if not started (a buffer opened: the first completion should not wait for it). */
  start(): Promise<WarmPool | undefined> {
    const python = findPythonInterpreter(this.workspaceRoot);
    if (this.pool && python.path !== this.interpreter) void this.stop();
    if (this.closed) return Promise.resolve(undefined);
    this.interpreter = python.path;
    // loaded here: a session that never completes Python never needs the sandbox's code
    this.pool ??= import('../../verify/sandbox/index.js')
      .then(({ createWarmPool }) =>
        createWarmPool({
          runtime: 'python',
          size: 1,
          pythonPath: python.path,
          projectDir: this.workspaceRoot,
          readOnlyPaths: python.readOnlyPaths,
          limits: LIMITS,
        }),
      )
      .catch(() => undefined);
    return this.pool;
  }

  /**
   * The compile's result from the warm worker; without one (no sandbox to keep one in, or a run the
   * user allowed outside the sandbox), from a sandbox of its own, as before.
   */
  async compile(request: PythonCompile): Promise<SandboxResult> {
    const pool = request.unsafeNoSandbox ? undefined : await this.start();
    if (!pool) return compileOnce(this.workspaceRoot, request);
    return pool.run({ source: shippedText(PROGRAM), stdin: stdinOf(request), urgent: true });
  }

  private async stop(): Promise<void> {
    const pool = this.pool;
    this.pool = undefined;
    await (await pool)?.close();
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.stop();
  }
}
