import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A `git` first on PATH that writes down each command line before running the real git: what vouch
 * starts, seen from outside (how often it lists a repository, how often it reads its config). `calls`
 * gives the lines so far; `restore` puts PATH back. The folder is added to `made` for the test's cleanup.
 */
export function gitShim(made: string[]): { calls: () => string[]; restore: () => void } {
  const folder = mkdtempSync(join(tmpdir(), 'vouch-git-shim-'));
  made.push(folder);
  const log = join(folder, 'calls');
  const real = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
  writeFileSync(join(folder, 'git'), `#!/bin/sh\necho "$*" >> '${log}'\nexec '${real}' "$@"\n`);
  chmodSync(join(folder, 'git'), 0o755);
  const path = process.env.PATH;
  process.env.PATH = `${folder}:${path}`;
  return {
    calls: () => (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : []),
    restore: () => {
      process.env.PATH = path;
    },
  };
}
