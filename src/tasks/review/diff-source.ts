import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { UsageError } from '../../core/errors.js';
import { resolveWorkspacePath } from '../../workspace/resolve-path.js';
import { applyHunks, type DiffFile, fromHunks, headerPastEnd, matchesNewSide } from './parse-diff.js';

const run = promisify(execFile);

/** What to review: the staged changes, a commit range, a patch's text, or (none given) every uncommitted change. */
export type DiffSelection = { staged: true } | { range: string } | { patch: string } | { worktree: true };

/**
 * git in a repository vouch only reads, which may not be the user's: no command its own config names runs.
 * core.fsmonitor is off; every filter driver the config defines is emptied (a work-tree diff runs a clean
 * filter `.gitattributes` names on a file git sees as changed; an empty one is no filter); external diff
 * and textconv drivers are off by the diff's own options. The drivers are read once per repository opened
 * (one review): reading them again before each `git show` of a changed file cost a process per file (w123).
 */
export interface ReviewedRepository {
  root: string;
  /** git's output for `args`, run with the repository's commands neutralised */
  git(args: string[]): Promise<string>;
}

/** The repository at `root` as one review reads it: its filter drivers listed at the first git call. */
export function openRepository(root: string): ReviewedRepository {
  let settings: Promise<string[]> | undefined;
  return {
    root,
    async git(args) {
      settings ??= neutralised(root);
      const { stdout } = await run('git', [...(await settings), ...args], {
        cwd: root,
        maxBuffer: 256 << 20,
      });
      return stdout;
    },
  };
}

/** `-c` settings that keep the repository's configured commands from running (reading config runs none). */
async function neutralised(root: string): Promise<string[]> {
  const settings = ['-c', 'core.fsmonitor=false'];
  let listed = '';
  try {
    listed = (await run('git', ['config', '-z', '--get-regexp', '^filter\\.'], { cwd: root })).stdout;
  } catch {
    // no filter configured (git exits 1), or no repository: nothing to empty
  }
  const drivers = new Set<string>();
  for (const entry of listed.split('\0')) {
    const key = entry.split('\n', 1)[0]!;
    const driver = /^filter\.(.+)\.[^.]+$/s.exec(key)?.[1];
    if (driver !== undefined) drivers.add(driver);
  }
  for (const driver of drivers)
    for (const setting of ['clean=', 'smudge=', 'process=', 'required=false'])
      settings.push('-c', `filter.${driver}.${setting}`);
  return settings;
}

export async function isGitRepository(repository: ReviewedRepository): Promise<boolean> {
  try {
    return (await repository.git(['rev-parse', '--is-inside-work-tree'])).trim() === 'true';
  } catch {
    return false;
  }
}

/** The diff text of the selection; git's own errors (an unknown revision) become a usage error. */
export async function diffText(repository: ReviewedRepository, selection: DiffSelection): Promise<string> {
  if ('patch' in selection) return selection.patch;
  const { root } = repository;
  if (!(await isGitRepository(repository)))
    throw new UsageError(`${root} is not a git repository, so there is no diff to review`, {
      hint: 'run vouch review inside a git repository, or give a diff with --patch FILE',
    });
  const base = [
    '-c',
    'core.quotepath=off',
    'diff',
    '--no-color',
    '--no-ext-diff',
    '--no-textconv',
    '-U3',
    '--find-renames',
  ];
  try {
    if ('staged' in selection) return await repository.git([...base, '--staged']);
    if ('range' in selection) {
      // neither side may start with `-` (or `.`, which a third dot would leave before it): a remote request's
      // range must not become one of git's options, here or in `git show HEAD:path` below
      if (!/^[\w/~^@{}][\w./~^@{}-]*\.\.\.?(?:[\w/~^@{}][\w./~^@{}-]*)?$/.test(selection.range))
        throw new UsageError(`'${selection.range}' is not a commit range`, {
          hint: 'write it BASE..HEAD, e.g. main..HEAD',
        });
      return await repository.git([...base, selection.range]);
    }
    // every uncommitted change against HEAD (a repository without commits: against the empty tree)
    const hasHead = await repository.git(['rev-parse', '--verify', '-q', 'HEAD']).then(
      () => true,
      () => false,
    );
    return await repository.git([...base, hasHead ? 'HEAD' : '4b825dc642cb6eb9a060e54bf8d69288fbee4904']);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const stderr = String((error as { stderr?: string }).stderr ?? (error as Error).message).trim();
    throw new UsageError(`git could not make the diff: ${stderr.split('\n')[0]}`, {
      hint: 'check the revisions exist (git log --oneline)',
    });
  }
}

/**
 * The changed file as it is after the change: from git for staged changes and ranges, from the working
 * tree otherwise. A patch given as a file may or may not be applied yet: the working tree's file is used
 * when it already holds the new lines, else the hunks are applied to it in memory, else (no such file,
 * or it does not match) the review works from the hunks alone (`partial`, with why). A hunk that starts
 * past the end of the file at hand is `invalid`. Undefined for deleted and binary files.
 */
export async function newContent(
  repository: ReviewedRepository,
  selection: DiffSelection,
  file: DiffFile,
): Promise<string | { partial: string; why: string } | { invalid: string } | undefined> {
  if (file.status === 'deleted' || file.binary) return undefined;
  const { root } = repository;
  try {
    if ('staged' in selection) return await repository.git(['show', `:${file.path}`]);
    if ('range' in selection) {
      const head = selection.range.split(/\.\.\.?/)[1] || 'HEAD';
      return await repository.git(['show', `${head}:${file.path}`]);
    }
  } catch {
    return undefined;
  }
  // a patch names its files itself: read only through the one resolver (a path out of the workspace, a
  // link to a secrets file or a store is reviewed from its hunks alone)
  const current = readableText(root, file.path);
  if ('worktree' in selection) return current;
  if (current !== undefined && matchesNewSide(current, file)) return current;
  if (file.status === 'added') return applyHunks('', file);
  if (current === undefined) return { partial: fromHunks(file), why: 'not at hand' };
  const pastEnd = headerPastEnd(current, file);
  if (pastEnd) return { invalid: pastEnd };
  return applyHunks(current, file) ?? { partial: fromHunks(file), why: 'not the one the hunks apply to' };
}

/** A file's current text when the resolver lets vouch read it, else undefined. */
function readableText(root: string, path: string): string | undefined {
  try {
    return readFileSync(resolveWorkspacePath(root, path).absolutePath, 'utf8');
  } catch {
    return undefined;
  }
}
