import type { LanguageId } from '../../core/languages.js';
import type { ChatMessage } from '../../model/types.js';
import { findCodeBlocks } from '../extract.js';
import { securityRulesFor } from '../security-rules.js';
import { type ModelFileDiff, parseModelDiff } from './apply-diff.js';

/** The prompt for a fix, and reading the answer: the cause in prose, the fix as a unified diff. */

export interface CodeExcerpt {
  path: string;
  language: LanguageId;
  startLine: number;
  endLine: number;
  /** the frames' lines in it */
  frameLines: number[];
  text: string;
  /** the whole file is shown */
  whole: boolean;
}

export interface DebugPromptInput {
  /** what failed: `pytest tests/test_calc.py`, or `the log` */
  what: string;
  /** the failure's output (its end) */
  failure: string;
  error?: string;
  excerpts: CodeExcerpt[];
  /** definitions the failing code uses, one `path:line  signature` per line */
  definitions: string[];
  /** repository context from the index (environment, retrieved code) */
  repository?: string;
  language: LanguageId;
  /** a command will be re-run to prove the fix */
  rerun: boolean;
}

const ANSWER_SHAPE =
  'Answer with: first the cause in two to five sentences (name the file and line); then the fix as one unified diff in a ```diff block — `--- a/PATH` and `+++ b/PATH` with the paths exactly as given here, `@@` hunks, three unchanged lines of context around each change copied exactly from the file. Change as little as possible. Fix the code under test, not the test, unless the test itself is wrong.';

export function debugMessages(input: DebugPromptInput): ChatMessage[] {
  const rules = securityRulesFor(input.language);
  const system = [
    `You are vouch, a careful senior engineer fixing a failure. Your fix is applied to a copy of the project and ${input.rerun ? 'the failing command is run again in a sandbox: the fix counts only if the command then passes' : 'checked for syntax, imports, types and security'} — nobody sees it before that.`,
    ANSWER_SHAPE,
    rules,
  ]
    .filter(Boolean)
    .join('\n\n');
  const code = input.excerpts
    .map(
      (excerpt) =>
        `${excerpt.path}${excerpt.whole ? '' : `, lines ${excerpt.startLine}–${excerpt.endLine}`} (${excerpt.frameLines.length ? `the failure passes through line ${excerpt.frameLines.join(', ')}` : 'used by the failing code'}):\n\`\`\`${excerpt.language}\n${excerpt.text}\n\`\`\``,
    )
    .join('\n\n');
  const user = [
    `${input.what} fails${input.error ? ` with \`${input.error}\`` : ''}. Its output (the end):`,
    `\`\`\`text\n${input.failure.trimEnd()}\n\`\`\``,
    `The code the failure passes through, and what it uses:\n\n${code}`,
    input.definitions.length
      ? `Definitions it uses, from the project's index:\n${input.definitions.map((line) => `- ${line}`).join('\n')}`
      : '',
    input.repository ? `More of the project:\n${input.repository}` : '',
  ]
    .filter(Boolean)
    .join('\n\n');
  return [
    { role: 'system', content: system },
    { role: 'user', content: user },
  ];
}

export interface DebugAnswer {
  /** the cause, in the model's words (prose outside code blocks) */
  explanation: string;
  /** the diff's text as given */
  diffText: string;
  files: ModelFileDiff[];
}

/** The diff in an answer: a ```diff/```patch block, else any block or bare text that reads as one. */
export function readDebugAnswer(text: string): DebugAnswer {
  const blocks = findCodeBlocks(text);
  const explanation = text
    .replace(/(`{3,}|~{3,})[^\n]*\n[\s\S]*?\1/g, '')
    .trim()
    .slice(0, 4000);
  const labelled = blocks.filter((block) => /^(diff|patch|udiff)$/i.test(block.info ?? ''));
  const candidates = [...labelled.map((block) => block.body), ...blocks.map((block) => block.body), text];
  for (const candidate of candidates) {
    const files = parseModelDiff(candidate);
    if (files.length > 0) return { explanation, diffText: candidate.trimEnd(), files };
  }
  return { explanation, diffText: '', files: [] };
}

/** What each repair round asks for (the rest of the round's words are the shared `repairMessages`). */
export const DEBUG_REPAIR_SHAPE = `Give a corrected fix against the ORIGINAL files (not against your previous diff). ${ANSWER_SHAPE}`;

/** The failure a round's fix left, as one feedback line: what ran, the error, and the end of its output. */
export function failureFeedback(
  what: string,
  exit: string,
  error: string | undefined,
  output: string,
): string {
  return `${what} still fails (${exit})${error ? `: ${error}` : ''}; the end of its output:\n\`\`\`text\n${output.trimEnd()}\n\`\`\``;
}
