import { gitHeaderPaths, headerPath, readQuoted } from './git-paths.js';

/** A unified diff (`git diff`, `diff -u`, a `.patch` file) read into files, hunks and changed lines. */

export interface DiffHunk {
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  /** the hunk's lines with their first character (' ', '-', '+') */
  lines: string[];
}

export interface DiffFile {
  /** the path after the change (before it, for a deleted file) */
  path: string;
  oldPath: string | null;
  status: 'added' | 'modified' | 'deleted' | 'renamed';
  binary: boolean;
  hunks: DiffHunk[];
  /** line numbers in the new file that the change added or rewrote */
  addedLines: number[];
  /** git's `old mode`/`new mode` lines: the file's mode changed (a `chmod +x` alone has no hunk) */
  modeChanged?: boolean;
  /** a symbolic link after the change (git's mode 120000): its "content" is the path it points to */
  symlink?: boolean;
  /** the old side's blob as the patch's `index` line names it (abbreviated, as git writes it) */
  oldBlob?: string;
  /**
   * a copy of `oldPath` (`copy from`/`copy to`, git's `-C`): a new file, every finding in it the change's,
   * its hunks (when any) made against the file it copies (review r46)
   */
  copied?: boolean;
  /** why the file's hunks cannot be read: a header past any source vouch reads, or claiming lines the patch lacks */
  invalid?: string;
}

/**
 * The most lines a hunk may start at or span: a source file vouch reads is at most 2 MiB
 * (workspace/source-text.ts), so at most as many lines. A header beyond it is made up: padding to it once
 * took 2.5 GB and killed V8 (`@@ -200000000,1 +1,1 @@`, review r42).
 */
export const MAX_HUNK_LINE = 2 * 1024 * 1024 + 1;

