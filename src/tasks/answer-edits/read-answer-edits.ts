import { type LanguageId, languageForPath } from '../../core/languages.js';
import { findCodeBlocks } from '../extract.js';
import { type ModelFileDiff, parseModelDiff } from './apply-diff.js';

/**
 * The changes in a model's answer, in the shapes models actually give them: search/replace blocks
 * (aider's `<<<<<<< SEARCH` / `=======` / `>>>>>>> REPLACE`, the file's path on the line before), a
 * unified diff, or code blocks — a whole file or whole definitions — with the file named in the fence's
 * info (```python calc.py), a first-line comment (`# calc.py`) or the line before the block (**calc.py**,
 * `calc.py`:). One shape per answer, in that order: a diff quoted in prose next to search/replace blocks
 * is not a second change.
 */

export type AnswerEdit =
  | { shape: 'search-replace'; path: string | undefined; search: string; replace: string }
  | { shape: 'diff'; diff: ModelFileDiff }
  | { shape: 'code'; path: string | undefined; language: LanguageId | undefined; body: string };

export interface AnswerEdits {
  /** the answer's prose: what is outside its code blocks and edit blocks */
  explanation: string;
  edits: AnswerEdit[];
  /** the edit blocks' text as given (for the report) */
  given: string;
}

/** Fence infos that are never code to apply: output, logs, commands. */
const NOT_CODE =
  /^(text|txt|console|output|log|shell-session|bash|sh|shell|zsh|diff|patch|udiff|json|toml|ya?ml)$/i;
const PATH_TOKEN = /^[\w@.-][\w@./\\-]*\.[A-Za-z0-9]{1,5}$/;

