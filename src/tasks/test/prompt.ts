import type { ChatMessage } from '../../model/types.js';
import type { TestFrameworkName } from '../../verify/checks/tests.js';
import { numbered } from '../task-frame.js';
import { importHint } from './frameworks.js';
import type { Mutant } from './mutants.js';
import type { CodeTarget } from './target.js';

const SYSTEM = `You are vouch, a careful QA engineer. You write unit tests that pin down what code does today. Every test you write is run in a sandbox against the current code: a test that fails there is dropped (or reported as a suspected bug), and the suite is judged by mutation testing — small changes are made to the code and a good suite fails on each of them. So assert exact results, test both sides of every boundary (just below, at, just above), the error cases, and every branch. Never redefine or copy the code under test; import it. Reply with one fenced code block holding the complete test file, nothing else inside it.`;

export function testMessages(
  target: CodeTarget,
  framework: TestFrameworkName,
  where: { pythonModule?: string | undefined; testFile?: string | undefined } = {},
): ChatMessage[] {
  const { pythonModule, testFile } = where;
  const names = target.symbol
    ? [target.symbol.parent ?? target.symbol.name]
    : target.definitions.filter((definition) => !definition.parent).map((definition) => definition.name);
  const focus = target.symbol
    ? `Write tests for \`${target.symbol.parent ? `${target.symbol.parent}.` : ''}${target.symbol.name}\` (lines ${target.startLine}–${target.endLine}).`
    : `Write tests for the functions and classes of this file.`;
  return [
    { role: 'system', content: SYSTEM },
    {
      role: 'user',
      content: `${focus}
Framework: ${framework}. Import the code like this:
\`\`\`
${importHint({ framework, path: target.path, names, pythonModule, testFile })}
\`\`\`

\`${target.path}\` (line numbers on the left are not part of the file):
\`\`\`${target.language}
${numbered(target.source)}
\`\`\``,
    },
  ];
}

/** The conversation asking for tests that kill the mutants the suite let survive. */
export function mutantMessages(
  target: CodeTarget,
  round: {
    framework: TestFrameworkName;
    suite: string;
    surviving: Mutant[];
    pythonModule?: string | undefined;
    testFile?: string | undefined;
  },
): ChatMessage[] {
  const { framework, suite, surviving, pythonModule, testFile } = round;
  return [
    ...testMessages(target, framework, { pythonModule, testFile }),
    { role: 'assistant', content: `\`\`\`${target.language}\n${suite}\n\`\`\`` },
    {
      role: 'user',
      content: `These changes to the code (mutants) were made one at a time, and your tests still all passed on each, so the tests do not notice them:
${surviving.map((mutant) => `- ${mutant.description}`).join('\n')}

Write additional tests that pass on the current code and fail on each of these mutants (for a boundary, test the exact value where the two versions differ). Reply with one fenced block holding only the new tests and the imports they need; use test names the suite does not have yet.`,
    },
  ];
}