function stripPrefix(path: string): string | null {
  // a name git quoted (`"b/a\tb.py"`) is read whole, escapes and all (review r49); another ends at a tab
  // (git writes one after a name with a space, `diff -u` one before the date)
  const trimmed = readQuoted(path.trimStart())?.name ?? path.trim().replace(/\t.*$/, '');
  if (trimmed === '/dev/null') return null;
  return trimmed.replace(/^[ab]\//, '');
}

export function parseUnifiedDiff(text: string): DiffFile[] {
  const files: DiffFile[] = [];
  let file: DiffFile | undefined;
  let hunk: DiffHunk | undefined;
  let newLine = 0;
  let oldRemaining = 0;
  let newRemaining = 0;
  let header = '';
  // a hunk that ended before the lines its header counts (the patch lacks them) makes its file unreadable
  const closeHunk = () => {
    if (file && hunk && (oldRemaining > 0 || newRemaining > 0))
      file.invalid ??= `its hunk header '${header}' counts more lines than the patch holds`;
    oldRemaining = 0;
    newRemaining = 0;
  };
  const start = (path: string, oldPath: string | null): DiffFile => {
    closeHunk();
    const entry: DiffFile = { path, oldPath, status: 'modified', binary: false, hunks: [], addedLines: [] };
    files.push(entry);
    hunk = undefined;
    return entry;
  };
  let rows = text.split('\n');
  // a patch saved with Windows line ends (a mail client, an editor) ends its headers in CR too: every CR at
  // a line's end is then the patch's, not the file's (read as content, no line matched the file: review r39)
  if (rows.find((row) => row.startsWith('@@ '))?.endsWith('\r'))
    rows = rows.map((row) => row.replace(/\r$/, ''));
  for (const line of rows) {
    if (hunk && (oldRemaining > 0 || newRemaining > 0)) {
      const kind = line[0];
      if (kind === '+' || kind === '-' || kind === ' ' || line === '') {
        hunk.lines.push(line === '' ? ' ' : line);
        if (kind === '+') {
          file?.addedLines.push(newLine++);
          newRemaining--;
        } else if (kind === '-') oldRemaining--;
        else {
          newLine++;
          oldRemaining--;
          newRemaining--;
        }
        continue;
      }
      if (line.startsWith('\\')) continue;
    }
    const git = line.startsWith('diff --git ') ? gitHeaderPaths(line.slice('diff --git '.length)) : undefined;
    if (git) {
      file = start(git.newPath, git.oldPath);
      continue;
    }
    if (line.startsWith('--- ')) {
      const oldPath = stripPrefix(line.slice(4));
      if (!file || file.hunks.length > 0) file = start(oldPath ?? '', oldPath);
      else file.oldPath = oldPath;
      if (oldPath === null) file.status = 'added';
      continue;
    }
    if (line.startsWith('+++ ') && file) {
      const newPath = stripPrefix(line.slice(4));
      if (newPath === null) {
        file.status = 'deleted';
        file.path = file.oldPath ?? file.path;
      } else {
        file.path = newPath;
        if (file.oldPath && file.oldPath !== newPath && file.status === 'modified' && !file.copied)
          file.status = 'renamed';
      }
      continue;
    }
    if (file && /^new mode /.test(line)) file.modeChanged = true;
    if (file && /^(?:new file mode|new mode|index [0-9a-f]+\.\.[0-9a-f]+) 120000$/.test(line))
      file.symlink = true;
    const index = file && !hunk ? /^index ([0-9a-f]{4,64})\.\.[0-9a-f]+/.exec(line) : null;
    if (file && index && !/^0+$/.test(index[1]!)) file.oldBlob = index[1]!;
    if (file && /^new file mode/.test(line)) file.status = 'added';
    if (file && /^deleted file mode/.test(line)) file.status = 'deleted';
    // a copy is a new file whatever it was copied from: its flaws are the change's (review r46)
    if (file && /^copy from /.test(line)) file.oldPath = headerPath(line.slice('copy from '.length));
    if (file && /^copy to /.test(line)) {
      file.status = 'added';
      file.copied = true;
      file.path = headerPath(line.slice('copy to '.length));
    }
    if (file && /^rename from /.test(line)) file.oldPath = headerPath(line.slice('rename from '.length));
    if (file && /^rename to /.test(line)) {
      file.status = 'renamed';
      file.path = headerPath(line.slice('rename to '.length));
    }
    if (file && /^Binary files .* differ$|^GIT binary patch/.test(line)) file.binary = true;
    const match = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/.exec(line);
    if (match && file) {
      closeHunk();
      hunk = {
        oldStart: Number(match[1]),
        oldLines: match[2] === undefined ? 1 : Number(match[2]),
        newStart: Number(match[3]),
        newLines: match[4] === undefined ? 1 : Number(match[4]),
        lines: [],
      };
      header = match[0];
      if ([hunk.oldStart, hunk.oldLines, hunk.newStart, hunk.newLines].some((n) => n > MAX_HUNK_LINE)) {
        file.invalid ??= `its hunk header '${header}' is past the end of any file vouch reads (${MAX_HUNK_LINE} lines)`;
        hunk.oldLines = 0;
        hunk.newLines = 0;
      }
      file.hunks.push(hunk);
      newLine = hunk.newStart;
      oldRemaining = hunk.oldLines;
      newRemaining = hunk.newLines;
    }
  }
  closeHunk();
  return files.filter(
    (entry) =>
      entry.path &&
      (entry.hunks.length > 0 || entry.binary || entry.modeChanged || entry.status !== 'modified'),
  );
}

/** The new file's content from the old one and the file's hunks (for a patch that is not applied yet). */
export function applyHunks(old: string, file: DiffFile): string | undefined {
  const lines = old === '' ? [] : old.replace(/\n$/, '').split('\n');
  const out: string[] = [];
  let at = 0;
  for (const hunk of file.hunks) {
    // a hunk with no old line (`-5,0`: a bare addition) goes after its start line, not at it
    const from = hunk.oldLines === 0 ? hunk.oldStart : Math.max(0, hunk.oldStart - 1);
    if (from < at) return undefined;
    out.push(...lines.slice(at, from));
    at = from;
    for (const line of hunk.lines) {
      const text = line.slice(1);
      if (line[0] === '+') out.push(text);
      else {
        if (lines[at] !== text) return undefined;
        if (line[0] === ' ') out.push(text);
        at++;
      }
    }
  }
  out.push(...lines.slice(at));
  return `${out.join('\n')}\n`;
}

/**
 * Why `content` (the file at hand) cannot be either side of the change: a hunk that starts past its end
 * both as the old file and as the new one. Undefined when every hunk starts within it.
 */
export function headerPastEnd(content: string, file: DiffFile): string | undefined {
  const count = content === '' ? 0 : content.replace(/\n$/, '').split('\n').length;
  const hunk = file.hunks.find((entry) => entry.oldStart > count + 1 && entry.newStart > count + 1);
  return hunk
    ? `its hunk header '@@ -${hunk.oldStart},${hunk.oldLines} +${hunk.newStart},${hunk.newLines} @@' is past the end of the file (${count} lines)`
    : undefined;
}

/** Whether `content` is the file after the change: each hunk's new lines are where the hunk says. */
export function matchesNewSide(content: string, file: DiffFile): boolean {
  const lines = content.split('\n');
  return file.hunks.every((hunk) => {
    const after = hunk.lines.filter((line) => line[0] !== '-').map((line) => line.slice(1));
    return after.every((text, index) => lines[hunk.newStart - 1 + index] === text);
  });
}

/**
 * The new file as far as the hunks show it, every other line blank: line numbers stay right, so checks
 * can run on the changed region of a patch whose file is not at hand.
 */
export function fromHunks(file: DiffFile): string {
  const lines: string[] = [];
  for (const hunk of file.hunks) {
    while (lines.length < hunk.newStart - 1) lines.push('');
    for (const line of hunk.lines) if (line[0] !== '-') lines.push(line.slice(1));
  }
  return `${lines.join('\n')}\n`;
}
