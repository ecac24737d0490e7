import type { Finding } from '../../core/check.js';
import { applyHunks, type DiffFile } from './parse-diff.js';

/**
 * The changed file before the change, and which of the gate's findings on the new file the change brought.
 * A finding is the change's when the old file had no such finding: the same rule, severity, text of the
 * flagged lines (whitespace collapsed) and chain of functions and classes holding it (review r42: an old
 * flaw in `a` does not make one in `b` old), counted (a second identical flaw is new). Line numbers are not
 * compared: lines above an old flaw move it without making it the change's; a sanitiser removed anywhere
 * above a sink makes the sink's finding new wherever it is (review r39).
 */

/** The diff turned round: from the file's new side back to its old one. */
function reversed(file: DiffFile): DiffFile {
  return {
    ...file,
    addedLines: [],
    hunks: file.hunks.map((hunk) => ({
      oldStart: hunk.newStart,
      oldLines: hunk.newLines,
      newStart: hunk.oldStart,
      newLines: hunk.oldLines,
      lines: hunk.lines.map((line) =>
        line[0] === '+' ? `-${line.slice(1)}` : line[0] === '-' ? `+${line.slice(1)}` : line,
      ),
    })),
  };
}

/**
 * The file as it was: the hunks applied in reverse to the whole new file, or undefined when they do not
 * apply to it. The old side is never rebuilt from the hunks alone: that is the patch's word, which a made-up
 * patch (`-os.system(x)` `+os.system(x)` on a file without it) turns into "already there" (review r42).
 */
export function oldContent(file: DiffFile, current: string): string | undefined {
  return applyHunks(current, reversed(file));
}

/** What identifies a finding in either version: rule, severity and the flagged lines' text. */
function identity(finding: Finding, lines: readonly string[], scopes: ReadonlyMap<number, string>): string {
  // a multi-line finding (a call over several lines) is its lines, up to five: an edit to any is an edit to it
  const last = Math.min(finding.endLine ?? finding.line, finding.line + 4);
  const text = lines
    .slice(Math.max(0, finding.line - 1), Math.max(finding.line, last))
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
  return `${scopes.get(finding.line) ?? ''}\0${finding.ruleId}\0${finding.severity}\0${text}`;
}

/**
 * The new file's findings split into those the change brought and those already in the old file. Of the
 * findings sharing one identity, as many as the old file had are old ones: those on lines the change did
 * not add first (an added copy of an old flaw is the new one).
 */
export function splitByOldSide(options: {
  found: readonly Finding[];
  before: readonly Finding[];
  newText: string;
  oldText: string;
  added: ReadonlySet<number>;
  /** each finding line's chain of functions and classes (scopes.ts), in the old file and the new one */
  oldScopes?: ReadonlyMap<number, string>;
  newScopes?: ReadonlyMap<number, string>;
}): { introduced: Finding[]; existing: Finding[] } {
  const oldLines = options.oldText.split('\n');
  const newLines = options.newText.split('\n');
  const remaining = new Map<string, number>();
  for (const finding of options.before) {
    const key = identity(finding, oldLines, options.oldScopes ?? new Map());
    remaining.set(key, (remaining.get(key) ?? 0) + 1);
  }
  const ordered = [...options.found].sort(
    (a, b) => Number(options.added.has(a.line)) - Number(options.added.has(b.line)) || a.line - b.line,
  );
  const old = new Set<Finding>();
  for (const finding of ordered) {
    const key = identity(finding, newLines, options.newScopes ?? new Map());
    const left = remaining.get(key) ?? 0;
    if (left === 0) continue;
    remaining.set(key, left - 1);
    old.add(finding);
  }
  return {
    introduced: options.found.filter((finding) => !old.has(finding)),
    existing: options.found.filter((finding) => old.has(finding)),
  };
}
