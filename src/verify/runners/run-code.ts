import { extname, join } from 'node:path';
import { UsageError } from '../../core/errors.js';
import type { LanguageId } from '../../core/languages.js';
import { runInSandbox } from '../sandbox/run-in-sandbox.js';
import { SANDBOX_WORK_DIR, type SandboxLimits, type SandboxResult } from '../sandbox/types.js';
import { findPythonInterpreter } from './python-interpreter.js';
import { isEsmSource, transpileTypeScript } from './transpile-typescript.js';

export type RunnableLanguage = 'python' | 'javascript' | 'typescript';

export const RUNNABLE_LANGUAGES: readonly LanguageId[] = ['python', 'javascript', 'typescript'];

export interface RunCodeRequest {
  language: RunnableLanguage;
  /**
   * the program (a snippet or a whole file's content); bytes run exactly as they are (a file Python
   * refuses for its encoding is refused in the sandbox too), TypeScript is decoded as UTF-8 to transpile
   */
  code: string | Uint8Array;
  /** the project the code belongs to, mounted read-only (its virtualenv / node_modules are used) */
  projectDir?: string;
  /**
   * where the code would live, relative to `projectDir`: it is laid over the project there (the user's
   * file is never touched) and run from there, so relative imports resolve as they would for real
   */
  targetPath?: string;
  /** run this instead of the program (a test command), from the project root, with the overlay in place */
  command?: string[];
  /** more files laid over the project (e.g. generated tests), relative to `projectDir` */
  overlay?: Record<string, string | Uint8Array>;
  stdin?: string;
  limits?: Partial<SandboxLimits>;
  signal?: AbortSignal;
  unsafeNoSandbox?: boolean;
}

export interface RunCodeResult extends SandboxResult {
  /** what ran, as the sandbox saw it */
  command: string[];
}

/** Where JS/TS runs inside a project when it has no target path, so `node_modules` resolves from it. */
const HIDDEN_ENTRY = '.vouch-run';

/**
 * Runs a snippet, a file's content or a test command for Python, JavaScript or TypeScript in the sandbox,
 * against a read-only overlay of the project. Python uses the project's virtualenv when it has one; TS is
 * type-stripped with `transpileModule`, then run on Node.
 */
export async function runCode(request: RunCodeRequest): Promise<RunCodeResult> {
  const { projectDir } = request;
  if ((request.targetPath || request.command) && !projectDir) {
    throw new UsageError('a target path or a command needs the project directory to run in');
  }
  const overlay: Record<string, string | Uint8Array> = { ...request.overlay };
  const files: Record<string, string | Uint8Array> = {};
  const env: Record<string, string> = {};
  const readOnlyPaths: string[] = [];
  let command: string[];
  let cwd: string | undefined;
  let entry: string;

  if (request.language === 'python') {
    const python = findPythonInterpreter(projectDir);
    readOnlyPaths.push(...python.readOnlyPaths);
    if (request.targetPath && projectDir) {
      overlay[request.targetPath] = request.code;
      entry = join(projectDir, request.targetPath);
      cwd = projectDir;
      // the file's own directory comes first (as with `python path/to/file.py`), then the project root
      env.PYTHONPATH = projectDir;
    } else {
      files['main.py'] = request.code;
      entry = 'main.py';
      if (projectDir) env.PYTHONPATH = projectDir;
    }
    command = request.command ?? [python.path, entry];
    if (request.command && projectDir) {
      cwd = projectDir;
      env.PYTHONPATH = projectDir;
      // `python -m pytest` and friends: the project's interpreter, not whatever is first on PATH
      if (['python', 'python3'].includes(request.command[0] ?? ''))
        command = [python.path, ...request.command.slice(1)];
    }
  } else {
    const typescript = request.language === 'typescript';
    const text = typeof request.code === 'string' ? request.code : Buffer.from(request.code).toString('utf8');
    const js = typescript ? transpileTypeScript(text) : request.code;
    const extension = isEsmSource(typescript ? (js as string) : text) ? '.mjs' : '.cjs';
    if (projectDir) {
      const target = request.targetPath
        ? request.targetPath.replace(/\.[cm]?[jt]sx?$/, '') +
          (typescript ? extension : extname(request.targetPath) || extension)
        : `${HIDDEN_ENTRY}/main${extension}`;
      overlay[target] = js;
      entry = join(projectDir, target);
      cwd = projectDir;
    } else {
      files[`main${extension}`] = js;
      entry = `main${extension}`;
    }
    command = request.command ?? ['node', entry];
  }
  const result = await runInSandbox({
    command,
    files,
    ...(projectDir ? { projectDir, overlay } : {}),
    ...(cwd ? { cwd } : { cwd: SANDBOX_WORK_DIR }),
    env,
    readOnlyPaths,
    ...(request.stdin !== undefined ? { stdin: request.stdin } : {}),
    ...(request.limits ? { limits: request.limits } : {}),
    ...(request.signal ? { signal: request.signal } : {}),
    ...(request.unsafeNoSandbox ? { unsafeNoSandbox: true } : {}),
  });
  return { ...result, command };
}
