/**
 * Applying a unified diff a model wrote. Models get the hunk headers' numbers wrong more often than the
 * lines themselves, so a hunk is placed by its content: the old lines (context and removed) are looked
 * for in the file, nearest to where the header says when they occur more than once, first exactly and
 * then ignoring trailing whitespace. A hunk whose lines are not in the file does not apply, and the
 * error says which line was not found, so the repair loop can tell the model.
 */

export interface ModelHunk {
  /** 1-based, from the header; 0 when the header had none */
  oldStart: number;
  /** ' ', '-' or '+' followed by the text */
  lines: string[];
}

export interface ModelFileDiff {
  path: string;
  /** the old side was `/dev/null`: the diff creates the file */
  creates: boolean;
  /** the new side was `/dev/null`: the diff deletes the file */
  deletes: boolean;
  hunks: ModelHunk[];
}

export class DiffApplyError extends Error {
  override name = 'DiffApplyError';
}

function headerPath(line: string): string {
  return line
    .slice(4)
    .trim()
    .replace(/\t.*$/, '')
    .replace(/^"(.*)"$/, '$1')
    .replace(/^[ab]\//, '');
}

/** The files and hunks of a diff, read leniently (counts in headers are not trusted). */
export function parseModelDiff(text: string): ModelFileDiff[] {
  const files: ModelFileDiff[] = [];
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  let file: ModelFileDiff | undefined;
  let hunk: ModelHunk | undefined;
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    if (line.startsWith('--- ') && lines[index + 1]?.startsWith('+++ ')) {
      const oldPath = headerPath(line);
      const newPath = headerPath(lines[index + 1]!);
      file = {
        path: newPath === '/dev/null' ? oldPath : newPath,
        creates: oldPath === '/dev/null',
        deletes: newPath === '/dev/null',
        hunks: [],
      };
      files.push(file);
      hunk = undefined;
      index++;
      continue;
    }
    const header = /^@@ -(\d+)(?:,\d+)? \+\d+(?:,\d+)? @@/.exec(line) ?? /^@@/.exec(line);
    if (header && file) {
      hunk = { oldStart: header[1] ? Number(header[1]) : 0, lines: [] };
      file.hunks.push(hunk);
      continue;
    }
    if (!hunk) continue;
    if (line.startsWith('diff --git') || line.startsWith('index ')) {
      hunk = undefined;
      continue;
    }
    if (line.startsWith('\\')) continue; // "\ No newline at end of file"
    if (line === '') hunk.lines.push(' ');
    else if (line[0] === ' ' || line[0] === '-' || line[0] === '+') hunk.lines.push(line);
    else hunk = undefined; // prose after the diff
  }
  for (const entry of files)
    for (const each of entry.hunks)
      while (each.lines.length > 0 && each.lines.at(-1) === ' ') each.lines.pop();
  return files.filter((entry) => entry.hunks.length > 0 || entry.creates);
}

/** Where `block` starts in `haystack` at or after `from`, the start nearest `near` when it fits twice; -1 when nowhere. */
function findBlock(
  haystack: readonly string[],
  block: readonly string[],
  where: { from: number; near: number; same: (a: string, b: string) => boolean },
): number {
  const { from, near, same } = where;
  let best = -1;
  for (let start = from; start + block.length <= haystack.length; start++) {
    let matches = true;
    for (let offset = 0; offset < block.length; offset++)
      if (!same(haystack[start + offset]!, block[offset]!)) {
        matches = false;
        break;
      }
    if (matches && (best === -1 || Math.abs(start - near) < Math.abs(best - near))) best = start;
  }
  return best;
}

const exact = (a: string, b: string) => a === b;
const trimmedEnd = (a: string, b: string) => a.trimEnd() === b.trimEnd();

/** The file's new content with every hunk applied, in order; throws `DiffApplyError` when one does not fit. */
export function applyModelDiff(before: string, diff: ModelFileDiff): string {
  if (diff.deletes) throw new DiffApplyError(`the diff deletes ${diff.path}: a fix may not delete files`);
  const finalNewline = before === '' || before.endsWith('\n');
  const lines = before === '' ? [] : (finalNewline ? before.slice(0, -1) : before).split('\n');
  let position = 0;
  let shift = 0;
  diff.hunks.forEach((hunk, number) => {
    const old = hunk.lines.filter((line) => line[0] !== '+').map((line) => line.slice(1));
    const replacement = hunk.lines.filter((line) => line[0] !== '-').map((line) => line.slice(1));
    const near = Math.max(0, hunk.oldStart - 1 + shift);
    let at: number;
    if (old.length === 0) at = Math.min(lines.length, Math.max(position, hunk.oldStart + shift));
    else {
      at = findBlock(lines, old, { from: position, near, same: exact });
      if (at === -1) at = findBlock(lines, old, { from: position, near, same: trimmedEnd });
      if (at === -1) {
        // say which line is missing: the first of the hunk's old lines that is nowhere in the file
        const missing =
          old.find((line) => !lines.some((have) => have.trimEnd() === line.trimEnd())) ?? old[0]!;
        throw new DiffApplyError(
          `hunk ${number + 1} of ${diff.path} does not apply: ${
            old.some((line) => !lines.some((have) => have.trimEnd() === line.trimEnd()))
              ? `the line \`${missing.trim()}\` is not in the file`
              : 'its lines are in the file, but not together in this order'
          }`,
        );
      }
    }
    lines.splice(at, old.length, ...replacement);
    position = at + replacement.length;
    shift += replacement.length - old.length;
  });
  const text = lines.join('\n');
  return finalNewline && lines.length > 0 ? `${text}\n` : text;
}
