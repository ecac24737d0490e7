import type { SyntaxNode, Tree } from '../../syntax/parser.js';
import { pointAfter, type Region, type SplicedTrees } from './spliced-trees.js';

/**
 * Where a completion stops: models keep writing past the block the cursor is in (the next function, a
 * test, a `main`), and an editor that inserts all of it breaks the file. The file is parsed with the
 * model's whole answer at the cursor; the answer is cut at the end of the innermost block that holds the
 * cursor — or, at the top level, at the end of the statement the cursor is in. A closing bracket that
 * the suffix already supplies is left out too.
 */

/** Node types that are blocks: a body of statements or members the cursor can be inside. */
const BLOCK_TYPES = new Set([
  'block', // python, go, rust
  'statement_block', // javascript, typescript
  'class_body', // javascript, typescript, java
  'interface_body',
  'enum_body',
  'switch_body',
  'declaration_list', // rust impl/trait/mod
  'compound_statement', // c, cpp
  'constructor_body',
  'field_declaration_list',
]);

const ROOT_TYPES = new Set(['module', 'program', 'source_file', 'translation_unit', 'compilation_unit']);

export interface CutCompletion {
  completion: string;
  /** why it was cut, when it was */
  cut?: 'block-end' | 'statement-end' | 'suffix-bracket';
}

/** `completion` up to the end of the line holding `row` (rows counted from `startRow`). */
function upToEndOfRow(completion: string, startRow: number, row: number): string {
  const lines = completion.split('\n');
  const keep = row - startRow + 1;
  if (keep >= lines.length) return completion;
  return lines.slice(0, Math.max(1, keep)).join('\n');
}

function enclosingBlock(node: SyntaxNode | null): { block: SyntaxNode | null; statement: SyntaxNode | null } {
  let statement: SyntaxNode | null = null;
  for (let current = node; current; current = current.parent) {
    if (BLOCK_TYPES.has(current.type)) return { block: current, statement };
    if (ROOT_TYPES.has(current.type)) return { block: null, statement };
    statement = current;
  }
  return { block: null, statement };
}

/** A closing bracket that ends a line of its own (`}`, `};`, `})`) */
const CLOSING_LINE = /^\s*[}\])][;,)\]}]*\s*$/;

/** Where the answer starts and ends, from the cursor; undefined when there is nothing to cut. */
function spanOf(prefix: string, completion: string) {
  const lead = /^\s*/.exec(completion)![0];
  if (!completion.includes('\n') || lead.length === completion.length) return undefined;
  const cursor = pointAfter({ row: 0, column: 0 }, prefix);
  return {
    cursor,
    firstCode: pointAfter(cursor, lead),
    end: pointAfter(cursor, completion.replace(/\s+$/, '')),
  };
}

type Point = { row: number; column: number };

/** The row where the block (or, at the top level, the statement) holding `firstCode` ends, in `tree`. */
function innermostEnd(
  tree: Tree,
  firstCode: Point,
): { reason: 'block-end' | 'statement-end'; row: number } | undefined {
  const { block, statement } = enclosingBlock(tree.rootNode.descendantForPosition(firstCode));
  if (block) return { reason: 'block-end', row: block.endPosition.row };
  if (statement) return { reason: 'statement-end', row: statement.endPosition.row };
  return undefined;
}

/** The cut `tree` (the file with the whole answer in place) gives: the row the answer stops at, and why. */
function stopIn(tree: Tree, firstCode: Point, endRow: number) {
  const stop = innermostEnd(tree, firstCode);
  return stop && stop.row < endRow ? stop : undefined;
}

/** What is left once the stop is known: the suffix's own closing bracket, and trailing blanks. */
function finish({
  completion,
  kept,
  cut,
  suffix,
}: {
  completion: string;
  kept: string;
  cut: CutCompletion['cut'];
  suffix: string;
}): CutCompletion {
  // The model closed the block itself, and the suffix closes it again: keep the suffix's bracket.
  const lines = kept.trimEnd().split('\n');
  if (lines.length > 1 && CLOSING_LINE.test(lines.at(-1)!)) {
    const closing = lines.at(-1)!.trim()[0]!;
    if (suffix.trimStart().startsWith(closing)) {
      kept = lines.slice(0, -1).join('\n');
      cut = 'suffix-bracket';
    }
  }
  kept = kept.replace(/\s+$/, '');
  return cut ? { completion: kept, cut } : { completion: kept || completion };
}

