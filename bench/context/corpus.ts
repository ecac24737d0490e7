import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

export const WORK = join(import.meta.dirname, '..', '.work');
export const DJANGO_SOURCE = '/usr/lib/python3/dist-packages/django';

const skipCaches = (source: string) => !/__pycache__|\.pyc$/.test(source);

function gitInit(dir: string): void {
  // Its own repository, so listing goes through `git ls-files` as in a user's clone.
  if (!existsSync(join(dir, '.git'))) execFileSync('git', ['init', '-q'], { cwd: dir });
}

/** A copy of Debian's Django tree in bench/.work/django (a git work tree of its own). */
export function djangoCorpus(): string {
  if (!existsSync(DJANGO_SOURCE)) {
    throw new Error('Django is not installed: run `apt-get install -y python3-django` (benchmarks only)');
  }
  const dir = join(WORK, 'django');
  if (!existsSync(join(dir, 'django'))) {
    mkdirSync(dir, { recursive: true });
    cpSync(DJANGO_SOURCE, join(dir, 'django'), { recursive: true, filter: skipCaches });
  }
  gitInit(dir);
  return dir;
}

function countFiles(dir: string): number {
  let count = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) if (entry.isFile()) count++;
  return count;
}

/**
 * About 10,000 files of real code nobody here wrote: Debian's Python packages (Django included) and
 * standard library, plus the TypeScript sources of rxjs and typescript's declaration files, unpacked with
 * `npm pack` (the registry is reachable; nothing is installed).
 */
export function largeCorpus(target = 10_000): string {
  const dir = join(WORK, 'corpus10k');
  const marker = join(WORK, 'corpus10k.complete');
  if (existsSync(marker)) return dir;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const sources: [string, string][] = [
    ['/usr/lib/python3/dist-packages', 'dist-packages'],
    ['/usr/lib/python3.11', 'python3.11'],
  ];
  for (const [source, name] of sources) {
    if (existsSync(source)) {
      cpSync(source, join(dir, name), {
        recursive: true,
        dereference: false,
        filter: (path) => skipCaches(path) && !/site-packages|\/lib-dynload|\.so$/.test(path),
      });
    }
  }
  const packs = join(WORK, 'packs');
  mkdirSync(packs, { recursive: true });
  for (const spec of ['rxjs@7.8.2', 'typescript@5.9.3', '@types/node@20.19.0']) {
    if (countFiles(dir) >= target) break;
    try {
      const file = execFileSync('npm', ['pack', spec, '--silent'], { cwd: packs, encoding: 'utf8' })
        .trim()
        .split('\n')
        .pop()!;
      const out = join(dir, 'npm', spec.replace(/[@/]/g, '_'));
      mkdirSync(out, { recursive: true });
      execFileSync('tar', ['-xzf', join(packs, file), '-C', out]);
    } catch (error) {
      process.stderr.write(`could not npm pack ${spec}: ${(error as Error).message.split('\n')[0]}\n`);
    }
  }
  gitInit(dir);
  execFileSync('touch', [marker]);
  return dir;
}
