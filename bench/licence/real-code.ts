import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * Real code for the licence benchmark, read in place:
 * - Python: Django from Debian's python3-django (`apt-get install -y python3-django`), and the Python
 *   standard library as code that shares nothing with it (except what Django says it copied);
 * - TypeScript: the sources of `effect` and `rxjs`, unpacked with `npm pack` into bench/.work/licence/npm.
 */
export interface SourceFile {
  /** `<set>/<relative path>` */
  id: string;
  path: string;
  language: 'python' | 'typescript';
  text: string;
}

const WORK = join(import.meta.dirname, '..', '.work', 'licence');
export const DJANGO = '/usr/lib/python3/dist-packages/django';
const NPM_PACKAGES = ['effect@3.10.0', 'rxjs@7.8.1'];

export function workDir(): string {
  mkdirSync(WORK, { recursive: true });
  return WORK;
}

function walk(dir: string, accept: (path: string) => boolean, out: string[] = []): string[] {
  for (const entry of readdirSync(dir).sort()) {
    const path = join(dir, entry);
    const stats = statSync(path);
    if (stats.isDirectory()) walk(path, accept, out);
    else if (accept(path) && stats.size > 0 && stats.size < 512 * 1024) out.push(path);
  }
  return out;
}

function load(
  set: string,
  root: string,
  language: SourceFile['language'],
  accept: (path: string) => boolean,
): SourceFile[] {
  return walk(root, accept).map((path) => ({
    id: `${set}/${relative(root, path)}`,
    path,
    language,
    text: readFileSync(path, 'utf8'),
  }));
}

/** Unpacks an npm package's tarball (fetched with `npm pack`) once; returns its folder. */
function unpacked(spec: string): string {
  const dir = join(workDir(), 'npm');
  mkdirSync(dir, { recursive: true });
  const name = spec.replace(/@/g, '-').replace(/^-/, '');
  const target = join(dir, name);
  if (!existsSync(join(target, 'package'))) {
    const tarball = execFileSync('npm', ['pack', spec, '--silent'], { cwd: dir, encoding: 'utf8' })
      .trim()
      .split('\n')
      .pop()!;
    mkdirSync(target, { recursive: true });
    execFileSync('tar', ['xzf', join(dir, tarball), '-C', target]);
  }
  return join(target, 'package');
}

export function django(): SourceFile[] {
  if (!existsSync(DJANGO)) throw new Error('Django is not installed: apt-get install -y python3-django');
  return load('django', DJANGO, 'python', (path) => path.endsWith('.py'));
}

export function pythonStdlib(): SourceFile[] {
  const root = '/usr/lib/python3.11';
  return load(
    'stdlib',
    root,
    'python',
    (path) => path.endsWith('.py') && !/\/(site|dist)-packages\//.test(path),
  );
}

export function typescript(spec: string): SourceFile[] {
  const root = join(unpacked(spec), 'src');
  return load(
    spec.split('@')[0]!,
    root,
    'typescript',
    (path) => path.endsWith('.ts') && !path.endsWith('.d.ts'),
  );
}

export const TYPESCRIPT_INDEXED = NPM_PACKAGES[0]!;
export const TYPESCRIPT_UNRELATED = NPM_PACKAGES[1]!;
