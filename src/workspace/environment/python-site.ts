import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

/**
 * Where a project's Python packages are installed, as its interpreter sees them: the site-packages of
 * its virtualenv and — when the virtualenv was made with `--system-site-packages` — those of the base
 * interpreter (Debian's /usr/lib/python3/dist-packages, a pyenv version's site-packages). The one view of
 * installed Python packages that `env`, `licence` and the checks share; the imports check asks the
 * interpreter itself, inside the sandbox, and finds the same folders.
 */
export interface PythonSiteDir {
  /** absolute path of a site-packages (or Debian dist-packages) folder */
  dir: string;
  /** the virtualenv folder it belongs to, relative to the project (`.venv`) */
  venv: string;
  /** the base interpreter's, reached through `include-system-site-packages = true` */
  system: boolean;
}

const VENV_NAMES = ['.venv', 'venv', 'env', '.env-venv'];

function readConfig(venvDir: string): string | undefined {
  try {
    return readFileSync(join(venvDir, 'pyvenv.cfg'), 'utf8');
  } catch {
    return undefined;
  }
}

function ownSiteDirs(venvDir: string): string[] {
  const found: string[] = [];
  const windows = join(venvDir, 'Lib', 'site-packages');
  if (existsSync(windows)) found.push(windows);
  for (const lib of ['lib', 'lib64']) {
    let entries: string[] = [];
    try {
      entries = readdirSync(join(venvDir, lib));
    } catch {}
    for (const entry of entries) {
      const site = join(venvDir, lib, entry, 'site-packages');
      if (entry.startsWith('python') && existsSync(site) && !found.includes(site)) found.push(site);
    }
  }
  return found;
}

/** The base interpreter's site folders, from pyvenv.cfg's `home` (its bin folder) and version. */
function systemSiteDirs(config: string): string[] {
  const home = /^home\s*=\s*(.+)$/m.exec(config)?.[1]?.trim();
  const version = /^(?:version|version_info)\s*=\s*(\d+)\.(\d+)/m.exec(config);
  if (!home || !version) return [];
  const prefix = dirname(home);
  const short = `python${version[1]}.${version[2]}`;
  return [
    join(prefix, 'lib', short, 'site-packages'),
    join(prefix, 'local', 'lib', short, 'dist-packages'),
    join(prefix, 'lib', `python${version[1]}`, 'dist-packages'),
    join(prefix, 'lib', short, 'dist-packages'),
  ].filter((dir) => existsSync(dir));
}

/** Site folders of the project's virtualenvs (`.venv`, `venv`, `env`, and `$VIRTUAL_ENV` inside the project). */
export function pythonSiteDirs(root: string, env: NodeJS.ProcessEnv = process.env): PythonSiteDir[] {
  const venvs = VENV_NAMES.map((name) => join(root, name));
  if (
    env.VIRTUAL_ENV &&
    !relative(root, env.VIRTUAL_ENV).startsWith('..') &&
    !venvs.includes(env.VIRTUAL_ENV)
  )
    venvs.unshift(env.VIRTUAL_ENV);
  const found: PythonSiteDir[] = [];
  const seen = new Set<string>();
  for (const venvDir of venvs) {
    const config = readConfig(venvDir);
    if (config === undefined && !existsSync(join(venvDir, 'lib'))) continue;
    const venv = relative(root, venvDir) || '.';
    for (const dir of ownSiteDirs(venvDir)) {
      if (seen.has(dir)) continue;
      seen.add(dir);
      found.push({ dir, venv, system: false });
    }
    if (config && /^include-system-site-packages\s*=\s*true\s*$/im.test(config)) {
      for (const dir of systemSiteDirs(config)) {
        if (seen.has(dir)) continue;
        seen.add(dir);
        found.push({ dir, venv, system: true });
      }
    }
  }
  return found;
}
