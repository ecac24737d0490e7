import type { LanguageId } from '../../core/languages.js';
import type { ChatMessage } from '../../model/types.js';
import { securityRulesFor } from '../security-rules.js';

/** The prompt for a fix: the cause in prose, the fix as a unified diff (answer-edits/ reads every shape). */

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
  'Answer with: first the cause in two to five sentences (name the file and line); then the fix as one unified diff in a ```diff block — `--- a/PATH` and `+++ b/PATH` with the paths exactly as given here, `@@` hunks, three unchanged lines of context around each change copied exactly from the file (vouch also reads, instead of a diff, the whole changed functions or search/replace blocks, with the path of the file on the line before each block). Change as little as possible. Fix the code under test, not the test, unless the test itself is wrong.';

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

/** What each repair round asks for (the rest of the round's words are the shared `repairMessages`). */
export const DEBUG_REPAIR_SHAPE = `Give a corrected fix against the ORIGINAL files (not against your previous diff). ${ANSWER_SHAPE}`;

/** The failure a round's fix left, as one feedback line: what ran, the error, and the end of its output. */
export function failureFeedback({
  what,
  exit,
  error,
  output,
}: {
  what: string;
  exit: string;
  error: string | undefined;
  output: string;
}): string {
  return `${what} still fails (${exit})${error ? `: ${error}` : ''}; the end of its output:\n\`\`\`text\n${output.trimEnd()}\n\`\`\``;
}
