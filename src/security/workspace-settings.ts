import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { languageForPath } from '../core/languages.js';
import { listWorkspaceFiles } from '../workspace/files.js';
import { decodeSource, MAX_SOURCE_BYTES } from '../workspace/source-text.js';
import { PROJECT_SETTINGS, projectSettings } from './engine/project-settings.js';

/**
 * The settings lines (engine/project-settings.ts) of a workspace's Python files that a scan was not given
 * (review r25): the gate on one buffer, `vouch review`'s changed files, `vouch scan app/views.py` see only
 * those files, and a `app.jinja_env.autoescape = False` in `app/__init__.py` then left
 * `render_template_string` exempt where the whole project's scan reports XSS. The files are those a scan
 * of the workspace would read (`listWorkspaceFiles`: git's and `.vouchignore`'s rules, vendored folders
 * left out, at most MAX_SOURCE_BYTES each, at most MAX_SETTINGS_FILES); their text is only read. Only a
 * project's (a `.git`, `vouch.toml` or `.vouch` at its top, as for the scan cache): a folder with none is
 * where `vouch check` runs from a home folder or `vouch scan /tmp/x.py` finds its workspace, and walking all
 * of it for one file is no bound.
 */

/** What marks a folder as a project's top (the scan cache's markers, tasks/scan). */
const PROJECT_MARKERS = ['.git', 'vouch.toml', '.vouch'];

/** As many files as one scan takes (the scan task's `files`). */
export const MAX_SETTINGS_FILES = 100_000;

/** A file's settings lines as last read, valid while its size and modification time stay. */
interface Remembered {
  size: number;
  mtimeMs: number;
  lines: string;
}

/**
 * Per workspace (at most REMEMBERED_ROOTS), each file's lines: the language server asks on every pause in
 * typing, and reading every Python file of the project each time cost more than the buffer's own check.
 */
const remembered = new Map<string, Map<string, Remembered>>();
const REMEMBERED_ROOTS = 8;

/**
 * A file written within this many ms of being read may change again without its time moving (a
 * file system's coarse clock): its lines are not remembered.
 */
const SETTLED_MS = 2000;

export interface WorkspaceSettingsOptions {
  /** absolute paths of the files the scan has (their own text, possibly unsaved, is what counts) */
  given: ReadonlySet<string>;
  signal?: AbortSignal;
  /**
   * an answer for the same root and `given` at most this old (ms) is given again without listing the
   * workspace (the gate while the engineer types; saving checks against a fresh listing); default 0
   */
  maxAgeMs?: number;
}

/** The last answer per root, for `maxAgeMs`. */
const answers = new Map<string, { given: string; at: number; lines: string }>();

/** The settings lines of `root`'s Python files other than `given`, one a line ('' when none). */
export async function workspaceSettings(root: string, options: WorkspaceSettingsOptions): Promise<string> {
  const top = resolve(root);
  if (!PROJECT_MARKERS.some((marker) => existsSync(join(top, marker)))) return '';
  const givenKey = [...options.given].sort().join('\0');
  const last = answers.get(top);
  if (options.maxAgeMs && last?.given === givenKey && performance.now() - last.at <= options.maxAgeMs)
    return last.lines;
  const listed = await listWorkspaceFiles(top, {
    maxFileBytes: MAX_SOURCE_BYTES,
    only: (path) => languageForPath(path) === 'python',
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const known = remembered.get(top) ?? new Map<string, Remembered>();
  const kept = new Map<string, Remembered>();
  const lines: string[] = [];
  for (const file of listed.slice(0, MAX_SETTINGS_FILES)) {
    if (file.language !== 'python' || options.given.has(file.absolutePath)) continue;
    let entry = known.get(file.absolutePath);
    if (!entry || entry.size !== file.size || entry.mtimeMs !== file.mtimeMs) {
      entry = { size: file.size, mtimeMs: file.mtimeMs, lines: readSettings(file.absolutePath) };
      if (Date.now() - file.mtimeMs < SETTLED_MS) {
        if (entry.lines) lines.push(entry.lines);
        continue;
      }
    }
    kept.set(file.absolutePath, entry);
    if (entry.lines) lines.push(entry.lines);
  }
  remembered.delete(top);
  remembered.set(top, kept);
  while (remembered.size > REMEMBERED_ROOTS) remembered.delete(remembered.keys().next().value!);
  const answer = lines.join('\n');
  answers.delete(top);
  answers.set(top, { given: givenKey, at: performance.now(), lines: answer });
  while (answers.size > REMEMBERED_ROOTS) answers.delete(answers.keys().next().value!);
  return answer;
}

/** One file's settings lines, read as Python reads it; '' when it cannot be read (gone since the listing). */
function readSettings(absolutePath: string): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(absolutePath);
  } catch {
    return '';
  }
  // the settings' words are ASCII, which every encoding Python reads source in keeps as bytes: most files
  // (Django: 809 of 859) are ruled out without decoding them (a third of the time their reading took)
  if (!PROJECT_SETTINGS.test(bytes.toString('latin1'))) return '';
  // a byte the file's encoding cannot decode is read as U+FFFD: its other lines still count
  const { text } = decodeSource({ bytes, language: 'python', name: absolutePath });
  return projectSettings([{ source: text, language: 'python' }]);
}
