import type { CheckResult, Finding } from '../core/check.js';
import type { ChatMessage } from '../model/types.js';

/**
 * The repair loop's words to the model: what failed, one line per finding, in terms it can act on —
 * the line, the message, and the check's own hint (the imports check's did-you-mean, the security
 * rule's safe alternative, the failing test's assertion). Checks that could not run are not sent: the
 * model cannot fix a missing sandbox.
 */

/** How many findings go back per round, at most: the first ones matter, and prompts have a cost. */
const MAX_FEEDBACK = 20;

function findingLine(check: CheckResult, finding: Finding): string {
  const where = finding.line > 0 ? `line ${finding.line}: ` : '';
  const hint = finding.hint ? ` (${finding.hint})` : '';
  return `${check.name}: ${where}${finding.message}${hint}`;
}

/** One line per failed finding (or per failed check without findings); empty when nothing failed. */
export function repairFeedback(checks: readonly CheckResult[]): string[] {
  const lines: string[] = [];
  for (const check of checks) {
    if (check.status !== 'fail' && !check.blocking) continue;
    const findings = check.findings.filter((finding) => !finding.suppressed);
    const failing = findings.filter((finding) => finding.severity !== 'info' && finding.severity !== 'low');
    const shown = failing.length > 0 ? failing : findings;
    if (shown.length === 0) lines.push(`${check.name}: failed${check.reason ? ` (${check.reason})` : ''}`);
    for (const finding of shown) lines.push(findingLine(check, finding));
  }
  if (lines.length > MAX_FEEDBACK)
    return [
      ...lines.slice(0, MAX_FEEDBACK),
      `… and ${lines.length - MAX_FEEDBACK} more problems of the same kinds`,
    ];
  return lines;
}

/** What generate's rounds ask for; a task whose answers have another shape (a diff) says its own. */
const CODE_ANSWER_SHAPE =
  'Fix every problem listed, change nothing else, and answer again in the same shape: one fenced code block with the complete code, a short explanation, and a fenced block of tests.';

/** The conversation for the next round: the request, the answer that failed, and what failed. */
export function repairMessages({
  messages,
  previousAnswer,
  feedback,
  answerShape = CODE_ANSWER_SHAPE,
}: {
  messages: readonly ChatMessage[];
  previousAnswer: string;
  feedback: readonly string[];
  answerShape?: string;
}): ChatMessage[] {
  return [
    ...messages,
    { role: 'assistant', content: previousAnswer },
    {
      role: 'user',
      content: [
        'Your code was checked before anyone saw it, and it did not pass:',
        ...feedback.map((line) => `- ${line}`),
        '',
        answerShape,
      ].join('\n'),
    },
  ];
}
