import { execFile } from 'node:child_process';
import { lstatSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { UsageError } from '../../core/errors.js';
import {
  isWorkspacePathError,
  type PathRefusal,
  resolveWorkspacePath,
} from '../../workspace/resolve-path.js';
import { quoteGitPath } from './git-paths.js';
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

/**
 * The diff of a selection: its text, and for a git selection what git lists as changed (`-z`, so any legal
 * name is read as it is: a name with `"`, a tab or a newline is quoted in the diff's headers, review r49).
 * `unreadable` holds the untracked files vouch may not read (why, by path), `nested` the untracked folders
 * that are git repositories of their own (`sub/`: git lists the folder, never its files).
 */
export interface DiffSource {
  text: string;
  listed?: ReadonlySet<string>;
  unreadable: ReadonlyMap<string, string>;
  nested: readonly string[];
}

/** The paths of `git diff -z --name-status` output: a rename's or a copy's new name. */
function namesOf(listing: string): string[] {
  const fields = listing.split('\0');
  const names: string[] = [];
  for (let at = 0; at < fields.length; at++) {
    const status = fields[at]!;
    if (!status) continue;
    if (/^[RC]/.test(status)) {
      names.push(fields[at + 2]!);
      at += 2;
    } else {
      names.push(fields[at + 1]!);
      at += 1;
    }
  }
  return names.filter(Boolean);
}

/** The diff of the selection; git's own errors (an unknown revision) become a usage error. */
export async function diffText(
  repository: ReviewedRepository,
  selection: DiffSelection,
): Promise<DiffSource> {
  if ('patch' in selection) return { text: selection.patch, unreadable: new Map(), nested: [] };
  const { root } = repository;
  if (!(await isGitRepository(repository)))
    throw new UsageError(`${root} is not a git repository, so there is no diff to review`, {
      hint: 'run vouch review inside a git repository, or give a diff with --patch FILE',
    });
  const options = ['--no-color', '--no-ext-diff', '--no-textconv', '-U3', '--find-renames'];
  const base = ['-c', 'core.quotepath=off', 'diff', ...options];
  // the same diff's names, NUL-separated: what the review must read, whatever the names hold
  const both = async (which: string[]) => {
    const [text, names] = await Promise.all([
      repository.git([...base, ...which]),
      repository.git(['diff', ...options, '-z', '--name-status', ...which]),
    ]);
    return { text, names: namesOf(names) };
  };
  try {
    if ('staged' in selection) {
      const { text, names } = await both(['--staged']);
      return { text, listed: new Set(names), unreadable: new Map(), nested: [] };
    }
    if ('range' in selection) {
      // neither side may start with `-` (or `.`, which a third dot would leave before it): a remote request's
      // range must not become one of git's options, here or in `git show HEAD:path` below
      if (!/^[\w/~^@{}][\w./~^@{}-]*\.\.\.?(?:[\w/~^@{}][\w./~^@{}-]*)?$/.test(selection.range))
        throw new UsageError(`'${selection.range}' is not a commit range`, {
          hint: 'write it BASE..HEAD, e.g. main..HEAD',
        });
      const { text, names } = await both([selection.range]);
      return { text, listed: new Set(names), unreadable: new Map(), nested: [] };
    }
    // every uncommitted change against HEAD (a repository without commits: against the empty tree)
    const hasHead = await repository.git(['rev-parse', '--verify', '-q', 'HEAD']).then(
      () => true,
      () => false,
    );
    const tracked = await both([hasHead ? 'HEAD' : '4b825dc642cb6eb9a060e54bf8d69288fbee4904']);
    // a new file not yet added is an uncommitted change too: `git diff` never shows it (review r46)
    const untracked = (await repository.git(['ls-files', '-z', '--others', '--exclude-standard']))
      .split('\0')
      .filter(Boolean);
    // a folder git lists whole is a repository of its own: its files are not this repository's (r49)
    const nested = untracked.filter((path) => path.endsWith('/'));
    const files = untracked.filter((path) => !path.endsWith('/'));
    const unreadable = new Map<string, string>();
    const text = files.map((path) => untrackedDiff(root, path, unreadable)).join('');
    return {
      text: tracked.text + text,
      listed: new Set([...tracked.names, ...files]),
      unreadable,
      nested,
    };
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const stderr = String((error as { stderr?: string }).stderr ?? (error as Error).message).trim();
    throw new UsageError(`git could not make the diff: ${stderr.split('\n')[0]}`, {
      hint: 'check the revisions exist (git log --oneline)',
    });
  }
}

/**
 * An untracked file as git would show it added: every line a `+` line, its name quoted as git quotes it.
 * A binary file (a NUL byte) is said binary; a symbolic link is a link (its target is not read); a file the
 * resolver refuses is listed with no hunk and put in `unreadable` with why, so the review names it.
 */
function untrackedDiff(root: string, path: string, unreadable: Map<string, string>): string {
  const a = quoteGitPath(`a/${path}`);
  const b = quoteGitPath(`b/${path}`);
  const head = `diff --git ${a} ${b}\n`;
  let link = false;
  try {
    link = lstatSync(join(root, path)).isSymbolicLink();
  } catch {
    // gone since git listed it: a file with no text
  }
  if (link) return `${head}new file mode 120000\n`;
  const text = readableText(root, path, (why) => unreadable.set(path, why));
  if (text === undefined) return `${head}new file mode 100644\n`;
  if (text.includes('\0')) return `${head}new file mode 100644\nBinary files /dev/null and ${b} differ\n`;
  if (text === '') return `${head}new file mode 100644\n`;
  const lines = text.replace(/\n$/, '').split('\n');
  const body = lines.map((line) => `+${line}\n`).join('');
  return `${head}new file mode 100644\n--- /dev/null\n+++ ${b}\n@@ -0,0 +1,${lines.length} @@\n${body}${
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
    // stage 0 named: a file called `1:x.py` is not stage 1 of `x.py`
    if ('staged' in selection) return await repository.git(['show', `:0:${file.path}`]);
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

/** Why the resolver refused a path, in words that name no file's content. */
const REFUSED: Record<PathRefusal, string> = {
  outside: 'it leads out of the workspace',
  secrets: 'it is a secrets file or a link to one, which vouch never reads',
  store: "it is vouch's store or git's folder, or a link to one",
  missing: 'it is not there',
  'not-a-file': 'it is not a regular file',
};

/** A file's current text when the resolver lets vouch read it, else undefined (`refused` told why). */
export function readableText(
  root: string,
  path: string,
  refused?: (why: string) => void,
): string | undefined {
  try {
    return readFileSync(resolveWorkspacePath(root, path).absolutePath, 'utf8');
  } catch (error) {
    refused?.(isWorkspacePathError(error) ? REFUSED[error.reason] : 'it could not be opened');
    return undefined;
  }
}

/**
 * The old side of a patch's changed file: HEAD's version, the base a patch of the working tree or of the
 * staged changes is reviewed against, and only when the patch's `-` and context lines are that file's
 * (review r46). The patch's `index` line is a check, never a source: a patch made against another blob
 * (any version in history, review r49) has no old side here. Outside git there is none. `why` says what
 * stands in its way: every finding then counts as the change's.
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
  const blob = await repository.git(['rev-parse', '--verify', '-q', `HEAD:${path}`]).then(
    (found) => found.trim(),
    () => undefined,
  );
  const text =
    blob === undefined ? undefined : await repository.git(['cat-file', 'blob', blob]).catch(() => undefined);
  if (blob === undefined || text === undefined)
    return { why: `HEAD has no file ${path}, so every finding counts as the change's` };
  if (file.oldBlob && !blob.startsWith(file.oldBlob.toLowerCase()))
    return {
      why: `the patch was made against blob ${file.oldBlob}, not HEAD's ${path} (${blob.slice(0, file.oldBlob.length)}), so every finding counts as the change's`,
    };
  if (applyHunks(text, file) === undefined)
    return {
      why: `the patch does not match ${path} in HEAD (its removed or context lines are not that file's), so every finding counts as the change's`,
    };
  return { text };
}
