import type TypeScript from 'typescript';
import { typescript } from '../../core/typescript-compiler.js';

/**
 * Whether the TypeScript compiler may be handed this code, measured before it is. The compiler's checker
 * and its transforms (`transpileModule`, a program's diagnostics) look a name up by walking from its node
 * to the root, once per name or more: linear over ordinary code, the square of the input over an
 * expression nested thousands deep. `let x: string = a+a+…` of 20 KB (10 000 operands, each a level
 * deeper) held `vouch serve`'s thread 77 s and 200 KB more than five minutes (r49 #6); 2 000 levels also
 * overflowed the stack of a recursive walk. The compiler's parser reads such a chain in a loop, so the
 * measure is its parse (linear) and one walk with a stack of our own, kept once per code text.
 *
 * Refused: any node deeper than MAX_DEPTH, or a sum of depths over every node (the steps of one walk to
 * the root from each) beyond SUM_BUDGET that is also more than AVERAGE_DEPTH a node. Real code sits well
 * within: vouch's own sources and the node_modules files read for the note average 10–36 levels a node,
 * highlight.js's keyword lists (long string concatenations) 166 over a few thousand nodes, deepest 779
 * (bench/notes/2026-11-28-server-freeze-2.md).
 */
export const MAX_DEPTH = 1_000;
export const SUM_BUDGET = 2_000_000;
export const AVERAGE_DEPTH = 40;

export interface NestingMeasure {
  nodes: number;
  maxDepth: number;
  depthSum: number;
}

/** The nesting of `code` as the TypeScript parser reads it. */
export function measureNesting(code: string, fileName: string): NestingMeasure {
  const ts = typescript();
  const sourceFile = ts.createSourceFile(
    fileName,
    code,
    ts.ScriptTarget.ESNext,
    false,
    scriptKind(ts, fileName),
  );
  const nodes: TypeScript.Node[] = [sourceFile];
  const depths: number[] = [0];
  let count = 0;
  let maxDepth = 0;
  let depthSum = 0;
  const push = (depth: number) => (child: TypeScript.Node) => {
    nodes.push(child);
    depths.push(depth);
  };
  while (nodes.length > 0) {
    const node = nodes.pop() as TypeScript.Node;
    const depth = depths.pop() as number;
    count += 1;
    depthSum += depth;
    if (depth > maxDepth) maxDepth = depth;
    // forEachChild calls back per child and per node array element; it does not recurse itself
    ts.forEachChild(node, push(depth + 1));
  }
  return { nodes: count, maxDepth, depthSum };
}

function scriptKind(ts: typeof TypeScript, fileName: string): TypeScript.ScriptKind {
  if (/\.tsx$/.test(fileName)) return ts.ScriptKind.TSX;
  if (/\.[cm]?jsx?$/.test(fileName)) return ts.ScriptKind.JSX;
  return ts.ScriptKind.TS;
}

let last: { code: string; fileName: string; refusal: string | undefined } | undefined;

/**
 * Why the compiler is not given `code` (a sentence for the check's reason: what was wrong and what to do),
 * or undefined when it may be. One code text is measured once for the checks that ask in turn.
 */
export function compilerRefusal(code: string, fileName: string): string | undefined {
  if (last && last.code === code && last.fileName === fileName) return last.refusal;
  let refusal: string | undefined;
  try {
    refusal = judge(measureNesting(code, fileName));
  } catch (error) {
    // the parser itself recursed too deep (a parenthesis nested past the stack): the compiler would too
    refusal = `could not check: the TypeScript parser could not read the code (${(error as Error).message}); split the nested expression into named parts`;
  }
  last = { code, fileName, refusal };
  return refusal;
}

function judge({ nodes, maxDepth, depthSum }: NestingMeasure): string | undefined {
  const what = 'could not check with the TypeScript compiler: the code nests';
  const fix =
    'split the expression into named parts (a long a + b + … chain into an array join or several statements)';
  if (maxDepth > MAX_DEPTH)
    return `${what} ${maxDepth} levels deep (at most ${MAX_DEPTH} are checked); ${fix}`;
  if (depthSum > SUM_BUDGET && depthSum > AVERAGE_DEPTH * nodes)
    return `${what} ${Math.round(depthSum / nodes)} levels deep on average over ${nodes} nodes (at most ${AVERAGE_DEPTH} are checked in code this large); ${fix}`;
  return undefined;
}
