import { existsSync, lstatSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { languageForPath } from '../core/languages.js';
import { listWorkspaceFiles, type WorkspaceFile } from '../workspace/files.js';
import { type ListingWatch, listingUnchanged, watchListing } from '../workspace/listing-watch.js';
import { decodeSource, MAX_SOURCE_BYTES } from '../workspace/source-text.js';
import { PROJECT_SETTINGS, projectSettings } from './engine/project-settings.js';

/**
 * The settings lines (engine/project-settings.ts) of a workspace's Python files that a scan was not given
 * (review r25): the gate on one buffer, `vouch review`'s changed files, `vouch scan app/views.py` see only
 * those files, and a `app.jinja_env.autoescape = False` in `app/__init__.py` then left
 * `render_template_string` exempt where the whole project's scan reports XSS. The files are those a scan
 * of the workspace would read (`listWorkspaceFiles`: git's and `.vouchignore`'s rules, vendored folders
 * left out, at most MAX_SOURCE_BYTES each, at most MAX_SETTINGS_FILES); their text is only read. Only a
 * project's (a `.git` or `vouch.toml` at its top): a folder with neither is where `vouch check` runs from a
 * home folder or `vouch scan /tmp/x.py` finds its workspace, and walking all of it for one file is no bound.
 *
 * A file the listing leaves out is not read even when a listed file imports it (`from .local_settings import *`,
 * w236): an ignored settings file is this machine's (CI and the other engineers have theirs or none, so a verdict
 * resting on it would differ for the same commit), it is where the secrets are kept out of the repository, and
 * the settings words (Jinja's, JSON's) are all but never in one. The scan's listing leaves it out too.
 */

/**
 * What marks a folder as a project's top. Not `.vouch/`: that is vouch's state folder (workspace/root.ts
 * `vouchDir`), made in whatever folder vouch once took as its workspace, a home folder or `/tmp` among them,
 * and it holds none of the user's settings (those are `vouch.toml`). A `/tmp/.vouch` holding only its
 * `.gitignore` made `/tmp` the project of every temporary project below it, whose scans then read every
 * other scratch folder of `/tmp` and were unverified (w183).
 */
const PROJECT_MARKERS = ['.git', 'vouch.toml'];

/**
 * What marks the top of a Python project that has none of PROJECT_MARKERS (review r27: a project copied
 * without its `.git` got no settings, and neither did one whose settings sit in a `wsgi.py` beside the
 * package): the files its tools and servers start from.
 */
const PYTHON_PROJECT_FILES = [
  'pyproject.toml',
  'setup.py',
  'setup.cfg',
  'requirements.txt',
  'manage.py',
  'wsgi.py',
  'app.py',
  'Pipfile',
];

/** As many files as one scan takes (the scan task's `files`). */
export const MAX_SETTINGS_FILES = 100_000;

/**
 * How many files a project found the Python way (no `.git` or `vouch.toml`) is walked through:
 * such a top may be a home folder (`~/app/__init__.py`, a `requirements.txt` in `~`), never walked whole.
 * Past it the settings are not all read, and a verdict that depends on them is not verified.
 */
export const MAX_UNMARKED_FILES = 20_000;

/** Where the settings of the code in `start` (a folder) come from, or undefined for a loose file's folder. */
export interface SettingsRoot {
  root: string;
  /** a top found the Python way, walked through at most MAX_UNMARKED_FILES files */
  unmarked: boolean;
}

/**
 * The project whose settings the code in `start` sees: the nearest folder upward with a `.git` or
 * `vouch.toml`; else the Python way — climbed out of the packages (`__init__.py`) `start` is
 * in, the nearest folder from there upward with a file of PYTHON_PROJECT_FILES, else the folder above the
 * top package. A folder that is in no package and under no such file is a loose script's: none.
 */
export function settingsRoot(start: string): SettingsRoot | undefined {
  const origin = resolve(start);
  for (let folder = origin; ; folder = dirname(folder)) {
    if (PROJECT_MARKERS.some((marker) => existsSync(join(folder, marker))))
      return { root: folder, unmarked: false };
    if (dirname(folder) === folder) break;
  }
  let above = origin;
  while (existsSync(join(above, '__init__.py')) && dirname(above) !== above) above = dirname(above);
  for (let folder = above; ; folder = dirname(folder)) {
    if (PYTHON_PROJECT_FILES.some((name) => existsSync(join(folder, name))))
      return { root: folder, unmarked: true };
    if (dirname(folder) === folder) break;
  }
  return above === origin ? undefined : { root: above, unmarked: true };
}

/** A file whose settings lines could not be read, and why: the verdicts that depend on them are not verified. */
export interface SettingsNotRead {
  /** absolute */
  path: string;
  reason: string;
}

export interface WorkspaceSettings {
  /** the settings lines, one a line ('' when none) */
  lines: string;
  notRead: SettingsNotRead[];
}

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
  /** MAX_UNMARKED_FILES unless given (tests) */
  maxUnmarkedFiles?: number;
  /**
   * absolute folders of the project whose Python files, as this listing would find them, are all in `given`:
   * the caller listed them itself (`vouch scan django` in a folder above it: Django's 2,554 folders were walked
   * a second time for no file, issue 59), and they are not walked again. A folder given here whose listing
   * may have left out a file this one takes (its own `.vouchignore`, a file too large, a link) gives a
   * settings line or a not-read file back to nobody: the caller names only folders listed whole (cli scan's
   * `listedWhole`).
   */
  listedWhole?: readonly string[];
}

