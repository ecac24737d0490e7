import { execFile } from 'node:child_process';
import { lstatSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
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
    const tracked = await repository.git([
      ...base,
      hasHead ? 'HEAD' : '4b825dc642cb6eb9a060e54bf8d69288fbee4904',
    ]);
    // a new file not yet added is an uncommitted change too: `git diff` never shows it (review r46)
    const untracked = (await repository.git(['ls-files', '-z', '--others', '--exclude-standard']))
      .split('\0')
      .filter(Boolean);
    return tracked + untracked.map((path) => untrackedDiff(root, path)).join('');
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const stderr = String((error as { stderr?: string }).stderr ?? (error as Error).message).trim();
    throw new UsageError(`git could not make the diff: ${stderr.split('\n')[0]}`, {
      hint: 'check the revisions exist (git log --oneline)',
    });
  }
}

/**
 * An untracked file as git would show it added: every line a `+` line. A binary file (a NUL byte) is said
 * binary; a symbolic link is a link (its target is not read); a file the resolver refuses is listed with
 * no hunk, so the review names it among the files it did not read.
 */
function untrackedDiff(root: string, path: string): string {
  const head = `diff --git a/${path} b/${path}\n`;
  let link = false;
  try {
    link = lstatSync(join(root, path)).isSymbolicLink();
  } catch {
    // gone since git listed it: a file with no text
  }
  if (link) return `${head}new file mode 120000\n`;
  const text = readableText(root, path);
  if (text === undefined) return `${head}new file mode 100644\n`;
  if (text.includes('\0'))
    return `${head}new file mode 100644\nBinary files /dev/null and b/${path} differ\n`;
  if (text === '') return `${head}new file mode 100644\n`;
  const lines = text.replace(/\n$/, '').split('\n');
  const body = lines.map((line) => `+${line}\n`).join('');
  return `${head}new file mode 100644\n--- /dev/null\n+++ b/${path}\n@@ -0,0 +1,${lines.length} @@\n${body}${
    text.endsWith('\n') ? '' : '\\ No newline at end of file\n'
  }`;
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
  if (file.status === 'added' && !file.copied) return applyHunks('', file);
  // a copy not made yet: the file it copies with the copy's hunks applied
  if (file.copied && current === undefined && file.oldPath) {
    const source = readableText(root, file.oldPath);
    const made = source === undefined ? undefined : applyHunks(source, file);
    if (made !== undefined) return made;
  }
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

/**
 * The old side of a patch's changed file, never on the patch's word alone (review r46): in a git repository
 * the blob the patch's `index` line names when git has it, else HEAD's version, and only when the patch's
 * `-` and context lines are that file's; outside git there is none. `why` says what stands in its way: every
 * finding then counts as the change's.
 */
export async function patchOldSide(
  repository: ReviewedRepository,
  file: DiffFile,
): Promise<{ text: string } | { why: string }> {
  if (!(await isGitRepository(repository)))
    return {
      why: "outside a git repository its old version is only what the patch claims, so every finding counts as the change's",
    };
  const path = file.oldPath ?? file.path;
  let text: string | undefined;
  let from = 'HEAD';
  if (file.oldBlob)
    text = await repository.git(['cat-file', 'blob', file.oldBlob]).then(
      (found) => {
        from = `the patch's base (blob ${file.oldBlob})`;
        return found;
      },
      () => undefined,
    );
  text ??= await repository.git(['show', `HEAD:${path}`]).catch(() => undefined);
  if (text === undefined)
    return {
      why: `git has no old version of ${path} (neither the patch's base nor HEAD), so every finding counts as the change's`,
    };
  if (applyHunks(text, file) === undefined)
    return {
      why: `the patch does not match ${path} in ${from} (its removed or context lines are not that file's), so every finding counts as the change's`,
    };
  return { text };
}
