/**
 * Real web applications' Python code from Debian's archive, for measuring the scanner on typical
 * application code rather than a framework: Django apps (Mailman 3's HyperKitty and Postorius, the
 * OpenStack dashboard). Packages are fetched with `apt-get download` into a cache and unpacked with
 * `dpkg-deb -x` — never installed, nothing of them runs. Without apt (or offline), the set is skipped.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';

export const APPLICATION_PACKAGES = [
  'python3-django-hyperkitty',
  'python3-django-postorius',
  'python3-django-horizon',
  'openstack-dashboard',
] as const;

function cacheRoot(): string {
  return join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'vouch-bench', 'debian');
}

/** The unpacked package folder, fetched on first use; undefined when apt cannot fetch it. */
function unpacked(name: string): string | undefined {
  const target = join(cacheRoot(), name);
  if (existsSync(target)) return target;
  const scratch = mkdtempSync(join(tmpdir(), 'vouch-bench-deb-'));
  try {
    execFileSync('apt-get', ['download', name], { cwd: scratch, stdio: 'ignore', timeout: 120_000 });
    const deb = readdirSync(scratch).find((file) => file.endsWith('.deb'));
    if (!deb) return undefined;
    const staging = join(scratch, 'root');
    execFileSync('dpkg-deb', ['-x', join(scratch, deb), staging], { stdio: 'ignore' });
    mkdirSync(cacheRoot(), { recursive: true });
    renameSync(staging, target);
    return target;
  } catch {
    return undefined;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function pythonFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const info = lstatSync(path);
    if (info.isDirectory()) out.push(...pythonFiles(path));
    else if (info.isFile() && name.endsWith('.py')) out.push(path);
  }
  return out;
}

/** Every Python file of the application packages, sorted; empty when none could be fetched. */
export function applicationPythonFiles(): { files: string[]; packages: string[] } {
  const files: string[] = [];
  const packages: string[] = [];
  for (const name of APPLICATION_PACKAGES) {
    const root = unpacked(name);
    if (!root) continue;
    packages.push(name);
    for (const base of ['usr/lib/python3/dist-packages', 'usr/share/openstack-dashboard']) {
      if (existsSync(join(root, base))) files.push(...pythonFiles(join(root, base)));
    }
  }
  return { files: [...new Set(files)].sort(), packages };
}
