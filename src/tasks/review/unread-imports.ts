import { existsSync, lstatSync } from 'node:fs';
import { join } from 'node:path';
import { importedFiles } from '../change/import-graph.js';
import type { ReviewedRepository } from './diff-source.js';
import { quoteGitPath } from './git-paths.js';

/**
 * The project files a change's code imports that the review did not read (review r49): not in the diff and
 * not in git's index (the base the change is reviewed against). A file inside an untracked repository of its
 * own (`sub/` with its own `.git`: git lists the folder, never its files) or any other file git neither
 * tracks nor shows as changed (not staged, in a review of the staged changes) is code the change runs that
 * nobody reviewed: `unseen`, the review is not verified. A file git ignores (or one in a repository of its own
 * that git ignores) is usually generated or vendored (`_pb2.py`, a local settings module): it is named in a
 * note, `ignored`, and blocks nothing. A submodule's files are its tracked commit's: the base, not unseen.
 */
export async function unreadImports(options: {
  repository: ReviewedRepository;
  /** the changed code files the gate read, with the text it read */
  contents: ReadonlyMap<string, string>;
  /** every path the diff names */
  inDiff: ReadonlySet<string>;
}): Promise<{ unseen: string[]; ignored: string[] }> {
  const { repository, contents, inDiff } = options;
  const onDisk = (path: string) => {
    try {
      return lstatSync(join(repository.root, path)).isFile();
    } catch {
      return false;
    }
  };
  const importers = new Map<string, string>();
  for (const [path, text] of contents)
    for (const imported of importedFiles(path, text, onDisk))
      if (!inDiff.has(imported) && !importers.has(imported)) importers.set(imported, path);
  if (importers.size === 0) return { unseen: [], ignored: [] };
  const candidates = [...importers.keys()];
  // the outermost folder on a file's way that is a repository of its own (a `.git` in it), if any
  const repositoryFolder = (path: string) => {
    const parts = path.split('/');
    for (let length = 1; length < parts.length; length++) {
      const folder = parts.slice(0, length).join('/');
      if (existsSync(join(repository.root, folder, '.git'))) return folder;
    }
    return undefined;
  };
  const folders = new Map(candidates.map((path) => [path, repositoryFolder(path)]));
  // NUL-separated, the paths literal (no pathspec magic in a name)
  const listed = async (which: string[], paths: string[]) =>
    new Set(
      (
        await repository
          .git(['--literal-pathspecs', 'ls-files', '-z', ...which, '--', ...paths])
          .catch(() => '')
      )
        .split('\0')
        .filter(Boolean),
    );
  const tracked = await listed(
    ['--cached'],
    [...new Set([...candidates, ...[...folders.values()].filter((folder) => folder !== undefined)])],
  );
  // a submodule's files are pinned by the commit git tracks for its folder: the base, like a tracked file
  const untracked = candidates.filter((path) => {
    const folder = folders.get(path);
    return !tracked.has(path) && !(folder !== undefined && tracked.has(folder));
  });
  if (untracked.length === 0) return { unseen: [], ignored: [] };
  const ignoredPaths = await listed(['--others', '--ignored', '--exclude-standard'], untracked);
  // git lists an untracked repository of its own that it does not ignore as its folder (`sub/`)
  const inner = [
    ...new Set(untracked.map((path) => folders.get(path)).filter((folder) => folder !== undefined)),
  ];
  const nested =
    inner.length > 0 ? await listed(['--others', '--exclude-standard'], inner) : new Set<string>();
  const unseen: string[] = [];
  const ignored: string[] = [];
  for (const path of untracked) {
    const by = quoteGitPath(importers.get(path)!);
    const shown = quoteGitPath(path);
    const folder = folders.get(path);
    if (folder !== undefined && nested.has(`${folder}/`))
      unseen.push(
        `${by} imports ${shown}, which review did not read: ${quoteGitPath(`${folder}/`)} is a git repository of its own, not part of this change`,
      );
    else if (folder !== undefined || ignoredPaths.has(path))
      ignored.push(
        `${by} imports ${shown}, which git ignores (usually generated or vendored code, not part of the change): review did not read it`,
      );
    else
      unseen.push(
        `${by} imports ${shown}, which review did not read: git does not track it and it is not in the change (add it)`,
      );
  }
  return { unseen, ignored };
}
