/**
 * The evaluation trees for context quality (issue 24): real code in both languages, chosen before the
 * engine was changed for that issue. Python trees come from Debian's packages (`apt-get install
 * python3-<lib>`), TypeScript trees are the `src/` folders that npm packages ship (`npm pack`). Each is
 * copied into bench/.work/trees/<name> as a git work tree of its own, so listing works as in a user's clone.
 *
 * `heldOut` trees were not looked at per task while the engine was tuned: only their totals were printed,
 * on the first run and the final one.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { WORK } from './corpus.js';

export interface EvaluationTree {
  name: string;
  language: 'python' | 'typescript';
  heldOut: boolean;
  /** where it comes from, for the results table */
  source: string;
  /** Debian package (Python) or npm spec (TypeScript) */
  origin: { debian: string; folder: string } | { npm: string };
}

export const EVALUATION_TREES: readonly EvaluationTree[] = [
  {
    name: 'django',
    language: 'python',
    heldOut: false,
    source: 'Django 3.2 (Debian python3-django)',
    origin: { debian: 'python3-django', folder: 'django' },
  },
  {
    name: 'sqlalchemy',
    language: 'python',
    heldOut: false,
    source: 'SQLAlchemy 1.4 (Debian python3-sqlalchemy)',
    origin: { debian: 'python3-sqlalchemy', folder: 'sqlalchemy' },
  },
  {
    name: 'mypy',
    language: 'python',
    heldOut: false,
    source: 'mypy 1.0 (Debian python3-mypy)',
    origin: { debian: 'python3-mypy', folder: 'mypy' },
  },
  {
    name: 'twisted',
    language: 'python',
    heldOut: true,
    source: 'Twisted 22 (Debian python3-twisted)',
    origin: { debian: 'python3-twisted', folder: 'twisted' },
  },
  {
    name: 'rxjs',
    language: 'typescript',
    heldOut: false,
    source: 'rxjs 7.8.2 src/ (npm pack)',
    origin: { npm: 'rxjs@7.8.2' },
  },
  {
    name: 'redux-toolkit',
    language: 'typescript',
    heldOut: false,
    source: '@reduxjs/toolkit 2.5.0 src/ (npm pack)',
    origin: { npm: '@reduxjs/toolkit@2.5.0' },
  },
  {
    name: 'trpc-server',
    language: 'typescript',
    heldOut: false,
    source: '@trpc/server 11.0.0 src/ (npm pack)',
    origin: { npm: '@trpc/server@11.0.0' },
  },
  {
    name: 'effect',
    language: 'typescript',
    heldOut: true,
    source: 'effect 3.10.0 src/ (npm pack)',
    origin: { npm: 'effect@3.10.0' },
  },
];

const skipCaches = (path: string) => !/__pycache__|\.pyc$|\.so$/.test(path);

/** The tree's folder, made on first use (a copy of the Debian package's folder, or the npm package's src/). */
export function treeDir(tree: EvaluationTree): string {
  const dir = join(WORK, 'trees', tree.name);
  const marker = join(dir, '.complete');
  if (existsSync(marker)) return dir;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  if ('debian' in tree.origin) {
    const source = join('/usr/lib/python3/dist-packages', tree.origin.folder);
    if (!existsSync(source)) {
      throw new Error(
        `${tree.origin.debian} is not installed: run \`apt-get install -y ${tree.origin.debian}\` (benchmarks only)`,
      );
    }
    cpSync(source, join(dir, tree.origin.folder), { recursive: true, filter: skipCaches });
  } else {
    const packs = join(WORK, 'packs');
    mkdirSync(packs, { recursive: true });
    const file = execFileSync('npm', ['pack', tree.origin.npm, '--silent'], { cwd: packs, encoding: 'utf8' })
      .trim()
      .split('\n')
      .pop()!;
    execFileSync('tar', ['-xzf', join(packs, file), '-C', dir, '--strip-components=1', 'package/src']);
  }
  execFileSync('git', ['init', '-q'], { cwd: dir });
  writeFileSync(join(dir, '.gitignore'), '.complete\n');
  writeFileSync(marker, '');
  return dir;
}

/**
 * A copy of `source` in a temporary folder (without its `.vouch/`), indexed there by the built CLI at
 * `bin` (`vouch index`, as a user does): a benchmark that must not share another build's index or caches,
 * or that needs an index the tree does not have. The caller removes it.
 */
export function indexedCopy(source: string, bin: string, label: string): string {
  const copy = mkdtempSync(join(tmpdir(), `vouch-bench-${label}-`));
  cpSync(source, copy, {
    recursive: true,
    filter: (path) => relative(source, path).split(sep)[0] !== '.vouch',
  });
  const indexed = spawnSync(process.execPath, [bin, 'index', '--json'], { cwd: copy, encoding: 'utf8' });
  if (indexed.status !== 0) throw new Error(`vouch index failed in ${copy}: ${indexed.stderr.slice(-500)}`);
  return copy;
}
