import { isAbsolute } from 'node:path';
import { applyAnswerEdits, type EditTarget } from './apply-answer-edits.js';
import type { AnswerEdit } from './read-answer-edits.js';
import { outsideSourceFolders } from './source-folders.js';

/** A workspace file as a task read it: the text an answer's edits apply to, and the hash of that text. */
export interface ReadTarget extends EditTarget {
  /** sha-256 of `text` (empty for a file the answer creates): what a face checks before writing */
  baseHash: string;
}

export interface AnswerFiles<File extends ReadTarget> {
  /** the workspace files read so far, by path: a file the edits touch is added once read */
  files: Map<string, File>;
  /** the path a given path stands for (the task's own normalisation or search): `path` without `./`, `given` as the answer wrote it */
  locate?: (path: string, given: string) => string;
  /** the workspace file at a path, or undefined when it is not one the task may change */
  read: (path: string) => File | undefined;
  /** a file a diff from /dev/null creates */
  created: (path: string) => File;
}

/**
 * The answer's edits (a diff, search/replace blocks, a whole file or whole definitions in a code block)
 * applied to the files they name, each read once into `files`, the same way for every task that changes
 * several files (`debug`, `change`): a path outside the workspace or in a tooling folder, a file that is
 * not the workspace's, an edit that does not apply or could go in more than one place is a problem. The
 * changed files come back with their new text (a file the edits leave as it was is not changed).
 */
export async function applyAnswerToFiles<File extends ReadTarget>(
  edits: readonly AnswerEdit[],
  options: AnswerFiles<File>,
): Promise<{ changed: (File & { after: string })[]; problems: string[] }> {
  const { files } = options;
  const resolve = (given: string, creates: boolean): File | string => {
    const stripped = given.replace(/^\.\//, '');
    const path = options.locate ? options.locate(stripped, given) : stripped;
    if (isAbsolute(path) || path.split(/[\\/]/).includes('..'))
      return `the answer changes ${given}, which is outside the workspace`;
    const located = outsideSourceFolders(path);
    if (located) return located;
    const file = files.get(path) ?? options.read(path) ?? (creates ? options.created(path) : undefined);
    if (!file) return `the answer changes ${path}, which is not a source file of the workspace`;
    if (!files.has(path) && file.baseHash) files.set(path, file);
    return file;
  };
  const applied = await applyAnswerEdits(edits, { resolve, candidates: [...files.keys()] });
  const changed: (File & { after: string })[] = [];
  for (const [path, after] of applied.after) {
    const file = files.get(path) ?? (applied.targets.get(path) as File);
    if (after !== file.text) changed.push({ ...file, after });
  }
  return { changed, problems: applied.problems };
}
