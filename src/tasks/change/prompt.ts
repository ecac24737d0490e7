import type { LanguageId } from '../../core/languages.js';
import type { ChatMessage } from '../../model/types.js';
import { securityRulesFor } from '../security-rules.js';

/** The prompt for a change across files: the request, the files it needs whole, the project around them. */

export interface ShownFile {
  path: string;
  language: LanguageId;
  text: string;
  /** why the file is shown (the user named it, the context found it, a test of it) */
  reason: string;
}

const ANSWER_SHAPE =
  "Answer with: first what you change and why, in two to five sentences; then every change as one unified diff in a ```diff block per file — `--- a/PATH` and `+++ b/PATH` with the paths exactly as given here (a new file: `--- /dev/null` and `+++ b/PATH`), `@@` hunks, three unchanged lines of context around each change copied exactly from the file. vouch also reads, instead of a diff, a whole file or whole changed functions in a code block, with the path of the file on the line before the block. Add tests of the new behaviour in new test functions, in the project's test style and folders: they must fail on the current code and pass with your change. Never change or remove an existing test's assertions, never skip a test, and never touch test configuration (conftest.py, pytest.ini, vitest/jest configs).";

export function changeMessages(input: {
  request: string;
  files: ShownFile[];
  repository?: string;
  language: LanguageId;
  testFiles: string[];
}): ChatMessage[] {
  const system = [
    "You are vouch, a careful senior engineer making a change across a project's files. Your change is applied to a copy of the project; the project's own test suite runs before and after it in a sandbox, your new tests run on the old code too, and the gate checks every changed line — nothing is written before all of that passes.",
    ANSWER_SHAPE,
    securityRulesFor(input.language),
  ]
    .filter(Boolean)
    .join('\n\n');
  const shown = input.files
    .map((file) => `${file.path} (${file.reason}):\n\`\`\`${file.language}\n${file.text.trimEnd()}\n\`\`\``)
    .join('\n\n');
  const user = [
    `The change to make: ${input.request}`,
    shown ? `The files it needs, whole:\n\n${shown}` : '',
    input.testFiles.length
      ? `The project's test files (${input.testFiles.length}): ${input.testFiles.slice(0, 40).join(', ')}${input.testFiles.length > 40 ? ', …' : ''}`
      : "The project has no test files yet: add them where the project's layout suggests (tests/).",
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
export const CHANGE_REPAIR_SHAPE = `Give the whole corrected change against the ORIGINAL files (not against your previous diff), every file again. ${ANSWER_SHAPE}`;
