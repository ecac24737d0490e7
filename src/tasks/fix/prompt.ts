import type { LanguageId } from '../../core/languages.js';
import type { ChatMessage } from '../../model/types.js';
import { numbered } from '../task-frame.js';
import type { CheckedFinding, LineSpan } from './region.js';

/** Lines of the file shown to the model around the region when the whole file is longer than this. */
const WHOLE_FILE_LINES = 400;
const AROUND = 40;

const SYSTEM_PROMPT = `You are vouch, fixing the problems vouch's checks found in an engineer's code. Change only what the findings need; keep the behaviour, names, style and comments otherwise. Never write a secret, password or key into code: read it from the environment or the project's configuration. Use only APIs the findings and the code show exist.`;

/** What the repair rounds ask for: the same shape as the first answer. */
export function answerShape(region: LineSpan, language: LanguageId): string {
  return `Answer again in the same shape: the new text of lines ${region.startLine}–${region.endLine} in one \`\`\`${language} fenced block, without line numbers, then one or two sentences on what you changed.`;
}

/** One line per finding, as the model sees it: where, which check and rule, what, and what to do. */
export function findingLines(findings: readonly CheckedFinding[]): string[] {
  return findings.map(
    ({ check, finding }) =>
      `line ${finding.line}: ${check} ${finding.ruleId} — ${finding.message}${finding.hint ? ` (what to do: ${finding.hint})` : ''}`,
  );
}

export function fixMessages(options: {
  path: string;
  language: LanguageId;
  /** the file's lines, without their endings */
  lines: readonly string[];
  region: LineSpan;
  targets: readonly CheckedFinding[];
  /** a fence no run of backticks in the file can close */
  fence: string;
}): ChatMessage[] {
  const { path, language, lines, region, targets, fence } = options;
  const text = lines.join('\n');
  const total = lines.length;
  const shown =
    total <= WHOLE_FILE_LINES
      ? { startLine: 1, endLine: total }
      : {
          startLine: Math.max(1, region.startLine - AROUND),
          endLine: Math.min(total, region.endLine + AROUND),
        };
  const partial = shown.startLine > 1 || shown.endLine < total;
  return [
    { role: 'system', content: SYSTEM_PROMPT },
    {
      role: 'user',
      content: [
        `File: ${path} (${language})${partial ? `, lines ${shown.startLine}–${shown.endLine} of ${total}` : ''}`,
        `${fence}${language}`,
        numbered(text, shown.startLine, shown.endLine),
        fence,
        '',
        'Findings to fix:',
        ...findingLines(targets).map((line) => `- ${line}`),
        '',
        `Rewrite lines ${region.startLine}–${region.endLine} so these findings go away. They read now:`,
        `${fence}${language}`,
        lines.slice(region.startLine - 1, region.endLine).join('\n'),
        fence,
        `Your answer replaces all of these lines, so keep every one of them that should stay (imports, other definitions). Fix the code itself: a \`vouch-ignore\` comment does not count as a fix. Answer with the new text of exactly these lines, without line numbers, in one \`\`\`${language} fenced block, then one or two sentences on what you changed.`,
      ].join('\n'),
    },
  ];
}

/**
 * The region's new text from a fenced block of the answer: the longest block in the language (or any),
 * with the line numbers taken off when the model copied them from the prompt (`  12  code` on every line).
 */
export function regionFromBlock(body: string): string {
  const lines = body.replace(/\r\n?/g, '\n').split('\n');
  const written = lines.filter((line) => line.trim());
  if (written.length > 0 && written.every((line) => /^\s*\d+ {2}/.test(line)))
    return lines.map((line) => line.replace(/^\s*\d+ {2}/, '')).join('\n');
  return lines.join('\n');
}

/** A fence longer than any run of backticks in the text, so the text cannot close it. */
export function fenceFor(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((match) => match[0].length));
  return '`'.repeat(Math.max(3, longest + 1));
}
