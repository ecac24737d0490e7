import type { SyntaxNode } from '../../syntax/parser.js';
import { pointAfter, type SplicedTrees } from './spliced-trees.js';

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

/**
 * The cut as found from the whole file parsed with the model's whole answer in place: the reference every
 * other way of finding it must agree with (bench/tasks/cut-equivalence.ts compares them).
 */
export function cutAtBlockEndByFullParse(
  trees: SplicedTrees,
  prefix: string,
  completion: string,
  suffix: string,
): CutCompletion {
  const lead = /^\s*/.exec(completion)![0];
  if (!completion.includes('\n') || lead.length === completion.length)
    return { completion: completion.replace(/\s+$/, '') || completion };
  const cursor = pointAfter({ row: 0, column: 0 }, prefix);
  const firstCode = pointAfter(cursor, lead);
  const end = pointAfter(cursor, completion.replace(/\s+$/, ''));
  const tree = trees.with(completion);
  let kept = completion;
  let cut: CutCompletion['cut'];
  try {
    const { block, statement } = enclosingBlock(tree.rootNode.descendantForPosition(firstCode));
    if (block) {
      if (block.endPosition.row < end.row) {
        kept = upToEndOfRow(completion, cursor.row, block.endPosition.row);
        cut = 'block-end';
      }
    } else if (statement && statement.endPosition.row < end.row) {
      kept = upToEndOfRow(completion, cursor.row, statement.endPosition.row);
      cut = 'statement-end';
    }
  } finally {
    tree.delete();
  }
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

export const cutAtBlockEnd = cutAtBlockEndByFullParse;