/** The last answer per root, for `maxAgeMs`. */
const answers = new Map<string, { given: string; at: number; answer: WorkspaceSettings }>();

const NONE: WorkspaceSettings = { lines: '', notRead: [] };

/**
 * The settings lines of the Python files other than `given` of the project `settingsRoot(start)` finds,
 * and the files whose lines could not be read (over MAX_SOURCE_BYTES, past the caps): review r27 — a
 * 2.5 MB `app/__init__.py` was dropped silently and `app/views.py` checked alone passed.
 */
export async function workspaceSettings(
  start: string,
  options: WorkspaceSettingsOptions,
): Promise<WorkspaceSettings> {
  const found = settingsRoot(start);
  if (!found) return NONE;
  const top = found.root;
  const givenKey = [...options.given].sort().join('\0');
  const last = answers.get(top);
  if (options.maxAgeMs && last?.given === givenKey && performance.now() - last.at <= options.maxAgeMs)
    return last.answer;
  const listing = await settingsListing(found, options);
  const notRead: SettingsNotRead[] = [...listing.notRead];
  for (const path of listing.large)
    if (!options.given.has(path) && mayHoldSettings(path))
      notRead.push({ path, reason: 'over 2 MB: its settings not read' });
  const listed = listing.files;
  const known = remembered.get(top) ?? new Map<string, Remembered>();
  const kept = new Map<string, Remembered>();
  const lines: string[] = [];
  for (const file of listed) {
    if (options.given.has(file.absolutePath)) continue;
    let entry = known.get(file.absolutePath);
    if (!entry || entry.size !== file.size || entry.mtimeMs !== file.mtimeMs) {
      const read = readSettings(file.absolutePath);
      if (read === undefined) {
        notRead.push({ path: file.absolutePath, reason: 'could not be read: its settings not read' });
        continue;
      }
      entry = { size: file.size, mtimeMs: file.mtimeMs, lines: read };
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
  const answer = { lines: lines.join('\n'), notRead };
  answers.delete(top);
  // an answer that took a caller's word for some folders is that caller's only
  if (!options.listedWhole?.length) answers.set(top, { given: givenKey, at: performance.now(), answer });
  while (answers.size > REMEMBERED_ROOTS) answers.delete(answers.keys().next().value!);
  return answer;
}

/** The Python files of a project as its listing gave them: read, too large to read, and what was not listed. */
interface SettingsListing {
  /** at most MAX_SETTINGS_FILES */
  files: WorkspaceFile[];
  /** absolute paths of the Python files over MAX_SOURCE_BYTES */
  large: string[];
  /** a cap that cut the listing short */
  notRead: SettingsNotRead[];
}

/**
 * Per project (at most REMEMBERED_ROOTS), its last listing and what it depended on (w123: the gate on
 * each save and each `/v1/check` listed the project again, `git ls-files` and its walk; a stat per folder
 * and per Python file tells that the listing still holds for less: bench/notes/2026-11-27-settings-cache.md).
 */
const listings = new Map<string, SettingsListing & { watch: ListingWatch }>();

/** More folders than this in a project and its listing is made again each time, as before w123. */
const MAX_WATCHED_FOLDERS = 20_000;

/**
 * The projects listed once in this process without a watch (at most LISTED_ONCE_REMEMBERED). The watch is
 * taken from a project's second listing on (review r30: a one-shot `vouch scan app/views.py` lists once and
 * never reuses the watch; in a repository with 15,000 ignored folders the walk and its `git config` cost
 * more than twice the scan's CPU). A long-lived process (the language server, `vouch serve`) lists the
 * project a second time on its second check and keeps it from then on.
 */
const listedOnce = new Set<string>();
const LISTED_ONCE_REMEMBERED = 64;

/**
 * The project's Python files: its last listing while no folder's names, ignore rule or listed file's
 * kind changed since (`listing-watch.ts`), their sizes and times as they are now; else a new listing.
 * A listing cut short by a cap is made again each time.
 */
async function settingsListing(
  found: SettingsRoot,
  options: WorkspaceSettingsOptions,
): Promise<SettingsListing> {
  const top = found.root;
  const leaveOut = (options.listedWhole ?? []).flatMap((folder) => {
    const inside = relative(top, folder);
    return inside && !inside.startsWith('..') && !isAbsolute(inside) ? [inside.split(sep).join('/')] : [];
  });
  // a listing short of some folders is neither the project's last listing nor kept as it
  if (leaveOut.length > 0) return await listSettingsFiles(found, options, leaveOut);
  const last = listings.get(top);
  if (last && listingUnchanged(last.watch)) {
    const files = restated(last.files);
    if (files && last.large.every(stillLarge)) {
      listings.delete(top);
      listings.set(top, { ...last, files });
      return { files, large: last.large, notRead: [] };
    }
  }
  listings.delete(top);
  // taken before the listing: what changes while it runs is a change next time
  const watch = listedOnce.delete(top) ? watchListing(top, { maxFolders: MAX_WATCHED_FOLDERS }) : undefined;
  if (!watch) {
    listedOnce.add(top);
    while (listedOnce.size > LISTED_ONCE_REMEMBERED) listedOnce.delete(listedOnce.values().next().value!);
  }
  const listing = await listSettingsFiles(found, options, []);
  if (watch && listing.notRead.length === 0) {
    listings.set(top, { ...listing, watch });
    while (listings.size > REMEMBERED_ROOTS) listings.delete(listings.keys().next().value!);
  }
  return listing;
}

/** The project's Python files, listed now, but for the folders `leaveOut` (relative to its top). */
async function listSettingsFiles(
  found: SettingsRoot,
  options: WorkspaceSettingsOptions,
  leaveOut: readonly string[],
): Promise<SettingsListing> {
  const top = found.root;
  const large: string[] = [];
  const notRead: SettingsNotRead[] = [];
  const maxUnmarked = options.maxUnmarkedFiles ?? MAX_UNMARKED_FILES;
  const listed = await listWorkspaceFiles(top, {
    maxFileBytes: MAX_SOURCE_BYTES,
    only: (path) => languageForPath(path) === 'python',
    onSkip: (path, reason) => {
      if (reason === 'large') large.push(join(top, path));
    },
    ...(found.unmarked
      ? {
          maxCandidates: maxUnmarked,
          onCapped: () =>
            notRead.push({
              path: top,
              reason: `more than ${maxUnmarked} files and no .git or vouch.toml: settings past them not read`,
            }),
        }
      : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(leaveOut.length > 0 ? { leaveOut } : {}),
  });
  if (listed.length > MAX_SETTINGS_FILES)
    notRead.push({
      path: top,
      reason: `more than ${MAX_SETTINGS_FILES} Python files: settings past them not read`,
    });
  const files = listed.slice(0, MAX_SETTINGS_FILES).filter((file) => file.language === 'python');
  return { files, large, notRead };
}

/**
 * The files with their sizes and times now, or undefined when one is no longer what the listing took
 * (gone, a link, a hard link it would look at again, over MAX_SOURCE_BYTES): the project is listed again.
 */
function restated(files: readonly WorkspaceFile[]): WorkspaceFile[] | undefined {
  const now: WorkspaceFile[] = [];
  for (const file of files) {
    const info = lstatSync(file.absolutePath, { throwIfNoEntry: false });
    if (!info?.isFile() || info.nlink > 1 || info.size > MAX_SOURCE_BYTES) return undefined;
    now.push(
      info.size === file.size && info.mtimeMs === file.mtimeMs
        ? file
        : { ...file, size: info.size, mtimeMs: info.mtimeMs },
    );
  }
  return now;
}

/** Whether a file the listing found too large still is, as the listing would find it. */
function stillLarge(path: string): boolean {
  const info = lstatSync(path, { throwIfNoEntry: false });
  return info?.isFile() === true && info.nlink === 1 && info.size > MAX_SOURCE_BYTES;
}

/**
 * One file's settings lines, read as Python reads it; '' when it is gone since the listing, undefined when
 * it cannot be read (permissions): its lines are unknown.
 */
function readSettings(absolutePath: string): string | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(absolutePath);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? '' : undefined;
  }
  // the settings' words are ASCII, which UTF-8 and the Latin-1 family keep as the same bytes: most files
  // (Django: 809 of 859) are ruled out without decoding them (a third of the time their reading took).
  // A file that declares another encoding (iso-2022-jp's escapes may sit inside a word, review r27) is
  // decoded first.
  if (asciiKept(bytes) && !PROJECT_SETTINGS.test(bytes.toString('latin1'))) return '';
  // a byte the file's encoding cannot decode is read as U+FFFD: its other lines still count
  const { text } = decodeSource({ bytes, language: 'python', name: absolutePath });
  return projectSettings([{ source: text, language: 'python' }]);
}

/** The largest file too large to read as source whose bytes are still searched for the settings' words. */
const MAX_SEARCHED_BYTES = 64 * 1024 * 1024;

/**
 * Whether a Python file too large to read as source (over MAX_SOURCE_BYTES) may hold a settings line: its
 * bytes hold one of the settings' words, or they cannot be searched (an encoding that may hide them, over
 * MAX_SEARCHED_BYTES, unreadable). A generated 3 MB data module cannot change Flask's defaults: without
 * this, every file of its project checked alone was not verified.
 */
function mayHoldSettings(absolutePath: string): boolean {
  let bytes: Buffer;
  let info: import('node:fs').Stats;
  try {
    info = statSync(absolutePath);
    if (info.size > MAX_SEARCHED_BYTES) return true;
    const last = searched.get(absolutePath);
    if (last && last.stamp === searchStamp(info)) return last.holds;
    bytes = readFileSync(absolutePath);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ENOENT';
  }
  const holds = !asciiKept(bytes) || PROJECT_SETTINGS.test(bytes.toString('latin1'));
  searched.delete(absolutePath);
  // as a read file's lines (SETTLED_MS): a file just written may change again without its time moving
  if (Date.now() - info.mtimeMs >= SETTLED_MS)
    searched.set(absolutePath, { stamp: searchStamp(info), holds });
  while (searched.size > MAX_SEARCHED_REMEMBERED) searched.delete(searched.keys().next().value!);
  return holds;
}

/**
 * Each large file's answer while its size, time, inode and change time stay (w123: a 3 MB generated module
 * was read whole again on every listing, each save and each `/v1/check`); at most MAX_SEARCHED_REMEMBERED
 * files. The change time (review r30): a file rewritten at the same size with its time set back
 * (`touch -r`) is searched again; no write leaves the change time where it was.
 */
const searched = new Map<string, { stamp: string; holds: boolean }>();

function searchStamp(info: import('node:fs').Stats): string {
  return `${info.size}:${info.mtimeMs}:${info.ino}:${info.ctimeMs}`;
}
const MAX_SEARCHED_REMEMBERED = 1000;

/** A coding cookie on the first or second line (PEP 263), as Python finds it. */
const CODING_COOKIE = /^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)/;

/** Encodings in which every ASCII word is the same bytes (no cookie: UTF-8). */
const ASCII_KEEPING =
  /^(utf[-_]?8(?:[-_]sig)?|ascii|us[-_]ascii|latin[-_]?1|l1|iso[-_]?8859[-_]?\d+|cp125\d|windows[-_]125\d)$/i;

/** Whether the file's bytes keep ASCII as ASCII: no cookie, or one of ASCII_KEEPING. */
function asciiKept(bytes: Buffer): boolean {
  // UTF-16 and UTF-32 byte order marks (Python refuses such source; the decoder may not)
  if (bytes[0] === 0xff || bytes[0] === 0xfe || bytes[0] === 0 || bytes[1] === 0) return false;
  const head = bytes
    .subarray(0, 400)
    .toString('latin1')
    .split(/\r\n|\r|\n/, 2);
  for (const line of head) {
    const cookie = CODING_COOKIE.exec(line);
    if (cookie) return ASCII_KEEPING.test(cookie[1]!);
    // the cookie may be on the second line only when the first is a comment or blank
    if (!/^[ \t\f]*(#|$)/.test(line)) break;
  }
  return true;
}
