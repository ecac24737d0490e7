/**
 * A unified diff of two versions of one file (`--- a/path`, `+++ b/path`, hunks with three lines of
 * context), as `git apply` and `patch -p1` read it. Lines are matched by a longest common subsequence
 * over the part between the common head and tail, which is small for an edit to one function.
 */

type Op = { kind: ' ' | '-' | '+'; text: string };

function lcsOps(a: string[], b: string[]): Op[] {
  const n = a.length;
  const m = b.length;
  if (n * m > 16_000_000) {
    // too large to align line by line: one replacement (still a correct diff)
    return [
      ...a.map((text) => ({ kind: '-' as const, text })),
      ...b.map((text) => ({ kind: '+' as const, text })),
    ];
  }
  const table = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    const row = table[i] as Uint32Array;
    const below = table[i + 1] as Uint32Array;
    for (let j = m - 1; j >= 0; j--)
      row[j] =
        a[i] === b[j] ? (below[j + 1] as number) + 1 : Math.max(below[j] as number, row[j + 1] as number);
  }
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      ops.push({ kind: ' ', text: a[i] as string });
      i++;
      j++;
    } else if ((table[i + 1]?.[j] ?? 0) >= (table[i]?.[j + 1] ?? 0))
      ops.push({ kind: '-', text: a[i++] as string });
    else ops.push({ kind: '+', text: b[j++] as string });
  }
  while (i < n) ops.push({ kind: '-', text: a[i++] as string });
  while (j < m) ops.push({ kind: '+', text: b[j++] as string });
  return ops;
}

function splitLines(text: string): { lines: string[]; finalNewline: boolean } {
  const finalNewline = text.endsWith('\n');
  const lines = text === '' ? [] : (finalNewline ? text.slice(0, -1) : text).split('\n');
  return { lines, finalNewline };
}

export function unifiedDiff({
  path,
  before,
  after,
  context = 3,
}: {
  path: string;
  before: string;
  after: string;
  context?: number;
}): string {
  if (before === after) return '';
  const a = splitLines(before);
  const b = splitLines(after);
  let head = 0;
  while (head < a.lines.length && head < b.lines.length && a.lines[head] === b.lines[head]) head++;
  let tail = 0;
  while (
    tail < a.lines.length - head &&
    tail < b.lines.length - head &&
    a.lines[a.lines.length - 1 - tail] === b.lines[b.lines.length - 1 - tail]
  )
    tail++;
  // the last line's newline counts: "x" and "x\n" differ
  if (a.finalNewline !== b.finalNewline && tail > 0) tail--;
  const ops: Op[] = [
    ...a.lines.slice(0, head).map((text) => ({ kind: ' ' as const, text })),
    ...lcsOps(a.lines.slice(head, a.lines.length - tail), b.lines.slice(head, b.lines.length - tail)),
    ...a.lines.slice(a.lines.length - tail).map((text) => ({ kind: ' ' as const, text })),
  ];
  const out = [`--- a/${path}`, `+++ b/${path}`];
  let index = 0;
  let oldLine = 1;
  let newLine = 1;
  const lastOld = a.lines.length;
  const lastNew = b.lines.length;
  while (index < ops.length) {
    // find the next change
    let start = index;
    while (start < ops.length && ops[start]?.kind === ' ') start++;
    if (start === ops.length) break;
    const skip = Math.max(0, start - context) - index;
    oldLine += skip;
    newLine += skip;
    index += skip;
    // extend the hunk while changes are within 2 × context of each other
    let end = start;
    let lastChange = start;
    while (end < ops.length) {
      if (ops[end]?.kind !== ' ') lastChange = end;
      else if (end - lastChange > context * 2) break;
      end++;
    }
    end = Math.min(ops.length, lastChange + context + 1);
    const hunk = ops.slice(index, end);
    const oldCount = hunk.filter((op) => op.kind !== '+').length;
    const newCount = hunk.filter((op) => op.kind !== '-').length;
    out.push(
      `@@ -${oldCount ? oldLine : oldLine - 1},${oldCount} +${newCount ? newLine : newLine - 1},${newCount} @@`,
    );
    let oldAt = oldLine;
    let newAt = newLine;
    for (const op of hunk) {
      out.push(`${op.kind}${op.text}`);
      if (op.kind !== '+') {
        if (oldAt === lastOld && !a.finalNewline) out.push('\\ No newline at end of file');
        oldAt++;
      }
      if (op.kind !== '-') {
        if (newAt === lastNew && !b.finalNewline && op.kind === '+') out.push('\\ No newline at end of file');
        newAt++;
      }
    }
    oldLine += oldCount;
    newLine += newCount;
    index = end;
  }
  return `${out.join('\n')}\n`;
}
