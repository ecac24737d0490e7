import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface PythonInterpreter {
  /** path usable inside the sandbox (the project is mounted at its own path) */
  path: string;
  /** directories the interpreter needs mounted read-only besides /usr (a base install elsewhere) */
  readOnlyPaths: string[];
  /** `venv` when it is the project's virtualenv */
  source: 'venv' | 'system';
}

const SYSTEM_PREFIXES = ['/usr/', '/bin/', '/lib/', '/lib64/'];

function isSystemPath(path: string): boolean {
  return SYSTEM_PREFIXES.some((prefix) => path.startsWith(prefix));
}

/**
 * The project's virtualenv interpreter (`.venv/`, `venv/`, `env/`) when there is one, else `python3`.
 * A virtualenv's `python` is a symlink to its base interpreter; when that base lives outside /usr (pyenv,
 * a custom prefix) its install prefix must be mounted too, or the link dangles inside the sandbox.
 */
export function findPythonInterpreter(projectDir: string | undefined): PythonInterpreter {
  for (const name of ['.venv', 'venv', 'env']) {
    if (!projectDir) break;
    const venv = join(projectDir, name);
    const python = join(venv, 'bin', 'python');
    if (!existsSync(join(venv, 'pyvenv.cfg')) || !existsSync(python)) continue;
    const readOnlyPaths: string[] = [];
    const home = /^home\s*=\s*(.+)$/m.exec(readFileSync(join(venv, 'pyvenv.cfg'), 'utf8'))?.[1]?.trim();
    let base: string | undefined;
    try {
      base = realpathSync(python);
    } catch {
      base = home ? join(home, 'python3') : undefined;
    }
    if (base && !isSystemPath(base)) readOnlyPaths.push(dirname(dirname(base)));
    return { path: python, readOnlyPaths, source: 'venv' };
  }
  return { path: 'python3', readOnlyPaths: [], source: 'system' };
}
