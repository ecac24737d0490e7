import type { LanguageId } from '../../core/languages.js';
import { parse, type SyntaxNode } from '../../syntax/parser.js';

/**
 * V8's precise coverage (what NODE_V8_COVERAGE writes) read as line and branch coverage of the original
 * source. V8 reports, per function, nested ranges with execution counts, keeping a block's range only when
 * its count differs from the range around it: the count of a position is the count of the innermost range
 * holding it. Lines and branch arms come from the original source (tree-sitter), and for TypeScript each
 * position goes through the transpiler's source map to the emitted JavaScript that V8 ran. A line with no
 * emitted code (types, interfaces) is not a line of code; a line counts as run when its first token ran.
 * Branch arms: each side of `if`/`else` (the implicit `else` too), of `?:`, each `case` of a `switch`, and
 * the right operand of `&&`, `||` and `??` evaluated or short-circuited — an arm is taken when V8's counts
 * show it ran. These are block counts, so an arm that V8 folded into its parent's count is judged by the
 * parent: exact for the constructs above, which V8 gives ranges of their own.
 */

export interface V8Range {
  startOffset: number;
  endOffset: number;
  count: number;
}

export interface V8Function {
  functionName: string;
  ranges: V8Range[];
  isBlockCoverage: boolean;
}

export interface SourceCoverage {
  executedLines: number[];
  missingLines: number[];
  branches: { covered: number; total: number };
  /** arms no test took: `line 3: else of if` */
  missingBranches: string[];
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** One mapping of a source map: generated line and column → original line and column (all 0-based). */
interface Mapping {
  generatedLine: number;
  generatedColumn: number;
  originalLine: number;
  originalColumn: number;
}

/** Decodes a source map's `mappings` (base64 VLQ, version 3). */
export function decodeMappings(mappings: string): Mapping[] {
  const out: Mapping[] = [];
  let originalLine = 0;
  let originalColumn = 0;
  mappings.split(';').forEach((line, generatedLine) => {
    let generatedColumn = 0;
    for (const segment of line.split(',')) {
      if (!segment) continue;
      const values: number[] = [];
      let value = 0;
      let shift = 0;
      for (const char of segment) {
        const digit = BASE64.indexOf(char);
        value += (digit & 31) << shift;
        if (digit & 32) shift += 5;
        else {
          values.push(value & 1 ? -(value >>> 1) : value >>> 1);
          value = 0;
          shift = 0;
        }
      }
      generatedColumn += values[0] ?? 0;
      if (values.length < 4) continue;
      // values[1] moves the source index: one source here, so it is not tracked
      originalLine += values[2] ?? 0;
      originalColumn += values[3] ?? 0;
      out.push({ generatedLine, generatedColumn, originalLine, originalColumn });
    }
  });
  return out;
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let index = 0; index < text.length; index++) if (text[index] === '\n') starts.push(index + 1);
  return starts;
}

/** Original (line, column), 0-based → offset in the code V8 ran; undefined when nothing was emitted there. */
type PositionMap = (line: number, column: number) => number | undefined;

function identityMap(source: string): PositionMap {
  const starts = lineStarts(source);
  return (line, column) => (starts[line] ?? 0) + column;
}

/**
 * Through a source map: the mapping at exactly that original place, else the first one after it on the
 * same line (the next token TypeScript emitted), else none (the line's code was all types).
 */
function sourceMapped(emitted: string, mappings: Mapping[]): PositionMap {
  const starts = lineStarts(emitted);
  const byLine = new Map<number, Mapping[]>();
  for (const mapping of mappings) {
    const list = byLine.get(mapping.originalLine) ?? [];
    list.push(mapping);
    byLine.set(mapping.originalLine, list);
  }
  for (const list of byLine.values())
    list.sort((a, b) => a.originalColumn - b.originalColumn || a.generatedColumn - b.generatedColumn);
  return (line, column) => {
    const hit = byLine.get(line)?.find((mapping) => mapping.originalColumn >= column);
    return hit ? (starts[hit.generatedLine] ?? 0) + hit.generatedColumn : undefined;
  };
}

/** The count at an offset in one copy of the script: the innermost range holding it. */
function countAt(ranges: V8Range[], offset: number): number | undefined {
  let best: V8Range | undefined;
  for (const range of ranges)
    if (
      range.startOffset <= offset &&
      offset < range.endOffset &&
      (!best || range.endOffset - range.startOffset <= best.endOffset - best.startOffset)
    )
      best = range;
  return best?.count;
}

interface Arm {
  line: number;
  description: string;
  taken: (count: (node: SyntaxNode) => number | undefined) => boolean | undefined;
}

/** Where a branch's code starts: a block's first statement (a `{` alone on its line may map to nothing). */
function entry(node: SyntaxNode): SyntaxNode {
  if (node.type === 'statement_block' || node.type === 'else_clause') {
    const first = node.namedChildren.find((child) => child.type !== 'comment');
    if (first) return entry(first);
  }
  return node;
}

