import type { LanguageId } from '../../core/languages.js';
import { applyAnswerEdits, elidedLine } from '../answer-edits/apply-answer-edits.js';
import { readAnswerEdits } from '../answer-edits/read-answer-edits.js';
import {
  DefinitionsError,
  dedent,
  replaceDefinitions,
  shapeOf,
} from '../answer-edits/replace-definitions.js';
import { pickCodeBlock } from '../task-frame.js';
import { unclosed } from './candidate.js';
import { regionFromBlock } from './prompt.js';
import type { LineSpan } from './region.js';

/**
 * The fixed file from a model's answer, whatever its shape. `fix` asks for the new text of the lines to
 * rewrite in one code block, and models also answer with a unified diff, search/replace blocks, the whole
 * file, or only the definitions they changed: each is applied the way `debug` applies it (answer-edits/).
 * A code block is the region's new text unless it is plainly the whole file (it defines every name the
 * file defines, some outside the region) or only some of the region's definitions (then they replace the
 * file's, and the others stay). An answer that cannot be applied is a problem to send back, never a fix.
 */

export interface FixFile {
  path: string;
  language: LanguageId;
  text: string;
  /** the file's lines, without their endings */
  lines: readonly string[];
  region: LineSpan;
}

export interface ReadFix {
  fixedText: string;
  /** the lines of the file the fix replaces: the region, grown to every line the answer changed */
  region: LineSpan;
  /** where those lines are in the fixed file */
  newRegion: LineSpan;
}

/** The fixed file's text from an answer, or what was wrong with the answer (for the next round). */
export async function readFix(answer: string, file: FixFile): Promise<ReadFix | string> {
  const { path, language, text, region } = file;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  // the lines without the empty one after a final line ending, which the fixed text gets back
  const finalNewline = text.endsWith('\n');
  const lines = finalNewline ? file.lines.slice(0, -1) : [...file.lines];
  const read = readAnswerEdits(answer);
  const edits = read.edits.filter((edit) => edit.shape !== 'code');
  let fixedLines: string[];
  if (edits.length > 0) {
    const applied = await applyAnswerEdits(edits, {
      candidates: [path],
      resolve: (named) =>
        named.replace(/^\.\//, '') === path || named.endsWith(`/${path}`)
          ? { path, language, text }
          : `the answer changes ${named}, but this fix is of ${path} only`,
    });
    if (applied.problems.length > 0) return applied.problems.join('; ');
    fixedLines = (applied.after.get(path) ?? text).split(/\r?\n/);
    if (finalNewline && fixedLines.at(-1) === '') fixedLines.pop();
  } else {
    const block = pickCodeBlock(answer, language);
    if (!block) return 'the answer had no fenced code block with the new lines';
    if (unclosed(answer, block)) return 'the code block was not closed: the answer may be cut short';
    const body = regionFromBlock(block.body.replace(/\n+$/, ''));
    const elided = elidedLine(body);
    if (elided)
      return `the code block leaves code out (\`${elided.trim()}\`): give every line of lines ${region.startLine}–${region.endLine}`;
    const newLines = body.split('\n');
    const placed = await placeBlock({ ...file, lines }, newLines);
    if (typeof placed === 'string') return placed;
    fixedLines = placed;
  }
  const fixedText = fixedLines.join(eol) + (finalNewline ? eol : '');
  // an answer that changes nothing is still checked: what is left goes back to the model as findings
  return { fixedText, ...changedSpan(lines, fixedLines, region) };
}

/** The file's lines with a code block in place: the region's new text, the whole file, or some definitions. */
async function placeBlock(file: FixFile, block: string[]): Promise<string[] | string> {
  const { path, language, lines, region } = file;
  const asRegion = [...lines.slice(0, region.startLine - 1), ...block, ...lines.slice(region.endLine)];
  const inRegion = await shapeOf(language, lines.slice(region.startLine - 1, region.endLine).join('\n'));
  const whole = await shapeOf(language, lines.join('\n'));
  const given = await shapeOf(language, dedent(block).join('\n'));
  const names = (shape: typeof given) => new Set(shape.definitions.map((definition) => definition.name));
  const regionNames = names(inRegion);
  const givenNames = names(given);
  const outside = [...names(whole)].filter((name) => !regionNames.has(name));
  // the whole file: every name it defines, including some outside the region
  if (outside.length > 0 && [...names(whole)].every((name) => givenNames.has(name))) return dedent(block);
  // some of the region's definitions and nothing else: they replace the file's, the others stay
  const partial =
    given.others.length === 0 &&
    givenNames.size > 0 &&
    [...givenNames].every((name) => regionNames.has(name)) &&
    [...regionNames].some((name) => !givenNames.has(name));
  if (!partial) return asRegion;
  try {
    return await replaceDefinitions({ path, language, fileLines: lines, blockLines: block });
  } catch (error) {
    if (error instanceof DefinitionsError) return error.message;
    throw error;
  }
}

/** The region grown to every line that differs, in the old file and in the new. */
export function changedSpan(
  before: readonly string[],
  after: readonly string[],
  region: LineSpan,
): { region: LineSpan; newRegion: LineSpan } {
  let head = 0;
  while (head < before.length && head < after.length && before[head] === after[head]) head++;
  let tail = 0;
  while (
    tail < before.length - head &&
    tail < after.length - head &&
    before[before.length - 1 - tail] === after[after.length - 1 - tail]
  )
    tail++;
  const startLine = Math.min(region.startLine, head + 1);
  const endLine = Math.max(region.endLine, before.length - tail);
  return {
    region: { startLine, endLine },
    newRegion: { startLine, endLine: endLine + after.length - before.length },
  };
}