/** What both cuts below take: the file's trees, the text around the cursor and the model's answer. */
interface CutRequest {
  trees: SplicedTrees;
  prefix: string;
  completion: string;
  suffix: string;
}

/**
 * The cut as found from the whole file parsed with the model's whole answer in place: the reference the
 * cheaper way below must agree with (bench/tasks/cut-equivalence.ts compares them), and its fallback.
 */
export function cutAtBlockEndByFullParse({ trees, prefix, completion, suffix }: CutRequest): CutCompletion {
  const span = spanOf(prefix, completion);
  if (!span) return { completion: completion.replace(/\s+$/, '') || completion };
  const tree = trees.with(completion);
  let stop: ReturnType<typeof stopIn>;
  try {
    stop = stopIn(tree, span.firstCode, span.end.row);
  } finally {
    tree.delete();
  }
  const kept = stop ? upToEndOfRow(completion, span.cursor.row, stop.row) : completion;
  return finish({ completion, kept, cut: stop?.reason, suffix });
}

/**
 * `innermostEnd` in a region, in the file's rows; undefined when the innermost block is the region's
 * wrapper (it stands for the cursor's block, which ends past the region in the file).
 */
function innermostInRegion(region: Region, firstCode: Point) {
  const { block, statement } = enclosingBlock(
    region.tree.rootNode.descendantForPosition({
      row: firstCode.row - region.rowOffset,
      column: firstCode.column,
    }),
  );
  if (block)
    return block.id !== region.wrapper?.id
      ? { reason: 'block-end' as const, row: block.endPosition.row + region.rowOffset }
      : undefined;
  if (region.wrapper || !statement) return undefined;
  return { reason: 'statement-end' as const, row: statement.endPosition.row + region.rowOffset };
}

/**
 * The same cut, without parsing the rest of the file. Any multi-line insertion early in a long file has
 * tree-sitter reparse all that follows it (its incremental parse reuses little past an inserted line),
 * twice — with the whole answer here, with the cut one in the syntax check — 10–60 ms on a 2,000-line
 * file, on the editor's thread. So the stop is found in the cursor's region (see `Region`: the statements
 * around the cursor, parsed on their own) with the whole answer in place, and kept only if the region with
 * the answer cut there parses with no error and the cursor's block (or top-level statement) ends on the
 * same row in it: the region then stands in for the file with the cut answer, whose parse the reference
 * reads up to that row just as it reads the file with the whole answer (the same text up to there, and
 * the block closed). Otherwise — no region, no stop, or one that does not hold — the whole file is
 * parsed with the whole answer, as the reference does.
 */
export function cutAtBlockEnd({ trees, prefix, completion, suffix }: CutRequest): CutCompletion {
  const span = spanOf(prefix, completion);
  if (!span) return { completion: completion.replace(/\s+$/, '') || completion };
  const estimate = trees.region(completion);
  if (!estimate) return cutAtBlockEndByFullParse({ trees, prefix, completion, suffix });
  let stop: ReturnType<typeof innermostEnd>;
  try {
    stop = innermostInRegion(estimate, span.firstCode);
  } finally {
    estimate.tree.delete();
  }
  if (stop && stop.row >= span.end.row) stop = undefined;
  // The region with the whole answer parses cleanly: it stands in for the file the reference parses.
  // (Its wrapper stands for the cursor's block, which then holds all of the answer: no stop.)
  if (estimate.clean)
    return finish({
      completion,
      kept: stop ? upToEndOfRow(completion, span.cursor.row, stop.row) : completion,
      cut: stop?.reason,
      suffix,
    });
  if (stop) {
    const kept = upToEndOfRow(completion, span.cursor.row, stop.row);
    const region = trees.region(kept.replace(/\s+$/, ''));
    if (region)
      try {
        const held = innermostInRegion(region, span.firstCode);
        if (region.clean && held && held.reason === stop.reason && held.row === stop.row)
          return finish({ completion, kept, cut: stop.reason, suffix });
      } finally {
        region.tree.delete();
      }
  }
  return cutAtBlockEndByFullParse({ trees, prefix, completion, suffix });
}