function armsOf(node: SyntaxNode, arms: Arm[], inside: (line: number) => boolean): void {
  const line = node.startPosition.row + 1;
  if (inside(line)) {
    if (node.type === 'if_statement') {
      const consequence = node.childForFieldName('consequence');
      const alternative = node.childForFieldName('alternative');
      if (consequence) {
        arms.push({ line, description: 'then of if', taken: (count) => positive(count(entry(consequence))) });
        if (alternative) {
          arms.push({
            line,
            description: 'else of if',
            taken: (count) => positive(count(entry(alternative))),
          });
        } else
          arms.push({
            line,
            description: 'implicit else of if (condition false)',
            taken: (count) => difference(count(node), count(entry(consequence))),
          });
      }
    } else if (node.type === 'ternary_expression') {
      const consequence = node.childForFieldName('consequence');
      const alternative = node.childForFieldName('alternative');
      if (consequence && alternative) {
        arms.push({ line, description: 'true side of ?:', taken: (count) => positive(count(consequence)) });
        arms.push({ line, description: 'false side of ?:', taken: (count) => positive(count(alternative)) });
      }
    } else if (node.type === 'switch_case' || node.type === 'switch_default') {
      const body = node.namedChildren.find(
        (child) => child !== node.childForFieldName('value') && child.type !== 'comment',
      );
      if (body)
        arms.push({
          line,
          description: node.type === 'switch_default' ? 'default of switch' : 'case of switch',
          taken: (count) => positive(count(entry(body))),
        });
    } else if (node.type === 'binary_expression') {
      const operator = node.childForFieldName('operator')?.type;
      const right = node.childForFieldName('right');
      if (right && (operator === '&&' || operator === '||' || operator === '??')) {
        arms.push({
          line,
          description: `right of ${operator} evaluated`,
          taken: (count) => positive(count(right)),
        });
        arms.push({
          line,
          description: `${operator} short-circuited`,
          taken: (count) => difference(count(node), count(right)),
        });
      }
    }
  }
  for (const child of node.namedChildren) armsOf(child, arms, inside);
}

function positive(count: number | undefined): boolean | undefined {
  return count === undefined ? undefined : count > 0;
}

function difference(outer: number | undefined, inner: number | undefined): boolean | undefined {
  return outer === undefined || inner === undefined ? undefined : outer > inner;
}

/** Not lines of code: comments, lone closing brackets, and `case x:` / `default:` labels (their arm is a branch). */
export const NOT_CODE = /^(\/\/|\/\*|\*|[})\];,]+$|case\b.*:$|default\s*:$)/;

/**
 * The count at an offset over every copy of the script V8 ran (each process or worker that loaded it has
 * its own): the sum of each copy's count. Ranges of two copies are never mixed — the innermost range of
 * one copy says nothing of another's.
 */
function countOver(copies: V8Range[][], offset: number): number | undefined {
  let total: number | undefined;
  for (const ranges of copies) {
    const count = countAt(ranges, offset);
    if (count !== undefined) total = (total ?? 0) + count;
  }
  return total;
}

/**
 * Line and branch coverage of `source` (lines `startLine`..`endLine`) from the V8 functions of each copy
 * of the script V8 ran (`scripts`, offsets in one text): `emitted` with `mappings` from a source map
 * (TypeScript), or the source itself (JavaScript).
 */
export async function v8SourceCoverage(options: {
  source: string;
  language: LanguageId;
  startLine: number;
  endLine: number;
  scripts: V8Function[][];
  emitted?: { code: string; mappings: string };
}): Promise<SourceCoverage> {
  const { source, startLine, endLine } = options;
  const copies = options.scripts.map((functions) => functions.flatMap((fn) => fn.ranges));
  const toOffset = options.emitted
    ? sourceMapped(options.emitted.code, decodeMappings(options.emitted.mappings))
    : identityMap(source);
  const executedLines: number[] = [];
  const missingLines: number[] = [];
  source.split('\n').forEach((text, index) => {
    const line = index + 1;
    if (line < startLine || line > endLine) return;
    const code = text.trim();
    if (!code || NOT_CODE.test(code)) return;
    const offset = toOffset(index, text.length - text.trimStart().length);
    if (offset === undefined) return;
    const count = countOver(copies, offset);
    if (count === undefined) return;
    (count > 0 ? executedLines : missingLines).push(line);
  });
  const tree = await parse(options.language, source);
  const arms: Arm[] = [];
  try {
    armsOf(tree.rootNode, arms, (line) => line >= startLine && line <= endLine);
    const count = (node: SyntaxNode) => {
      const offset = toOffset(node.startPosition.row, node.startPosition.column);
      return offset === undefined ? undefined : countOver(copies, offset);
    };
    let covered = 0;
    let total = 0;
    const missingBranches: string[] = [];
    for (const arm of arms) {
      const taken = arm.taken(count);
      if (taken === undefined) continue;
      total++;
      if (taken) covered++;
      else missingBranches.push(`line ${arm.line}: ${arm.description}`);
    }
    return { executedLines, missingLines, branches: { covered, total }, missingBranches };
  } finally {
    tree.delete();
  }
}
