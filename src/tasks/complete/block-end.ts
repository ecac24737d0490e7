import type { LanguageId } from '../../core/languages.js';
import { parse, type SyntaxNode } from '../../syntax/parser.js';

/**
 * Where a completion stops: models keep writing past the block the cursor is in (the next function, a
 * test, a `main`), and an editor that inserts all of it breaks the file. The file is parsed as it would
 * read up to the end of the completion (the suffix left out, so whatever the model closed is visible);
 * the completion is cut at the end of the innermost block that holds the cursor — or, at the top level,
 * at the end of the statement the cursor is in. A closing bracket the suffix already supplies is left
 * out too.
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

/** The position (0-based row, column) just after `text` when it follows `start`. */
function advance(start: { row: number; column: number }, text: string): { row: number; column: number } {
  const lines = text.split('\n');
  if (lines.length === 1) return { row: start.row, column: start.column + text.length };
  return { row: start.row + lines.length - 1, column: lines.at(-1)!.length };
}

/** Characters of `completion` up to the end of the line holding `row` (rows counted from `startRow`). */
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

export async function cutAtBlockEnd(
  language: LanguageId,
  prefix: string,
  completion: string,
  suffix: string,
): Promise<CutCompletion> {
  if (!completion.includes('\n')) return { completion };
  const cursor = advance({ row: 0, column: 0 }, prefix);
  const lead = /^\s*/.exec(completion)![0];
  if (lead.length === completion.length) return { completion };
  const firstCode = advance(cursor, lead);
  const tree = await parse(language, prefix + completion);
  try {
    const node = tree.rootNode.descendantForPosition(firstCode);
    const { block, statement } = enclosingBlock(node);
    const end = advance(cursor, completion);
    let kept = completion;
    let cut: CutCompletion['cut'];
    if (block) {
      if (block.endPosition.row < end.row) {
        kept = upToEndOfRow(completion, cursor.row, block.endPosition.row);
        cut = 'block-end';
      }
    } else if (statement && statement.endPosition.row < end.row) {
      kept = upToEndOfRow(completion, cursor.row, statement.endPosition.row);
      cut = 'statement-end';
    }
    // The model closed the block itself, and the suffix closes it again: keep the suffix's bracket.
    const lines = kept.trimEnd().split('\n');
    if (lines.length > 1 && CLOSING_LINE.test(lines.at(-1)!) && /^\s*[}\])]/.test(suffix)) {
      const closing = lines.at(-1)!.trim()[0];
      if (suffix.trimStart().startsWith(closing!)) {
        kept = lines.slice(0, -1).join('\n');
        cut = 'suffix-bracket';
      }
    }
    kept = kept.replace(/[ \t]+$/, '').replace(/\n+$/, '');
    return cut ? { completion: kept, cut } : { completion: kept.length > 0 ? kept : completion };
  } finally {
    tree.delete();
  }
}
