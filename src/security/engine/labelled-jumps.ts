import type { Frame, Interpreter, Scope } from './interpreter.js';
import type { LiteNode as SyntaxNode } from './lite-tree.js';

/**
 * Where a `break` or `continue` goes on (JavaScript's labels, w136). An unlabelled `break` goes on after the
 * innermost loop or `switch` (`Frame.breaks`); an unlabelled `continue` into the innermost loop's next iteration,
 * past any `switch` around it (`Frame.continues`); `break L` and `continue L` past every loop between, after the
 * statement labelled `L` or into its loop's next iteration (`Frame.labelled`). Each keeps the state it left with,
 * though the path that jumped ends there: a labelled jump taken only to the innermost loop lost what it set when a
 * statement after that loop wrote the same name (`out = q; break outer;` then `out = "safe"` after the inner loop).
 */
export function jump(it: Interpreter, node: SyntaxNode): void {
  const frame = it.frame;
  const scope = new Map(frame.scope);
  const label = node.childForFieldName('label')?.text;
  if (label && frame.labelled) frame.labelled.push({ label, scope });
  else if (node.type === 'continue_statement') (frame.continues ?? frame.breaks)?.push(scope);
  else frame.breaks?.push(scope);
}

/** The labels a statement carries (`a: b: for (…)` gives both). */
export function labelsOf(node: SyntaxNode | null | undefined): string[] {
  const labels: string[] = [];
  for (let current = node?.parent; current?.type === 'labeled_statement'; current = current.parent) {
    const label = current.childForFieldName('label')?.text;
    if (label) labels.push(label);
  }
  return labels;
}

/**
 * The states the labelled jumps made since `from` left for one of `labels`, taken out of the frame's list; the
 * others stay for the statements further out.
 */
export function takeLabelled(frame: Frame, labels: readonly string[], from: number): Scope[] {
  const list = frame.labelled;
  if (!list || labels.length === 0 || list.length <= from) return [];
  const taken: Scope[] = [];
  const kept = list.splice(from).filter((jumped) => {
    if (!labels.includes(jumped.label)) return true;
    taken.push(jumped.scope);
    return false;
  });
  list.push(...kept);
  return taken;
}

/** What a `try` with `finally` saw jump out of it: they leave through `finally` with what it leaves. */
export interface JumpsOut {
  breaks: number;
  continues: number;
  labels: string[];
}

/** The jumps made since the marks `jumpMarks` took, taken out of the frame's lists. */
export function takeJumps(frame: Frame, marks: JumpMarks): JumpsOut {
  const breaks = frame.breaks ? frame.breaks.splice(marks.breaks).length : 0;
  const continues =
    frame.continues && frame.continues !== frame.breaks ? frame.continues.splice(marks.continues).length : 0;
  const labels = frame.labelled
    ? [...new Set(frame.labelled.splice(marks.labelled).map((jumped) => jumped.label))]
    : [];
  return { breaks, continues, labels };
}

export interface JumpMarks {
  breaks: number;
  continues: number;
  labelled: number;
}

export function jumpMarks(frame: Frame): JumpMarks {
  return {
    breaks: frame.breaks?.length ?? 0,
    continues: frame.continues?.length ?? 0,
    labelled: frame.labelled?.length ?? 0,
  };
}

/** The jumps a `try` saw go on from where its `finally` left them. */
export function jumpAgain(frame: Frame, jumps: JumpsOut): void {
  if (jumps.breaks > 0) frame.breaks?.push(new Map(frame.scope));
  if (jumps.continues > 0) frame.continues?.push(new Map(frame.scope));
  for (const label of jumps.labels) frame.labelled?.push({ label, scope: new Map(frame.scope) });
}
