import { lstatSync } from 'node:fs';
import { join } from 'node:path';
import { importedFiles } from '../change/import-graph.js';
import type { ReviewedRepository } from './diff-source.js';
import { quoteGitPath } from './git-paths.js';

/**
 * The project files a change's code imports that the review did not read (review r49): not in the diff and
 * not in git's index (the base the change is reviewed against). A file inside an untracked repository of its
 * own (`sub/` with its own `.git`: git lists the folder, never its files) or any other file git neither
 * tracks nor shows as changed (not staged, in a review of the staged changes) is code the change runs that
 * nobody reviewed: `unseen`, the review is not verified. A file git ignores is usually generated or vendored
 * (`_pb2.py`, a local settings module): it is named in a note, `ignored`, and blocks nothing.
 */
export async function unreadImports(options: {
  repository: ReviewedRepository;
  /** the changed code files the gate read, with the text it read */
  contents: ReadonlyMap<string, string>;
  /** every path the diff names */
  inDiff: ReadonlySet<string>;
  /** untracked folders that are repositories of their own (`sub/`) */
  nested: readonly string[];
}): Promise<{ unseen: string[]; ignored: string[] }> {
  const { repository, contents, inDiff, nested } = options;
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
  const tracked = await listed(['--cached'], candidates);
  const untracked = candidates.filter((path) => !tracked.has(path));
  if (untracked.length === 0) return { unseen: [], ignored: [] };
  const ignoredPaths = await listed(['--others', '--ignored', '--exclude-standard'], untracked);
  const unseen: string[] = [];
  const ignored: string[] = [];
  for (const path of untracked) {
    const by = quoteGitPath(importers.get(path)!);
    const shown = quoteGitPath(path);
    const repositoryOf = nested.find((folder) => path.startsWith(folder));
    if (repositoryOf)
      unseen.push(
        `${by} imports ${shown}, which review did not read: ${quoteGitPath(repositoryOf)} is a git repository of its own, not part of this change`,
      );
    else if (ignoredPaths.has(path))
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