/** A path named in a line: the whole line (bare, `code`, **bold**, with a colon or "File:") or its last code span. */
export function pathIn(line: string | undefined): string | undefined {
  if (!line) return undefined;
  const bare = line
    .trim()
    .replace(/^(?:#+|\/\/|--)\s*/, '')
    // a label is a word of its own: `index.ts` and `update.py` are paths, not "in"/"update" and a rest
    .replace(
      /^(?:[-*]\s+)?(?:\*\*)?(?:(?:file(?:name)?|path|in|updated?|changed?|fixed)(?=[\s:]))?\s*:?\s*/i,
      '',
    )
    .replace(/[*`'"]/g, '')
    .replace(/[:.]$/, '')
    // an underscore belongs to names (`price_utils.py`, `__init__.py`): only a pair around the whole is emphasis
    .replace(/^(__?)(.+)\1$/, '$2')
    .replace(/[:.]$/, '')
    .trim();
  if (PATH_TOKEN.test(bare) && languageForPath(bare)) return bare.replace(/^\.\//, '');
  const spans = [...line.matchAll(/`([^`\s]+)`/g)].map((match) => match[1]!);
  const named = spans.reverse().find((span) => PATH_TOKEN.test(span) && languageForPath(span));
  return named?.replace(/^\.\//, '');
}

/** The path a fence's info names: `python calc.py`, `python:calc.py`, `python title="calc.py"`, `calc.py`. */
function infoPath(info: string): string | undefined {
  for (const token of info.split(/[\s:]+|=/)) {
    const cleaned = token.replace(/^["']|["']$/g, '');
    if (PATH_TOKEN.test(cleaned) && languageForPath(cleaned)) return cleaned.replace(/^\.\//, '');
  }
  return undefined;
}

/** The last non-empty line before `offset` that is not a fence. */
function lineBefore(text: string, offset: number): string | undefined {
  const lines = text.slice(0, offset).split('\n');
  for (let index = lines.length - 1; index >= 0; index--) {
    const line = lines[index]!.trim();
    if (!line) continue;
    if (/^(`{3,}|~{3,})/.test(line)) return undefined;
    return line;
  }
  return undefined;
}

const SEARCH_REPLACE =
  /^[ \t]*<{5,9} ?SEARCH[^\n]*\n([\s\S]*?)^[ \t]*={5,9}[ \t]*\n([\s\S]*?)^[ \t]*>{5,9} ?REPLACE[^\n]*$/gm;

function searchReplaceEdits(text: string): { edits: AnswerEdit[]; spans: [number, number][] } {
  const edits: AnswerEdit[] = [];
  const spans: [number, number][] = [];
  const blocks = findCodeBlocks(text);
  for (const match of text.matchAll(SEARCH_REPLACE)) {
    const start = match.index!;
    // the path: in the fence holding the block, on the line before that fence, or on the line before
    const fence = blocks.find((block) => block.start <= start && block.end >= start + match[0].length);
    const path =
      (fence ? infoPath(fence.info) : undefined) ?? pathIn(lineBefore(text, fence ? fence.start : start));
    edits.push({
      shape: 'search-replace',
      path,
      search: match[1]!.replace(/\n$/, ''),
      replace: match[2]!.replace(/\n$/, ''),
    });
    spans.push([start, start + match[0].length]);
  }
  return { edits, spans };
}

function withoutBlocks(text: string): string {
  return text
    .replace(/(`{3,}|~{3,})[^\n]*\n[\s\S]*?\1/g, '')
    .replace(SEARCH_REPLACE, '')
    .trim()
    .replace(/\n{3,}/g, '\n\n')
    .slice(0, 4000);
}

/** Every change in an answer, in its one shape; none when it has no change in any shape vouch reads. */
export function readAnswerEdits(text: string): AnswerEdits {
  const normalized = text.replace(/\r\n?/g, '\n');
  const explanation = withoutBlocks(normalized);
  const replaced = searchReplaceEdits(normalized);
  if (replaced.edits.length > 0)
    return {
      explanation,
      edits: replaced.edits,
      given: replaced.spans.map(([start, end]) => normalized.slice(start, end)).join('\n\n'),
    };
  const blocks = findCodeBlocks(normalized);
  const labelled = blocks.filter((block) => /^(diff|patch|udiff)$/i.test(block.info.split(/\s/)[0] ?? ''));
  // a change across files often comes as one ```diff block per file: each is part of the one diff
  const perBlock = labelled.map((block) => ({ body: block.body, files: parseModelDiff(block.body) }));
  const diffBlocks = perBlock.filter((block) => block.files.length > 0);
  if (diffBlocks.length > 1)
    return {
      explanation,
      edits: diffBlocks.flatMap((block) => block.files.map((diff) => ({ shape: 'diff' as const, diff }))),
      given: diffBlocks.map((block) => block.body.trimEnd()).join('\n\n'),
    };
  for (const candidate of [
    ...labelled.map((block) => block.body),
    ...blocks.map((block) => block.body),
    normalized,
  ]) {
    const files = parseModelDiff(candidate);
    if (files.length > 0)
      return {
        explanation,
        edits: files.map((diff) => ({ shape: 'diff', diff })),
        given: candidate.trimEnd(),
      };
  }
  const code = blocks.filter((block) => !NOT_CODE.test(block.info.split(/\s/)[0] ?? ''));
  const edits: AnswerEdit[] = code.map((block) => {
    const lines = block.body.replace(/\n+$/, '').split('\n');
    const commented = /^\s*(?:#|\/\/|--)\s*(?:file(?:name)?:?\s*)?(\S+)\s*$/i.exec(lines[0] ?? '');
    const firstLinePath = commented && PATH_TOKEN.test(commented[1]!) ? pathIn(commented[1]) : undefined;
    const path = infoPath(block.info) ?? firstLinePath ?? pathIn(lineBefore(normalized, block.start));
    return {
      shape: 'code',
      path,
      language: block.language,
      // a first line that only names the file is not code of it
      body: (firstLinePath ? lines.slice(1) : lines).join('\n'),
    };
  });
  return { explanation, edits, given: code.map((block) => block.body.trimEnd()).join('\n\n') };
}
